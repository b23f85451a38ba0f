"""Seed the 5 cohesion policy objectives 2021-2027 and the 17 SDGs, in English and
French, from ``policies.vocabulary``.
"""

from django.db import migrations

from policies.vocabulary import policy_tags


def seed(apps, schema_editor):
    PolicyTag = apps.get_model("policies", "PolicyTag")
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


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_policy_tags")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
