from django.urls import reverse

from tests.matrix import Row
from transfers.models import Interest, Transfer

ROLES = ["unverified", "verified", "expert", "author", "staff"]
ALL_200 = dict.fromkeys(["anonymous", *ROLES], 200)
ALL_405 = dict.fromkeys(["anonymous", *ROLES], 405)


def confirmed(w):
    # Cork's transfer of the demo practice: confirmed, its readers may write.
    return Transfer.objects.get(practice=w.practice, nuts_code="IE05")


def pending(w):
    return Transfer.objects.get(practice=w.practice, nuts_code="FRE1")


def interest(w):
    return Interest.objects.get(practice=w.practice)


ROWS = [
    Row(
        "transfers:record",
        lambda w: reverse("transfers:record", args=[w.practice.slug]),
        anonymous=302,
        unverified=403,
        verified=200,
        expert=200,
        # The author does not record transfers of their own practice.
        author=403,
        staff=200,
    ),
    Row(
        "transfers:record",
        lambda w: reverse("transfers:record", args=[w.practice.slug]),
        method="POST",
        anonymous=302,
        unverified=403,
        verified=400,
        expert=400,
        author=403,
        staff=400,
    ),
    Row(
        "transfers:record",
        lambda w: reverse("transfers:record", args=[w.draft.slug]),
        # Signed out, every address is sent to log in: a draft's is not told apart.
        anonymous=302,
        unverified=404,
        verified=404,
        expert=404,
        author=404,
        staff=404,
    ),
    Row(
        "transfers:consider",
        lambda w: reverse("transfers:consider", args=[w.practice.slug]),
        anonymous=302,
        **dict.fromkeys(ROLES, 200),
    ),
    Row(
        "transfers:consider",
        lambda w: reverse("transfers:consider", args=[w.practice.slug]),
        method="POST",
        anonymous=302,
        unverified=302,
        verified=302,
        expert=302,
        author=403,
        staff=302,
    ),
    Row(
        "transfers:dashboard",
        lambda w: reverse("transfers:dashboard", args=[w.practice.slug]),
        anonymous=302,
        unverified=403,
        verified=403,
        expert=403,
        author=200,
        staff=200,
    ),
    Row(
        "transfers:detail",
        lambda w: confirmed(w).get_absolute_url(),
        **ALL_200,
    ),
    Row(
        "transfers:detail",
        lambda w: pending(w).get_absolute_url(),
        # Pending: only those who may confirm it (and its recorder) see it.
        anonymous=404,
        unverified=404,
        verified=404,
        expert=200,
        author=200,
        staff=200,
    ),
    Row(
        "transfers:decide",
        lambda w: reverse("transfers:decide", args=[pending(w).pk]),
        **ALL_405,
    ),
    Row(
        "transfers:decide",
        lambda w: reverse("transfers:decide", args=[pending(w).pk]),
        method="POST",
        anonymous=302,
        unverified=404,
        verified=404,
        expert=400,
        author=400,
        staff=400,
    ),
    Row(
        "transfers:stage",
        lambda w: reverse("transfers:stage", args=[confirmed(w).pk]),
        **ALL_405,
    ),
    Row(
        "transfers:stage",
        lambda w: reverse("transfers:stage", args=[confirmed(w).pk]),
        method="POST",
        # Only the member who recorded it moves it on.
        anonymous=302,
        **dict.fromkeys(ROLES, 403),
    ),
    Row(
        "transfers:contact",
        lambda w: reverse("transfers:contact", args=[confirmed(w).pk]),
        anonymous=302,
        unverified=403,
        verified=200,
        expert=200,
        author=200,
        staff=200,
    ),
    Row(
        "transfers:write",
        lambda w: reverse("transfers:write", args=[interest(w).pk]),
        # The author answers; others do not learn who considers the practice.
        anonymous=302,
        unverified=404,
        verified=404,
        expert=404,
        author=200,
        staff=404,
    ),
]

# The organisation and region pages (transfers/places.py): public, for everyone.
ALL_404 = dict.fromkeys(["anonymous", *ROLES], 404)

ROWS += [
    Row(
        "places:organisation",
        lambda w: reverse("places:organisation", args=[w.practice.main_institution_id]),
        **ALL_200,
    ),
    Row(
        "places:organisation",
        lambda w: reverse("places:organisation", args=[confirmed(w).organisation_id]),
        **ALL_200,
    ),
    Row("places:organisation", lambda w: "/organisations/999999/", **ALL_404),
    Row("places:region", lambda w: reverse("places:region", args=["BE35"]), **ALL_200),
    Row("places:region", lambda w: reverse("places:region", args=["IE05"]), **ALL_200),
    Row("places:region", lambda w: reverse("places:region", args=["IE"]), **ALL_200),
    # Only the pending transfer names Hauts-de-France: it is not public.
    Row("places:region", lambda w: reverse("places:region", args=["FRE1"]), **ALL_404),
    Row("places:region", lambda w: reverse("places:region", args=["be35"]), **ALL_404),
]
