import pytest

from tests.factories import PracticeFactory, UserFactory


@pytest.fixture
def author(db):
    return UserFactory(verified=True)


@pytest.fixture
def expert(db):
    return UserFactory(expert=True)


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


@pytest.fixture
def draft(author):
    return PracticeFactory(draft=True, author=author, title="A draft practice")


def management(prefix, total=1, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def step6(**indicator_fields):
    """A step-6 POST with no narrative items and one indicator row."""
    data = {
        **management("evidence", 0),
        **management("difficulty", 0),
        **management("learning", 0),
        **management("indicators", 1),
    }
    data.update({f"indicators-0-{k}": v for k, v in indicator_fields.items()})
    return data
