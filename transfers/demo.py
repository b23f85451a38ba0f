"""Demo transfers of the WECD practice, loaded by ``manage.py load_demo``."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from practices.models import Organisation

from .models import Interest, Stage, StageChange, Transfer

DEMO_TRANSFERS = [
    {
        "recorded_by": "ronan.gingles@example.org",
        # A listed organisation: its page shows the transfer it made.
        "listed": Organisation.Kind.PUBLIC_AUTHORITY,
        "organisation_name": "Cork City Council",
        "country": "IE",
        "region": "Southern Region",
        "nuts_code": "IE05",
        "start_date": datetime.date(2021, 9, 1),
        "is_contactable": True,
        "status": Transfer.Status.CONFIRMED,
        "adaptations": (
            "We kept the cross-sector steering group and the creative vouchers, "
            "but ran them at city level with two universities instead of a "
            "regional agency."
        ),
        "results": (
            "64 creative vouchers in two years; a maker space opened in the "
            "docklands with 30 resident firms."
        ),
        "stages": [
            (Stage.EXPLORING, 0),
            (Stage.ADAPTING, 150),
            (Stage.IMPLEMENTED, 600),
        ],
    },
    {
        "recorded_by": "angelina.todorova@example.org",
        "organisation_name": "Plovdiv Creative Industries Cluster",
        "country": "BG",
        "region": "Yuzhen tsentralen",
        "nuts_code": "BG42",
        "start_date": datetime.date(2023, 3, 1),
        "is_contactable": False,
        "status": Transfer.Status.CONFIRMED,
        "adaptations": (
            "The financial instruments are smaller and run through an existing "
            "regional fund; the design-thinking training comes first."
        ),
        "results": "First call for creative-crossover projects launched in 2024.",
        "stages": [(Stage.EXPLORING, 0), (Stage.ADAPTING, 200)],
    },
    {
        "recorded_by": "reader@example.org",
        "organisation_name": "Région Hauts-de-France",
        "country": "FR",
        "region": "Hauts-de-France",
        "nuts_code": "FRE1",
        "start_date": datetime.date(2025, 1, 1),
        "is_contactable": True,
        "status": Transfer.Status.PENDING,
        "adaptations": "",
        "results": "",
        "stages": [(Stage.EXPLORING, 0)],
    },
]


def load_demo_transfers(practice):
    """Create the demo transfers and one member considering the practice."""
    users = {user.email: user for user in get_user_model().objects.all()}
    author = practice.author
    for data in DEMO_TRANSFERS:
        data = dict(data)
        stages = data.pop("stages")
        recorder = users.get(data.pop("recorded_by"))
        kind = data.pop("listed", None)
        if kind is not None:
            data["organisation"], _ = Organisation.objects.get_or_create(
                name=data.pop("organisation_name"),
                defaults={"kind": kind, "country": data["country"]},
            )
        status = data["status"]
        started = timezone.make_aware(
            datetime.datetime.combine(data["start_date"], datetime.time(9))
        )
        transfer = Transfer(
            practice=practice,
            recorded_by=recorder,
            stage=stages[-1][0],
            is_demo=True,
            decided_by=author if status == Transfer.Status.CONFIRMED else None,
            decided_at=started + datetime.timedelta(days=30)
            if status == Transfer.Status.CONFIRMED
            else None,
            **data,
        )
        transfer.full_clean()
        transfer.save()
        for stage, days in stages:
            change = StageChange.objects.create(
                transfer=transfer, stage=stage, changed_by=recorder
            )
            StageChange.objects.filter(pk=change.pk).update(
                changed_at=started + datetime.timedelta(days=days)
            )
    ronan = users.get("ronan.gingles@example.org")
    if ronan is not None:
        Interest.objects.create(
            practice=practice,
            user=ronan,
            note="Cork would like to extend the vouchers to the whole county.",
            is_visible_to_peers=True,
        )
