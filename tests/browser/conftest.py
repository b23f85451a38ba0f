"""Playwright driving Debian's Chromium against a live portal, with axe-core.

Playwright cannot download its own browser here: it uses /usr/bin/chromium
(``apt-get install chromium``; `.ci/run` installs it). Without it these tests are
skipped, unless ``REQUIRE_BROWSER=1`` (CI) makes that a failure.
"""

import os
import re
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
WIDTHS = {"phone": 390, "desktop": 1280}
# The screenshots' viewports: a laptop and a phone.
VIEWPORTS = {"desktop": (1280, 800), "phone": (375, 812)}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    },
    "resultTypes": ["violations"],
}

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class SerialOnSQLiteWSGIServer(ThreadedWSGIServer):
    """Django's live server, serving one request at a time on SQLite.

    The SQLite test database lives in memory in shared-cache mode: each request
    thread has its own connection to it, and shared-cache locks are per table
    and never wait (``busy_timeout`` does not apply). Two requests at once, such
    as a login and the favicon, fail with "database table is locked", a 503.
    Each request still has its own thread, so a keep-alive or preconnected
    socket never blocks the others; only the application, and reading its
    response, take turns. On PostgreSQL requests run side by side, as in
    production.
    """

    lock = threading.Lock()

    def set_app(self, application):
        if connection.vendor != "sqlite":
            return super().set_app(application)

        def one_at_a_time(environ, start_response):
            with self.lock:
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = SerialOnSQLiteWSGIServer


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def javascript(request):
    return request.param


@pytest.fixture
def make_page(browser, live_server):
    """Open pages on the live portal, with or without JavaScript."""
    contexts = []

    def make(javascript=True, width=WIDTHS["desktop"]):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": 900},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    return make_page()


@pytest.fixture
def live_demo(transactional_db):
    call_command("load_demo", verbosity=0)


def log_in(page, email="reader@example.org", password="wecd-demo-2026", next_url=""):
    page.goto(f"/accounts/login/{'?next=' + next_url if next_url else ''}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_load_state()


def assert_accessible(page, name):
    """Fail with a readable list if axe finds any WCAG 2.1 A/AA violation."""
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(node["target"][0] for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found violations on {name}:\n{report}"


def save_screenshots(page, name):
    """Save the whole page at 1280x800 and 375x812, as CI artefacts (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)


def horizontal_overflow(page):
    """How many pixels the page is wider than the viewport (0 when it fits)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth"
        " - document.documentElement.clientWidth"
    )
