"""Fuzz every form and query parameter: whatever is sent, never a 5xx.

Add a URL to GET_TARGETS or a form to POST_TARGETS when you add one to the portal.
"""

from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from tests.constants import WECD_SLUG, WECD_URL

pytestmark = pytest.mark.django_db


# URL -> the query parameters it reads (random ones are added too).
GET_TARGETS = {
    "/": ["page"],
    "/practices/": [
        "page",
        "q",
        "topic",
        "country",
        "partner",
        "sort",
        "region",
        "kind",
        "year_from",
        "year_to",
        "budget_min",
        "budget_max",
        "period",
        "transferred",
        "transfer_stage",
        "evidence",
    ],
    "/practices/export.csv": ["q", "topic", "country", "year_from", "evidence"],
    "/api/practices/": [
        "q",
        "topic",
        "country",
        "region",
        "kind",
        "partner",
        "year_from",
        "year_to",
        "budget_min",
        "budget_max",
        "period",
        "evidence",
        "sort",
        "page",
        "transferred",
        "transfer_stage",
    ],
    "/api/practices/no-such-practice/": [],
    "/api/openapi.json": [],
    "/feeds/practices.atom": [],
    "/sitemap.xml": [],
    "/sitemap-practices.xml": ["p"],
    "/robots.txt": [],
    WECD_URL: [],
    "/privacy/": [],
    "/evidence/levels/": [],
    "/accounts/login/": ["next"],
    "/accounts/signup/": ["next"],
    "/dashboard/": ["page"],
    "/messages/inbox/": ["page"],
    "/messages/sent/": ["page"],
    "/accounts/profile/": [],
    "/accounts/data/": [],
    "/following/preferences/": [],
    "/following/unsubscribe/not-a-token/": ["action"],
    "/publishing/": [],
    "/publishing/new/": [],
    "/publishing/queue/": [],
    "/publishing/1/step/1/": [],
    "/publishing/1/preview/": [],
    "/publishing/1/revisions/": ["a", "b"],
    "/organisations/1/": [],
    "/regions/BE35/": [],
    "/regions/BE/": [],
    "/sitemap-places.xml": ["p"],
}

# URL -> the fields its form posts.
POST_TARGETS = {
    "/accounts/login/": ["login", "password", "remember", "next"],
    "/accounts/signup/": ["email", "password1", "password2"],
    "/accounts/password/reset/": ["email"],
    "/i18n/setlang/": ["language", "next"],
    WECD_URL.replace("/practices/", "/messages/contact/"): ["subject", "body"],
    "/accounts/profile/": [
        "display_name",
        "job_title",
        "organisation",
        "country",
        "is_listed_as_follower",
    ],
    "/accounts/delete/": ["password"],
    "/accounts/data/export/": [],
    f"/following/{WECD_SLUG}/follow/": [],
    f"/following/{WECD_SLUG}/unfollow/": [],
    "/following/preferences/": ["frequency"],
    "/following/unsubscribe/not-a-token/": ["action"],
    "/following/unsubscribe/not-a-token/one-click/": ["List-Unsubscribe"],
    "/publishing/new/": ["practice-title", "practice-summary", "practice-keywords"],
    "/publishing/1/step/2/": ["practice-start_date", "practice-end_date"],
    "/publishing/1/submit/": [],
    "/publishing/1/withdraw/": [],
    "/publishing/1/review/": [
        "publish-text",
        "publish",
        "level-level",
        "changes-comment",
    ],
    "/publishing/1/opinion/": ["text"],
    "/evidence/1/documents/": [
        "title",
        "language",
        "file",
        "kind",
        "image-alt",
        "video-title",
        "video-url",
    ],
    "/evidence/videos/1/delete/": [],
    "/evidence/documents/1/delete/": [],
    "/publishing/revisions/1/restore/": [],
}

values = st.one_of(
    st.text(max_size=300),
    st.integers().map(str),
    st.sampled_from(["", "-1", "0", "1e309", "NaN", "%00", "../../etc/passwd", "fr"]),
    # Searches with no word in them (they once gave a 500 on SQLite).
    st.sampled_from(["!", "'", "-", "\u2014", "%", "\u202e", "*/ OR /*"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
)

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def params_for(fields):
    known = st.fixed_dictionaries({}, optional=dict.fromkeys(fields, values))
    extra = st.dictionaries(st.text(min_size=1, max_size=20), values, max_size=3)
    return st.tuples(known, extra).map(lambda pair: {**pair[1], **pair[0]})


@pytest.fixture(params=["anonymous", "signed-in"])
def fuzz_client(demo, request):
    client = Client(raise_request_exception=False)
    if request.param == "signed-in":
        # A verified reader, so that the signed-in forms are really exercised.
        client.force_login(User.objects.get(email="reader@example.org"))
    return client


@pytest.mark.parametrize("url", GET_TARGETS)
def test_query_parameters_never_cause_a_server_error(fuzz_client, url):
    @FUZZ
    @given(params=params_for(GET_TARGETS[url]))
    def check(params):
        response = fuzz_client.get(url, params)
        assert response.status_code < 500, (url, params)

    check()


@pytest.mark.parametrize("url", POST_TARGETS)
def test_form_posts_never_cause_a_server_error(fuzz_client, url):
    @FUZZ
    @given(data=params_for(POST_TARGETS[url]))
    def check(data):
        response = fuzz_client.post(url, data)
        assert response.status_code < 500, (url, data)

    check()


# Queries that once answered 500 on SQLite (no word left to search for), as they
# are typed in the search box; ``%ff%fe`` is sent raw: it is not valid UTF-8.
NO_WORD_QUERIES = [
    "!",
    "'",
    "-",
    "\u2014",
    "%",
    "%ff%fe",
    "\u202e",
    "*/ OR /*",
    "OR",
    "\"'",
]
SEARCH_URLS = {
    "list": ("/practices/", "/fr/practices/"),
    "csv": ("/practices/export.csv", "/fr/practices/export.csv"),
    "api": ("/api/practices/", "/api/practices/"),
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("surface", SEARCH_URLS)
def test_a_query_without_words_finds_nothing_without_error(demo, surface, language):
    client = Client(
        raise_request_exception=False, headers={"accept-language": language}
    )
    url = SEARCH_URLS[surface][language == "fr"]
    for query in NO_WORD_QUERIES:
        raw = query if query == "%ff%fe" else quote(query)
        for extra in ("&country=BE", "&sort=title&topic=no-such-topic"):
            response = client.get(f"{url}?q={raw}{extra}")
            assert response.status_code < 500, (url, query, extra)
        response = client.get(f"{url}?q={raw}")
        assert response.status_code == HTTPStatus.OK, (url, query)
        if surface == "api":
            assert response.json()["count"] == 0, query
        elif surface == "csv":
            body = b"".join(response.streaming_content).decode()
            assert len(body.strip().splitlines()) == 1, query  # the header row only
