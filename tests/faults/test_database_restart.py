"""PostgreSQL restarted while the portal serves: a clean 503, then recovery alone.

This stops the machine's PostgreSQL cluster, so it runs only when asked
(FAULT_TESTS=1, as `.ci/run` does in its PostgreSQL pass) and as root.
"""

import os
import subprocess
import time
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections

from tests.constants import WECD_URL
from tests.server import fetch, portal_server

# Not in the anonymous page cache: answering it needs the database.
UNCACHED_URL = "/practices/no-such-practice/"

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("FAULT_TESTS") != "1", reason="set FAULT_TESTS=1 to run"
    ),
    pytest.mark.skipif(
        not Path("/etc/postgresql").is_dir(), reason="needs a local PostgreSQL cluster"
    ),
]


def pg_cluster(action):
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=True,
        capture_output=True,
    )


@pytest.mark.django_db(transaction=True)
def test_portal_survives_a_database_restart(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    call_command("load_demo", verbosity=0)
    with portal_server(tmp_path / "static", DJANGO_CONN_MAX_AGE="600") as (url, server):
        assert fetch(url + WECD_URL)[0] == HTTPStatus.OK
        connections.close_all()
        pg_cluster("stop")
        try:
            # Anonymous readers keep reading the cached page through the outage.
            assert fetch(url + WECD_URL, timeout=15)[0] == HTTPStatus.OK
            status, headers, body = fetch(url + UNCACHED_URL, timeout=15)
            assert status == HTTPStatus.SERVICE_UNAVAILABLE
            assert headers["Retry-After"] == "10"
            assert "briefly unavailable" in body
            assert "Traceback" not in body
        finally:
            pg_cluster("start")
        deadline = time.monotonic() + 20
        while (status := fetch(url + UNCACHED_URL)[0]) != HTTPStatus.NOT_FOUND:
            assert time.monotonic() < deadline, f"still {status} after restart"
            time.sleep(0.5)
        assert server.poll() is None, "the portal was not restarted"
