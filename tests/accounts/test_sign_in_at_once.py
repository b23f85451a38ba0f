"""Two sign-ins to one account at the same moment both stay signed in.

At a successful sign-in Django saves a stronger hash of the password when its
hasher asks for one, each time with a new random salt. Two sign-ins at once used
to save two different hashes, and the session signed with the first was ended at
its next request: the soak test's second reader was signed out at its start, and
the message it then "sent" went to the sign-in page.
"""

import json
import threading
from http import HTTPStatus
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core.management import call_command
from django.db import connection, connections

from accounts.generations import account_generation
from accounts.models import User
from tests.faults.test_soak import Reader
from tests.server import portal_server

PASSWORD = "wecd-demo-2026"
# A PBKDF2 hash with a salt too short for Django's hasher: it asks for a new one.
WEAK_SALT = make_password(PASSWORD, salt="shortsalt", hasher="pbkdf2_sha256")


@pytest.fixture
def member(db):
    user = User.objects.create_user(email="twice@example.org", display_name="Twice")
    User.objects.filter(pk=user.pk).update(password=WEAK_SALT)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def test_the_second_check_takes_the_hash_the_first_saved(member, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    first, second = User.objects.get(pk=member.pk), User.objects.get(pk=member.pk)
    generation = account_generation(member.pk)

    assert first.check_password(PASSWORD)
    assert second.check_password(PASSWORD)

    stored = User.objects.values_list("password", flat=True).get(pk=member.pk)
    assert stored != WEAK_SALT, "the stronger hash was not saved"
    assert not identify_hasher(stored).must_update(stored)
    assert first.password == second.password == stored
    assert account_generation(member.pk) != generation  # Kept copies are retired.


def test_a_wrong_password_saves_nothing(member, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    assert not User.objects.get(pk=member.pk).check_password("not-the-password")
    assert User.objects.values_list("password", flat=True).get(pk=member.pk) == (
        WEAK_SALT
    )


def test_a_hash_changed_meanwhile_is_not_taken_unless_it_matches(member, settings):
    """A password changed between the check and the upgrade is not adopted."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    signing_in = User.objects.get(pk=member.pk)
    changed = make_password("a-new-password-2026")
    User.objects.filter(pk=member.pk).update(password=changed)

    assert signing_in.check_password(PASSWORD)

    assert User.objects.values_list("password", flat=True).get(pk=member.pk) == (
        changed
    )
    assert not check_password(PASSWORD, changed)
    assert signing_in.password != changed


def test_the_demo_accounts_need_no_new_hash():
    """The demo's hashes are already as Django's default hasher wants them."""
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "demo.json"
    hashes = {
        row["fields"]["password"]
        for row in json.loads(fixture.read_text())
        if row["model"] == "accounts.user"
    }
    assert hashes
    for encoded in hashes:
        assert not identify_hasher(encoded).must_update(encoded)


@pytest.mark.django_db(transaction=True)
def test_two_sign_ins_at_once_through_two_app_processes(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the portal's processes share the test database on PostgreSQL")
    user = User.objects.create_user(email="twice@example.org", display_name="Twice")
    User.objects.filter(pk=user.pk).update(password=WEAK_SALT)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    call_command("load_demo", verbosity=0)
    connections.close_all()
    answers = []
    with portal_server(tmp_path / "static", workers=2) as (url, _):
        ready = threading.Barrier(2)

        def sign_in_and_read():
            reader = Reader(url)
            status, page = reader.request("/accounts/login/")
            assert status == HTTPStatus.OK
            ready.wait(timeout=30)
            status, _ = reader.post_form(
                "/accounts/login/",
                "/accounts/login/",
                login="twice@example.org",
                password=PASSWORD,
            )
            answers.append(("sign-in", status))
            for _ in range(6):  # Enough to reach both processes.
                answers.append(("sent", reader.request("/messages/sent/")[0]))

        threads = [threading.Thread(target=sign_in_and_read) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    assert answers.count(("sign-in", HTTPStatus.FOUND)) == 2, answers
    assert answers.count(("sent", HTTPStatus.OK)) == 12, answers
