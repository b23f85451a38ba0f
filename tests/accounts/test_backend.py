"""The backend that loads the signed-in user on every request."""

import pytest

from accounts.backends import AccountBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_loads_the_whole_user():
    user = UserFactory(display_name="Whole Person", job_title="Officer")
    loaded = AccountBackend().get_user(str(user.pk))
    assert loaded == user
    assert (loaded.email, loaded.display_name, loaded.job_title) == (
        user.email,
        "Whole Person",
        "Officer",
    )
    assert loaded.get_deferred_fields() == set()
    assert loaded.last_login == user.last_login
    assert loaded.date_joined == user.date_joined


def test_an_unknown_id_is_nobody():
    assert AccountBackend().get_user("999999") is None


def test_a_deactivated_user_is_signed_out(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    user.is_active = False
    user.save()
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
