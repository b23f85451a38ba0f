import pytest
from django.core.management import call_command

from accounts.models import User
from practices.models import (
    ExpertOpinion,
    Follow,
    Organisation,
    Partnership,
    Practice,
    PracticeItem,
)
from tests.factories import FollowFactory

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    Organisation,
    Practice,
    Partnership,
    PracticeItem,
    ExpertOpinion,
    Follow,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_data_holds_the_seed_structure(demo):
    practice = Practice.objects.get()
    assert practice.is_published
    assert practice.partnerships.count() == 7
    assert list(practice.axes.values_list("title", flat=True)) == [
        "Creative skills",
        "Better Business Support",
        "Better Financial Support",
        "Facilitating clusters and networking activities",
    ]
    assert len(practice.evidence) == 3
    assert len(practice.difficulties) == 2
    assert len(practice.learning_points) == 4
    assert practice.budget_amount == 1_000_000
    assert practice.duration_months == 30
    assert practice.nuts_code == "BE35"
    assert str(practice.start_date) == "2013-01-01"
    assert str(practice.end_date) == "2015-10-01"
    assert practice.author.email == "author@example.org"
    assert "sample" in ExpertOpinion.objects.get().text.lower()
    for practice_object in [practice]:
        practice_object.full_clean()


def test_loading_the_demo_twice_duplicates_nothing_and_keeps_user_changes(demo):
    before = counts()
    practice = Practice.objects.get()
    practice.title = "Renamed by a user"
    practice.save()
    FollowFactory(practice=practice)

    call_command("load_demo", verbosity=0)

    after = counts()
    assert after["Follow"] == before["Follow"] + 1
    assert after["User"] == before["User"] + 1
    assert {k: v for k, v in after.items() if k not in {"Follow", "User"}} == {
        k: v for k, v in before.items() if k not in {"Follow", "User"}
    }
    assert Practice.objects.get().title == "Renamed by a user"


def test_demo_accounts_can_log_in(client, demo):
    for email in ["author@example.org", "expert@example.org", "reader@example.org"]:
        assert client.login(email=email, password="wecd-demo-2026")
