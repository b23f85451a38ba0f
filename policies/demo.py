"""The demo practice's policy tags, set by ``manage.py load_demo``."""

from .models import PolicyTag
from .vocabulary import policy_tags

# WECD (creative industries in Wallonia): a more competitive and smarter Europe;
# decent work and growth, industry and innovation, sustainable cities.
DEMO_TAGS = ["po1", "sdg8", "sdg9", "sdg11"]


def ensure_policy_tags():
    """Put the seeded tags back if a flush emptied the table.

    A migration seeds them; ``manage.py flush`` (and the tests that run against a
    live server, which flush between tests) empty it without migrating again.
    """
    if PolicyTag.objects.exists():
        return
    for kind, number, slug, english, french in policy_tags():
        PolicyTag.objects.update_or_create(
            kind=kind,
            number=number,
            defaults={
                "slug": slug,
                "name": english,
                "name_en": english,
                "name_fr": french,
            },
        )


def tag_demo_practice(practice):
    ensure_policy_tags()
    practice.policy_tags.set(PolicyTag.objects.filter(slug__in=DEMO_TAGS))
