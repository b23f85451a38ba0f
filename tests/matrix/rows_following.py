from django.urls import reverse

from following.tokens import make_unsubscribe_token
from tests.constants import ROLES, SIGNED_IN_ROLES
from tests.matrix import Row

# Every signed-in role gets the page.
OK_WHEN_SIGNED_IN = dict.fromkeys(SIGNED_IN_ROLES, 200)
FOLLOW_REDIRECT = dict.fromkeys(ROLES, 302)


def unsubscribe_url(w):
    token = make_unsubscribe_token(user=w.users["verified"], practice=w.practice)
    return reverse("following:unsubscribe", args=[token])


ROWS = [
    Row(
        "following:dashboard",
        lambda w: reverse("following:dashboard"),
        anonymous=302,
        **OK_WHEN_SIGNED_IN,
    ),
    Row(
        "following:preferences",
        lambda w: reverse("following:preferences"),
        anonymous=302,
        **OK_WHEN_SIGNED_IN,
    ),
    Row(
        "following:follow",
        lambda w: reverse("following:follow", args=[w.practice.slug]),
        anonymous=405,
        unverified=405,
        verified=405,
        expert=405,
        author=405,
        staff=405,
    ),
    Row(
        "following:follow",
        lambda w: reverse("following:follow", args=[w.practice.slug]),
        method="POST",
        **FOLLOW_REDIRECT,
    ),
    Row(
        "following:follow",
        lambda w: reverse("following:follow", args=[w.draft.slug]),
        method="POST",
        # Drafts cannot be followed, not even by their author; anonymous
        # visitors do not learn that the draft exists.
        anonymous=404,
        unverified=404,
        verified=404,
        expert=404,
        author=404,
        staff=404,
    ),
    Row(
        "following:unfollow",
        lambda w: reverse("following:unfollow", args=[w.practice.slug]),
        anonymous=405,
        unverified=405,
        verified=405,
        expert=405,
        author=405,
        staff=405,
    ),
    Row(
        "following:unfollow",
        lambda w: reverse("following:unfollow", args=[w.practice.slug]),
        method="POST",
        **FOLLOW_REDIRECT,
    ),
    Row(
        "following:unsubscribe",
        unsubscribe_url,
        # The signed token is the authentication, whoever opens the link.
        anonymous=200,
        **OK_WHEN_SIGNED_IN,
    ),
    Row(
        "following:unsubscribe",
        lambda w: reverse("following:unsubscribe", args=["not-a-token"]),
        anonymous=400,
        unverified=400,
        verified=400,
        expert=400,
        author=400,
        staff=400,
    ),
    Row(
        "following:unsubscribe-one-click",
        lambda w: unsubscribe_url(w) + "one-click/",
        anonymous=405,
        unverified=405,
        verified=405,
        expert=405,
        author=405,
        staff=405,
    ),
]
