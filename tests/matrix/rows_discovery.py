from django.urls import reverse

from discovery.models import SavedSearch
from discovery.tokens import make_alert_token
from practices.models import Practice
from tests.factories import PracticeFactory
from tests.matrix import ROLES, Row

SIGNED_IN = dict.fromkeys(ROLES[1:], 200)
EVERYONE = dict.fromkeys(ROLES, 200)
NOBODY = dict.fromkeys(ROLES, 400)
NOT_GET = dict.fromkeys(ROLES, 405)


def saved_search(w):
    """The verified member's saved search; nobody else may touch it."""
    search, _created = SavedSearch.objects.get_or_create(
        user=w.users["verified"], name="Matrix", defaults={"query": "country=BE"}
    )
    return search


def pair(w):
    other = Practice.objects.published().exclude(pk=w.practice.pk).first()
    if other is None:
        other = PracticeFactory(slug="matrix-compared")
    return f"?p={w.practice.slug}&p={other.slug}"


def unsubscribe_url(w):
    token = make_alert_token(user=w.users["verified"], saved_search=saved_search(w))
    return reverse("discovery:unsubscribe", args=[token])


ONLY_OWNER = {
    "anonymous": 302,
    "unverified": 404,
    "verified": 200,
    "expert": 404,
    "author": 404,
    "staff": 404,
}

ROWS = [
    Row(
        "discovery:saved-search-new",
        lambda w: reverse("discovery:saved-search-new") + "?q=creative&country=BE",
        anonymous=302,
        **SIGNED_IN,
    ),
    Row(
        "discovery:saved-search-edit",
        lambda w: reverse("discovery:saved-search-edit", args=[saved_search(w).pk]),
        **ONLY_OWNER,
    ),
    Row(
        "discovery:saved-search-delete",
        lambda w: reverse("discovery:saved-search-delete", args=[saved_search(w).pk]),
        anonymous=302,
        **dict.fromkeys(ROLES[1:], 405),
    ),
    Row(
        "discovery:saved-search-delete",
        lambda w: reverse("discovery:saved-search-delete", args=["999999"]),
        method="POST",
        anonymous=302,
        **dict.fromkeys(ROLES[1:], 404),
    ),
    Row("discovery:unsubscribe", unsubscribe_url, **EVERYONE),
    Row(
        "discovery:unsubscribe",
        lambda w: reverse("discovery:unsubscribe", args=["not-a-token"]),
        **NOBODY,
    ),
    Row(
        "discovery:unsubscribe-one-click",
        lambda w: unsubscribe_url(w) + "one-click/",
        **NOT_GET,
    ),
    Row(
        "discovery:compare",
        lambda w: reverse("discovery:compare") + pair(w),
        **EVERYONE,
    ),
    Row(
        "discovery:compare",
        # A draft is unknown to the comparison, even to its author.
        lambda w: (
            reverse("discovery:compare") + f"?p={w.practice.slug}&p={w.draft.slug}"
        ),
        **NOBODY,
    ),
    Row(
        "discovery:compare-csv",
        lambda w: reverse("discovery:compare-csv") + pair(w),
        **EVERYONE,
    ),
    Row(
        "discovery:compare-pick",
        lambda w: reverse("discovery:compare-pick") + f"?p={w.practice.slug}",
        **EVERYONE,
    ),
    Row("discovery:map", lambda w: reverse("discovery:map"), **EVERYONE),
    Row(
        "discovery:locator",
        lambda w: reverse("discovery:locator", args=["BE"]),
        **EVERYONE,
    ),
    Row(
        "discovery:locator",
        lambda w: reverse("discovery:locator", args=["ZZ"]),
        **dict.fromkeys(ROLES, 404),
    ),
    Row(
        "discovery:for-me",
        lambda w: reverse("discovery:for-me"),
        anonymous=302,
        **SIGNED_IN,
    ),
    Row(
        "discovery:topic-follow",
        lambda w: reverse("discovery:topic-follow"),
        anonymous=302,
        **dict.fromkeys(ROLES[1:], 405),
    ),
    Row(
        "discovery:topic-follow",
        lambda w: reverse("discovery:topic-follow"),
        method="POST",
        data=lambda w: {"topic": "no-such-topic"},
        anonymous=302,
        **dict.fromkeys(ROLES[1:], 400),
    ),
    Row(
        "discovery:topic-unfollow",
        lambda w: reverse("discovery:topic-unfollow"),
        anonymous=302,
        **dict.fromkeys(ROLES[1:], 405),
    ),
    Row(
        "discovery:topic-unfollow",
        lambda w: reverse("discovery:topic-unfollow"),
        method="POST",
        data=lambda w: {"topic": "no-such-topic"},
        anonymous=302,
        **dict.fromkeys(ROLES[1:], 400),
    ),
]
