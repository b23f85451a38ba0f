from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from pages.identity import email_subject_prefix
from wecd_portal.links import absolute_url

from .models import PracticeTransition
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
    practice = transition.practice
    with translation.override(practice.author.language):
        path = (
            practice.get_absolute_url()
            if practice.is_published
            else reverse(
                "publishing:step", kwargs={"pk": practice.pk, "number": LAST_STEP}
            )
        )
        context = {
            "transition": transition,
            "practice_url": absolute_url(path),
        }
        subject = render_to_string("publishing/email/decision_subject.txt", context)
        body = render_to_string("publishing/email/decision_body.txt", context)
    send_mail(
        email_subject_prefix(practice.author.language) + " ".join(subject.split()),
        body,
        None,
        [transition.practice.author.email],
    )
