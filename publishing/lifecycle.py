"""The practice life cycle: who may move a practice from one status to another."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practices.models import Practice
from practices.signals import practice_changed

from .models import PracticeRevision, PracticeTransition
from .services import revision_apply


class TransitionNotAllowed(Exception):
    """A status change the practice's life cycle or the user's role forbids."""


_S = Practice.Status
# Who may take each step of the life cycle; any pair not listed is refused.
TRANSITIONS = {
    (_S.DRAFT, _S.IN_REVIEW): {"author", "staff"},
    (_S.IN_REVIEW, _S.DRAFT): {"author", "staff"},
    (_S.CHANGES_REQUESTED, _S.IN_REVIEW): {"author", "staff"},
    (_S.IN_REVIEW, _S.PUBLISHED): {"expert", "staff"},
    (_S.IN_REVIEW, _S.CHANGES_REQUESTED): {"expert", "staff"},
    (_S.PUBLISHED, _S.ARCHIVED): {"staff"},
    (_S.ARCHIVED, _S.PUBLISHED): {"staff"},
    (_S.DRAFT, _S.ARCHIVED): {"staff"},
    (_S.CHANGES_REQUESTED, _S.ARCHIVED): {"staff"},
    (_S.ARCHIVED, _S.DRAFT): {"staff"},
}


def _refusal(practice: Practice, to: Practice.Status, by, comment: str) -> str | None:
    """Return why ``by`` may not move ``practice`` to ``to``, or None if they may."""
    names = {"from": practice.get_status_display(), "to": to.label}
    allowed = TRANSITIONS.get((practice.status, to))
    if allowed is None:
        return _("A practice cannot go from “%(from)s” to “%(to)s”.") % names
    roles = practice.roles_of(by)
    if not allowed & roles:
        return _("You may not move this practice from “%(from)s” to “%(to)s”.") % names
    if to == _S.CHANGES_REQUESTED and not comment.strip():
        return _("Say which changes you request.")
    if to == _S.IN_REVIEW and (missing := practice.missing_for_submission()):
        return _("Complete the practice before submitting it: %(missing)s.") % {
            "missing": ", ".join(missing)
        }
    if (
        to == _S.PUBLISHED
        and practice.status == _S.IN_REVIEW
        and "staff" not in roles
        and not practice.opinions.filter(expert=by).exists()
    ):
        return _("Give your expert opinion to publish.")
    return None


@transaction.atomic
def practice_transition(
    *, practice: Practice, to: str, by, comment: str = ""
) -> PracticeTransition:
    """Move ``practice`` to status ``to`` on behalf of ``by`` and record it.

    Raise TransitionNotAllowed, with a message for the user, when the life
    cycle has no such step or ``by`` may not take it.
    """
    to = Practice.Status(to)
    if (refusal := _refusal(practice, to, by, comment)) is not None:
        raise TransitionNotAllowed(refusal)
    from_status = practice.status
    practice.status = to
    if to == _S.PUBLISHED and practice.published_at is None:
        practice.published_at = timezone.now()
    practice.save(update_fields=["status", "published_at", "updated_at"])
    record = PracticeTransition.objects.create(
        practice=practice, from_status=from_status, to_status=to, by=by, comment=comment
    )
    if to == _S.PUBLISHED:
        practice_changed.send(sender=Practice, practice=practice, kind="published")
    return record


_R = PracticeRevision.State
# The life cycle of a proposed edit of a published practice: the same roles
# decide as for a first review. Staff may also publish an open proposal directly
# as a minor correction.
REVISION_TRANSITIONS = {
    (_R.PENDING, _R.PUBLISHED): {"expert", "staff"},
    (_R.PENDING, _R.CHANGES_REQUESTED): {"expert", "staff"},
    (_R.CHANGES_REQUESTED, _R.PUBLISHED): {"staff"},
    (_R.PENDING, _R.WITHDRAWN): {"author", "staff"},
    (_R.CHANGES_REQUESTED, _R.WITHDRAWN): {"author", "staff"},
}


def _revision_refusal(revision, to, by, comment: str, minor: bool) -> str | None:
    """Return why ``by`` may not move the proposal to ``to``, or None if they may."""
    names = {"from": revision.get_state_display(), "to": to.label}
    practice = revision.practice
    allowed = REVISION_TRANSITIONS.get((revision.state, to))
    if allowed is None or not practice.is_published:
        return _("These changes cannot go from “%(from)s” to “%(to)s”.") % names
    roles = practice.roles_of(by)
    if minor and "staff" not in roles:
        return _("Only staff may publish a minor correction.")
    reviewed_again = revision.state == _R.CHANGES_REQUESTED and to == _R.PUBLISHED
    if not allowed & roles or (reviewed_again and not minor):
        return _("You may not move these changes from “%(from)s” to “%(to)s”.") % names
    if to == _R.CHANGES_REQUESTED and not comment.strip():
        return _("Say which changes you request.")
    if (
        to == _R.PUBLISHED
        and "staff" not in roles
        and not practice.opinions.filter(expert=by, judged_revision=revision).exists()
    ):
        return _("Give your expert opinion to publish.")
    return None


@transaction.atomic
def revision_transition(
    *, revision: PracticeRevision, to: str, by, comment: str = "", minor: bool = False
) -> PracticeRevision:
    """Publish, send back or withdraw a proposed edit of a published practice.

    Publishing applies the proposal to the live practice (``revision_apply``).
    Raise TransitionNotAllowed, with a message for the user, as
    ``practice_transition`` does.
    """
    to = PracticeRevision.State(to)
    revision = (
        PracticeRevision.objects.select_for_update()
        .select_related("practice")
        .get(pk=revision.pk)
    )
    if (refusal := _revision_refusal(revision, to, by, comment, minor)) is not None:
        raise TransitionNotAllowed(refusal)
    if to == _R.PUBLISHED:
        revision_apply(revision=revision, by=by, minor=minor)
        return revision
    revision.state = to
    if to == _R.CHANGES_REQUESTED:
        revision.decided_by = by
        revision.decided_at = timezone.now()
        revision.decision_comment = comment
    revision.save()
    return revision
