"""Writes that touch a practice and its history together."""

import datetime
import difflib
import json
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

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


def practice_snapshot(practice: Practice, parts: list | None = None) -> dict:
    """Return the practice's content and parts as JSON-ready data.

    ``parts`` limits the parts read (and "topics") to those named, for a page
    that shows only some of them.
    """
    data = {name: _json_value(getattr(practice, name)) for name in CONTENT_FIELDS}
    # The text: the original under its own name ("title"), a translation under
    # its column's ("title_fr"); see practices/languages.py. The parts' rows
    # alike, with a translation only where there is one.
    data.update(practice.text_in(practice.language))
    for code in practice.translation_languages:
        for name, text in practice.text_in(code).items():
            data[column(name, code)] = text
    if parts is None or "topics" in parts:
        data["topics"] = sorted(practice.topics.values_list("pk", flat=True))
    for related_name, (_model, fields) in PARTS.items():
        if parts is not None and related_name not in parts:
            continue
        data[related_name] = [
            _part_row(part, fields, practice)
            for part in _ordered_parts(practice, related_name)
        ]
    return data


def _ordered_parts(practice, related_name):
    """The practice's parts of ``related_name``, in the order snapshots keep."""
    parts = getattr(practice, related_name)
    # Items by section first: a section's rows are edited together.
    order = ["section"] if related_name == "items" else []
    return parts.order_by(*order, "order", "pk")


def _part_row(part, fields, practice):
    """Return a part as a snapshot row: its original, and its translations."""
    text_fields = getattr(part, "TEXT_FIELDS", ())
    row = {
        name: _json_value(
            part.text_in(practice.language)[name]
            if name in text_fields
            else getattr(part, name)
        )
        for name in fields
    }
    if not text_fields:
        return row
    for code in practice.translation_languages:
        row.update(
            {
                column(name, code): text
                for name, text in part.text_in(code).items()
                if text
            }
        )
    return row


def practice_apply_snapshot(*, practice: Practice, snapshot: dict) -> None:
    """Write ``snapshot``'s content and parts to the practice's live rows."""
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
        # The rows' own text goes to the columns of the practice's language.
        with override(practice.language):
            model.objects.bulk_create(
                _part_from_row(model, fields, row, practice)
                for row in snapshot.get(related_name, [])
            )
    Practice.objects.filter(pk=practice.pk).refresh_search_after_commit()


def _part_from_row(model, fields, row, practice):
    """An unsaved part holding a snapshot row (call with the practice's language on)."""
    part = model(practice=practice, **{name: row.get(name) for name in fields})
    for name in getattr(model, "TEXT_FIELDS", ()):
        for code in practice.translation_languages:
            setattr(part, column(name, code), row.get(column(name, code)) or None)
    return part


def practice_current_revision(*, practice: Practice, by=None) -> PracticeRevision:
    """Return the published revision holding the practice's live content.

    Record one when the live content has none yet (a first review, or a
    practice published before revisions were kept): an opinion always points
    at the version it judged.
    """
    live = practice_snapshot(practice)
    latest = practice.revisions.published().order_by("-decided_at", "-pk").first()
    if latest is not None and latest.snapshot == live:
        return latest
    return PracticeRevision.objects.create(
        practice=practice,
        snapshot=live,
        by=by,
        state=PracticeRevision.State.PUBLISHED,
        comment=_("Version reviewed by an expert"),
    )


@transaction.atomic
def practice_propose(
    *, practice: Practice, snapshot: dict, by
) -> PracticeRevision | None:
    """Keep ``snapshot`` as the practice's proposed content, waiting for review.

    The live rows do not change. A proposal back to the live content is
    withdrawn: there is nothing left to review. Return the open proposal, if any.
    """
    live = practice_snapshot(practice)
    proposal = practice.revisions.open().select_for_update().first()
    if snapshot == live:
        if proposal is not None:
            proposal.state = PracticeRevision.State.WITHDRAWN
            proposal.save(update_fields=["state"])
        return None
    if proposal is None:
        proposal = PracticeRevision(practice=practice)
    proposal.snapshot = snapshot
    proposal.based_on = live
    proposal.by = by
    proposal.state = PracticeRevision.State.PENDING
    proposal.full_clean(exclude=["practice"])
    proposal.save()
    return proposal


@transaction.atomic
def revision_apply(*, revision: PracticeRevision, by, minor: bool) -> None:
    """Make a proposal the live content, and keep it as the published revision.

    Followers hear of it (once) unless it is a minor correction.
    """
    practice = revision.practice
    if not practice.revisions.published().exists():
        # Keep the version from before the first edit, so staff can go back to it.
        PracticeRevision.objects.create(
            practice=practice,
            snapshot=practice_snapshot(practice),
            state=PracticeRevision.State.PUBLISHED,
            decided_at=practice.published_at,
            comment=_("Before the first edit"),
        )
    practice_apply_snapshot(practice=practice, snapshot=revision.snapshot)
    revision.snapshot = practice_snapshot(practice)
    revision.state = PracticeRevision.State.PUBLISHED
    revision.is_minor = minor
    revision.decided_by = by
    revision.decided_at = None  # set to now on save
    if minor and not revision.comment:
        revision.comment = _("Minor correction")
    revision.save()
    if not minor and practice.is_published:
        practice_changed.send(sender=Practice, practice=practice, kind="updated")


@transaction.atomic
def practice_restore(*, revision: PracticeRevision, by) -> PracticeRevision:
    """Put the practice back as it was in ``revision``; record that as a revision."""
    practice = revision.practice
    practice_apply_snapshot(practice=practice, snapshot=revision.snapshot)
    restored = PracticeRevision.objects.create(
        practice=practice,
        snapshot=practice_snapshot(practice),
        by=by,
        decided_by=by,
        comment=revision.restore_comment(),
    )
    if practice.is_published:
        practice_changed.send(sender=Practice, practice=practice, kind="updated")
    return restored


def revision_diff(older: PracticeRevision, newer: PracticeRevision) -> list[str]:
    """Return a unified diff of two revisions' snapshots, one line per item."""
    return snapshot_diff(
        older.snapshot, newer.snapshot, older=str(older.at), newer=str(newer.at)
    )


def proposal_diff(proposal: PracticeRevision) -> list[str]:
    """Return what a proposal changes in the live content it was made against."""
    return snapshot_diff(
        proposal.based_on or {},
        proposal.snapshot,
        older=_("Published version"),
        newer=_("Proposed version"),
    )


def snapshot_diff(before: dict, after: dict, *, older: str, newer: str) -> list[str]:
    """Return a unified diff of two snapshots, labelled ``older`` and ``newer``."""

    def lines(snapshot):
        return json.dumps(
            snapshot, indent=2, sort_keys=True, ensure_ascii=False
        ).splitlines()

    return list(
        difflib.unified_diff(
            lines(before), lines(after), fromfile=older, tofile=newer, lineterm=""
        )
    )


@transaction.atomic
def opinion_save(
    *,
    practice: Practice,
    expert,
    text: str,
    judged: PracticeRevision | None = None,
    announce: bool = True,
) -> ExpertOpinion:
    """Write or edit the expert's opinion, keeping any earlier text.

    Raise PermissionDenied unless ``expert`` is one for this practice: nobody
    judges their own practice. The opinion records the version it judged:
    ``judged``, or else the live one. Followers hear of it unless ``announce``
    is false (the edit it judged is announced instead).
    """
    if "expert" not in practice.roles_of(expert):
        raise PermissionDenied(_("You may not give an opinion on this practice."))
    judged = judged or practice_current_revision(practice=practice)
    opinion = (
        ExpertOpinion.objects.select_for_update()
        .filter(practice=practice, expert=expert)
        .first()
    )
    if opinion is None:
        opinion = ExpertOpinion(practice=practice, expert=expert, text=text)
    elif opinion.text == text:
        if opinion.judged_revision_id != judged.pk:
            # Confirming the same text on a newer version judges that version.
            opinion.judged_revision = judged
            opinion.save(update_fields=["judged_revision", "updated_at"])
        return opinion
    else:
        ExpertOpinionRevision.objects.create(
            opinion=opinion, text=opinion.text, edited_by=expert
        )
        opinion.text = text
    opinion.judged_revision = judged
    opinion.full_clean()
    opinion.save()
    if announce and practice.is_published:
        # The opinion names the change: each opinion, and each edit, is news.
        practice_changed.send(
            sender=Practice, practice=practice, kind="opinion", opinion=opinion
        )
    return opinion
