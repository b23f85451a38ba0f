from django.core.management.base import BaseCommand

from evidence.confirmations import confirmation_requests_send


class Command(BaseCommand):
    help = (
        "Ask the author of each published practice not confirmed for 12 months "
        "whether it still runs (once a year per practice; run it daily)."
    )

    def handle(self, *args, **options):
        sent, failed = confirmation_requests_send()
        self.stdout.write(f"confirmation requests sent: {sent}, failed: {failed}")
