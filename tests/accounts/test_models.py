import pytest
from django.db import IntegrityError, transaction

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_email_is_the_login():
    user = User.objects.create_user(
        email="Ana@Example.ORG", password="s3cret-pass", display_name="Ana"
    )
    assert user.email == "Ana@example.org"
    assert user.check_password("s3cret-pass")
    assert User.objects.get_by_natural_key("ana@example.org") == user
    assert not user.is_staff


def test_email_is_unique_whatever_its_case():
    User.objects.create_user(email="ana@example.org", password="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="ANA@example.org", password="x")


def test_an_email_is_required():
    with pytest.raises(ValueError):
        User.objects.create_user(email="", password="x")


def test_superuser():
    admin = User.objects.create_superuser(email="admin@example.org", password="x")
    assert admin.is_staff and admin.is_superuser


@pytest.mark.parametrize(
    ("job_title", "organisation", "expected"),
    [
        (
            "Fund Manager of Financial Instruments in Bulgaria",
            "",
            "Fund Manager of Financial Instruments in Bulgaria",
        ),
        ("", "Cork City Council", "Cork City Council"),
        ("Policy officer", "Region of Example", "Policy officer, Region of Example"),
    ],
)
def test_role_line_is_what_peers_read(job_title, organisation, expected):
    user = User(display_name="X", job_title=job_title, organisation=organisation)
    assert user.role_line == expected
    assert str(user) == "X"
