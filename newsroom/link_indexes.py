"""Migration helper: drop the one-column indexes Django gives a many-to-many link table.

Django indexes each foreign key of an automatic link table on its own, but the pair's
unique constraint (left, right) already serves lookups by the left column, and the
project adds (right, left) for the other way; the single-column ones only slow writes.
Which indexes those are is read from PostgreSQL's catalog (a btree index of one key
column, not backing a constraint), not worked out from Django's naming.
"""

from __future__ import annotations

SINGLE_COLUMN_INDEXES = """
SELECT i.relname FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
WHERE t.relname = %s AND a.attname = %s AND x.indnkeyatts = 1 AND NOT x.indisunique
  AND NOT x.indisprimary AND i.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')
"""


def _link_tables(apps, links: list[tuple[str, str, str]]):
    for app, model, field in links:
        through = apps.get_model(app, model)._meta.get_field(field).remote_field.through
        columns = [f for f in through._meta.local_fields if f.is_relation]
        yield through, columns


def drop_single_column_indexes(links: list[tuple[str, str, str]]):
    def forwards(apps, schema_editor):
        for through, columns in _link_tables(apps, links):
            for column in columns:
                with schema_editor.connection.cursor() as cursor:
                    cursor.execute(SINGLE_COLUMN_INDEXES, [through._meta.db_table, column.column])
                    names = [row[0] for row in cursor.fetchall()]
                for name in names:
                    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    def backwards(apps, schema_editor):
        for through, columns in _link_tables(apps, links):
            table = through._meta.db_table
            for column in columns:
                name = schema_editor.quote_name(f"{table}_{column.column}_idx")
                schema_editor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {schema_editor.quote_name(table)} "
                    f"({schema_editor.quote_name(column.column)})"
                )

    return forwards, backwards
