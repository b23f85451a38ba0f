import pytest

from tests.factories import OrganisationFactory, TopicFactory, UserFactory


@pytest.fixture
def author(db):
    return UserFactory(verified=True)


@pytest.fixture
def expert(db):
    return UserFactory(expert=True)


@pytest.fixture
def staff(db):
    return UserFactory(verified=True, is_staff=True, is_superuser=True)


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Creative Wallonia Agency")


@pytest.fixture
def topic(db):
    return TopicFactory(name="Creative economy")


def management(prefix, total=1, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
