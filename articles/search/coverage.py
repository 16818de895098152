"""A search's coverage over time: its matching articles per year (per month, for a search
within one year), for the chart on the search page.

Up to COUNT_CAP matches (the count the page shows is exact) they are counted exactly, in
one statement grouping the matches. Beyond that, counting them all would read every match
(seconds for a common word at a million articles), so they are counted in a sample of the
archive's pages (TABLESAMPLE SYSTEM, about SAMPLE_ROWS articles, the same pages every time)
and scaled to the search's total, and the chart says so.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count
from django.db.models.functions import TruncMonth, TruncYear

from articles import charts
from articles.db import reading
from articles.search import sql as statements
from articles.search.filters import Filters
from articles.search.params import SearchParams

SAMPLE_ROWS = 4_000
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
    trunc = TruncMonth if by_month else TruncYear
    rows = (
        Filters.of(params)
        .rows("articles")
        .order_by()
        .annotate(period=trunc("published_at"))
        .values("period")
        .annotate(n=Count("pk"))
    )
    note = ""
    if approximate:
        counted = _sampled(rows)
        found = sum(counted.values())
        if not found:
            return None
        counted = {period: max(1, round(n * total / found)) for period, n in counted.items()}
        note = (
            f"Estimated from a sample of the archive ({found:,} matching articles in "
            f"about {SAMPLE_ROWS:,}), as the total is."
        )
    else:
        counted = {row["period"]: row["n"] for row in rows}
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
