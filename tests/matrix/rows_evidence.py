"""Matrix rows for the evidence app's URLs."""

from django.urls import reverse

from tests.matrix import Row
from tests.matrix.rows_core import everyone

ROWS = [
    Row("evidence:levels", lambda w: reverse("evidence:levels"), **everyone(200)),
    Row(
        "practices:list",
        lambda w: reverse("practices:list") + "?evidence=3&sort=evidence",
        **everyone(200),
    ),
    Row(
        "practices:list",
        lambda w: reverse("practices:list") + "?evidence=9",
        **everyone(400),
    ),
]
