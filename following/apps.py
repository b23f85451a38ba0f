import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    name = "following"
    verbose_name = _("Following and notices")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receiver)

    def personal_data(self, user):
        """Notices and preferences (the follows themselves are the practices app's)."""
        from .models import Notice, NotificationPreference

        preference = NotificationPreference.objects.filter(user=user).first()
        return {
            "notices": [
                {
                    "practice": notice.practice.title,
                    "kind": notice.kind,
                    "about": notice.about,
                    "created_at": notice.created_at.isoformat(),
                    "emailed_at": notice.emailed_at.isoformat()
                    if notice.emailed_at
                    else None,
                }
                for notice in Notice.objects.filter(user=user).select_related(
                    "practice"
                )
            ],
            "notification_preference": {
                "frequency": preference.frequency if preference else "immediately",
            },
        }

    def expired_data(self, now, retention_days):
        """Notices e-mailed longer ago than the log retention period.

        Notices never e-mailed (their reader chose no e-mail) go after the
        messages' retention period, so the dashboard keeps a useful history.
        """
        from .models import Notice

        logs = now - datetime.timedelta(days=retention_days["logs"])
        messages = now - datetime.timedelta(days=retention_days["messages"])
        return {
            "delivered notices": Notice.objects.filter(emailed_at__lt=logs),
            "old unsent notices": Notice.objects.filter(
                emailed_at__isnull=True, created_at__lt=messages
            ),
        }
