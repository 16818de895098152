"""Full-text search over articles, quotes and photo captions, on PostgreSQL's text search.

The tsvectors are generated columns (see the models), so nothing here writes. One search
answers for three kinds of result at once; `run_search` returns the page a reader asked
for, a count for every kind, facets and the snippets, all from a `SearchParams`.

Snippets are made in Python (articles/snippets.py) and turned into <mark> only after the
text around them has been HTML-escaped (templatetags/archive.py).
"""

from __future__ import annotations

import json
import re
import time as clock
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone

from articles.estimates import estimate_matches, parse_tsquery, vector_stats
from articles.facets import FacetValue, facet_values, facets_of, facets_sql
from articles.fetch import fetch_models
from articles.models import SEARCH_CONFIG, Article, Person, Place, Quote
from articles.ordering import sorted_after_filtering
from articles.ranking import MAX_TIERS, Weighting
from articles.snippets import Marks, fragments, mark_all
from media_captions.models import Photo

KINDS = ("articles", "quotes", "photos")
SORTS = ("relevance", "newest", "oldest")
PAGE_SIZE = 20
# Counting or ranking every match of a very common word would read most of the archive.
# Up to EXACT_LIMIT matches of a kind are counted and ranked exactly; beyond it the count is
# PostgreSQL's estimate and relevance ranking looks at the ~CANDIDATES most recently added
# matches (see KindSearch). Date-sorted pages go no further than COUNT_CAP results.
EXACT_LIMIT = 5_000
# The kinds only previewed beside the one shown need a count and three rows: beyond this
# many matches their count is estimated too ("about 3,500 quotes"), and their three are
# the best of the ~CANDIDATES / 5 most recent matches (the kind's own page ranks more).
PREVIEW_EXACT_LIMIT = 1_000
CANDIDATES = 500
# Windows up to this many rows are read row by row rather than through the GIN index
# (an article's vector is ~3 KB, a quote's or caption's a few dozen bytes).
SCAN_WINDOW = {"articles": 3_000, "quotes": 10_000, "photos": 10_000}
COUNT_CAP = 10_000
# A window of at most this many ids is read through the primary key whatever the filters.
ID_WINDOW = 50_000
# Facets are counted over the best this-many matches of the search, not all of them.
FACET_SAMPLE = 200
PREVIEW_SIZE = 3


@dataclass(frozen=True)
class SearchParams:
    """What a reader asked for, validated (see forms.SearchForm)."""

    text: str
    kind: str = ""  # "" shows every kind together
    sort: str = "relevance"
    person: Person | None = None
    place: Place | None = None
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None
    photographer: Person | None = None  # photos only (the API's photos/?photographer=)


@dataclass
class SearchResults:
    params: SearchParams
    shown: str  # the kind listed on the page
    counts: dict[str, int]
    page: Page
    approximate: dict[str, bool] = field(default_factory=dict)
    previews: dict[str, list[Any]] = field(default_factory=dict)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    past_end: int | None = None  # the page asked for, when there is no such page

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def parse_query(text: str) -> SearchQuery:
    """Web-search syntax: "exact phrase", OR, -exclude; English stemming."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


def wanted_words(text: str) -> str:
    """The words a snippet should mark: every wanted word or phrase of the query.

    Matching needs all the words, but a snippet should still mark a word that appears
    where another does not; excluded words (-word) and the OR keyword are left out.
    """
    wanted = [t for t in _TOKEN.findall(text) if not t.startswith("-") and t.upper() != "OR"]
    return " ".join(wanted).replace('"', " ")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def place_and_descendants(place: Place) -> list[int]:
    """The place's id and those of every place within it (Russia includes Moscow)."""
    table = Place._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE within(id) AS (SELECT %s::bigint UNION "
            f"SELECT p.id FROM {table} p JOIN within w ON p.parent_id = w.id) "
            "SELECT id FROM within WHERE id <> %s LIMIT 10000",
            [place.pk, place.pk],
        )
        return [place.pk, *(row[0] for row in cursor.fetchall())]


_TABLES = {
    "articles": Article._meta.db_table,
    "quotes": Quote._meta.db_table,
    "photos": Photo._meta.db_table,
}


def _date_field(kind: str) -> str:
    """A kind's publication time: an article's own, a quote's or photo's `public_at`."""
    return "published_at" if kind == "articles" else "public_at"


def _article_filters(params: SearchParams, path: str, *, date_index: bool = True) -> Q:
    """Filters that concern the article (its own or the one a quote or photo is in).

    A quote's or photo's date is its own `public_at` (its article's publication time, kept
    on the row), so date filters need no join; only `source` reaches the article. Without
    `date_index` the dates are compared in a form no index serves: for a small window of
    ids, checking each row's date beside its id is cheaper than walking a date index over
    years of the archive."""
    date: Any = F("published_at" if not path else "public_at")
    if not date_index:
        date = ExpressionWrapper(date + Value(timedelta(0)), output_field=DateTimeField())
    condition = Q()
    if params.date_from:
        condition &= Q(GreaterThanOrEqual(date, _day_start(params.date_from)))
    if params.date_to:
        condition &= Q(LessThan(date, _day_start(params.date_to + timedelta(1))))
    if params.source:
        condition &= Q(**{f"{path}source__iexact": params.source})
    return condition


def _place_mentioned(ids: list[int], article_ref: str, floor: int | None = None) -> Exists:
    links = Article.places.through.objects.filter(
        article_id=OuterRef(article_ref), place_id__in=ids
    )
    if floor is not None:  # lets the (place, article) index skip older articles
        links = links.filter(article_id__gt=floor)
    return Exists(links)


def _place_ids(params: SearchParams) -> list[int] | None:
    return place_and_descendants(params.place) if params.place else None


def _kind_queryset(
    kind: str,
    params: SearchParams,
    query: SearchQuery | None,
    *,
    places: list[int] | None = None,
    floor: int | None = None,
    date_index: bool = True,
) -> QuerySet:
    """The published rows of one kind matching the query (if any) and the filters, unordered
    (`places`: the place filter's ids, if already worked out; `floor`: only rows with a
    higher id, a window of the most recent ones; `date_index`: see _article_filters)."""
    if places is None:
        places = _place_ids(params)
    person = params.person
    if kind == "articles":
        qs = Article.objects.published()
        if floor is not None:
            qs = qs.filter(pk__gt=floor)
        if query is not None:
            qs = qs.search(query)
        qs = qs.filter(_article_filters(params, "", date_index=date_index))
        if person:
            links = Article.people.through.objects.filter(
                article_id=OuterRef("pk"), person_id=person.pk
            )
            if floor is not None:  # the (person, article) index then skips older articles
                links = links.filter(article_id__gt=floor)
            qs = qs.filter(Exists(links))
        if places:
            qs = qs.filter(Q(dateline_id__in=places) | _place_mentioned(places, "pk", floor))
        return qs
    model = Quote if kind == "quotes" else Photo
    qs = model.objects.published()
    if floor is not None:
        qs = qs.filter(pk__gt=floor)
    if query is not None:
        qs = qs.search(query)
    qs = qs.filter(_article_filters(params, "article__", date_index=date_index))
    if kind == "quotes":
        if person:
            qs = qs.filter(speaker=person)
        if places:
            qs = qs.filter(
                Q(article__dateline_id__in=places) | _place_mentioned(places, "article_id")
            )
    else:
        if person:
            # One set of ids, not "taken by OR shown in": PostgreSQL can estimate the
            # size of a union, where it guesses half the table for an OR with EXISTS.
            shown = Photo.people.through.objects.filter(person=person).values("photo_id")
            taken = Photo.objects.filter(photographer=person).values("pk")
            qs = qs.filter(pk__in=shown.union(taken))
        if places:
            qs = qs.filter(place_id__in=places)
        if params.photographer:
            qs = qs.filter(photographer=params.photographer)
    return qs


def _ordered(kind: str, qs: QuerySet, sort: str, *, few: bool = False) -> QuerySet:
    """Order by relevance or date. With `few` matches, sort them after finding them all:
    walking the date index instead, hoping to meet a rare word soon, can read it all."""
    date_field = _date_field(kind)
    date: Any = sorted_after_filtering(date_field) if few else F(date_field)
    if sort == "newest":
        return qs.order_by(date.desc(), "-pk")
    if sort == "oldest":
        return qs.order_by(date.asc(), "pk")
    return qs.order_by("-rank", F(date_field).desc(), "-pk")


# What a result does not show: the vectors (the largest columns), an article's bookkeeping
# times (each timestamp is parsed in Python), and of a quote's or photo's article its text.
_UNSHOWN = ("search_vector", "headline_words", "created_at", "updated_at")
_UNSHOWN_ARTICLE = (
    "search_vector",
    "public_at",
    *(f"article__{field}" for field in (*_UNSHOWN, "body")),
)


def _display_queryset(kind: str, ids: list[int]) -> QuerySet:
    """The rows with these ids and the related rows a result shows (not what it does not:
    see _UNSHOWN), in no order: `ids` gives it."""
    if kind == "articles":
        qs = Article.objects.filter(pk__in=ids).select_related("dateline")
        return qs.defer(*_UNSHOWN).order_by()
    if kind == "quotes":
        qs = Quote.objects.filter(pk__in=ids).select_related("speaker", "article")
    else:
        qs = Photo.objects.filter(pk__in=ids).select_related("article", "photographer", "place")
    return qs.defer(*_UNSHOWN_ARTICLE).order_by()


def _for_display(kind: str, rows: list, ids: list[int], marks: Marks) -> list:
    """The rows in the order of `ids`, with highlighted snippets made in Python."""
    by_id = {row.pk: row for row in rows}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    for row in rows:
        if kind == "articles":
            row.headline_marked = mark_all(row.headline, marks)
            row.snippet = fragments(row.body, marks)
        else:
            row.snippet = mark_all(row.text if kind == "quotes" else row.caption, marks)
    return rows


def rows_for_display(wanted: dict[str, list[int]], lexemes: frozenset[str]) -> dict[str, list]:
    """For each kind, the rows with these ids, in this order, with related rows and
    highlighted snippets; all kinds from one round trip."""
    kinds = [kind for kind, ids in wanted.items() if ids]
    fetched = fetch_models([_display_queryset(kind, wanted[kind]) for kind in kinds])
    rows = dict(zip(kinds, fetched, strict=True))
    marks = Marks(lexemes)  # shared: the texts of a page have most of their words in common
    return {
        kind: _for_display(kind, rows.get(kind, []), ids, marks) for kind, ids in wanted.items()
    }


def _compiled(qs: QuerySet) -> tuple[str, list]:
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


# How ranked_ids_sql orders what it found, by the search's sort (dates as _ordered does).
_ID_ORDER = {
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
    date_field = _date_field(kind)
    inner = qs.order_by(*(["-pk"] if recent else [])).values_list("pk", "rank", date_field)
    sql, params = _compiled(inner[:limit])
    return f"SELECT m.id FROM ({sql}) AS m(id, rank, at) ORDER BY {_ID_ORDER[order]}", params


def scan_ranked_sql(kind: str, rows: QuerySet, text: str, limit: int) -> tuple[str, list]:
    """SQL for the ids of the best `limit` matches of `text` among `rows` (a window, read
    one by one).

    Each row's tsvector is read once (the subquery's OFFSET 0 keeps PostgreSQL from
    inlining it): matching and ranking use the same copy, where `search_vector @@ query`
    beside `ts_rank(search_vector, query)` would fetch it from TOAST twice. It also keeps
    the GIN index out: for a window it is the costlier way."""
    date_field = _date_field(kind)
    sql, params = _compiled(rows.order_by().values_list("pk", "search_vector", date_field))
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
    with connection.cursor() as cursor:
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
            sql, params = _compiled(qs.order_by().values("pk"))
        except EmptyResultSet:  # provably nothing: no need to ask
            continue
        parts.append((position, sql, params))
    if len(parts) == 1:
        estimates[parts[0][0]] = estimate_rows(querysets[parts[0][0]])
    elif parts:
        with connection.cursor() as cursor:
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
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(id) FROM {table}), "
            "(SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass)",
            [table],
        )
        max_id, rows = cursor.fetchone()
    stats = (clock.monotonic(), max_id or 0, max(rows or 0, 0))
    _table_stats[table] = stats
    return stats[1], stats[2]


# The stages of a KindSearch: what its next ranking statement is for.
EXACT, WINDOW, RECENT, DONE = "exact", "window", "recent", "done"


@dataclass
class KindSearch:
    """One kind's matches, bounded: counted or estimated, and the rows worth ranking.

    `build(floor=None, text=True, date_index=True)` makes the kind's queryset (see
    _kind_queryset) for the query `text`; `driven` says whether a filter with an index of
    its own (a person, a date range) narrows the search, and `filtered` is then
    PostgreSQL's estimate of the rows passing the filters whatever their text. `limit` is
    how many of the best matches the page, its facets or a preview need.

    Ranking reads every candidate's tsvector, so it is bounded. A kind estimated at no more
    than `exact_limit` matches is counted and ranked exactly, in one statement that reads
    at most exact_limit + 1 (EXACT). Beyond that, the count is the estimate and only the
    matches in a window of the most recently added rows are ranked, the window sized by
    the estimate to hold about CANDIDATES matches (WINDOW). When the rows to read in the
    window (those passing the filters) are few, they are read through the primary key or
    the filter's own index and matched one by one (see scan_ranked_sql): far cheaper than
    the GIN bitmap of a common word. A window that comes up short (the filtered matches
    lie elsewhere: an old date range in an archive loaded in date order) falls back to
    ranking the most recent matches wherever they are (RECENT).

    Each stage's statement is `pending()`; `arrays` runs those of every kind at once, and
    `take` moves a kind on to its next stage, if any, with what came back.
    """

    kind: str
    build: Callable[..., QuerySet]
    matches: QuerySet  # build(): every match of the query and the filters
    text: str
    estimate: int
    limit: int
    candidates: int = CANDIDATES  # about how many matches a window should hold
    driven: bool = False
    trusted: bool = False  # the estimate accounts for filters the planner knows (see below)
    filtered: int = 0
    exact_limit: int = EXACT_LIMIT
    ranks: bool = True  # False: only the count is needed (a date-sorted page, no facets)
    order: str = "relevance"  # the order of `ranked` (a date-sorted page lists it so)
    count: int = 0
    approximate: bool = False
    ranked: list[int] | None = None  # every match in `order`, when counted exactly
    top: list[int] | None = None  # the best `limit` matches of the window, when approximate
    stage: str = EXACT
    rounds: int = 0  # statements run for it so far

    def __post_init__(self) -> None:
        # PostgreSQL guesses about 0.1% of the rows for a word it barely knows, more than a
        # previewed kind's limit in a large archive: such a kind is counted all the same,
        # unless filters make the estimate worth trusting (the planner knows their share,
        # and a barely known word's guess times that share is small), as a previewed
        # quote filtered by its article's source is cheaper estimated than counted.
        limit = self.exact_limit if self.trusted else max(self.exact_limit, EXACT_LIMIT)
        if self.estimate > limit:
            self._approximate(self.estimate)

    def _approximate(self, estimate: int) -> None:
        self.approximate, self.count, self.stage = True, estimate, WINDOW
        max_id, rows = table_size(self.matches.model)
        window = int(rows * min(1.0, self.candidates / max(estimate, 1))) + PAGE_SIZE
        self.floor = max_id - window
        to_read = self.filtered * window // max(rows, 1) if self.driven else window
        self.scan = None
        if to_read <= SCAN_WINDOW[self.kind]:
            # A narrow window of ids is cheaper to read through the primary key, checking
            # each row's date, than through the date index; a wide one is not.
            self.scan = self.build(text=False, floor=self.floor, date_index=window > ID_WINDOW)
        if not self.ranks:
            self.stage = DONE

    def pending(self) -> tuple[str, list] | None:
        """The statement this kind's search waits for, if any."""
        if self.stage == EXACT:
            return ranked_ids_sql(self.kind, self.matches, self.exact_limit + 1, order=self.order)
        if self.stage == WINDOW and self.scan is not None:
            return scan_ranked_sql(self.kind, self.scan, self.text, self.limit)
        if self.stage == WINDOW:
            ordered = _ordered(self.kind, self.build(floor=self.floor), "relevance")
            return _compiled(ordered.values_list("pk", flat=True)[: self.limit])
        if self.stage == RECENT:
            return ranked_ids_sql(self.kind, self.matches, self.candidates, recent=True)
        return None

    def take(self, ids: list[int]) -> None:
        """Move on with the ids the pending statement returned."""
        if self.stage == EXACT:
            if len(ids) <= self.exact_limit:
                self.ranked, self.count, self.stage = ids, len(ids), DONE
            else:
                self._approximate(max(self.estimate, len(ids)))
        elif self.stage == WINDOW and len(ids) < min(self.limit, PAGE_SIZE):
            self.stage = RECENT
        else:
            self.top, self.stage = ids[: self.limit], DONE

    def rank_more(self, limit: int) -> None:
        """Rank as many as a listing needs where a preview was planned (a kind shown
        because the one asked for has no match)."""
        if self.approximate and (limit > self.limit or self.candidates < CANDIDATES):
            self.limit, self.candidates, self.ranks = max(limit, self.limit), CANDIDATES, True
            self._approximate(self.count)

    @property
    def best(self) -> list[int]:
        return self.ranked if self.ranked is not None else self.top or []


class Stage(Enum):
    """What an ArticleSearch's next statement is for."""

    EXACT = "exact"  # score and sort every match, when they are few
    TIERS = "tiers"  # the best matches of the next tier of scores
    DONE = "done"


# A tier is read walking the index of articles by date while this many rows at most are
# expected to be walked; a rarer tier is found through the title vectors' GIN index and
# sorted instead.
WALK_LIMIT = 100_000


@dataclass
class ArticleSearch:
    """The articles matching a query, ranked by articles/ranking.py: exactly, however many.

    Up to `exact_limit` matches are scored and sorted in one statement (EXACT). Beyond
    that, the count is PostgreSQL's estimate and the best `limit` are taken tier by tier,
    best score first, each tier's articles newest first (TIERS; see ranking.Weighting.tiers), one
    statement a tier, until the page, its facets or a preview are full. Same interface as
    KindSearch: `pending()` is the next statement, `take(ids)` what it returned.
    """

    kind: str
    build: Callable[..., QuerySet]
    matches: QuerySet
    text: str
    estimate: int
    limit: int
    weighting: Weighting
    tsquery: str
    plain: bool  # an AND of words: a match of them all in the title matches the query
    title_share: dict[str, float]  # of each word, the share of articles with it in the title
    rows: int  # published articles, about
    exact_limit: int = EXACT_LIMIT
    ranks: bool = True
    order: str = "relevance"
    trusted: bool = False
    count: int = 0
    approximate: bool = False
    ranked: list[int] | None = None
    top: list[int] | None = None
    stage: Stage = Stage.EXACT
    rounds: int = 0
    tiers_read: int = 0
    exhausted: bool = False  # every tier read
    seen: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        limit = self.exact_limit if self.trusted else max(self.exact_limit, EXACT_LIMIT)
        if self.estimate > limit:
            self._approximate(self.estimate)
        self._tiers = self.weighting.tiers()

    def _approximate(self, estimate: int) -> None:
        self.approximate, self.count = True, estimate
        self.top = []
        self.stage = Stage.TIERS if self.ranks else Stage.DONE

    def pending(self) -> tuple[str, list] | None:
        if self.stage is Stage.EXACT:
            return self._exact_sql()
        if self.stage is Stage.TIERS:
            return self._tier_sql()
        return None

    def take(self, ids: list[int]) -> None:
        if self.stage is Stage.EXACT:
            if len(ids) <= self.exact_limit:
                self.ranked, self.count, self.stage = ids, len(ids), Stage.DONE
            else:
                self._approximate(max(self.estimate, len(ids)))
            return
        assert self.top is not None
        self.top += [pk for pk in ids if pk not in self.seen]
        self.seen.update(ids)
        if len(self.top) >= self.limit:
            self.top, self.stage = self.top[: self.limit], Stage.DONE

    def _exact_sql(self) -> tuple[str, list]:
        """Every match (at most exact_limit + 1 read), scored and sorted."""
        inner = self.matches.order_by().values_list("pk", "published_at", "title_vector")
        sql, params = _compiled(inner[: self.exact_limit + 1])
        score, score_params = self.weighting.score_sql("m.t")
        order = (
            "m.s DESC, m.at DESC, m.id DESC" if self.order == "relevance" else _ID_ORDER[self.order]
        )
        return (
            f"SELECT m.id FROM (SELECT m.id, m.at, {score} AS s "
            f"FROM ({sql}) AS m(id, at, t)) AS m ORDER BY {order}",
            [*score_params, *params],
        )

    def _tier_sql(self) -> tuple[str, list] | None:
        tier = next(self._tiers, None) if self.tiers_read < MAX_TIERS else None
        if tier is None:  # every tier read (or as many as a search may read)
            self.exhausted = True
            self.top, self.stage = (self.top or [])[: self.limit], Stage.DONE
            return None
        self.tiers_read += 1
        return self._tier_statement(tier[1])

    def _tier_statement(self, places: list[tuple[int, ...]]) -> tuple[str, list]:
        need = self.limit - len(self.top or [])
        title = self.weighting.tier_query(places)
        rows = self.build(text=False).filter(
            RawSQL("title_vector @@ %s::tsquery", [title], output_field=BooleanField())
        )
        # A match of every word in the title matches the query (an AND of words), else
        # the query itself is checked, row by row (ts_match_vq, not @@: the GIN index of the
        # body's vectors is no way to walk newest first).
        present = all(level > 0 for choice in places for level in choice)
        if not (present and self.plain):
            rows = rows.filter(
                RawSQL(
                    "ts_match_vq(search_vector, %s::tsquery)",
                    [self.tsquery],
                    output_field=BooleanField(),
                )
            )
        # Walk the date index when the tier's articles are common enough to meet soon.
        share = 1.0
        for choice in places[:1]:
            for word, level in zip(self.weighting.words, choice, strict=True):
                inside = self.title_share.get(word, 0.0)
                share *= inside if level > 0 else 1.0 - inside
        walk = need / max(share, 1e-9) <= WALK_LIMIT
        date = F("published_at") if walk else sorted_after_filtering("published_at")
        ordered = rows.order_by(date.desc(), "-pk").values_list("pk", flat=True)
        return _compiled(ordered[:need])

    def rank_more(self, limit: int) -> None:
        if self.approximate and limit > self.limit:
            self.limit = limit
            if self.stage is Stage.DONE and not self.exhausted:
                self.stage = Stage.TIERS

    @property
    def best(self) -> list[int]:
        return self.ranked if self.ranked is not None else self.top or []


def settle(
    searches: list[KindSearch],
    extras: Callable[[dict[str, str]], list[tuple[str, list]]] | None = None,
) -> list:
    """Run every kind's pending statements, a round trip for all of them at a time, until
    none waits. `extras(columns)` gives scalar expressions for the first round, which may
    use a kind's first list through `columns[kind]` (see `arrays`); their values are
    returned."""
    first: list | None = None
    while True:
        waiting = [(search, search.pending()) for search in searches]
        waiting = [(search, sql) for search, sql in waiting if sql is not None]
        more = []
        if first is None and extras is not None:
            more = extras({search.kind: f"r.k{i}" for i, (search, _) in enumerate(waiting)})
        if not waiting and not more:
            return first or []
        results = arrays([sql for _, sql in waiting], more)
        for (search, _), ids in zip(waiting, results, strict=False):
            search.take(ids)
            search.rounds += 1
        if first is None:
            first = results[len(waiting) :]


class RankedIds:
    """The ids of one kind in reading order, for a Paginator (run_search then fetches the
    page's rows with the previews')."""

    def __init__(self, search: KindSearch, sort: str):
        self.search, self.sort = search, sort
        self.ids: list[int] | None
        if search.ranked is not None and search.order == sort:  # every match, in order
            self.ids, self.length = search.ranked, search.count
        elif sort == "relevance":  # the best of the window
            self.ids = search.best
            self.length = len(self.ids)
        else:  # newest or oldest: walk the date order; PostgreSQL stops at the page
            self.ids = None
            self.length = min(search.count, COUNT_CAP)

    def count(self) -> int:
        return self.length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, window: slice) -> list[int]:
        if self.ids is not None:
            return self.ids[window]
        ordered = _ordered(
            self.search.kind, self.search.matches, self.sort, few=not self.search.approximate
        )
        return list(ordered.values_list("pk", flat=True)[window])


def filtered(kind: str, params: SearchParams) -> QuerySet:
    """Published rows of a kind passing the filters of `params`, newest first, whatever
    its text (the API's lists without a query)."""
    return _ordered(
        kind, _kind_queryset(kind, params, None), "oldest" if params.sort == "oldest" else "newest"
    )


def run_search(
    params: SearchParams,
    page_number: Any = 1,
    *,
    facets: bool = True,
    every_count: bool = True,
    rows: bool = True,
) -> SearchResults:
    """Search every kind; page through the one shown; facet it; preview the others.

    Without words (a person or a place alone), every kind about them is listed newest
    first (see _browse). Without `facets` none are counted; without `every_count`, a
    search for one kind (`params.kind`) does not count the other kinds (the API lists one
    kind at a time); without `rows` the page lists the ids of its results, not their rows
    and snippets (the API fetches its own).

    The statements: one for the query as PostgreSQL reads it, from which
    articles/estimates.py estimates every kind (with filters, an EXPLAIN too); one that
    counts and ranks every kind and counts the facets (a second only where a kind's
    estimate proved wrong); one round trip for the rows of the page and of the previews.
    """
    if not params.text.strip():
        return _browse(params, page_number, facets=facets, every_count=every_count, rows=rows)
    query = parse_query(params.text)
    kinds = (params.kind,) if params.kind and not every_count else KINDS
    places = _place_ids(params)  # the place hierarchy is walked once, not per kind
    dated = bool(params.date_from or params.date_to)
    # The filters that have an index of their own for the kind (a place and a source are
    # the article's, so a quote has none for them).
    driven = {
        "articles": bool(params.person or params.place or params.source) or dated,
        "quotes": bool(params.person) or dated,
        "photos": bool(params.person or params.place or params.photographer) or dated,
    }

    def builder(kind: str) -> Callable[..., QuerySet]:
        def build(
            floor: int | None = None,
            text: bool = True,
            date_index: bool = True,
        ) -> QuerySet:
            return _kind_queryset(
                kind,
                params,
                query if text else None,
                places=places,
                floor=floor,
                date_index=date_index,
            )

        return build

    builds = {kind: builder(kind) for kind in kinds}
    matches = {kind: builds[kind]() for kind in kinds}
    words = wanted_words(params.text)
    # The query as PostgreSQL reads it, and the lexemes the snippets mark: with the
    # statistics of the vectors, enough to estimate every kind without an EXPLAIN.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT websearch_to_tsquery(%s::regconfig, %s)::text, "
            "ARRAY(SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s)))",
            [SEARCH_CONFIG, params.text, SEARCH_CONFIG, words],
        )
        tsquery, lexemes = cursor.fetchone()
    try:
        unfiltered = estimate_matches(tsquery, [_TABLES[kind] for kind in kinds])
    except ValueError:  # a form of tsquery this reading does not know: ask the planner
        unfiltered = None
    filters = params.person or params.place or params.source or dated or params.photographer
    filtered_kinds = [kind for kind in kinds if driven[kind]]
    estimates = unfiltered
    if filters or estimates is None:
        # The planner knows the filters' selectivity; its lexeme statistics are shorter
        # than ours (see articles/estimates.py), and the filters only ever take away.
        estimates = estimate_many(
            [matches[kind] for kind in kinds]
            + [builds[kind](text=False) for kind in filtered_kinds]
        )
        if unfiltered is not None:
            estimates[: len(kinds)] = map(min, estimates[: len(kinds)], unfiltered)
    filtered = dict(zip(filtered_kinds, estimates[len(kinds) :], strict=True))
    shown = params.kind or "articles"
    wanted = _page_number(page_number) * PAGE_SIZE
    searches: dict[str, KindSearch | ArticleSearch] = {
        kind: KindSearch(
            kind,
            builds[kind],
            matches[kind],
            params.text,
            estimate,
            limit=max(FACET_SAMPLE, wanted) if kind == shown else PREVIEW_SIZE,
            candidates=CANDIDATES if kind == shown else max(1, CANDIDATES // 5),
            driven=driven[kind],
            trusted=bool(filters),
            filtered=filtered.get(kind, 0),
            exact_limit=EXACT_LIMIT if kind == shown else PREVIEW_EXACT_LIMIT,
            ranks=kind != shown or params.sort == "relevance" or facets,
            order=params.sort if kind == shown else "relevance",
        )
        for kind, estimate in zip(kinds, estimates, strict=False)
        if kind != "articles"
    }
    if "articles" in kinds:
        searches = {
            "articles": _article_search(
                params,
                builds,
                matches,
                tsquery,
                estimates[kinds.index("articles")],
                shown,
                wanted,
                facets,
                bool(filters),
            ),
            **searches,
        }

    def first_round(columns: dict[str, str]) -> list[tuple[str, list]]:
        # The facets of the best matches found in the same statement (wasted only if the
        # kind shown needs another round).
        if facets and shown in columns:
            return [facets_sql(shown, f"{columns[shown]}[1:{int(FACET_SAMPLE)}]")]
        return []

    facet_rows = settle(list(searches.values()), first_round)
    counts = {kind: search.count for kind, search in searches.items()}
    if not counts[shown] and not params.kind:
        shown = next((kind for kind in KINDS if counts[kind]), "articles")
        searches[shown].rank_more(max(FACET_SAMPLE, wanted))
        settle([searches[shown]])
        facet_rows = []
    paginator = Paginator(RankedIds(searches[shown], params.sort), PAGE_SIZE)
    page = paginator.get_page(page_number)
    asked = _page_number(page_number)
    past_end = asked if counts[shown] and asked > paginator.num_pages else None
    previewed = [kind for kind in KINDS if kind != shown and counts.get(kind)]
    if params.kind:
        previewed = []
    wanted_rows = {shown: list(page.object_list)} if rows else {}
    wanted_rows.update({kind: searches[kind].best[:PREVIEW_SIZE] for kind in previewed})
    displayed = rows_for_display(wanted_rows, frozenset(lexemes))
    if rows:
        page.object_list = displayed[shown]
    results = SearchResults(
        params=params,
        shown=shown,
        counts=counts,
        page=page,
        approximate={kind: search.approximate for kind, search in searches.items()},
        previews={kind: displayed[kind] for kind in previewed},
        past_end=past_end,
    )
    if counts[shown] and facets:
        if facet_rows and searches[shown].rounds == 1:
            results.facets = facet_values(facet_rows[0])
        else:  # the sample the first round faceted is not the one shown
            results.facets = facets_of(shown, searches[shown].best[:FACET_SAMPLE])
    return results


def _browse(
    params: SearchParams, page_number: Any, *, facets: bool, every_count: bool, rows: bool
) -> SearchResults:
    """What a person or a place is in, without words: each kind newest first (oldest with
    sort=oldest), counted up to COUNT_CAP, the others previewed."""
    kinds = (params.kind,) if params.kind and not every_count else KINDS
    places = _place_ids(params)
    order = "oldest" if params.sort == "oldest" else "newest"
    listed = {
        kind: _ordered(kind, _kind_queryset(kind, params, None, places=places), order)
        for kind in kinds
    }
    first = {  # the first of each, and whether there are more than COUNT_CAP, at once
        kind: ranked for kind, ranked in zip(kinds, arrays([
            _compiled(listed[kind].values_list("pk", flat=True)[: COUNT_CAP + 1])
            for kind in kinds
        ]), strict=True)
    }  # fmt: skip
    counts = {kind: min(len(ids), COUNT_CAP) for kind, ids in first.items()}
    shown = params.kind or next((k for k in KINDS if counts.get(k)), "articles")
    paginator = Paginator(first[shown][:COUNT_CAP], PAGE_SIZE)
    page = paginator.get_page(page_number)
    asked = _page_number(page_number)
    previewed = [] if params.kind else [k for k in KINDS if k != shown and counts.get(k)]
    wanted_rows = {shown: list(page.object_list)} if rows else {}
    wanted_rows.update({kind: first[kind][:PREVIEW_SIZE] for kind in previewed})
    displayed = rows_for_display(wanted_rows, frozenset())
    if rows:
        page.object_list = displayed[shown]
    results = SearchResults(
        params=params,
        shown=shown,
        counts=counts,
        page=page,
        approximate={kind: len(ids) > COUNT_CAP for kind, ids in first.items()},
        previews={kind: displayed[kind] for kind in previewed},
        past_end=asked if counts[shown] and asked > paginator.num_pages else None,
    )
    if counts[shown] and facets:
        results.facets = facets_of(shown, first[shown][:FACET_SAMPLE])
    return results


def _article_search(
    params: SearchParams,
    builds: dict[str, Callable[..., QuerySet]],
    matches: dict[str, QuerySet],
    tsquery: str,
    estimate: int,
    shown: str,
    wanted: int,
    facets: bool,
    trusted: bool,
) -> ArticleSearch:
    table = _TABLES["articles"]
    stats = vector_stats([table])[table]
    titles = vector_stats([table], "title_vector")[table]
    weighting = Weighting.of(parse_tsquery(tsquery), stats)
    share = {}
    for word in weighting.words:
        known = titles.frequencies.get(word) if titles else None
        share[word] = known if known is not None else (titles.min_frequency / 2 if titles else 0)
    kind = "articles"
    return ArticleSearch(
        kind,
        builds[kind],
        matches[kind],
        params.text,
        estimate,
        limit=max(FACET_SAMPLE, wanted) if kind == shown else PREVIEW_SIZE,
        weighting=weighting,
        tsquery=tsquery,
        plain=not any(op in tsquery for op in ("<", "|", "!")),
        title_share=share,
        rows=int(stats.rows) if stats else 0,
        exact_limit=EXACT_LIMIT if kind == shown else PREVIEW_EXACT_LIMIT,
        ranks=kind != shown or params.sort == "relevance" or facets,
        order=params.sort if kind == shown else "relevance",
        trusted=trusted,
    )


def exhaustive_article_ids(params: SearchParams, limit: int = 10) -> list[int]:
    """The best `limit` articles for `params` by ranking every match with the search's own
    function: slow on a large archive, for checking the search's pages
    (bench/search_fidelity.py)."""
    text = params.text
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT websearch_to_tsquery(%s::regconfig, %s)::text", [SEARCH_CONFIG, text]
        )
        tsquery = cursor.fetchone()[0]
    table = _TABLES["articles"]
    weighting = Weighting.of(parse_tsquery(tsquery), vector_stats([table])[table])
    matches = _kind_queryset("articles", params, parse_query(text))
    sql, values = _compiled(matches.order_by().values_list("pk", "published_at", "title_vector"))
    score, score_params = weighting.score_sql("m.t")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.id FROM (SELECT m.id, m.at, {score} AS s FROM ({sql}) AS m(id, at, t)) "
            "AS m ORDER BY m.s DESC, m.at DESC, m.id DESC LIMIT %s",
            [*score_params, *values, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def _page_number(value: Any) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def count_matches(text: str) -> int:
    """How many published articles, quotes and photos match `text` (each kind capped)."""
    query = parse_query(text)
    return sum(count_capped(_kind_queryset(kind, SearchParams(text), query)) for kind in KINDS)


def newest_articles(text: str, limit: int = 20) -> list[Article]:
    """The newest published articles matching `text`, for the search feed."""
    query = parse_query(text)
    return list(_ordered("articles", Article.objects.published().search(query), "newest")[:limit])
