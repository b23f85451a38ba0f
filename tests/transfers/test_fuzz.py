"""The transfer forms, fuzzed as the people who may use them: never a 5xx."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given

from accounts.models import User
from tests.test_fuzz import FUZZ, params_for
from transfers.models import Interest, Transfer

pytestmark = pytest.mark.django_db

SLUG = "wallonia-european-creative-district"
RECORD_FIELDS = [
    "organisation",
    "organisation_name",
    "country",
    "region",
    "nuts_code",
    "stage",
    "stopped_reason",
    "start_date",
    "adaptations",
    "results",
    "is_contactable",
]


def targets():
    """(who posts, URL, fields): each form as someone it is meant for."""
    pending = Transfer.objects.get(nuts_code="FRE1")  # recorded by the reader
    confirmed = Transfer.objects.get(nuts_code="IE05")
    interest = Interest.objects.get()
    return [
        ("reader", reverse("transfers:record", args=[SLUG]), RECORD_FIELDS),
        ("reader", reverse("transfers:stage", args=[pending.pk]), ["stage", "note"]),
        (
            "author",
            reverse("transfers:decide", args=[pending.pk]),
            ["decision", "reason"],
        ),
        (
            "reader",
            reverse("transfers:consider", args=[SLUG]),
            ["note", "is_visible_to_peers", "withdraw"],
        ),
        ("author", reverse("transfers:write", args=[interest.pk]), ["subject", "body"]),
        (
            "reader",
            reverse("transfers:contact", args=[confirmed.pk]),
            ["subject", "body"],
        ),
    ]


@pytest.mark.parametrize("index", range(6))
def test_transfer_forms_take_any_input(demo, index):
    who, url, fields = targets()[index]
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email=f"{who}@example.org"))

    @FUZZ
    @given(data=params_for(fields))
    def check(data):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)

    check()


@pytest.mark.parametrize(
    "url",
    [
        f"/transfers/practice/{SLUG}/record/",
        f"/transfers/practice/{SLUG}/consider/",
        f"/transfers/practice/{SLUG}/dashboard/",
    ],
)
def test_transfer_pages_take_any_query(demo, url):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email="author@example.org"))

    @FUZZ
    @given(params=params_for(["page", "stage"]))
    def check(params):
        assert client.get(url, params).status_code < 500, (url, params)

    check()
