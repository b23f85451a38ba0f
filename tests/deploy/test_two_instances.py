"""Two app servers sharing one PostgreSQL and one Redis, as `deploy/` describes.

Each instance is a real gunicorn process started on its own port. The tests run
on PostgreSQL with Redis at REDIS_URL (default redis://127.0.0.1:6379/15).
"""

import http.cookiejar
import os
import re
import socket
import sys
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import ExitStack
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection

from practices.models import Practice
from tests.constants import WECD_URL
from tests.mail import SMTPServer
from tests.server import database_url, portal_server, start_worker

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_is_up():
    parsed = urllib.parse.urlparse(REDIS_URL)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), 1).close()
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not redis_is_up(), reason=f"no Redis at {REDIS_URL}"),
]


class Browser:
    """A cookie-keeping HTTP client, as a load balancer moves a reader around."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies),
            NoRedirect,
        )

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # Behind the load balancer both servers see the portal's one host name.
        request = urllib.request.Request(url, data=body, headers={"Host": "localhost"})
        if data is not None:
            request.add_header("Referer", url)
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def post_form(self, url, **fields):
        _, _, page = self.request(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return self.request(url, {"csrfmiddlewaretoken": token.group(1), **fields})

    def log_in(self, server):
        """Sign the demo reader in through ``server``; return the answer."""
        return self.post_form(
            f"{server}/accounts/login/",
            login="reader@example.org",
            password="wecd-demo-2026",
        )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def shared_cache(settings):
    """Point this process at the servers' Redis, as a third instance would be."""
    prefix = uuid.uuid4().hex
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    return prefix


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def portal_env(shared_cache, smtp):
    """What every process of the deployment shares: Redis and the mail server."""
    return {
        "REDIS_URL": REDIS_URL,
        "DJANGO_CACHE_KEY_PREFIX": shared_cache,
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(smtp.port),
    }


@pytest.fixture
def worker(portal_env, tmp_path):
    """Start the background worker on demand, as its own process."""
    processes = []
    log = (tmp_path / "worker.log").open("w")
    yield lambda: processes.append(start_worker(database_url(), log, **portal_env))
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
    log.close()
    # Shown by pytest when the test fails.
    sys.stderr.write((tmp_path / "worker.log").read_text())


@pytest.fixture
def two_portals(tmp_path, portal_env):
    if connection.vendor != "postgresql":
        pytest.skip("several app servers share PostgreSQL")
    call_command("load_demo", verbosity=0)
    with ExitStack() as stack:
        urls = [
            stack.enter_context(portal_server(tmp_path / "static", **portal_env))[0]
            for _ in range(2)
        ]
        yield urls


def test_a_session_opened_on_one_server_works_on_the_other(two_portals):
    first, second = two_portals
    reader = Browser()
    status, headers, _ = reader.log_in(first)
    assert status == HTTPStatus.FOUND, "login failed"
    status, _, page = reader.request(f"{second}{WECD_URL}")
    assert status == HTTPStatus.OK
    assert "SAMPLE OPINION FOR THE DEMO" in page


def test_rate_limits_count_requests_sent_to_both_servers(two_portals):
    first, second = two_portals
    attacker = Browser()
    for attempt in range(5):
        server = (first, second)[attempt % 2]
        status, _, page = attacker.post_form(
            f"{server}/accounts/login/", login="reader@example.org", password="wrong"
        )
        assert "Too many failed login attempts" not in page
    # The right password is refused now, on either server.
    for server in (first, second):
        status, _, page = attacker.post_form(
            f"{server}/accounts/login/",
            login="reader@example.org",
            password="wecd-demo-2026",
        )
        assert "Too many failed login attempts" in page, (status, page[:300])


def rename_the_practice(title):
    """Edit the practice as a third instance sharing the database and Redis does."""
    practice = Practice.objects.get()
    practice.title = title
    practice.save()


def test_a_change_through_one_server_invalidates_the_others_cache(two_portals):
    first, second = two_portals
    reader = Browser()
    assert (
        "Wallonia European Creative District"
        in reader.request(f"{second}{WECD_URL}")[2]
    )
    rename_the_practice("WECD, edited through the first server")
    status, _, page = reader.request(f"{second}{WECD_URL}")
    assert status == HTTPStatus.OK
    assert "WECD, edited through the first server" in page


def test_a_change_reaches_signed_in_readers_of_the_other_server(two_portals):
    """Each server keeps pages' public text in its own memory, keyed by generation."""
    first, second = two_portals
    reader = Browser()
    reader.log_in(second)
    for _ in range(3):  # every worker of the second server holds the public text
        assert "ID Campus" in reader.request(f"{second}{WECD_URL}")[2]
    partnership = Practice.objects.get().partnerships.get(
        organisation__name__contains="ID Campus"
    )
    partnership.role = "Role edited through the first server"
    partnership.save()
    for _ in range(3):
        status, _, page = reader.request(f"{second}{WECD_URL}")
        assert status == HTTPStatus.OK
        assert "Role edited through the first server" in page
        assert "SAMPLE OPINION FOR THE DEMO" in page


def test_a_new_title_reaches_signed_in_readers_of_lists_on_the_other_server(
    two_portals,
):
    first, second = two_portals
    reader = Browser()
    reader.log_in(second)
    for _ in range(3):  # every worker of the second server holds the list's text
        assert (
            "Wallonia European Creative District"
            in reader.request(f"{second}/practices/")[2]
        )
    rename_the_practice("WECD, renamed for the list")
    for _ in range(3):
        status, _, page = reader.request(f"{second}/practices/")
        assert status == HTTPStatus.OK
        assert "WECD, renamed for the list" in page
        assert "Demo Reader" in page


def test_the_background_worker_runs_apart_from_the_web_servers(
    two_portals, worker, smtp
):
    """A message written through a web server is e-mailed by the separate worker."""
    first, _second = two_portals
    reader = Browser()
    reader.log_in(first)
    contact = f"{first}/messages/contact/wallonia-european-creative-district/"
    _, _, page = reader.request(f"{first}{WECD_URL}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, headers, _ = reader.request(
        contact,
        {"csrfmiddlewaretoken": token, "subject": "Via the worker", "body": "Hello"},
    )
    assert status == HTTPStatus.FOUND, status
    # No worker yet: the web servers only stored the message and its task.
    time.sleep(1)
    assert smtp.inbox.messages == []
    worker()
    deadline = time.monotonic() + 30
    while not smtp.inbox.messages and time.monotonic() < deadline:
        time.sleep(0.3)
    (received,) = smtp.inbox.messages
    assert received["Subject"].endswith("Via the worker")
    assert received["Reply-To"] == "reader@example.org"
