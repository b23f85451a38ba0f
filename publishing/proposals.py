"""The author's and staff's actions on a proposed edit of a published practice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices.models import Practice

from .lifecycle import TransitionNotAllowed, revision_transition
from .models import PracticeRevision
from .steps import LAST_STEP
from .views import NO_LONGER_FITS, editable_practice, verified_required

R = PracticeRevision.State


@require_POST
@verified_required
def proposal_withdraw(request, pk):
    """Let the author (or staff) discard the proposed edit of a published practice."""
    practice = editable_practice(request, pk)
    proposal = get_object_or_404(practice.revisions.open())
    try:
        revision_transition(revision=proposal, to=R.WITHDRAWN, by=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your proposed changes are discarded."))
    return redirect("publishing:step", pk=practice.pk, number=LAST_STEP)


@require_POST
@login_required
def proposal_publish_minor(request, pk):
    """Let staff publish a proposed edit at once, as a minor correction."""
    if not request.user.is_staff:
        raise PermissionDenied
    practice = get_object_or_404(Practice, pk=pk)
    proposal = get_object_or_404(practice.revisions.open())
    try:
        revision_transition(
            revision=proposal, to=R.PUBLISHED, by=request.user, minor=True
        )
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("publishing:step", pk=practice.pk, number=LAST_STEP)
    except (ValidationError, IntegrityError):
        messages.error(request, NO_LONGER_FITS)
        return redirect("publishing:step", pk=practice.pk, number=LAST_STEP)
    messages.success(request, _("The correction is published."))
    return redirect(practice)
