from django.urls import reverse

from tests.constants import ROLES
from tests.matrix import Row

EVERYONE = dict.fromkeys(ROLES, 200)
NOBODY = dict.fromkeys(ROLES, 404)

# Open data is public and identical for every role: the gated opinion never
# appears (shows_gated is empty), not even for experts or staff.
ROWS = [
    Row("practices:list", lambda w: reverse("practices:list"), **EVERYONE),
    Row(
        "practices:list",
        lambda w: reverse("practices:list") + "?q=creative&sort=title",
        **EVERYONE,
    ),
    Row(
        "practices:list",
        lambda w: reverse("practices:list") + "?sort=sideways",
        **dict.fromkeys(ROLES, 400),
    ),
    Row("practices:export-csv", lambda w: reverse("practices:export-csv"), **EVERYONE),
    Row("opendata:api-list", lambda w: reverse("opendata:api-list"), **EVERYONE),
    Row(
        "opendata:api-detail",
        lambda w: reverse("opendata:api-detail", args=[w.practice.slug]),
        **EVERYONE,
    ),
    Row(
        "opendata:api-detail",
        lambda w: reverse("opendata:api-detail", args=[w.draft.slug]),
        **NOBODY,
    ),
    Row("opendata:openapi", lambda w: reverse("opendata:openapi"), **EVERYONE),
    Row("opendata:feed", lambda w: reverse("opendata:feed"), **EVERYONE),
    Row("opendata:sitemap", lambda w: reverse("opendata:sitemap"), **EVERYONE),
    Row(
        "opendata:sitemap-section",
        lambda w: reverse("opendata:sitemap-section", args=["practices"]),
        **EVERYONE,
    ),
    Row("opendata:robots", lambda w: reverse("opendata:robots"), **EVERYONE),
    Row(
        "opendata:api-list",
        lambda w: reverse("opendata:api-list"),
        method="POST",
        data=lambda w: {},
        **dict.fromkeys(ROLES, 405),
    ),
]
