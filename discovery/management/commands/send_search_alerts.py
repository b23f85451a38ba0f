from django.core.management.base import BaseCommand

from discovery.services import search_alerts_deliver, users_with_pending_alerts
from following.models import Frequency


class Command(BaseCommand):
    help = (
        "E-mail saved-search alerts: --weekly sends each weekly digest (run it "
        "once a week); without it, resends at-once alerts a failed task left."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weekly", action="store_true")

    def handle(self, *args, weekly=False, **options):
        frequency = Frequency.WEEKLY if weekly else Frequency.IMMEDIATELY
        sent = failed = 0
        for user_id in users_with_pending_alerts(frequency):
            try:
                sent += bool(
                    search_alerts_deliver(
                        user_id=user_id, frequency=frequency, digest=weekly
                    )
                )
            except Exception as error:  # noqa: BLE001  one failure must not stop the rest
                failed += 1
                self.stderr.write(f"user {user_id}: {error!r} (kept for the next run)")
        self.stdout.write(f"alert e-mails sent: {sent}, failed: {failed}")
