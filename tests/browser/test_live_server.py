"""The live server the browser tests drive answers requests that overlap.

A browser sends several at once (a page, its favicon, a script's fetch). On
SQLite they used to fail now and then with "database table is locked", a 503
that made a journey test flaky.
"""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from tests.constants import WECD_URL


def sign_in_and_read(base_url):
    """Log in as the demo reader, then open three pages; return the statuses."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    statuses = []
    try:
        form = opener.open(f"{base_url}/accounts/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        fields = {
            "csrfmiddlewaretoken": token,
            "login": "reader@example.org",
            "password": "wecd-demo-2026",
        }
        request = urllib.request.Request(
            f"{base_url}/accounts/login/",
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": f"{base_url}/accounts/login/"},
        )
        statuses.append(opener.open(request, timeout=30).status)
        for path in (WECD_URL, "/dashboard/", "/favicon.ico"):
            statuses.append(opener.open(base_url + path, timeout=30).status)
    except urllib.error.HTTPError as error:
        statuses.append(error.code)
    return statuses


def test_overlapping_sign_ins_and_reads_get_no_server_error(live_server, live_demo):
    with ThreadPoolExecutor(6) as pool:
        runs = list(pool.map(sign_in_and_read, [live_server.url] * 24))
    statuses = [status for run in runs for status in run]
    assert 200 in statuses
    assert not [status for status in statuses if status >= 500], statuses
