"""A stored period hint, held in the search index beside the place.

The "ongoing" filter is a date range (no end, or an end not yet passed), and a
range in a GIN index gathers every ongoing practice before intersecting
(0010's docstring). So a search for ongoing practices in every country read
each of the words' matches from the table to check its end: 62,000 rows at a
million practices for "creative hubs". A hint that says "finished" only once
the end has passed (which stays so) is an equality the index skips through, as
it does for the country; the end is still checked on the rows it keeps.

The hint is set here for existing practices, by ``Practice.save`` from then on,
and narrowed as months pass by ``narrow_period_hints``. The search index is
dropped before the hints are written (a million updated rows would each add an
entry to it) and built again with the hint.
"""

import datetime

from django.db import migrations, models

from practices.indexes import run_on_postgresql

OLD_INDEX = (
    "CREATE INDEX IF NOT EXISTS practice_published_search ON practices_practice "
    "USING gin (search_vector, country, region) WHERE status = 'published'"
)
INDEX = (
    "CREATE INDEX IF NOT EXISTS practice_published_search ON practices_practice "
    "USING gin (search_vector, country, region, period_hint) "
    "WHERE status = 'published'"
)
DROP = "DROP INDEX IF EXISTS practice_published_search"


def mark_finished(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    this_month = datetime.date.today().replace(day=1)
    Practice.objects.filter(end_date__lt=this_month).update(period_hint="finished")


class Migration(migrations.Migration):
    # The hints committed before the index is built: built in the same
    # transaction, it would hold an entry for each row's former version too.
    atomic = False

    dependencies = [
        ("practices", "0010_published_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="period_hint",
            field=models.CharField(
                choices=[("ongoing", "may be ongoing"), ("finished", "finished")],
                default="ongoing",
                editable=False,
                max_length=8,
            ),
        ),
        # Undone by the last RunPython's reverse, which builds the former index.
        migrations.RunPython(
            run_on_postgresql(DROP), migrations.RunPython.noop, elidable=False
        ),
        migrations.RunPython(mark_finished, migrations.RunPython.noop),
        migrations.RunPython(
            run_on_postgresql(INDEX), run_on_postgresql(DROP, OLD_INDEX), elidable=False
        ),
        migrations.AddIndex(
            model_name="practice",
            index=models.Index(
                condition=models.Q(("end_date__isnull", False), ("period_hint", "ongoing")),
                fields=["end_date"],
                name="practice_may_have_ended",
            ),
        ),
        migrations.AddConstraint(
            model_name="practice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("period_hint", "ongoing"),
                    models.Q(("end_date__isnull", False), ("period_hint", "finished")),
                    _connector="OR",
                ),
                name="practice_period_hint_valid",
                violation_error_message="A practice without an end is ongoing.",
            ),
        ),
    ]
