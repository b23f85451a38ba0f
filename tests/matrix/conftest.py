from types import SimpleNamespace

import pytest

from accounts.models import User
from practices.models import ExpertOpinion, Practice
from tests.constants import WECD_SLUG
from tests.factories import PracticeFactory, UserFactory


@pytest.fixture
def world(demo):
    """The demo data, plus one user for each role the matrix requests pages as."""
    practice = Practice.objects.get(slug=WECD_SLUG)
    author = User.objects.get(email="author@example.org")
    expert = User.objects.get(email="expert@example.org")
    users = {
        "unverified": UserFactory(),
        "verified": UserFactory(verified=True),
        "expert": expert,
        "author": author,
        "staff": User.objects.get(email="admin@example.org"),
    }
    return SimpleNamespace(
        practice=practice,
        draft=PracticeFactory(draft=True, author=author),
        users=users,
        opinion=ExpertOpinion.objects.filter(practice=practice).first(),
    )
