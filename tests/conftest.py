import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Give each test its own empty cache and media dir, and plain static files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        },
        # As in production: what is a member's own stays in the process's memory.
        "signed_in": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{tmp_path}-signed-in",
        },
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # Counts follow each change at once (tests/practices/test_aggregates.py
    # keeps them for a minute, as in production).
    settings.AGGREGATE_CACHE_SECONDS = 0
    settings.LIST_STALE_SECONDS = 0
    settings.VOCABULARY_CACHE_SECONDS = 0
    settings.ANONYMOUS_GENERATION_SECONDS = 0
    # A page whose reader slots and parts disagree fails its test.
    settings.READER_SLOTS_STRICT = True
    # Fast hashing for the users tests create; the demo accounts keep PBKDF2.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    yield
    # A request to /fr/ activates French in this thread; the next test must not
    # inherit it, whatever order the tests run in.
    translation.deactivate()


@pytest.fixture(autouse=True)
def _database_features_known(request):
    """Let Django learn the database's features before a test counts queries.

    Django asks SQLite once per connection whether it has JSON functions, on
    the first query that uses them; a server process pays it once.
    """
    if "django_db_setup" in request.fixturenames:
        from django.db import connection

        with request.getfixturevalue("django_db_blocker").unblock():
            connection.features.supports_json_field  # noqa: B018


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Static files collected as a deployment has them (manifest included)."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "DJANGO_DEBUG": "0", "DJANGO_STATIC_ROOT": str(static_root)},
        check=True,
    )
    return static_root


@pytest.fixture
def run_worker(db):
    """Run every background task that is due, with the worker's own code.

    On the test's connection and inside its transaction (see ``tests.tasks``).
    """
    from tests.tasks import run_tasks

    return run_tasks


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def demo(db):
    """Load the demo data exactly as `make run` does."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs, at the block's end, what waits for the commit.

    A test runs inside a transaction that is never committed: changes made
    outside a view's or service's own transaction use this to be committed.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)
