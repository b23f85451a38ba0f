"""Delete personal data kept longer than the privacy page promises."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Delete data older than the retention periods of settings.RETENTION_DAYS "
        "(run it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted; delete nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        # Each app that keeps personal data declares what has expired through an
        # `expired_data(now, retention_days)` method on its AppConfig, returning
        # {label: queryset}; this command stays ignorant of their models.
        for config in apps.get_app_configs():
            expired_data = getattr(config, "expired_data", None)
            if expired_data is None:
                continue
            for label, queryset in expired_data(now, settings.RETENTION_DAYS).items():
                count = queryset.count() if dry_run else queryset.delete()[0]
                self.stdout.write(f"{label}: {count}")
        if not dry_run:
            engine = import_module(settings.SESSION_ENGINE)
            engine.SessionStore.clear_expired()
            self.stdout.write("expired sessions: cleared")
