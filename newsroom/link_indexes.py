"""Migration helper: drop the one-column indexes Django gives a many-to-many link table.

Django indexes each foreign key of an automatic link table on its own, but the pair's
unique constraint (left, right) already serves lookups by the left column, and the
project adds (right, left) for the other way; the single-column ones only slow writes.
"""

from __future__ import annotations


def _link_tables(apps, links: list[tuple[str, str, str]]):
    for app, model, field in links:
        through = apps.get_model(app, model)._meta.get_field(field).remote_field.through
        columns = [f for f in through._meta.local_fields if f.is_relation]
        yield through, columns


def drop_single_column_indexes(links: list[tuple[str, str, str]]):
    def forwards(apps, schema_editor):
        for through, columns in _link_tables(apps, links):
            for column in columns:
                name = schema_editor._create_index_name(
                    through._meta.db_table, [column.column], suffix=""
                )
                schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    def backwards(apps, schema_editor):
        for through, columns in _link_tables(apps, links):
            for column in columns:
                schema_editor.execute(schema_editor._create_index_sql(through, fields=[column]))

    return forwards, backwards
