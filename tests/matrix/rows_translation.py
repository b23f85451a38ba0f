from django.urls import reverse

from tests.matrix import Row

ROWS = [
    Row(
        "publishing:translation",
        lambda w: reverse("publishing:translation", args=[w.draft.pk]),
        anonymous=302,
        unverified=403,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        "publishing:translation",
        lambda w: reverse("publishing:translation", args=[w.practice.pk]),
        anonymous=302,
        unverified=403,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
]
