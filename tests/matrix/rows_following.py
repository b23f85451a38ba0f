"""Matrix rows for following practices and the dashboard."""

from django.urls import reverse

from tests.matrix import Row
from tests.matrix.rows_core import everyone, signed_in_only


def practice_action(name):
    return lambda w: reverse(f"following:{name}", kwargs={"slug": w.practice.slug})


ROWS = [
    Row(
        "following:dashboard",
        lambda w: reverse("following:dashboard"),
        **signed_in_only(),
    ),
    # POST only: a GET is refused before anything else.
    Row("following:follow", practice_action("follow"), **everyone(405)),
    Row("following:unfollow", practice_action("unfollow"), **everyone(405)),
    Row(
        "following:follow",
        practice_action("follow"),
        method="POST",
        **signed_in_only(302),
    ),
    Row(
        "following:follow",
        lambda w: reverse("following:follow", kwargs={"slug": w.draft.slug}),
        method="POST",
        # A draft cannot be followed; anonymous readers never learn it exists.
        **everyone(404),
    ),
]
