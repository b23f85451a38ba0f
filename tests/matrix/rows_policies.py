"""Matrix rows for the policies app's URLs."""

from django.urls import reverse

from tests.matrix import Row
from tests.matrix.rows_core import everyone

ROWS = [
    Row(
        "policies:edit",
        lambda w: reverse("policies:edit", args=[w.draft.pk]),
        anonymous=302,
        unverified=403,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        "practices:list",
        lambda w: reverse("practices:list") + "?objective=po1&sdg=sdg8",
        **everyone(200),
    ),
    Row(
        "practices:list",
        lambda w: reverse("practices:list") + "?sdg=sdg18",
        **everyone(400),
    ),
]
