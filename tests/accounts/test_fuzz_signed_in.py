"""The account forms, fuzzed as a signed-in person: never a server error."""

import pytest
from django.test import Client
from hypothesis import given

from accounts.models import User
from tests.test_fuzz import FUZZ, GET_TARGETS, POST_TARGETS, params_for

pytestmark = pytest.mark.django_db

ACCOUNT_URLS = [url for url in POST_TARGETS if url.startswith("/accounts/")]


@pytest.fixture
def signed_in_client(demo):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email="reader@example.org"))
    return client


@pytest.mark.parametrize(
    "url", [url for url in GET_TARGETS if url.startswith("/accounts/")]
)
def test_account_pages_take_any_query(signed_in_client, url):
    @FUZZ
    @given(params=params_for(GET_TARGETS[url]))
    def check(params):
        assert signed_in_client.get(url, params).status_code < 500, (url, params)

    check()


@pytest.mark.parametrize("url", ["/accounts/profile/", "/accounts/delete/"])
def test_account_forms_take_any_input(signed_in_client, url):
    @FUZZ
    @given(data=params_for(POST_TARGETS[url]))
    def check(data):
        response = signed_in_client.post(url, data)
        assert response.status_code < 500, (url, data)

    check()
    assert User.objects.filter(email="reader@example.org").exists()
