import datetime

from django.apps import AppConfig
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

        messages = self.get_model("Message").objects.select_related("practice")
        return {
            "sent": [describe(m) for m in messages.sent_by(user)],
            "received": [
                {**describe(m), "from": m.sender_name}
                for m in messages.received_by(user)
            ],
        }

    def expired_data(self, now, retention_days):
        Message = self.get_model("Message")
        cutoff = now - datetime.timedelta(days=retention_days["messages"])
        return {
            "messages": Message.objects.filter(created_at__lt=cutoff),
        }
