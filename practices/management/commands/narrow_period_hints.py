"""Mark finished the practices whose end has passed since they were last saved."""

from django.core.management.base import BaseCommand

from practices.models import Practice


class Command(BaseCommand):
    help = (
        "Mark finished (period_hint) the practices whose end month has passed, so "
        "that the search index leaves them out of 'ongoing'. Run daily: the "
        "'ongoing' filter is right without it, only slower as months pass."
    )

    def handle(self, *args, **options):
        narrowed = Practice.objects.narrow_period_hints()
        if options["verbosity"]:
            self.stdout.write(f"{narrowed} practices marked finished.")
