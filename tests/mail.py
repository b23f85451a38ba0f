"""Mail backends and servers for tests: a server that is down, a real SMTP server."""

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler
from django.core.mail.backends.base import BaseEmailBackend

from tests.server import free_port


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server is down (test backend).")


def mailers(backend, **options):
    """The MAILERS setting for one backend."""
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


class Inbox(MessageHandler):
    """Keep what the SMTP server receives."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


class SMTPServer:
    """A real SMTP server on 127.0.0.1 that a test can stop and start."""

    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def mailers(self):
        return mailers(
            "django.core.mail.backends.smtp.EmailBackend",
            host="127.0.0.1",
            port=self.port,
            timeout=3,
        )
