"""Still true? Once a year, the author confirms that a practice still runs.

The reference date of a published practice is when it was last confirmed, else
when it was published. Twelve months after it, the author is asked by e-mail
(``manage.py send_confirmation_requests``, daily) and confirms at
``evidence:confirm``; eighteen months after it, the page says since when the
practice has not been confirmed and staff find it at ``evidence:unconfirmed``.
"""

import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from pages.identity import email_subject_prefix
from practices.models import Practice
from wecd_portal.links import absolute_url

from .models import EvidenceAssessment

ASK_AFTER = datetime.timedelta(days=365)
# Eighteen months.
STALE_AFTER = datetime.timedelta(days=548)


def reference_date(practice):
    """When the practice was last confirmed, else published (None if a draft)."""
    assessment = getattr(practice, "evidence_assessment", None)
    try:
        confirmed = assessment.confirmed_at if assessment else None
    except EvidenceAssessment.DoesNotExist:
        confirmed = None
    return confirmed or practice.published_at


def unconfirmed_since(practice, now=None):
    """Return the reference date if it is 18 months old or more, else None."""
    if not practice.is_published:
        return None
    reference = reference_date(practice)
    now = now or timezone.now()
    if reference is not None and reference <= now - STALE_AFTER:
        return reference
    return None


def with_reference(practices):
    return practices.annotate(
        reference_at=Coalesce("evidence_assessment__confirmed_at", "published_at")
    )


def stale_practices(now=None):
    """The published practices not confirmed for 18 months, the oldest first."""
    now = now or timezone.now()
    return (
        with_reference(Practice.objects.published())
        .filter(reference_at__lte=now - STALE_AFTER)
        .select_related("author", "evidence_assessment")
        .order_by("reference_at", "pk")
    )


def due_practices(now=None):
    """The published practices whose author should be asked now.

    Not confirmed for 12 months, with an author to ask, and not asked since
    the reference date (nor in the last 12 months): one e-mail a year at most.
    """
    now = now or timezone.now()
    cutoff = now - ASK_AFTER
    asked = F("evidence_assessment__confirmation_requested_at")
    return (
        with_reference(Practice.objects.published())
        .filter(
            reference_at__lte=cutoff,
            author__isnull=False,
            author__is_active=True,
        )
        .filter(
            Q(evidence_assessment__confirmation_requested_at__isnull=True)
            | Q(evidence_assessment__confirmation_requested_at__lt=F("reference_at"))
            | Q(evidence_assessment__confirmation_requested_at__lte=cutoff)
        )
        .exclude(author__email="")
        .annotate(asked_at=asked)
        .select_related("author")
        .order_by("pk")
    )


def confirmation_request_send(*, practice):
    """E-mail the author, in their language, the link to confirm the practice."""
    author = practice.author
    with translation.override(author.language):
        context = {
            "practice": practice,
            "confirm_url": absolute_url(
                reverse("evidence:confirm", kwargs={"pk": practice.pk})
            ),
            "practice_url": absolute_url(practice.get_absolute_url()),
        }
        subject = render_to_string("evidence/email/confirm_subject.txt", context)
        body = render_to_string("evidence/email/confirm_body.txt", context)
    send_mail(
        email_subject_prefix(author.language) + " ".join(subject.split()),
        body,
        None,
        [author.email],
    )


def confirmation_requests_send(*, now=None):
    """Ask the author of every due practice once; return (sent, failed).

    Each practice is claimed before its e-mail goes (a second run at the same
    time finds it taken) and released if the e-mail fails, for the next run.
    """
    now = now or timezone.now()
    sent = failed = 0
    for practice in due_practices(now):
        assessment, _created = EvidenceAssessment.objects.get_or_create(
            practice=practice
        )
        with transaction.atomic():
            claimed = EvidenceAssessment.objects.filter(
                Q(confirmation_requested_at__isnull=True)
                | Q(confirmation_requested_at=practice.asked_at),
                pk=assessment.pk,
            ).update(confirmation_requested_at=now)
        if not claimed:
            continue
        try:
            confirmation_request_send(practice=practice)
        except Exception:
            EvidenceAssessment.objects.filter(pk=assessment.pk).update(
                confirmation_requested_at=practice.asked_at
            )
            failed += 1
            continue
        sent += 1
    return sent, failed


def practice_confirm(*, practice, by, note=""):
    """Record that the practice still runs, with what it achieved since."""
    assessment, _created = EvidenceAssessment.objects.get_or_create(practice=practice)
    assessment.confirmed_at = timezone.now()
    assessment.confirmed_by = by
    if note:
        assessment.confirmation_note = note
    assessment.full_clean()
    assessment.save()
    return assessment
