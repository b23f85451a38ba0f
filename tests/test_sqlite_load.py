"""The embedded SQLite default holds concurrent writers without a 503.

Real processes on a database file: two gunicorn servers take follow, unfollow
and contact POSTs from several signed-in members under a read load, while
`db_worker` delivers the messages to a real SMTP server. Eight seconds of load,
plus starting the processes; it runs in the normal suite, on SQLite only.
"""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from contextlib import ExitStack

import pytest
from django.conf import settings
from django.db import connection

from tests.mail import SMTPServer
from tests.server import ROOT, portal_server, start_worker

LOAD_SECONDS = 8
MEMBERS = 4
CSRF = "a" * 32  # Django accepts its secret as the token, unmasked.

# Run in a process of its own against the file: members with verified addresses
# and signed-in sessions, and a published practice with an author to contact.
SETUP = """
import json
import django
django.setup()
from django.test import Client
from tests.factories import PracticeFactory, UserFactory
author = UserFactory(verified=True, email="load-author@example.org")
practice = PracticeFactory(author=author, slug="under-load")
sessions = []
for number in range(int({members})):
    client = Client()
    email = f"load-member{{number}}@example.org"
    client.force_login(UserFactory(verified=True, email=email))
    sessions.append(client.cookies["sessionid"].value)
print(json.dumps({{"slug": practice.slug, "sessions": sessions}}))
"""


@pytest.fixture
def database_file(tmp_path, django_db_setup, django_db_blocker):
    """A copy of the migrated, empty test database in a file; yield its path."""
    if connection.vendor != "sqlite":
        pytest.skip("the embedded SQLite default only")
    path = tmp_path / "portal.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
    return path


def request(url, session=None, data=None):
    """GET, or POST ``data`` with a CSRF token; return the status."""
    headers = {"Cookie": f"csrftoken={CSRF}"}
    if session:
        headers["Cookie"] += f"; sessionid={session}"
    body = None
    if data is not None:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF}).encode()
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, body, headers), timeout=30) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_concurrent_writers_on_sqlite_get_no_5xx_and_lose_nothing(
    database_file, collected_static, tmp_path
):
    smtp = SMTPServer()
    smtp.start()
    database = f"sqlite:///{database_file}"
    env = {
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(smtp.port),
        "DJANGO_CONTACT_LIMIT_PER_HOUR": "1000",
        "DJANGO_CONTACT_LIMIT_PER_DAY": "1000",
    }
    setup = subprocess.run(
        [sys.executable, "-c", SETUP.format(members=MEMBERS)],
        cwd=ROOT,
        env={
            **os.environ,
            **env,
            "DATABASE_URL": database,
            "DJANGO_SETTINGS_MODULE": "wecd_portal.settings",
        },
        capture_output=True,
        text=True,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    statuses, posted = Counter(), Counter()
    with ExitStack() as stack:
        stack.callback(smtp.stop)
        servers = [
            stack.enter_context(
                portal_server(collected_static, database=database, collect=False, **env)
            )[0]
            for _ in range(2)
        ]
        worker = start_worker(database, **env)
        stack.callback(worker.wait, 10)
        stack.callback(worker.terminate)
        deadline = time.monotonic() + LOAD_SECONDS
        page = f"/practices/{data['slug']}/"

        def read(number):
            while time.monotonic() < deadline:
                statuses[request(servers[number % 2] + page)] += 1
                statuses[request(servers[number % 2] + "/practices/")] += 1

        def write(number, session):
            base = servers[number % 2]
            turn = 0
            while time.monotonic() < deadline:
                turn += 1
                for action in ("follow", "unfollow"):
                    url = f"{base}/following/{data['slug']}/{action}/"
                    statuses[request(url, session, {})] += 1
                subject = f"Member {number}, message {turn}"
                status = request(
                    f"{base}/messages/contact/{data['slug']}/",
                    session,
                    {"subject": subject, "body": "Written under load."},
                )
                statuses[status] += 1
                if status == 302:
                    posted[subject] += 1

        threads = [threading.Thread(target=read, args=(n,)) for n in range(2)]
        threads += [
            threading.Thread(target=write, args=(n, session))
            for n, session in enumerate(data["sessions"])
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        # The worker catches up with the messages accepted.
        db = sqlite3.connect(database_file, timeout=20)
        waited = time.monotonic() + 30
        while time.monotonic() < waited:
            pending = db.execute(
                "SELECT count(*) FROM messaging_message WHERE status != 'sent'"
            ).fetchone()[0]
            if not pending:
                break
            time.sleep(0.5)
        rows = db.execute("SELECT subject, status FROM messaging_message").fetchall()
        db.close()

    assert not [status for status in statuses if status >= 500], statuses
    assert statuses[302] > 0 and statuses[200] > 0, statuses
    assert posted and max(posted.values()) == 1
    assert Counter(subject for subject, _status in rows) == posted
    assert {status for _subject, status in rows} == {"sent"}
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    received = Counter(
        str(message["Subject"]).removeprefix(prefix) for message in smtp.inbox.messages
    )
    assert received == posted
