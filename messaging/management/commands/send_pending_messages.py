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
        seen = []
        delivered = 0
        for message in pending.order_by("created_at").iterator():
            seen.append(message.pk)
            delivered += message.deliver()
        # Counted afterwards: a message another machine sent meanwhile is not
        # "still pending", though this run did not send it.
        still_pending = Message.objects.filter(
            pk__in=seen, status=Message.Status.PENDING
        ).count()
        self.stdout.write(f"{delivered} delivered, {still_pending} still pending.")
