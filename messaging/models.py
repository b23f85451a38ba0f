import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from pages.identity import email_subject_prefix
from practices.validators import single_line

# A failed delivery is tried again after these delays, then by the retry command,
# up to MAX_DELIVERY_ATTEMPTS tries in all; then the message is FAILED, and its
# sender sees it on their "sent" list.
MAX_DELIVERY_ATTEMPTS = 8
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=10),
    datetime.timedelta(hours=1),
]


class MessageQuerySet(models.QuerySet):
    def sent_by(self, user):
        return self.filter(sender=user)

    def received_by(self, user):
        return self.filter(recipient=user)

    def visible_to(self, user):
        return self.filter(Q(sender=user) | Q(recipient=user))

    def due_for_delivery(self, now=None):
        """Messages not yet delivered, whose next attempt is due."""
        now = now or timezone.now()
        return self.filter(status=Message.Status.PENDING, next_attempt_at__lte=now)

    def count_since(self, user, since):
        return self.filter(sender=user, created_at__gte=since).count()


class Message(models.Model):
    """A reader's message to a practice's author: saved first, e-mailed after."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be delivered")
        SENT = "sent", _("Delivered")
        FAILED = "failed", _("Could not be delivered")

    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name=_("practice"),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="sent_messages",
        verbose_name=_("sender"),
    )
    # Copied when the message is written; blanked when the sender deletes their
    # account, so that the text stays with the author but the person does not.
    sender_name = models.CharField(_("sender's name"), max_length=150, blank=True)
    sender_email = models.EmailField(_("sender's e-mail address"), blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="received_messages",
        verbose_name=_("recipient"),
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    status = models.CharField(
        _("delivery"), max_length=10, choices=Status, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["sender", "-created_at"]),
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="message_sent_has_date",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("messaging:detail", kwargs={"pk": self.pk})

    @property
    def is_delivered(self):
        return self.status == self.Status.SENT

    def as_email(self):
        context = {"message": self, "practice": self.practice}
        with translation.override(self.recipient.language):
            body = render_to_string("messaging/email/message.txt", context)
        return EmailMessage(
            subject=(
                email_subject_prefix(self.recipient.language)
                + single_line(self.subject)
            ),
            body=body,
            to=[self.recipient.email],
            reply_to=[self.sender_email] if self.sender_email else None,
        )

    def deliver(self):
        """E-mail the message unless another worker already did; True if sent.

        The row is locked for the attempt, so two workers never send it twice.
        """
        with transaction.atomic():
            message = (
                # Lock only the message row: PostgreSQL refuses FOR UPDATE on the
                # nullable side of the outer joins that select_related makes.
                Message.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("practice", "recipient")
                .filter(pk=self.pk, status=self.Status.PENDING)
                .first()
            )
            if message is None:
                return False
            message.attempts += 1
            if message.recipient is None:
                message.failed("The practice has no author to deliver to.")
                return False
            try:
                message.as_email().send()
            except Exception as error:  # noqa: BLE001 - any mail failure is retried
                message.failed(f"{type(error).__name__}: {error}")
                return False
            message.status = self.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save()
        self.refresh_from_db()
        return True

    def failed(self, error):
        """Record a failed attempt: try again later, or give up after the last."""
        self.last_error = error[:500]
        if self.attempts >= MAX_DELIVERY_ATTEMPTS:
            self.status = self.Status.FAILED
        else:
            delay = RETRY_DELAYS[min(self.attempts, len(RETRY_DELAYS)) - 1]
            self.next_attempt_at = timezone.now() + delay
        self.save()

    def anonymise_sender(self):
        self.sender_name = ""
        self.sender_email = ""
