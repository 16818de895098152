"""The SQL a search sends, and PostgreSQL's estimates of what it will find."""

from __future__ import annotations

import json
import time as clock
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from articles.db import reading
from articles.models import SEARCH_CONFIG
from articles.search.filters import date_field
from articles.search.params import COUNT_CAP


def compiled(qs: QuerySet) -> tuple[str, list]:
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


# How ranked_ids_sql orders what it found, by the search's sort (dates as ordered() does).
ID_ORDER = {
    "relevance": "m.rank DESC, m.at DESC, m.id DESC",
    "newest": "m.at DESC, m.id DESC",
    "oldest": "m.at ASC, m.id ASC",
}


def ranked_ids_sql(
    kind: str, qs: QuerySet, limit: int, *, recent: bool = False, order: str = "relevance"
) -> tuple[str, list]:
    """SQL for the ids of up to `limit` rows of `qs` (annotated with `rank`), best first
    (or newest or oldest first, by `order`).

    The limit applies before ranking, so a mistaken estimate cannot make this rank a
    million rows; with fewer matches than the limit they are all ranked: exact. With
    `recent`, the rows ranked are the most recently added `limit`."""
    field = date_field(kind)
    inner = qs.order_by(*(["-pk"] if recent else [])).values_list("pk", "rank", field)
    sql, params = compiled(inner[:limit])
    return f"SELECT m.id FROM ({sql}) AS m(id, rank, at) ORDER BY {ID_ORDER[order]}", params


def scan_ranked_sql(kind: str, rows: QuerySet, text: str, limit: int) -> tuple[str, list]:
    """SQL for the ids of the best `limit` matches of `text` among `rows` (a window, read
    one by one).

    Each row's tsvector is read once (the subquery's OFFSET 0 keeps PostgreSQL from
    inlining it): matching and ranking use the same copy, where `search_vector @@ query`
    beside `ts_rank(search_vector, query)` would fetch it from TOAST twice. It also keeps
    the GIN index out: for a window it is the costlier way."""
    field = date_field(kind)
    sql, params = compiled(rows.order_by().values_list("pk", "search_vector", field))
    return (
        f"SELECT m.id FROM ({sql} OFFSET 0) AS m(id, v, at), "
        "websearch_to_tsquery(%s::regconfig, %s) AS q WHERE m.v @@ q "
        "ORDER BY ts_rank(m.v, q) DESC, m.at DESC, m.id DESC LIMIT %s",
        [*params, SEARCH_CONFIG, text, limit],
    )


def arrays(queries: list[tuple[str, list]], extras: list[tuple[str, list]] = ()) -> list:
    """The results of several one-column queries, each as a list in its own order, from
    one statement: a search's kinds are ranked in one round trip, not one each.

    `extras` are scalar expressions evaluated after them in the same statement, which may
    use the i-th list as `r.k<i>` (an SQL array); their values follow the lists."""
    if not queries and not extras:
        return []
    columns = ", ".join(f"ARRAY({query}) AS k{i}" for i, (query, _) in enumerate(queries))
    more = "".join(f", ({extra})" for extra, _ in extras)
    sql = f"WITH r AS MATERIALIZED (SELECT {columns or 'NULL'}) SELECT r.*{more} FROM r"
    params = [param for _, values in [*queries, *extras] for param in values]
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    lists = [list(values) for values in row[: len(queries)]]
    return lists + list(row[len(queries) + (0 if queries else 1) :])


def count_capped(qs: QuerySet, cap: int = COUNT_CAP) -> int:
    """The number of rows, counting no further than cap + 1 ("more than cap")."""
    return qs.order_by().values("pk")[: cap + 1].count()


def _plan(explained: Any) -> dict:
    return (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]


def estimate_rows(qs: QuerySet) -> int:
    """PostgreSQL's own estimate of how many rows a query returns (no rows are read)."""
    return int(_plan(qs.order_by().values("pk").explain(format="json"))["Plan Rows"])


def estimate_many(querysets: list[QuerySet]) -> list[int]:
    """PostgreSQL's estimates for several queries, from one EXPLAIN of them all."""
    parts: list[tuple[int, str, list]] = []
    estimates = [0] * len(querysets)
    for position, qs in enumerate(querysets):
        try:
            sql, params = compiled(qs.order_by().values("pk"))
        except EmptyResultSet:  # provably nothing: no need to ask
            continue
        parts.append((position, sql, params))
    if len(parts) == 1:
        estimates[parts[0][0]] = estimate_rows(querysets[parts[0][0]])
    elif parts:
        with reading().cursor() as cursor:
            cursor.execute(
                "EXPLAIN (FORMAT JSON) " + " UNION ALL ".join(f"({sql})" for _, sql, _ in parts),
                [param for _, _, params in parts for param in params],
            )
            plan = _plan(cursor.fetchone()[0])
        branches = plan.get("Plans", []) if plan["Node Type"] == "Append" else []
        if len(branches) != len(parts):  # a branch proved empty, or a parallel plan
            branches = [{"Plan Rows": estimate_rows(querysets[i])} for i, _, _ in parts]
        for (position, _, _), branch in zip(parts, branches, strict=True):
            estimates[position] = int(branch["Plan Rows"])
    return estimates


_table_stats: dict[str, tuple[float, int, int]] = {}


def table_size(model) -> tuple[int, int]:
    """(highest id, estimated rows) of a table, cached for a minute."""
    table = model._meta.db_table
    cached = _table_stats.get(table)
    if cached and clock.monotonic() - cached[0] < 60:
        return cached[1], cached[2]
    with reading().cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(id) FROM {table}), "
            "(SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass)",
            [table],
        )
        max_id, rows = cursor.fetchone()
    stats = (clock.monotonic(), max_id or 0, max(rows or 0, 0))
    _table_stats[table] = stats
    return stats[1], stats[2]
