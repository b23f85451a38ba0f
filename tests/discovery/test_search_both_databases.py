"""The same search cases on SQLite and PostgreSQL.

Run on PostgreSQL with DATABASE_URL=postgres://…/<your db>; each case below
must give the same answer there.
"""

import pytest
from django.db import connection

from practices.filters import PracticeFilter
from practices.search import expand_typos, parse_query, query_words
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    PracticeFactory(
        title="Wallonia European Creative District",
        summary="A creative district for the region's economy.",
        description="Creative vouchers helped firms buy design services.",
    )
    PracticeFactory(
        title="Creative industries cluster",
        summary="A cluster of creative firms.",
        description="Networking and training for designers.",
    )
    PracticeFactory(
        title="Innovation vouchers for ports",
        summary="Small grants for logistics firms.",
        description="Firms used vouchers to pay for studies.",
    )


def search(q):
    filterset = PracticeFilter({"q": q, "sort": "title"})
    assert filterset.is_valid(), filterset.form.errors
    return [practice.title for practice in filterset.results()]


WALLONIA = "Wallonia European Creative District"
CLUSTER = "Creative industries cluster"
PORTS = "Innovation vouchers for ports"

CASES = [
    ("creative", [CLUSTER, WALLONIA]),
    ("creative -vouchers", [CLUSTER]),
    ("vouchers", [PORTS, WALLONIA]),
    ('"creative district"', [WALLONIA]),
    ('"district creative"', []),
    ("cluster or ports", [CLUSTER, PORTS]),
    # AND binds tighter than OR, as in PostgreSQL: (creative AND cluster) OR ports.
    ("creative cluster or ports", [CLUSTER, PORTS]),
    ("creative or ports -cluster", [CLUSTER, PORTS, WALLONIA]),
    ("creative -cluster or ports", [PORTS, WALLONIA]),
    ("wallonai", [WALLONIA]),
    ("creative wallonai", [WALLONIA]),
    ('créative -"design services"', [CLUSTER]),
    ("zzzzzz", []),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[0] for c in CASES])
def test_search_keeps_its_word(catalogue, query, expected):
    assert search(query) == expected, connection.vendor


def test_the_query_is_read_as_websearch():
    alternatives = parse_query('a "b c" or -d e OR f')
    assert [[(t.words, t.negated) for t in alt] for alt in alternatives] == [
        [(("a",), False), (("b", "c"), False)],
        [(("d",), True), (("e",), False)],
        [(("f",), False)],
    ]
    assert query_words("creative -vouchers") == ["creative"]


def test_only_unknown_words_get_alternatives():
    vocabulary = {"creative", "wallonia", "district"}
    assert expand_typos("creative wallonai", vocabulary) == (
        "creative wallonai or creative wallonia"
    )
    assert expand_typos("creative district", vocabulary) is None
    assert expand_typos("-wallonai", vocabulary) is None


@pytest.mark.parametrize(
    "query", ['"creative district"', "creative -vouchers", "wallonai", "a or -b"]
)
def test_the_list_page_takes_every_syntax(client, catalogue, query):
    response = client.get("/practices/", {"q": query})
    assert response.status_code == 200
    assert response.context["paginator"].count == len(search(query))
