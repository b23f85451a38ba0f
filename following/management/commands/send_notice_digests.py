from django.core.management.base import BaseCommand

from following.models import Frequency
from following.services import notices_deliver, users_with_pending_notices


class Command(BaseCommand):
    help = (
        "E-mail each user who chose the weekly digest one e-mail with all their "
        "unsent notices (run it once a week, e.g. from cron)."
    )

    def handle(self, *args, **options):
        sent = failed = 0
        for user_id in users_with_pending_notices(Frequency.WEEKLY):
            try:
                sent += bool(
                    notices_deliver(
                        user_id=user_id, frequency=Frequency.WEEKLY, digest=True
                    )
                )
            except Exception as error:  # noqa: BLE001  one user's failure must not stop the rest
                failed += 1
                self.stderr.write(f"user {user_id}: {error!r} (kept for the next run)")
        self.stdout.write(f"digests sent: {sent}, failed: {failed}")
