"""Security headers, cookies, request limits and error pages, from real responses."""

import json
import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.test import Client, RequestFactory
from pytest_django.asserts import assertContains, assertNotContains

from pages.views import bad_request, server_error
from wecd_portal.middleware import DatabaseUnavailableMiddleware

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production_env(collected_static):
    return lambda **extra: _production_env(
        DJANGO_STATIC_ROOT=str(collected_static), **extra
    )


def _production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "DEBUG"}
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="a-long-production-secret-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="portal.example.eu",
        DATABASE_URL="sqlite:///:memory:",
        DJANGO_EMAIL_HOST="smtp.example.eu",
        **extra,
    )
    return env


@pytest.mark.parametrize("url", ["/", "/privacy/", "/no-such-page/"])
def test_security_headers_on_every_response(client, db, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_deploy_check_is_clean_in_production(production_env):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.test import Client
from tests.constants import WECD_URL
client = Client(HTTP_HOST="portal.example.eu")
page = client.get("/privacy/", secure=True)
form = client.get("/accounts/login/", secure=True)
switch = client.post("/i18n/setlang/", {"language": "fr", "next": "/"}, secure=True)
plain = client.get("/privacy/")
cookies = {
    name: {key: str(morsel[key]) for key in ("secure", "httponly", "samesite")}
    for response in (page, form, switch)
    for name, morsel in response.cookies.items()
}
print(json.dumps({
    "hsts": page.headers.get("Strict-Transport-Security"),
    "cookies": cookies,
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
}))
"""


def test_production_uses_hsts_secure_cookies_and_https(production_env):
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=production_env(DJANGO_SETTINGS_MODULE="wecd_portal.settings"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert "max-age=31536000" in probe["hsts"]
    assert "includeSubDomains" in probe["hsts"]
    assert set(probe["cookies"]) >= {"csrftoken", "django_language"}
    for name, flags in probe["cookies"].items():
        assert flags["secure"], name
        assert flags["httponly"], name
        assert flags["samesite"] == "Lax", name
    assert probe["plain_status"] == HTTPStatus.MOVED_PERMANENTLY
    assert probe["plain_location"].startswith("https://")


def test_oversized_request_is_refused_with_413(client, db, settings):
    body = "x" * (settings.MAX_REQUEST_BODY_BYTES + 1)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": body})
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assertContains(
        response, "Too much data sent", status_code=HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    )


def test_oversized_body_without_length_is_a_413_too(rf):
    response = bad_request(rf.get("/"), RequestDataTooBig("too big"))
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE


def test_unknown_host_gets_the_portals_400_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, "Bad request", status_code=HTTPStatus.BAD_REQUEST)
    assertNotContains(response, "evil.example", status_code=HTTPStatus.BAD_REQUEST)


def test_expired_form_gets_a_clear_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assertContains(response, "Your form has expired", status_code=HTTPStatus.FORBIDDEN)
    assertNotContains(response, "CSRF", status_code=HTTPStatus.FORBIDDEN)


def test_404_page_leaks_nothing_of_the_request(client, db):
    response = client.get("/practices/<script>alert(1)</script>/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assertNotContains(response, "<script>alert", status_code=HTTPStatus.NOT_FOUND)
    assertContains(response, "Page not found", status_code=HTTPStatus.NOT_FOUND)


def test_500_page_is_in_the_layout_and_needs_no_database(rf):
    # No db fixture: pytest-django makes any query here fail the test.
    response = server_error(rf.get("/"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert b"Something went wrong on our side" in response.content
    assert b'href="#main-content"' in response.content


def test_database_outage_is_a_503_with_retry_after():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(
        RequestFactory().get("/"), OperationalError("connection refused")
    )
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "10"
    assert b"briefly unavailable" in response.content
    assert b"connection refused" not in response.content
