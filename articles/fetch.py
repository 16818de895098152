"""Model instances of several querysets from one round trip.

A search page shows rows of three models (the articles listed, the quotes and photos
previewed). Fetched one queryset at a time they are three round trips, each with its own
wait; here their statements are sent together (psycopg's client-side binding allows
several in one execute) and each result set is turned into instances as Django's
ModelIterable does: the same converters, `select_related` rows and deferred fields.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators


def _instances(queryset: QuerySet, compiler, rows: list[tuple]) -> Iterator[Model]:
    db = queryset.db
    select, klass_info = compiler.select, compiler.klass_info
    annotation_col_map = compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    related_populators = get_related_populators(klass_info, select, db)
    for row in compiler.results_iter([rows]):
        obj = model_cls.from_db(db, init_list, row[start:end])
        for populator in related_populators:
            populator.populate(row, obj)
        for name, position in (annotation_col_map or {}).items():
            setattr(obj, name, row[position])
        yield obj


def fetch_models(querysets: list[QuerySet]) -> list[list[Model]]:
    """Each queryset's instances, in its own order, from one round trip (querysets of one
    database, without prefetch_related or known related objects)."""
    statements: list[tuple[int, object, str]] = []
    params: list = []
    for position, queryset in enumerate(querysets):
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("fetch_models takes plain querysets")
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, values = compiler.as_sql()
        except EmptyResultSet:
            continue
        statements.append((position, compiler, sql))
        params += list(values)
    found: list[list[Model]] = [[] for _ in querysets]
    if not statements:
        return found
    using = querysets[statements[0][0]].db
    with connections[using].cursor() as cursor:
        cursor.execute(";\n".join(sql for _, _, sql in statements), params)
        for index, (position, compiler, _) in enumerate(statements):
            if index:
                cursor.nextset()
            rows = cursor.fetchall()
            found[position] = list(_instances(querysets[position], compiler, rows))
    return found
