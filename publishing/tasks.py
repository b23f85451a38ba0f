from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from pages.identity import email_subject_prefix
from wecd_portal.links import absolute_url

from .models import PracticeRevision, PracticeTransition
from .steps import LAST_STEP


@task(queue_name="mail")
def send_review_decision(transition_id: int) -> None:
    """Tell the author, in their language, what an expert decided on their practice.

    The link opens the practice page (or the wizard) in that language too.
    """
    transition = (
        PracticeTransition.objects.select_related("practice__author", "by")
        .filter(pk=transition_id)
        .first()
    )
    # The author may have deleted their account since the decision.
    if transition is None or transition.practice.author is None:
        return
    send_decision(transition.practice, {"transition": transition})


@task(queue_name="mail")
def send_revision_decision(revision_id: int) -> None:
    """Tell the author what an expert decided on the changes to their practice.

    The same mail as for a first review; it says it is about their changes.
    """
    revision = (
        PracticeRevision.objects.select_related("practice__author", "decided_by")
        .filter(pk=revision_id)
        .first()
    )
    if revision is None or revision.practice.author is None:
        return
    # Shaped like a status change, for the same templates.
    transition = {
        "practice": revision.practice,
        "to_status": revision.state,
        "comment": revision.decision_comment,
        "by": revision.decided_by,
    }
    send_decision(
        revision.practice,
        {"transition": transition, "is_revision": True},
        published=revision.state == PracticeRevision.State.PUBLISHED,
    )


def send_decision(practice, context, published=None):
    """Mail the author the decision in ``context``, with a link to what to do next."""
    published = practice.is_published if published is None else published
    with translation.override(practice.author.language):
        path = (
            practice.get_absolute_url()
            if published
            else reverse(
                "publishing:step", kwargs={"pk": practice.pk, "number": LAST_STEP}
            )
        )
        context = {**context, "practice_url": absolute_url(path)}
        subject = render_to_string("publishing/email/decision_subject.txt", context)
        body = render_to_string("publishing/email/decision_body.txt", context)
    send_mail(
        email_subject_prefix(practice.author.language) + " ".join(subject.split()),
        body,
        None,
        [practice.author.email],
    )
