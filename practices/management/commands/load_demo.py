from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from policies.demo import tag_demo_practice
from practices.models import Practice
from transfers.demo import load_demo_transfers

DEMO_PRACTICE_SLUG = "wallonia-european-creative-district"


class Command(BaseCommand):
    help = (
        "Load the demo data (the WECD practice and the demo accounts) unless it is "
        "already there; what users changed since is left untouched."
    )

    def handle(self, *args, **options):
        if Practice.objects.filter(slug=DEMO_PRACTICE_SLUG).exists():
            self.stdout.write("Demo data already loaded; left as it is.")
            return
        with transaction.atomic():
            call_command("loaddata", "demo", "demo_evidence", verbosity=0)
            # loaddata saves raw rows; the demo practice's search data is built
            # once, from all of them, in the same transaction.
            Practice.objects.filter(slug=DEMO_PRACTICE_SLUG).refresh_search_vector()
            practice = Practice.objects.get(slug=DEMO_PRACTICE_SLUG)
            load_demo_transfers(practice)
            tag_demo_practice(practice)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
