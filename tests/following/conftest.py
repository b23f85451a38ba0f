import socket

import pytest

from tests.factories import FollowFactory, PracticeFactory, UserFactory


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def practice(db):
    return PracticeFactory(title="Creative District")


@pytest.fixture
def follower(practice):
    """A verified user following ``practice`` (e-mails at once by default)."""
    user = UserFactory(verified=True, email="follower@example.org")
    FollowFactory(user=user, practice=practice)
    return user


@pytest.fixture
def mail_server_down(settings):
    """Point the mailer at a local port where nothing listens (a real failure)."""
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost; yields the list of received messages."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(message_from_bytes(envelope.content, policy=policy.SMTP))
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    yield received
    controller.stop()
