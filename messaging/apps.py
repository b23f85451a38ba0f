import datetime

from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages to authors")

    def ready(self):
        from . import signals  # noqa: F401

    def personal_data(self, user):
        def describe(message):
            return {
                "practice": message.practice.title,
                "subject": message.subject,
                "body": message.body,
                "written": message.created_at,
                "delivered": message.sent_at,
            }

        # One query for both directions, so the export stays within the
        # portal's query budget for a page.
        messages = list(
            self.get_model("Message")
            .objects.visible_to(user)
            .select_related("practice")
        )
        return {
            "sent": [describe(m) for m in messages if m.sender_id == user.pk],
            "received": [
                {**describe(m), "from": m.sender_name}
                for m in messages
                if m.recipient_id == user.pk
            ],
        }

    def expired_data(self, now, retention_days):
        """Messages kept longer than the privacy page promises.

        A delivered message is kept for the retention period after its delivery;
        one that was never delivered, for the same period after it was written.
        """
        Message = self.get_model("Message")
        cutoff = now - datetime.timedelta(days=retention_days["messages"])
        return {
            "messages": Message.objects.filter(
                Q(sent_at__lt=cutoff) | Q(sent_at__isnull=True, created_at__lt=cutoff)
            ),
        }
