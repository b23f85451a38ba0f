from django.core.management.base import BaseCommand

from messaging.models import Message


class Command(BaseCommand):
    help = (
        "Deliver the messages to authors that could not be sent yet (the mail "
        "server was down). Safe to run often and from several machines."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Try every pending message now, not only those due.",
        )

    def handle(self, *args, **options):
        pending = Message.objects.filter(status=Message.Status.PENDING)
        if not options["all"]:
            pending = pending.due_for_delivery()
        delivered = failed = 0
        for message in pending.order_by("created_at").iterator():
            if message.deliver():
                delivered += 1
            else:
                failed += 1
        self.stdout.write(f"{delivered} delivered, {failed} still pending.")
