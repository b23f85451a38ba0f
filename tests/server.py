"""Run the portal as `make run` does (gunicorn, DEBUG off) against the test database."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """Return a URL for the database the tests use (PostgreSQL only)."""
    db = settings.DATABASES["default"]
    assert connection.vendor == "postgresql", "a shared server needs PostgreSQL"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def fetch(url, timeout=5):
    """GET a URL; return (status, headers, body) even for error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@contextmanager
def portal_server(static_root, workers=1, database=None, collect=True, **env):
    """Serve the portal on a free port; yield its base URL, stop it afterwards.

    ``database``: its URL; by default the test database (PostgreSQL).
    ``collect=False`` when ``static_root`` holds the collected files already.
    """
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        # Slots and parts that disagree fail the test, not just log.
        "DJANGO_READER_SLOTS_STRICT": "1",
        "DATABASE_URL": database or database_url(),
        "DJANGO_STATIC_ROOT": str(static_root),
        # Its own page cache, not the one `make run` uses in the checkout.
        "DJANGO_CACHE_DIR": str(Path(static_root).parent / "page-cache"),
        **env,
    }
    if collect:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "wecd_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch(f"{base_url}/privacy/", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the portal did not start") from None
                time.sleep(0.2)
        yield base_url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def start_worker(database, log=subprocess.DEVNULL, **env):
    """Start the background worker (`manage.py db_worker`) as its own process."""
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.2",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DEBUG": "0", "DATABASE_URL": database, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
