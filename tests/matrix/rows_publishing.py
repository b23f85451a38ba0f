from django.urls import reverse

from tests.constants import ROLES
from tests.matrix import Row

# POST-only views answer a GET with 405 before anything else.
POST_ONLY = dict.fromkeys(ROLES, 405)


def step_url(practice, number=1):
    return reverse("publishing:step", kwargs={"pk": practice.pk, "number": number})


ROWS = [
    Row(
        "publishing:drafts",
        lambda w: reverse("publishing:drafts"),
        anonymous=302,
        unverified=403,
        verified=200,
        expert=200,
        author=200,
        staff=200,
    ),
    Row(
        "publishing:new",
        lambda w: reverse("publishing:new"),
        anonymous=302,
        unverified=403,
        verified=200,
        expert=200,
        author=200,
        staff=200,
    ),
    Row(
        "publishing:step",
        lambda w: step_url(w.draft),
        anonymous=302,
        unverified=403,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        "publishing:step",
        lambda w: step_url(w.practice, 7),
        anonymous=302,
        unverified=403,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        "publishing:submit",
        lambda w: reverse("publishing:submit", args=[w.draft.pk]),
        **POST_ONLY,
    ),
    Row(
        "publishing:withdraw",
        lambda w: reverse("publishing:withdraw", args=[w.draft.pk]),
        **POST_ONLY,
    ),
    Row(
        "publishing:preview",
        lambda w: reverse("publishing:preview", args=[w.draft.pk]),
        anonymous=404,
        unverified=404,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        # The preview shows the review history: published is not enough.
        "publishing:preview",
        lambda w: reverse("publishing:preview", args=[w.practice.pk]),
        anonymous=404,
        unverified=404,
        verified=404,
        expert=404,
        author=200,
        staff=200,
        shows_gated=("author", "staff"),
    ),
    Row(
        "publishing:queue",
        lambda w: reverse("publishing:queue"),
        anonymous=302,
        unverified=403,
        verified=403,
        expert=200,
        author=403,
        staff=200,
    ),
    Row(
        # Only a practice in review is reviewed: the published one is not found.
        "publishing:review",
        lambda w: reverse("publishing:review", args=[w.practice.pk]),
        anonymous=302,
        unverified=403,
        verified=403,
        expert=404,
        author=403,
        staff=404,
    ),
    Row(
        "publishing:opinion",
        lambda w: reverse("publishing:opinion", args=[w.practice.pk]),
        anonymous=302,
        unverified=403,
        verified=403,
        expert=200,
        author=403,
        staff=200,
        # The form shows the expert's own opinion (the demo one is expert@'s).
        shows_gated=("expert",),
    ),
    Row(
        "publishing:revisions",
        lambda w: reverse("publishing:revisions", args=[w.practice.pk]),
        anonymous=302,
        unverified=403,
        verified=403,
        expert=403,
        author=403,
        staff=200,
    ),
    Row(
        "publishing:restore",
        lambda w: reverse("publishing:restore", args=[1]),
        **POST_ONLY,
    ),
    # Editing a published practice: the wizard shows its proposal's rows.
    Row(
        "publishing:step",
        lambda w: step_url(w.practice, 4),
        anonymous=302,
        unverified=403,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        "publishing:proposal-withdraw",
        lambda w: reverse("publishing:proposal-withdraw", args=[w.practice.pk]),
        **POST_ONLY,
    ),
    # No proposal is open on the demo practice: nothing to withdraw.
    Row(
        "publishing:proposal-withdraw",
        lambda w: reverse("publishing:proposal-withdraw", args=[w.practice.pk]),
        method="POST",
        anonymous=302,
        unverified=403,
        verified=404,
        expert=404,
        author=404,
        staff=404,
    ),
    Row(
        "publishing:proposal-minor",
        lambda w: reverse("publishing:proposal-minor", args=[w.practice.pk]),
        **POST_ONLY,
    ),
    Row(
        "publishing:proposal-minor",
        lambda w: reverse("publishing:proposal-minor", args=[w.practice.pk]),
        method="POST",
        anonymous=302,
        unverified=403,
        verified=403,
        expert=403,
        author=403,
        staff=404,
    ),
]
