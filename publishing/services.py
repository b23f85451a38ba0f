"""Writes that touch a practice and its history together."""

import datetime
import difflib
import json
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from evidence.models import Indicator
from practices.languages import PRACTICE_TEXT_FIELDS, column, content_languages
from practices.models import (
    ActionAxis,
    ExpertOpinion,
    FundingSource,
    Partnership,
    Practice,
    PracticeItem,
)
from practices.signals import practice_changed

from .models import ExpertOpinionRevision, PracticeRevision

# The practice's own fields a revision keeps (status and dates are history, not
# content, so restoring a revision never publishes or unpublishes anything).
CONTENT_FIELDS = [
    "language",
    "main_institution_id",
    "country",
    "region",
    "nuts_code",
    "start_date",
    "end_date",
    "keywords",
    "budget_amount",
    "budget_currency",
    "duration_months",
    "resources_note",
]
# Each part: the related name and the fields that make it up.
PARTS = {
    "partnerships": (Partnership, ["organisation_id", "role", "order"]),
    "axes": (ActionAxis, ["title", "description", "order"]),
    "funding_sources": (FundingSource, ["name", "kind", "order"]),
    "items": (PracticeItem, ["section", "text", "solution", "order"]),
    "indicators": (
        Indicator,
        [
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "achieved_value",
            "achieved_year",
            "source_title",
            "source_url",
            "order",
        ],
    ),
}


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value) if value.__class__.__name__ == "Country" else value


def practice_snapshot(practice: Practice) -> dict:
    """Return the practice's content and parts as JSON-ready data."""
    data = {name: _json_value(getattr(practice, name)) for name in CONTENT_FIELDS}
    # The text: the original under its own name ("title"), a translation under
    # its column's ("title_fr"); see practices/languages.py.
    data.update(practice.text_in(practice.language))
    for code in practice.translation_languages:
        for name, text in practice.text_in(code).items():
            data[column(name, code)] = text
    data["topics"] = sorted(practice.topics.values_list("pk", flat=True))
    for related_name, (_model, fields) in PARTS.items():
        data[related_name] = [
            {name: _json_value(value) for name, value in zip(fields, row, strict=True)}
            for row in getattr(practice, related_name)
            .order_by("order", "pk")
            .values_list(*fields)
        ]
    return data


def practice_record_revision(
    *, practice: Practice, before: dict, by, comment: str = ""
) -> PracticeRevision | None:
    """Record a revision if the content differs from ``before``, and tell followers.

    Only a published practice has followers to tell and a public history worth
    keeping; a draft changes freely until it is published.
    """
    after = practice_snapshot(practice)
    if after == before or not practice.is_published:
        return None
    if not practice.revisions.exists():
        # Keep the version from before the first edit, so staff can go back to it.
        PracticeRevision.objects.create(
            practice=practice, snapshot=before, comment=_("Before the first edit")
        )
    revision = PracticeRevision.objects.create(
        practice=practice, snapshot=after, by=by, comment=comment
    )
    practice_changed.send(sender=Practice, practice=practice, kind="updated")
    return revision


@transaction.atomic
def practice_restore(*, revision: PracticeRevision, by) -> PracticeRevision:
    """Put the practice back as it was in ``revision``; record that as a revision."""
    practice = revision.practice
    snapshot = revision.snapshot
    for name in CONTENT_FIELDS:
        # Revisions from before the languages of content were in English.
        default = "en" if name == "language" else None
        setattr(practice, name, snapshot.get(name, default))
    for field in PRACTICE_TEXT_FIELDS:
        for code in content_languages():
            key = field if code == practice.language else column(field, code)
            setattr(practice, column(field, code), snapshot.get(key) or None)
    # Reload typed values (dates, decimals) from their JSON form.
    practice.full_clean(exclude=["slug", "author", "topics"])
    practice.save()
    practice.topics.set(snapshot.get("topics", []))
    for related_name, (model, fields) in PARTS.items():
        getattr(practice, related_name).all().delete()
        model.objects.bulk_create(
            model(practice=practice, **{name: row.get(name) for name in fields})
            for row in snapshot.get(related_name, [])
        )
    Practice.objects.filter(pk=practice.pk).refresh_search_after_commit()
    restored = PracticeRevision.objects.create(
        practice=practice,
        snapshot=practice_snapshot(practice),
        by=by,
        comment=revision.restore_comment(),
    )
    if practice.is_published:
        practice_changed.send(sender=Practice, practice=practice, kind="updated")
    return restored


def revision_diff(older: PracticeRevision, newer: PracticeRevision) -> list[str]:
    """Return a unified diff of two revisions' snapshots, one line per item."""

    def lines(revision):
        return json.dumps(
            revision.snapshot, indent=2, sort_keys=True, ensure_ascii=False
        ).splitlines()

    return list(
        difflib.unified_diff(
            lines(older),
            lines(newer),
            fromfile=str(older.at),
            tofile=str(newer.at),
            lineterm="",
        )
    )


@transaction.atomic
def opinion_save(*, practice: Practice, expert, text: str) -> ExpertOpinion:
    """Write or edit the expert's opinion, keeping any earlier text.

    Raise PermissionDenied unless ``expert`` is one for this practice: nobody
    judges their own practice.
    """
    if "expert" not in practice.roles_of(expert):
        raise PermissionDenied(_("You may not give an opinion on this practice."))
    opinion = (
        ExpertOpinion.objects.select_for_update()
        .filter(practice=practice, expert=expert)
        .first()
    )
    if opinion is None:
        opinion = ExpertOpinion(practice=practice, expert=expert, text=text)
    elif opinion.text == text:
        return opinion
    else:
        ExpertOpinionRevision.objects.create(
            opinion=opinion, text=opinion.text, edited_by=expert
        )
        opinion.text = text
    opinion.full_clean()
    opinion.save()
    if practice.is_published:
        # The opinion names the change: each opinion, and each edit, is news.
        practice_changed.send(
            sender=Practice, practice=practice, kind="opinion", opinion=opinion
        )
    return opinion
