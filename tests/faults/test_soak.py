"""A soak under faults: steady load while PostgreSQL restarts and the mail server
goes away and comes back.

Readers browse (anonymous and signed in) and write to an author from several
threads for about two and a half minutes, against a real gunicorn and a real
`db_worker`, all on 127.0.0.1. Meanwhile the SMTP server stops, PostgreSQL
restarts, and the SMTP server returns. Asserted: no 5xx but the documented 503,
and only while PostgreSQL is down (plus the seconds it takes to come back);
every message the portal accepted is delivered exactly once.

It stops the machine's PostgreSQL, so it runs only when asked (FAULT_TESTS=1, as
`.ci/run` does in its PostgreSQL pass) and as root, like the other fault tests.
"""

import http.cookiejar
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections

from messaging.models import Message
from tests.faults.test_database_restart import pg_cluster
from tests.mail import SMTPServer
from tests.server import database_url, portal_server, start_worker

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("FAULT_TESTS") != "1", reason="set FAULT_TESTS=1 to run"
    ),
    pytest.mark.skipif(
        not Path("/etc/postgresql").is_dir(), reason="needs a local PostgreSQL cluster"
    ),
]

WECD_URL = "/practices/wallonia-european-creative-district/"
CONTACT_URL = "/messages/contact/wallonia-european-creative-district/"
ANONYMOUS_URLS = [
    "/",
    "/practices/",
    "/practices/?q=creative",
    "/fr/practices/?q=!",
    WECD_URL,
    "/api/practices/",
    "/practices/no-such-practice/",  # Never cached: it needs the database.
]
SIGNED_IN_URLS = [WECD_URL, "/messages/sent/", "/practices/"]
# Where the portal sends a writer whose message it took.
MESSAGE_URL = re.compile(r"^(https?://[^/]+)?/messages/\d+/$")

# The timeline, in seconds from the start of the load.
SMTP_DOWN_AT, PG_DOWN_AT, PG_UP_AT, SMTP_UP_AT, LOAD_ENDS_AT = 20, 45, 60, 85, 140
# Time PostgreSQL and the portal's connections take to be back after a start.
RECOVERY = 25
ANONYMOUS_THREADS, READER_THREADS = 3, 2


class Reader:
    """A cookie-keeping HTTP client that never follows redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            self.NoRedirect,
        )

    def request(self, path, data=None):
        self.location = ""  # Where a redirect points.
        url = self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)
        if data is not None:
            request.add_header("Referer", url)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            self.location = error.headers.get("Location", "")
            return error.code, error.read().decode()

    def post_form(self, page, path, **fields):
        status, html = self.request(page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status == HTTPStatus.OK and token is None:
            return "no form", html  # A signed-in page without it: signed out.
        if status != HTTPStatus.OK:
            return status, html
        return self.request(path, {"csrfmiddlewaretoken": token.group(1), **fields})


class Soak:
    """The load: who asked what when, and which messages the portal accepted."""

    def __init__(self, base):
        self.base = base
        self.started = time.monotonic()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.answers = []  # (seconds since start, status, method, path)
        self.accepted = []  # Subjects of the messages the portal took.
        self.errors = []

    def now(self):
        return time.monotonic() - self.started

    def record(self, status, method, path):
        with self.lock:
            self.answers.append((self.now(), status, method, path))

    def anonymous(self, number):
        reader = Reader(self.base)
        index = number
        while not self.stop.is_set():
            path = ANONYMOUS_URLS[index % len(ANONYMOUS_URLS)]
            index += 1
            try:
                status, _body = reader.request(path)
            except OSError as error:  # A refused connection is a failure too.
                status = f"{type(error).__name__}"
            self.record(status, "GET", path)

    def signed_in(self, number):
        reader = Reader(self.base)
        status, _ = reader.post_form(
            "/accounts/login/",
            "/accounts/login/",
            login="reader@example.org",
            password="wecd-demo-2026",
        )
        assert status == HTTPStatus.FOUND, f"login answered {status}"
        sent = 0
        while not self.stop.is_set():
            for path in SIGNED_IN_URLS:
                status, _ = reader.request(path)
                self.record(self.signed_out(reader, status), "GET", path)
            subject = f"soak {number}-{sent}"
            sent += 1
            status, _ = reader.post_form(
                WECD_URL, CONTACT_URL, subject=subject, body="Delivered once?"
            )
            self.record(self.signed_out(reader, status), "POST", CONTACT_URL)
            if status == HTTPStatus.FOUND and MESSAGE_URL.match(reader.location):
                with self.lock:
                    self.accepted.append(subject)

    @staticmethod
    def signed_out(reader, status):
        """A signed-in reader sent to the sign-in page lost their session."""
        if status == HTTPStatus.FOUND and "/accounts/login/" in reader.location:
            return "signed out"
        return status

    def run(self, target, number):
        try:
            target(number)
        except Exception as error:  # noqa: BLE001  reported by the test
            self.errors.append(repr(error))


def allowed(moment, status, down_at, up_at):
    """Return True if ``status`` at ``moment`` is what the portal promises."""
    if isinstance(status, int) and status < 500:
        return True
    return status == HTTPStatus.SERVICE_UNAVAILABLE and (
        down_at <= moment <= up_at + RECOVERY
    )


@pytest.mark.django_db(transaction=True)
def test_the_portal_holds_under_load_while_its_servers_fail(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    call_command("load_demo", verbosity=0)
    smtp = SMTPServer()
    smtp.start()
    mail_env = {
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(smtp.port),
        "DJANGO_EMAIL_TIMEOUT": "3",
    }
    portal_env = {
        "DJANGO_CONN_MAX_AGE": "600",
        # The load writes far more than a person may: the limit is not tested here.
        "DJANGO_CONTACT_LIMIT_PER_HOUR": "100000",
        "DJANGO_CONTACT_LIMIT_PER_DAY": "100000",
        **mail_env,
    }
    worker_log = (tmp_path / "worker.log").open("w")
    workers = [start_worker(database_url(), worker_log, **mail_env)]
    restarts = 0
    try:
        with portal_server(tmp_path / "static", workers=2, **portal_env) as (url, _):
            soak = Soak(url)
            threads = [
                threading.Thread(target=soak.run, args=(soak.anonymous, n))
                for n in range(ANONYMOUS_THREADS)
            ] + [
                threading.Thread(target=soak.run, args=(soak.signed_in, n))
                for n in range(READER_THREADS)
            ]
            for thread in threads:
                thread.start()
            events = iter(
                [
                    (SMTP_DOWN_AT, smtp.stop),
                    (PG_DOWN_AT, lambda: pg_cluster("stop")),
                    (PG_UP_AT, lambda: pg_cluster("start")),
                    (SMTP_UP_AT, smtp.start),
                ]
            )
            connections.close_all()
            pending = next(events, None)
            try:
                while soak.now() < LOAD_ENDS_AT:
                    if pending and soak.now() >= pending[0]:
                        pending[1]()
                        pending = next(events, None)
                    # systemd restarts the worker (Restart=always); so does this.
                    if workers[-1].poll() is not None:
                        restarts += 1
                        workers.append(
                            start_worker(database_url(), worker_log, **mail_env)
                        )
                    time.sleep(0.5)
            finally:
                while pending:  # Never leave PostgreSQL or the mail server down.
                    pending[1]()
                    pending = next(events, None)
                soak.stop.set()
                for thread in threads:
                    thread.join(timeout=60)

        # Whatever the worker's retries have not sent yet, the retry command does,
        # as its timer would.
        settings.MAILERS = smtp.mailers
        deadline = time.monotonic() + 90
        while Message.objects.filter(status=Message.Status.PENDING).exists():
            assert time.monotonic() < deadline, "messages still pending"
            call_command("send_pending_messages", "--all", verbosity=0)
            time.sleep(1)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=10)
        worker_log.close()
        smtp.stop()

    assert not soak.errors, soak.errors
    statuses = Counter(status for _, status, _, _ in soak.answers)
    summary = (
        f"soak: {len(soak.answers)} requests {dict(statuses)}; "
        f"{restarts} worker restarts; {len(soak.accepted)} messages accepted"
    )
    sys.stderr.write(summary + "\n")  # Shown with -s or when the test fails.
    wrong = [
        answer
        for answer in soak.answers
        if not allowed(answer[0], answer[1], PG_DOWN_AT, PG_UP_AT)
    ]
    assert not wrong, (summary, wrong[:20])
    # The load was real, and reached every phase.
    assert len(soak.answers) > 500
    assert statuses[HTTPStatus.SERVICE_UNAVAILABLE] > 0, "the restart went unseen"
    assert any(moment > PG_UP_AT + RECOVERY for moment, *_ in soak.answers)

    # The portal's name prefixes every subject, in the recipient's language.
    subjects = [
        re.sub(r"^\[[^]]*\] ", "", message["Subject"])
        for message in smtp.inbox.messages
    ]
    delivered = Counter(subjects)
    assert soak.accepted, "no message was accepted"
    assert not [s for s in soak.accepted if delivered[s] != 1], delivered
    assert not [s for s, n in delivered.items() if n > 1]
    stored = set(Message.objects.values_list("subject", flat=True))
    assert set(soak.accepted) <= stored
    assert not Message.objects.exclude(status=Message.Status.SENT).exists()
