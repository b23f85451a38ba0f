import pytest

from tests.factories import PracticeFactory, UserFactory
from tests.mail import SMTPServer


@pytest.fixture
def member(db):
    """A verified member who hears at once by default."""
    return UserFactory(verified=True, email="member@example.org")


@pytest.fixture
def in_review(db):
    """A French practice waiting for publication."""
    return PracticeFactory(
        title="Creative vouchers for Lyon",
        slug="creative-vouchers-lyon",
        country="FR",
        region="Auvergne-Rhône-Alpes",
        nuts_code="FRK2",
        status="in_review",
        published_at=None,
    )


@pytest.fixture
def smtp(settings):
    """A real SMTP server on localhost (tests/mail.py); yields its inbox messages."""
    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailers
    yield server.inbox.messages
    server.stop()
