from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from practices.models import EXPERTS_GROUP, Practice

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
            ensure_experts_group()
            call_command("loaddata", "demo", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))


def ensure_experts_group():
    """Create the Experts group if a database flush removed it.

    Migration 0002 creates it, but a flush (transactional tests, a live server)
    empties the table, and the demo accounts refer to the group by name.
    """
    group, created = Group.objects.get_or_create(name=EXPERTS_GROUP)
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="practices",
                codename__in=[
                    "review_practice",
                    "add_expertopinion",
                    "change_expertopinion",
                    "view_expertopinion",
                ],
            )
        )
