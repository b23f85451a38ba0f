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


# --- The signed-in member, kept in each process's memory ----------------------


def user_queries(queries):
    return [q for q in queries.captured_queries if '"accounts_user"' in q["sql"]]


def test_a_member_is_loaded_once_then_kept(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory())
    client.get("/accounts/profile/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/accounts/profile/").status_code == 200
    assert user_queries(queries) == []


@pytest.mark.parametrize(
    "switch",
    [
        {"SIGNED_IN_USER_SECONDS": 0},
        # bench/layers.sh measures what keeping members earns with it off.
        {"CACHE_LAYERS_OFF": {"members"}},
    ],
)
def test_without_keeping_the_member_is_loaded_each_time(client, settings, switch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, value in switch.items():
        setattr(settings, name, value)
    client.force_login(UserFactory())
    client.get("/accounts/profile/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/accounts/profile/")
    assert len(user_queries(queries)) == 1


def test_a_saved_change_shows_at_the_next_request(client):
    user = UserFactory(display_name="Before Change")
    client.force_login(user)
    assert "Before Change" in client.get("/accounts/profile/").content.decode()
    user.display_name = "After Change"
    user.save()
    page = client.get("/accounts/profile/").content.decode()
    assert "After Change" in page and "Before Change" not in page


def test_a_change_made_through_another_process_reaches_this_one(client):
    """Another process saved the account: only the shared generation moved here."""
    from accounts.generations import new_account_generation
    from accounts.models import User

    user = UserFactory()
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    new_account_generation(user.pk)
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_new_password_signs_out_the_other_sessions(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    user.set_password("another-horse-battery")
    user.save()
    assert client.get("/accounts/profile/").status_code == 302


def test_a_deleted_account_is_signed_out(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    user.delete()
    assert client.get("/accounts/profile/").status_code == 302


def test_the_change_is_told_again_once_committed(django_capture_on_commit_callbacks):
    """A request served between the save and the commit kept the old account."""
    from accounts.generations import account_generation

    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user.save()
    before_commit = account_generation(user.pk)
    for callback in callbacks:
        callback()
    assert account_generation(user.pk) != before_commit
