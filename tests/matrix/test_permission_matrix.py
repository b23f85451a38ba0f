"""Every URL of the portal, as every role: the status and the gate on the opinion.

The rows live in ``tests/matrix/rows_*.py``; each app adds its own module.
"""

import importlib
import pkgutil

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.html import escape

import tests.matrix
from tests.matrix import ROLES

pytestmark = pytest.mark.django_db


def collect_rows():
    rows = []
    for module in pkgutil.iter_modules(tests.matrix.__path__):
        if module.name.startswith("rows_"):
            rows += importlib.import_module(f"tests.matrix.{module.name}").ROWS
    return rows


ROWS = collect_rows()

# URL names that need no row of their own, each with the reason.
EXEMPT = {
    # Every admin page sits behind admin_view, the gate the admin:index row checks.
    "admin:": "admin pages share admin:index's gate (staff only)",
}


def is_exempt(name):
    return name != "admin:index" and any(name.startswith(key) for key in EXEMPT)


def url_names(patterns=None, namespace=None):
    """Yield every named URL pattern's full name, namespaces included."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from url_names(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def gated_marker(world):
    """Return a piece of the demo opinion's text as a page would show it."""
    paragraph = max(world.opinion.text.splitlines(), key=len)
    return escape(paragraph)[:60]


def body_of(response):
    # Images are bytes, not text: what matters is whether the marker is there.
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.name}-{row.method}")
def test_each_role_gets_the_expected_answer(world, row):
    marker = gated_marker(world)
    failures = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        url = row.url(world)
        data = row.data(world) if row.data else {}
        if row.method == "POST":
            response = client.post(url, data)
        else:
            response = client.get(url, data)
        expected = row.status_for(role)
        if response.status_code != expected:
            failures.append(f"{role}: {response.status_code} != {expected} ({url})")
        shows = marker in body_of(response)
        if shows != (role in row.shows_gated):
            failures.append(f"{role}: gated text {'shown' if shows else 'missing'}")
    assert not failures, failures


def test_every_url_name_has_a_row():
    covered = {row.name for row in ROWS}
    missing = sorted(
        name for name in set(url_names()) if name not in covered and not is_exempt(name)
    )
    assert not missing, f"URL names without a row in tests/matrix/rows_*.py: {missing}"


def test_rows_name_real_urls():
    names = set(url_names())
    unknown = sorted({row.name for row in ROWS} - names)
    assert not unknown, unknown


def test_the_marker_is_a_real_part_of_the_opinion(world):
    assert len(gated_marker(world)) == 60


# The ceiling for any page, whoever asks for it, caches cold.
MAX_QUERIES_PER_PAGE = 8
# Downloads that are not pages, each with the reason.
QUERY_BUDGET_EXEMPT = {
    # A JSON file of everything the portal holds about the person: one query per
    # kind of data (nine today), constant however much of it there is.
    "accounts:data-export",
}


@pytest.mark.parametrize(
    "row",
    [
        row
        for row in ROWS
        if row.method == "GET" and row.name not in QUERY_BUDGET_EXEMPT
    ],
    ids=lambda row: row.name,
)
def test_no_page_costs_more_than_eight_queries(world, row):
    """Every page, as every role, on a cold cache: at most eight queries.

    The reader is signed in before counting: logging in is not part of a page
    view, and their session is in the cache as it is after logging in.
    """
    url = row.url(world)
    data = row.data(world) if row.data else {}
    over = []
    for role in ROLES:
        for alias in caches:
            caches[alias].clear()
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        with CaptureQueriesContext(connection) as queries:
            client.get(url, data)
        if len(queries) > MAX_QUERIES_PER_PAGE:
            sql = "\n".join(query["sql"][:120] for query in queries)
            over.append(f"{role}: {len(queries)} queries\n{sql}")
    assert not over, over
