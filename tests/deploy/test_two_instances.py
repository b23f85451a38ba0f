"""Two app servers sharing one PostgreSQL and one Redis, as `deploy/` describes.

Each instance is a real gunicorn process started on its own port. The tests run
on PostgreSQL with Redis at REDIS_URL (default redis://127.0.0.1:6379/15).
"""

import http.cookiejar
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import ExitStack
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from PIL import Image

from evidence.models import Document, PracticeImage
from practices.models import Practice
from tests.constants import WECD_URL
from tests.mail import SMTPServer
from tests.server import database_url, free_port, portal_server, start_worker

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


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
        status, headers, content = self.send(url, body)
        return status, headers, content.decode()

    def send(self, url, body=None, content_type=None):
        """Send ``body`` (bytes) as a POST, or GET; return the answer's bytes."""
        # Behind the load balancer both servers see the portal's one host name.
        request = urllib.request.Request(url, data=body, headers={"Host": "localhost"})
        if body is not None:
            request.add_header("Referer", url)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

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
def shared_media(tmp_path):
    """The one MEDIA_ROOT of every instance, as an NFS mount would be."""
    media = tmp_path / "media"
    media.mkdir()
    return media


@pytest.fixture
def portal_env(shared_cache, smtp, shared_media):
    """What every process of the deployment shares: Redis, mail, uploaded files."""
    return {
        "REDIS_URL": REDIS_URL,
        "DJANGO_MEDIA_ROOT": str(shared_media),
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
    # Anonymous readers of another server see it within a second
    # (ANONYMOUS_GENERATION_SECONDS); a little slack for a busy machine.
    deadline = time.monotonic() + 3
    while True:
        status, _, page = reader.request(f"{second}{WECD_URL}")
        assert status == HTTPStatus.OK
        if "WECD, edited" in page or time.monotonic() > deadline:
            break
        time.sleep(0.1)
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


# --- uploaded files: one MEDIA_ROOT for every instance -----------------------

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"


def multipart(fields, files):
    """Encode a form as a browser does (``files``: name -> (filename, bytes))."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
        f"\r\n\r\n{value}\r\n".encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(browser, url, fields, files):
    """POST the upload form at ``url`` with its CSRF token, as the author's browser."""
    _, _, page = browser.request(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body, content_type = multipart({"csrfmiddlewaretoken": token, **fields}, files)
    return browser.send(url, body, content_type)


def a_png(width=640, height=360):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_file_uploaded_through_one_server_is_downloaded_through_the_other(
    two_portals, shared_media
):
    """Both servers store uploads in (and serve them from) one shared MEDIA_ROOT."""
    first, second = two_portals
    practice = Practice.objects.get()
    author = Browser()
    status, _, _ = author.post_form(
        f"{first}/accounts/login/",
        login="author@example.org",
        password="wecd-demo-2026",
    )
    assert status == HTTPStatus.FOUND, "login failed"
    form = f"{first}/evidence/{practice.pk}/documents/"
    fields = {"title": "Shared report", "language": "en"}
    status, _, _ = upload(author, form, fields, {"file": ("report.pdf", PDF)})
    assert status == HTTPStatus.FOUND, "the document was refused"
    fields = {"kind": "image", "image-alt": "The district's main hall"}
    status, _, _ = upload(author, form, fields, {"image-image": ("hall.png", a_png())})
    assert status == HTTPStatus.FOUND, "the image was refused"
    document, image = Document.objects.get(), PracticeImage.objects.get()
    assert (shared_media / document.file.name).read_bytes() == PDF

    for reader in (author, Browser()):  # the author, and an anonymous reader
        status, headers, content = reader.send(
            f"{second}/evidence/documents/{document.pk}/"
        )
        assert status == HTTPStatus.OK
        assert content == PDF
        assert headers["Content-Type"] == "application/pdf"
        assert headers["Content-Disposition"].startswith("attachment;")
        assert headers["X-Content-Type-Options"] == "nosniff"
        for width, height, _name in image.variants:
            status, headers, content = reader.send(
                f"{second}/evidence/images/{image.pk}/{width}/"
            )
            assert status == HTTPStatus.OK
            assert headers["Content-Type"] == "image/png"
            assert headers["X-Content-Type-Options"] == "nosniff"
            with Image.open(io.BytesIO(content)) as shown:
                assert (shown.format, shown.size) == ("PNG", (width, height))


# --- nginx in front (deploy/nginx.conf's snippets) ---------------------------


@pytest.fixture
def nginx(two_portals, tmp_path):
    """Debian's nginx before both servers, with deploy/nginx/'s cache and proxy."""
    if not shutil.which("nginx"):
        if os.environ.get("REQUIRE_NGINX"):
            pytest.fail("REQUIRE_NGINX is set and there is no nginx")
        pytest.skip("no nginx (make nginx installs Debian's)")
    root = tmp_path / "nginx"
    (root / "cache").mkdir(parents=True)
    zone = (DEPLOY / "nginx" / "cache-zone.conf").read_text()
    zone = zone.replace("/var/cache/nginx/wecd-portal", str(root / "cache"))
    port = free_port()
    servers = "".join(f"server {url.removeprefix('http://')};" for url in two_portals)
    (root / "nginx.conf").write_text(
        f"""
        {"user root;" if os.geteuid() == 0 else ""}
        worker_processes 1;
        pid {root}/nginx.pid;
        error_log {root}/error.log;
        events {{}}
        http {{
            access_log off;
            client_body_temp_path {root}/body;
            proxy_temp_path {root}/proxy;
            fastcgi_temp_path {root}/fastcgi;
            uwsgi_temp_path {root}/uwsgi;
            scgi_temp_path {root}/scgi;
            {zone}
            upstream wecd_portal {{ {servers} keepalive 8; }}
            server {{
                listen 127.0.0.1:{port};
                location / {{ include {DEPLOY}/nginx/proxy.conf; }}
            }}
        }}
        """
    )
    process = subprocess.Popen(
        ["nginx", "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"]
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)
    sys.stderr.write((root / "error.log").read_text())


def test_nginx_serves_anonymous_pages_from_its_micro_cache(nginx):
    reader = Browser()
    for url in (WECD_URL, "/practices/", "/fr" + WECD_URL):
        status, headers, first = reader.request(f"{nginx}{url}")
        assert status == HTTPStatus.OK
        assert headers["X-Cache"] == "MISS"
        status, headers, second = reader.request(f"{nginx}{url}")
        assert headers["X-Cache"] == "HIT", url
        assert second == first


def test_nginx_never_keeps_or_serves_a_signed_in_page(nginx):
    anonymous = Browser()
    anonymous.request(f"{nginx}{WECD_URL}")  # kept for anonymous readers now
    reader = Browser()
    status, _, _ = reader.log_in(nginx)
    assert status == HTTPStatus.FOUND
    for _ in range(3):
        status, headers, page = reader.request(f"{nginx}{WECD_URL}")
        assert status == HTTPStatus.OK
        assert headers["X-Cache"] == "BYPASS"
        assert "SAMPLE OPINION FOR THE DEMO" in page
        assert "private" in headers["Cache-Control"]
    # From the micro-cache (or, were the copy older than 5 s, fetched anew).
    for _ in range(2):
        status, headers, page = anonymous.request(f"{nginx}{WECD_URL}")
        assert headers["X-Cache"] in {"HIT", "STALE", "UPDATING", "EXPIRED"}
        assert "SAMPLE OPINION FOR THE DEMO" not in page
        assert "Demo Reader" not in page


def test_a_flash_message_bypasses_nginx(nginx):
    visitor = Browser()
    visitor.request(f"{nginx}{WECD_URL}")
    visitor.cookies.set_cookie(_cookie("messages", "pending"))
    _, headers, _ = visitor.request(f"{nginx}{WECD_URL}")
    assert headers["X-Cache"] == "BYPASS"


def _cookie(name, value):
    return http.cookiejar.Cookie(
        0,
        name,
        value,
        None,
        False,
        "127.0.0.1",
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )
