"""Full-text search over articles, quotes and photo captions, on PostgreSQL's text search.

The tsvectors are generated columns (see the models), so nothing here writes. One search
answers for three kinds of result at once; `run_search` returns the page a reader asked
for, a count for every kind, facets and the snippets, all from a `SearchParams`.

Snippets are marked with private-use characters by PostgreSQL and turned into <mark>
only after the text around them has been HTML-escaped (templatetags/archive.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone

from articles.models import SEARCH_CONFIG, Article, Person, Place, Quote
from media_captions.models import Photo

KINDS = ("articles", "quotes", "photos")
SORTS = ("relevance", "newest", "oldest")
PAGE_SIZE = 20
# Counting every match of a very common word would read most of the archive: counts stop
# here and the page says "more than"; pages go no further than this many results.
COUNT_CAP = 10_000
# Facets are counted over the best this-many matches of the search, not all of them.
FACET_SAMPLE = 1_000
FACET_SIZE = 8
PREVIEW_SIZE = 3

MARK_START = "\ue000"
MARK_STOP = "\ue001"
# ts_headline drops anything that looks like an HTML tag; hide < and > from it as
# private-use characters and put them back (escaped) when the snippet is rendered.
ANGLES = "<>"
HIDDEN_ANGLES = "\ue002\ue003"
UNHIDE_ANGLES = str.maketrans(HIDDEN_ANGLES, ANGLES)


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
    previews: dict[str, list[Any]] = field(default_factory=dict)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def parse_query(text: str) -> SearchQuery:
    """Web-search syntax: "exact phrase", OR, -exclude; English stemming."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


def highlight_query(text: str) -> SearchQuery:
    """The words a snippet should mark: any of the query's wanted words or phrases.

    Matching needs all the words, but a snippet should still mark a word that appears
    where another does not, so the wanted parts are joined with OR; excluded ones are left out.
    """
    wanted = [t for t in _TOKEN.findall(text) if not t.startswith("-") and t.upper() != "OR"]
    return parse_query(" OR ".join(wanted) or text)


def _tags_kept(field_name: str) -> Func:
    return Func(F(field_name), Value(ANGLES), Value(HIDDEN_ANGLES), function="translate")


def _headline(field_name: str, query: SearchQuery, *, whole: bool = False) -> SearchHeadline:
    options: dict[str, Any] = (
        {"highlight_all": True}
        if whole
        else {"max_words": 18, "min_words": 8, "max_fragments": 3, "fragment_delimiter": " … "}
    )
    return SearchHeadline(
        _tags_kept(field_name),
        query,
        config=SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        **options,
    )


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
    """Filters that concern the article (its own or the one a quote or photo is in)."""
    condition = Q()
    if params.date_from:
        condition &= Q(**{f"{path}published_at__gte": _day_start(params.date_from)})
    if params.date_to:
        condition &= Q(**{f"{path}published_at__lt": _day_start(params.date_to + timedelta(1))})
    if params.source:
        condition &= Q(**{f"{path}source__iexact": params.source})
    return condition


def _place_mentioned(ids: list[int], article_ref: str) -> Exists:
    return Exists(
        Article.places.through.objects.filter(article_id=OuterRef(article_ref), place_id__in=ids)
    )


def _kind_queryset(kind: str, params: SearchParams, query: SearchQuery) -> QuerySet:
    """The published rows of one kind matching the query and the filters, unordered."""
    places = place_and_descendants(params.place) if params.place else None
    person = params.person
    if kind == "articles":
        qs = Article.objects.published().search(query).filter(_article_filters(params, ""))
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
    qs = model.objects.published().search(query).filter(_article_filters(params, "article__"))
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
    return qs


def _ordered(kind: str, qs: QuerySet, sort: str) -> QuerySet:
    date_field = "published_at" if kind == "articles" else "article__published_at"
    if sort == "newest":
        return qs.order_by(F(date_field).desc(), "-pk")
    if sort == "oldest":
        return qs.order_by(F(date_field).asc(), "pk")
    return qs.order_by("-rank", F(date_field).desc(), "-pk")


def _with_display(kind: str, qs: QuerySet, query: SearchQuery) -> QuerySet:
    """Related rows and highlighted snippets, for the rows actually shown."""
    if kind == "articles":
        return qs.select_related("dateline").annotate(
            headline_marked=_headline("headline", query, whole=True),
            snippet=_headline("body", query),
        )
    if kind == "quotes":
        return qs.select_related("speaker", "article").annotate(
            snippet=_headline("text", query, whole=True)
        )
    return qs.select_related("article", "photographer", "place").annotate(
        snippet=_headline("caption", query, whole=True)
    )


def count_capped(qs: QuerySet, cap: int = COUNT_CAP) -> int:
    """The number of rows, counting no further than cap + 1 ("more than cap")."""
    return qs.order_by().values("pk")[: cap + 1].count()


class CappedPaginator(Paginator):
    """A paginator whose count stops at COUNT_CAP (the last pages are not reachable)."""

    @cached_property
    def count(self) -> int:
        return min(count_capped(self.object_list), COUNT_CAP)


def _facets(kind: str, qs: QuerySet, sort: str) -> dict[str, list[FacetValue]]:
    sample = _ordered(kind, qs, sort).values("pk")[:FACET_SAMPLE]
    if kind == "articles":
        articles = Article.objects.filter(pk__in=sample)
        people = Article.people.through.objects.filter(article_id__in=sample)
        people = people.values(key=F("person__slug"), label=F("person__name"))
        places = Article.places.through.objects.filter(article_id__in=sample)
        places = places.values(key=F("place__slug"), label=F("place__name"))
    elif kind == "quotes":
        quotes = Quote.objects.filter(pk__in=sample)
        articles = Article.objects.filter(pk__in=quotes.values("article_id"))
        people = quotes.values(key=F("speaker__slug"), label=F("speaker__name"))
        places = Article.places.through.objects.filter(article_id__in=quotes.values("article_id"))
        places = places.values(key=F("place__slug"), label=F("place__name"))
    else:
        photos = Photo.objects.filter(pk__in=sample)
        articles = Article.objects.filter(pk__in=photos.values("article_id"))
        people = Photo.people.through.objects.filter(photo_id__in=sample)
        people = people.values(key=F("person__slug"), label=F("person__name"))
        places = photos.exclude(place=None).values(key=F("place__slug"), label=F("place__name"))

    def top(rows: QuerySet, param: str) -> list[FacetValue]:
        rows = rows.annotate(n=Count("*")).order_by("-n", "label")[:FACET_SIZE]
        return [FacetValue(r["label"], r["n"], {param: r["key"]}) for r in rows]

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
        "people": top(people, "person"),
        "places": top(places, "place"),
        "sources": [FacetValue(r["label"], r["n"], {"source": r["label"]}) for r in sources],
        "years": [
            FacetValue(
                str(r["year"]), r["n"], {"from": f"{r['year']}-01-01", "to": f"{r['year']}-12-31"}
            )
            for r in sorted(years, key=lambda r: r["year"], reverse=True)
        ],
    }


def run_search(params: SearchParams, page_number: Any = 1) -> SearchResults:
    """Search every kind; page through the one shown; facet it; preview the others."""
    query = parse_query(params.text)
    querysets = {kind: _kind_queryset(kind, params, query) for kind in KINDS}
    counts = {kind: count_capped(qs) for kind, qs in querysets.items()}
    shown = params.kind or "articles"
    if not counts[shown] and not params.kind:
        shown = next((kind for kind in KINDS if counts[kind]), "articles")
    ordered = _ordered(shown, querysets[shown], params.sort)
    marks = highlight_query(params.text)
    paginator = CappedPaginator(_with_display(shown, ordered, marks), PAGE_SIZE)
    results = SearchResults(
        params=params, shown=shown, counts=counts, page=paginator.get_page(page_number)
    )
    if not params.kind:
        for kind in KINDS:
            if kind != shown and counts[kind]:
                qs = _ordered(kind, querysets[kind], params.sort)
                results.previews[kind] = list(_with_display(kind, qs, marks)[:PREVIEW_SIZE])
    if counts[shown]:
        results.facets = _facets(shown, querysets[shown], params.sort)
    return results


def count_matches(text: str) -> int:
    """How many published articles, quotes and photos match `text` (each kind capped)."""
    query = parse_query(text)
    return sum(count_capped(_kind_queryset(kind, SearchParams(text), query)) for kind in KINDS)


def newest_articles(text: str, limit: int = 20) -> list[Article]:
    """The newest published articles matching `text`, for the search feed."""
    query = parse_query(text)
    return list(_ordered("articles", Article.objects.published().search(query), "newest")[:limit])
