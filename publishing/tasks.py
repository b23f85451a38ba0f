from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from .models import PracticeTransition


@task(queue_name="mail")
def send_review_decision(transition_id: int, practice_url: str) -> None:
    """Tell the author that an expert published their practice or wants changes."""
    transition = (
        PracticeTransition.objects.select_related("practice__author", "by")
        .filter(pk=transition_id)
        .first()
    )
    # The author may have deleted their account since the decision.
    if transition is None or transition.practice.author is None:
        return
    context = {"transition": transition, "practice_url": practice_url}
    with translation.override(transition.practice.author.language):
        subject = render_to_string("publishing/email/decision_subject.txt", context)
        body = render_to_string("publishing/email/decision_body.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body,
        None,
        [transition.practice.author.email],
    )
