"""Writing transfers and interests: every change dated, the right people told."""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from following.models import Notice
from following.tasks import send_immediate_notices
from practices.signals import practice_changed

from .models import Interest, Stage, StageChange, Transfer


def is_verified(user):
    """Return True if the user confirmed their e-mail address (as follow/contact)."""
    return (
        user.is_authenticated and user.emailaddress_set.filter(verified=True).exists()
    )


def record_refusal(user, practice):
    """Why ``user`` may not record a transfer of ``practice``, or None."""
    if practice.author_id is not None and practice.author_id == user.pk:
        return _("This is your practice: transfers are recorded by other regions.")
    if not is_verified(user):
        return _("Please verify your e-mail address before recording a transfer.")
    return None


def may_decide(user, transfer):
    """Return True if the user may confirm or decline the transfer."""
    if not user.is_authenticated or transfer.recorded_by_id == user.pk:
        return False
    roles = transfer.practice.roles_of(user)
    return bool(roles & {"author", "expert", "staff"})


def _tell_author(transfer):
    """Leave the practice's author a notice (and e-mail) about a new transfer."""
    author_id = transfer.practice.author_id
    if author_id is None:
        return
    Notice.objects.get_or_create(
        user_id=author_id,
        practice=transfer.practice,
        change_key=f"transfer:{transfer.pk}:recorded",
        defaults={"kind": Notice.Kind.TRANSFER_RECORDED},
    )
    transaction.on_commit(partial(send_immediate_notices.enqueue, author_id))


def _tell_followers(transfer, kind):
    # The key names the event: each reaches each follower once, however often
    # a transfer goes back and forth between stages.
    practice_changed.send(
        sender=Transfer,
        practice=transfer.practice,
        kind=kind,
        change_key=f"transfer:{transfer.pk}:{kind}",
    )


def transfer_record(*, transfer: Transfer, user) -> Transfer:
    """Save a new transfer recorded by ``user`` and ask the author to confirm it."""
    transfer.recorded_by = user
    transfer.status = Transfer.Status.PENDING
    transfer.full_clean()
    with transaction.atomic():
        transfer.save()
        StageChange.objects.create(
            transfer=transfer,
            stage=transfer.stage,
            note=transfer.stopped_reason,
            changed_by=user,
        )
        _tell_author(transfer)
    return transfer


def transfer_decide(*, transfer: Transfer, user, confirm: bool, reason: str = ""):
    """Confirm or decline a pending transfer."""
    if not may_decide(user, transfer):
        raise PermissionDenied
    if not transfer.is_pending:
        raise ValidationError(_("This transfer was already confirmed or declined."))
    transfer.status = Transfer.Status.CONFIRMED if confirm else Transfer.Status.DECLINED
    transfer.decline_reason = "" if confirm else reason.strip()
    transfer.decided_by = user
    transfer.decided_at = timezone.now()
    transfer.full_clean()
    with transaction.atomic():
        transfer.save()
        if confirm:
            _tell_followers(transfer, Notice.Kind.TRANSFER_CONFIRMED)
            if transfer.stage == Stage.IMPLEMENTED:
                _tell_followers(transfer, Notice.Kind.TRANSFER_IMPLEMENTED)
    return transfer


def transfer_change_stage(
    *, transfer: Transfer, user, stage: str, note: str = "", results=None
) -> Transfer:
    """Move the transfer to ``stage``, dated in its history."""
    if transfer.recorded_by_id != user.pk and not user.is_staff:
        raise PermissionDenied
    if transfer.status == Transfer.Status.DECLINED:
        raise ValidationError(_("A declined transfer no longer changes."))
    transfer.stage = stage
    transfer.stopped_reason = note.strip() if stage == Stage.STOPPED else ""
    if results is not None:
        transfer.results = results
    transfer.full_clean()
    with transaction.atomic():
        transfer.save()
        StageChange.objects.create(
            transfer=transfer, stage=stage, note=note.strip(), changed_by=user
        )
        if transfer.is_confirmed and stage == Stage.IMPLEMENTED:
            _tell_followers(transfer, Notice.Kind.TRANSFER_IMPLEMENTED)
    return transfer


def interest_save(*, interest: Interest) -> Interest:
    interest.full_clean(validate_unique=False)
    interest.save()
    return interest
