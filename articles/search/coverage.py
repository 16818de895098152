"""A search's coverage over time: its matching articles per year (per month, for a search
within one year), for the chart on the search page.

Up to COUNT_CAP matches (the count the page shows is exact) they are counted exactly, in
one statement grouping the matches. Beyond that, counting them all would read every match
(seconds for a common word at a million articles), so they are counted in a sample of the
archive's pages (TABLESAMPLE SYSTEM, about SAMPLE_ROWS articles, the same pages every time:
about 15 ms at a million) and scaled to the search's total, and the chart says so; with
fewer than MIN_SAMPLED matches in the sample there is no chart rather than a guess. The
counts are kept in the shared cache for a few minutes per search.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db.models import Count
from django.db.models.functions import TruncMonth, TruncYear

from articles import charts, stale
from articles.db import reading
from articles.search import sql as statements
from articles.search.filters import Filters
from articles.search.params import SearchParams

SAMPLE_ROWS = 2_000
MIN_SAMPLED = 50
CACHE_SECONDS = 600
TABLE = '"articles_article"'


def coverage(
    params: SearchParams,
    total: int,
    approximate: bool,
    link: Callable[[charts.Period], str],
) -> charts.Chart | None:
    """The chart of a search's `total` matching articles (`approximate`: the total is an
    estimate), each bar linking to `link(period)`."""
    if not total or not params.text.strip():
        return None
    by_month = bool(
        params.date_from and params.date_to and params.date_from.year == params.date_to.year
    )
    key = "coverage:" + hashlib.sha1(
        repr(
            (params.text, params.person and params.person.pk, params.place and params.place.pk,
             params.source, params.date_from, params.date_to, total, approximate)
        ).encode()
    ).hexdigest()  # fmt: skip
    counted, found = stale.cached(
        key, lambda: _count(params, by_month, total, approximate), CACHE_SECONDS
    )
    if approximate and found < MIN_SAMPLED:
        return None
    note = (
        f"Estimated from a sample of the archive ({found:,} matching articles in about "
        f"{SAMPLE_ROWS:,}), as the total is."
        if approximate
        else ""
    )
    if by_month:
        periods = charts.months({(p.year, p.month): n for p, n in counted.items()})
    else:
        periods = charts.years({p.year: n for p, n in counted.items()})
    unit = "month" if by_month else "year"
    return charts.bar_chart(
        periods,
        by=unit,
        id="coverage",
        title=f"Coverage over time: matching articles by {unit}",
        noun="article",
        link=link,
        note=note,
    )


def _count(params: SearchParams, by_month: bool, total: int, approximate: bool) -> tuple:
    """({period start: articles}, matches counted): exact, or scaled from the sample."""
    trunc = TruncMonth if by_month else TruncYear
    rows = (
        Filters.of(params)
        .rows("articles")
        .order_by()
        .annotate(period=trunc("published_at"))
        .values("period")
        .annotate(n=Count("pk"))
    )
    if not approximate:
        counted = {row["period"]: row["n"] for row in rows}
        return counted, sum(counted.values())
    sampled = _sampled(rows)
    found = sum(sampled.values())
    scale = total / found if found else 0
    return {period: max(1, round(n * scale)) for period, n in sampled.items()}, found


def _sampled(rows) -> dict:
    """The grouped counts of `rows`, in a sample of about SAMPLE_ROWS articles."""
    sql, args = statements.compiled(rows)
    _, rows_total = statements.table_size(rows.model)
    percent = min(100.0, 100.0 * SAMPLE_ROWS / max(rows_total, 1))
    if TABLE + " " not in sql:
        raise ValueError("the coverage statement no longer reads articles_article by name")
    sampled = sql.replace(
        f"FROM {TABLE} ", f"FROM {TABLE} TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (7) ", 1
    )
    with reading().cursor() as cursor:
        cursor.execute(sampled, args)
        return dict(cursor.fetchall())
