from django.core.management.base import BaseCommand

from following.models import Frequency
from following.services import notices_deliver, users_with_pending_notices


class Command(BaseCommand):
    help = (
        "E-mail the notices that should have gone out at once but did not (the "
        "mail server was down, the worker stopped). Safe to run at any time."
    )

    def handle(self, *args, **options):
        sent = failed = 0
        for user_id in users_with_pending_notices(Frequency.IMMEDIATELY):
            try:
                sent += notices_deliver(
                    user_id=user_id, frequency=Frequency.IMMEDIATELY
                )
            except Exception as error:  # noqa: BLE001  one user's failure must not stop the rest
                failed += 1
                self.stderr.write(f"user {user_id}: {error!r} (kept for the next run)")
        self.stdout.write(f"notices sent: {sent}, users failed: {failed}")
