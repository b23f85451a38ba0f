"""Index classes the portal's two databases (PostgreSQL, SQLite) both accept."""

from django.db import models
from django.db.models import OrderBy


class NullsLastIndex(models.Index):
    """An index on ``F(...).desc(nulls_last=True)`` expressions, for PostgreSQL.

    SQLite refuses NULLS LAST in CREATE INDEX ("unsupported use of NULLS LAST");
    there a descending column puts NULLs last anyway, so the modifier is dropped.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        index = self.clone()
        index.expressions = [
            OrderBy(expression.expression, descending=True)
            if isinstance(expression, OrderBy)
            and expression.descending
            and expression.nulls_last
            else expression
            for expression in self.expressions
        ]
        return super(NullsLastIndex, index).create_sql(
            model, schema_editor, using=using, **kwargs
        )


def run_on_postgresql(*statements):
    """A RunPython function running SQL ``statements`` on PostgreSQL only.

    For the search's GIN indexes: SQLite has no GIN, and searches otherwise.
    """

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run
