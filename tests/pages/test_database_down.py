"""A signed-in reader while the database is down: the 503 page, never a 500.

Found by the soak under faults (tests/faults/test_soak.py): the middleware that
keeps signed-in pages private loaded the user once more after the view had
failed, and that second failure became a 500.
"""

from http import HTTPStatus

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def database_down(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.parametrize(
    "path", ["/practices/", "/messages/sent/", "/dashboard/", "/accounts/profile/"]
)
def test_signed_in_pages_answer_503_while_the_database_is_down(path):
    practice = PracticeFactory()
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(verified=True))
    with connection.execute_wrapper(database_down):
        responses = [client.get(path), client.get(practice.get_absolute_url())]
    for response in responses:
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert response["Retry-After"] == "10"
        assert "private" in response["Cache-Control"]
