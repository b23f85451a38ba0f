"""Keep the practice table's rows narrow on PostgreSQL: long texts out of line.

A search reads, for every match, the row's country, region, dates and status
(to filter and count facets) and its search vector and title (to rank). With
2 to 10 KB rows, a page held one practice and a common word at a million
practices read a page per match. Once a row is long enough to be toasted
(about 2 KB), PostgreSQL now moves every long column out of line but the
search vector, the titles, the slug and the region (``STORAGE MAIN``), so the
rows a search reads sit several to a page. Rows written before keep their
layout until they are next saved.
"""

from django.db import migrations

KEPT_INLINE = ["search_vector", "title", "title_en", "title_fr", "slug", "region"]


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    columns = ", ".join(f"ALTER COLUMN {name} SET STORAGE MAIN" for name in KEPT_INLINE)
    schema_editor.execute(f"ALTER TABLE practices_practice {columns}")
    schema_editor.execute(
        "ALTER TABLE practices_practice SET (toast_tuple_target = 128)"
    )


def widen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    columns = ", ".join(
        f"ALTER COLUMN {name} SET STORAGE EXTENDED" for name in KEPT_INLINE
    )
    schema_editor.execute(f"ALTER TABLE practices_practice {columns}")
    schema_editor.execute("ALTER TABLE practices_practice RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("practices", "0008_part_languages")]

    operations = [migrations.RunPython(narrow, widen, elidable=False)]
