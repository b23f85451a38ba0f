"""One index for a search's words and its country or region, published only.

A search with a country read two indexes: the words' (62,000 matches at a
million practices) and the country's (up to 167,000 practices), and ANDed the
two bitmaps. With the country and the region beside the words in one GIN index
(``btree_gin``), PostgreSQL walks the words' entries and skips to the
country's: the search, its count and its facets read only the matches in that
country. Only published practices are searched, so only they are indexed.

The end date was tried too, as ``COALESCE(end_date, '9999-12-31')`` for the
"ongoing" filter: a range in a GIN index gathers every ongoing practice before
intersecting, and the searches measured slower with it (docs/capacity.md).
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

from practices.indexes import run_on_postgresql

INDEX = (
    "CREATE INDEX IF NOT EXISTS practice_published_search ON practices_practice "
    "USING gin (search_vector, country, region) WHERE status = 'published'"
)
OLD_INDEX = (
    "CREATE INDEX IF NOT EXISTS practice_search_vector_gin ON practices_practice "
    "USING gin (search_vector)"
)


class Migration(migrations.Migration):
    dependencies = [("practices", "0009_narrow_practice_rows")]

    operations = [
        BtreeGinExtension(),
        migrations.RunPython(
            run_on_postgresql(INDEX, "DROP INDEX IF EXISTS practice_search_vector_gin"),
            run_on_postgresql(
                OLD_INDEX, "DROP INDEX IF EXISTS practice_published_search"
            ),
            elidable=False,
        ),
    ]
