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
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone

from articles.models import SEARCH_CONFIG, Article, Person, Place, Quote
from articles.ordering import sorted_after_filtering
from articles.snippets import fragments, mark_all, query_lexemes
from media_captions.models import Photo

KINDS = ("articles", "quotes", "photos")
SORTS = ("relevance", "newest", "oldest")
PAGE_SIZE = 20
# Counting or ranking every match of a very common word would read most of the archive.
# Up to EXACT_LIMIT matches of a kind are counted and ranked exactly; beyond it the count is
# PostgreSQL's estimate and relevance ranking looks at the ~CANDIDATES most recently added
# matches (see KindSearch.bound). Date-sorted pages go no further than COUNT_CAP results.
EXACT_LIMIT = 5_000
CANDIDATES = 1_000
# Windows up to this many rows are read row by row rather than through the GIN index
# (an article's vector is ~3 KB, a quote's or caption's a few dozen bytes).
SCAN_WINDOW = {"articles": 3_000, "quotes": 20_000, "photos": 20_000}
COUNT_CAP = 10_000
# Facets are counted over the best this-many matches of the search, not all of them.
FACET_SAMPLE = 200
FACET_SIZE = 8
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
class FacetValue:
    label: str
    count: int
    narrows: dict[str, str]  # the URL parameters that narrow the search to this value


@dataclass
class SearchResults:
    params: SearchParams
    shown: str  # the kind listed on the page
    counts: dict[str, int]
    page: Page
    approximate: dict[str, bool] = field(default_factory=dict)
    previews: dict[str, list[Any]] = field(default_factory=dict)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

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
    ids, frontier = [place.pk], [place.pk]
    while frontier and len(ids) < 10_000:
        frontier = list(Place.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids += frontier
    return ids


def _article_filters(params: SearchParams, path: str) -> Q:
    """Filters that concern the article (its own or the one a quote or photo is in).

    A quote's or photo's date is its own `public_at` (its article's publication time, kept
    on the row), so date filters need no join; only `source` reaches the article."""
    date = "published_at" if not path else "public_at"
    condition = Q()
    if params.date_from:
        condition &= Q(**{f"{date}__gte": _day_start(params.date_from)})
    if params.date_to:
        condition &= Q(**{f"{date}__lt": _day_start(params.date_to + timedelta(1))})
    if params.source:
        condition &= Q(**{f"{path}source__iexact": params.source})
    return condition


def _place_mentioned(ids: list[int], article_ref: str) -> Exists:
    return Exists(
        Article.places.through.objects.filter(article_id=OuterRef(article_ref), place_id__in=ids)
    )


def _place_ids(params: SearchParams) -> list[int] | None:
    return place_and_descendants(params.place) if params.place else None


def _kind_queryset(
    kind: str,
    params: SearchParams,
    query: SearchQuery | None,
    *,
    indexed: bool = True,
    places: list[int] | None = None,
) -> QuerySet:
    """The published rows of one kind matching the query (if any) and the filters, unordered
    (`indexed`: see SearchableQuerySet.search; `places`: the place filter's ids, if already
    worked out)."""
    if places is None:
        places = _place_ids(params)
    person = params.person
    if kind == "articles":
        qs = Article.objects.published()
        if query is not None:
            qs = qs.search(query, indexed=indexed)
        qs = qs.filter(_article_filters(params, ""))
        if person:
            qs = qs.filter(
                Exists(
                    Article.people.through.objects.filter(
                        article_id=OuterRef("pk"), person_id=person.pk
                    )
                )
            )
        if places:
            qs = qs.filter(Q(dateline_id__in=places) | _place_mentioned(places, "pk"))
        return qs
    model = Quote if kind == "quotes" else Photo
    qs = model.objects.published()
    if query is not None:
        qs = qs.search(query, indexed=indexed)
    qs = qs.filter(_article_filters(params, "article__"))
    if kind == "quotes":
        if person:
            qs = qs.filter(speaker=person)
        if places:
            qs = qs.filter(
                Q(article__dateline_id__in=places) | _place_mentioned(places, "article_id")
            )
    else:
        if person:
            shown = Photo.people.through.objects.filter(photo_id=OuterRef("pk"), person=person)
            qs = qs.filter(Q(photographer=person) | Exists(shown))
        if places:
            qs = qs.filter(place_id__in=places)
        if params.photographer:
            qs = qs.filter(photographer=params.photographer)
    return qs


def _ordered(kind: str, qs: QuerySet, sort: str, *, few: bool = False) -> QuerySet:
    """Order by relevance or date. With `few` matches, sort them after finding them all:
    walking the date index instead, hoping to meet a rare word soon, can read it all."""
    date_field = "published_at" if kind == "articles" else "public_at"
    date: Any = sorted_after_filtering(date_field) if few else F(date_field)
    if sort == "newest":
        return qs.order_by(date.desc(), "-pk")
    if sort == "oldest":
        return qs.order_by(date.asc(), "pk")
    return qs.order_by("-rank", F(date_field).desc(), "-pk")


def _with_display(kind: str, qs: QuerySet, lexemes: frozenset[str]) -> list:
    """Rows with their related rows, and highlighted snippets made in Python."""
    if kind == "articles":
        rows = list(qs.select_related("dateline"))
        for row in rows:
            row.headline_marked = mark_all(row.headline, lexemes)
            row.snippet = fragments(row.body, lexemes)
    elif kind == "quotes":
        rows = list(qs.select_related("speaker", "article"))
        for row in rows:
            row.snippet = mark_all(row.text, lexemes)
    else:
        rows = list(qs.select_related("article", "photographer", "place"))
        for row in rows:
            row.snippet = mark_all(row.caption, lexemes)
    return rows


def count_capped(qs: QuerySet, cap: int = COUNT_CAP) -> int:
    """The number of rows, counting no further than cap + 1 ("more than cap")."""
    return qs.order_by().values("pk")[: cap + 1].count()


def estimate_rows(qs: QuerySet) -> int:
    """PostgreSQL's own estimate of how many rows a query returns (no rows are read)."""
    plan = json.loads(qs.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


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


@dataclass
class KindSearch:
    """One kind's matches, bounded: counted or estimated, and the rows worth ranking."""

    kind: str
    matches: QuerySet  # every match of the query and the filters
    count: int
    approximate: bool  # count is PostgreSQL's estimate; ranking looks at recent rows only
    candidates: QuerySet  # the matches that relevance ranking looks at

    @classmethod
    def bound(cls, kind: str, matches: QuerySet, unindexed: QuerySet | None = None) -> KindSearch:
        """Count the matches if they are few; else estimate them and pick a recent window.

        Ranking reads every candidate's tsvector, so it is bounded: up to EXACT_LIMIT
        matches are all ranked; beyond that, only those in a window of the most recently
        added rows, sized by the estimate to hold about CANDIDATES matches. The window is
        read through the primary key, matching each row as it comes (`unindexed`, the same
        search in a form the GIN index cannot serve).
        """
        estimate = estimate_rows(matches)
        if estimate <= EXACT_LIMIT:
            count = count_capped(matches, EXACT_LIMIT)
            if count <= EXACT_LIMIT:
                return cls(kind, matches, count, False, matches)
            estimate = max(estimate, count)
        max_id, rows = table_size(matches.model)
        window = int(rows * min(1.0, CANDIDATES / max(estimate, 1))) + PAGE_SIZE
        # A window of a very common word's matches is a few thousand rows: read them. A
        # rarer word's window is wide, and its matches are best found in the GIN index.
        scan = unindexed if unindexed is not None and window <= SCAN_WINDOW[kind] else matches
        candidates = scan.filter(pk__gt=max_id - window)
        return cls(kind, matches, estimate, True, candidates)


class RankedIds:
    """The ids of one kind in reading order, for a Paginator; rows are fetched per page."""

    def __init__(self, search: KindSearch, sort: str, lexemes: frozenset[str], limit: int):
        self.search, self.sort, self.lexemes = search, sort, lexemes
        if sort == "relevance":
            ordered = _ordered(search.kind, search.candidates, sort)
            self.ids: list[int] | None = list(ordered.values_list("pk", flat=True)[:limit])
            self.length = len(self.ids) if search.approximate else min(search.count, len(self.ids))
        else:  # newest or oldest: walk the date order; PostgreSQL stops at the page
            self.ids = None
            self.length = min(search.count, COUNT_CAP)

    def count(self) -> int:
        return self.length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, window: slice) -> list:
        if self.ids is not None:
            ids = self.ids[window]
        else:
            ordered = _ordered(
                self.search.kind, self.search.matches, self.sort, few=not self.search.approximate
            )
            ids = list(ordered.values_list("pk", flat=True)[window])
        return rows_for_display(self.search.kind, ids, self.lexemes)


def rows_for_display(kind: str, ids: list[int], lexemes: frozenset[str]) -> list:
    """The rows with these ids, in this order, with related rows and highlighted snippets."""
    if not ids:
        return []
    model = {"articles": Article, "quotes": Quote, "photos": Photo}[kind]
    rows = _with_display(kind, model.objects.filter(pk__in=ids), lexemes)
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def _top(rows: QuerySet, key: str, model, param: str) -> list[FacetValue]:
    """The FACET_SIZE most frequent people or places among `rows` (ties by name).

    Counted by id first and named after, so the people table (tens of thousands of rows)
    is read for the few names shown, not joined whole."""
    counts = {r[key]: r["n"] for r in rows.values(key).annotate(n=Count("*")).order_by()}
    if not counts:
        return []
    threshold = sorted(counts.values(), reverse=True)[:FACET_SIZE][-1]
    named = model.objects.filter(pk__in=[pk for pk, n in counts.items() if n >= threshold])
    ranked = sorted(named.only("slug", "name"), key=lambda row: (-counts[row.pk], row.name))
    return [FacetValue(row.name, counts[row.pk], {param: row.slug}) for row in ranked[:FACET_SIZE]]


def _facets(kind: str, sample: list[int]) -> dict[str, list[FacetValue]]:
    """Top people, places, sources and years among a sample of the best matches."""
    if kind == "articles":
        articles = Article.objects.filter(pk__in=sample)
        people = Article.people.through.objects.filter(article_id__in=sample)
        places = Article.places.through.objects.filter(article_id__in=sample)
        people_key, places_key = "person_id", "place_id"
    elif kind == "quotes":
        quotes = Quote.objects.filter(pk__in=sample)
        articles = Article.objects.filter(pk__in=quotes.values("article_id"))
        people, people_key = quotes, "speaker_id"
        places = Article.places.through.objects.filter(article_id__in=quotes.values("article_id"))
        places_key = "place_id"
    else:
        photos = Photo.objects.filter(pk__in=sample)
        articles = Article.objects.filter(pk__in=photos.values("article_id"))
        people = Photo.people.through.objects.filter(photo_id__in=sample)
        places = photos.exclude(place=None)
        people_key, places_key = "person_id", "place_id"

    sources = (
        articles.exclude(source="")
        .values(label=F("source"))
        .annotate(n=Count("*"))
        .order_by("-n", "label")[:FACET_SIZE]
    )
    years = (
        articles.annotate(year=ExtractYear("published_at"))
        .values("year")
        .annotate(n=Count("*"))
        .order_by("-n", "-year")[:FACET_SIZE]
    )
    return {
        "people": _top(people, people_key, Person, "person"),
        "places": _top(places, places_key, Place, "place"),
        "sources": [FacetValue(r["label"], r["n"], {"source": r["label"]}) for r in sources],
        "years": [
            FacetValue(
                str(r["year"]), r["n"], {"from": f"{r['year']}-01-01", "to": f"{r['year']}-12-31"}
            )
            for r in sorted(years, key=lambda r: r["year"], reverse=True)
        ],
    }


def filtered(kind: str, params: SearchParams) -> QuerySet:
    """Published rows of a kind passing the filters of `params`, newest first, whatever
    its text (the API's lists without a query)."""
    return _ordered(
        kind, _kind_queryset(kind, params, None), "oldest" if params.sort == "oldest" else "newest"
    )


def run_search(
    params: SearchParams, page_number: Any = 1, *, facets: bool = True, every_count: bool = True
) -> SearchResults:
    """Search every kind; page through the one shown; facet it; preview the others.

    Without `facets` none are counted; without `every_count`, a search for one kind
    (`params.kind`) does not count the other kinds (the API lists one kind at a time).
    """
    query = parse_query(params.text)
    kinds = (params.kind,) if params.kind and not every_count else KINDS
    places = _place_ids(params)  # the place hierarchy is walked once, not per kind
    searches = {
        kind: KindSearch.bound(
            kind,
            _kind_queryset(kind, params, query, places=places),
            _kind_queryset(kind, params, query, indexed=False, places=places),
        )
        for kind in kinds
    }
    counts = {kind: search.count for kind, search in searches.items()}
    shown = params.kind or "articles"
    if not counts[shown] and not params.kind:
        shown = next((kind for kind in KINDS if counts[kind]), "articles")
    marks = query_lexemes(wanted_words(params.text))
    wanted = _page_number(page_number) * PAGE_SIZE
    ranked = RankedIds(searches[shown], params.sort, marks, max(FACET_SAMPLE, wanted))
    paginator = Paginator(ranked, PAGE_SIZE)
    results = SearchResults(
        params=params,
        shown=shown,
        counts=counts,
        page=paginator.get_page(page_number),
        approximate={kind: search.approximate for kind, search in searches.items()},
    )
    if not params.kind:
        for kind in KINDS:
            if kind != shown and counts[kind]:
                preview = RankedIds(searches[kind], "relevance", marks, PREVIEW_SIZE)
                results.previews[kind] = preview[:PREVIEW_SIZE]
    if counts[shown] and facets:
        sample = ranked.ids
        if sample is None:  # sorted by date: facet the best matches all the same
            sample = RankedIds(searches[shown], "relevance", marks, FACET_SAMPLE).ids or []
        results.facets = _facets(shown, sample[:FACET_SAMPLE])
    return results


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
