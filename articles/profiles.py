"""Reads behind the person and place pages: who and where go together, and when.

Each function is one aggregate query over the published articles of a person or place, so
a page needs the same few queries whether it covers ten articles or ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, Person, Place

PersonLink = Article.people.through
PlaceLink = Article.places.through
TOP = 10
MIN_MONTHS = 24
# How long a person's or place's counts, company and timeline may be stale: they are
# aggregates over thousands of articles, shared through the cache by every worker.
PROFILE_SECONDS = 600


# Part of the cache key: change it whenever Profile changes shape, so that a deploy never
# reads a profile pickled by the previous version.
PROFILE_VERSION = 3
# The first five pages of a person's or place's articles are listed from the cache.
CACHED_ARTICLE_IDS = 100


@dataclass(frozen=True)
class Profile:
    """What a person's or place's page says about all their articles at once, and the ids
    of the newest rows of each list on it (rows are fetched, and re-checked, per request)."""

    count: int
    people: list[Associated]
    places: list[Associated]
    timeline: Timeline
    ids: dict[str, list[int]]


def profile(
    key: str, articles: QuerySet[Article], lists: dict[str, tuple[QuerySet, int]], **leave_out
) -> Profile:
    """The aggregates and newest ids of a person's or place's page, cached when fresh.

    A new article shows on the page within PROFILE_SECONDS; a correction or an unpublished
    article at once, since the rows themselves are always read afresh.
    """

    def compute() -> Profile:
        ids = {
            name: list(ordered.values_list("pk", flat=True)[:size])
            for name, (ordered, size) in lists.items()
        }
        ids["articles"] = list(articles.values_list("pk", flat=True)[:CACHED_ARTICLE_IDS])
        return Profile(
            count=articles.count(),
            people=people_with(articles, leave_out=leave_out.get("person")),
            places=places_with(articles, leave_out=leave_out.get("places", [])),
            timeline=timeline(articles),
            ids=ids,
        )

    return cache.get_or_set(f"profile:{PROFILE_VERSION}:{key}", compute, PROFILE_SECONDS)


@dataclass(frozen=True)
class Associated:
    """A person or place that goes with another, and in how many articles."""

    name: str
    slug: str
    count: int
    url: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Timeline:
    """Mentions by month, laid out as the bars of an SVG chart."""

    bars: list[Bar]
    first: date | None
    last: date | None
    peak: int
    total: int
    width: int = 600
    height: int = 80

    svg: str = ""  # the bars as SVG markup, escaped, made once with the (cached) profile

    def rects(self) -> SafeString:
        return mark_safe(self.svg)  # built escaped by _bars_svg

    @property
    def description(self) -> str:
        if not self.bars:
            return "No articles yet."
        articles = f"{self.total:,} article{'s' if self.total != 1 else ''}"
        if self.first == self.last:
            return f"{articles} in {self.first:%B %Y}."
        return (
            f"{articles} from {self.first:%B %Y} to {self.last:%B %Y}; "
            f"at most {self.peak:,} in one month."
        )


def _bars_svg(bars: list[Bar]) -> str:
    """SVG rects for the bars, built here: hundreds of months through the template cost
    more than the rest of the page (every number would be localised)."""
    return str(
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#0b4f8a"><title>{}</title></rect>',
            (
                (f"{b.x:.2f}", f"{b.y:.2f}", f"{b.width:.2f}", f"{b.height:.2f}", b.label)
                for b in bars
            ),
        )
    )


def articles_about_person(person: Person) -> QuerySet[Article]:
    """Published articles mentioning the person, newest first."""
    mentions = PersonLink.objects.filter(article_id=OuterRef("pk"), person_id=person.pk)
    return Article.objects.published().filter(Exists(mentions)).order_by("-published_at", "-pk")


def articles_about_place(place_ids: list[int]) -> QuerySet[Article]:
    """Published articles datelined in or mentioning any of the places, newest first."""
    mentioned = PlaceLink.objects.filter(place_id__in=place_ids).values("article_id")
    datelined = Article.objects.filter(dateline_id__in=place_ids).order_by().values("pk")
    # A union of two index lookups, not an OR that would read every article.
    return (
        Article.objects.published()
        .filter(pk__in=mentioned.union(datelined))
        .order_by("-published_at", "-pk")
    )


def _top(rows: QuerySet, key: str, model) -> list[Associated]:
    """The ids most frequent in rows, then their names: counting needs no join."""
    counts = list(rows.values(key).annotate(n=Count("*")).order_by("-n", key)[: TOP * 2])
    names = {
        obj.pk: obj
        for obj in model.objects.filter(pk__in=[r[key] for r in counts]).only("name", "slug")
    }
    ranked = sorted(
        (r for r in counts if r[key] in names), key=lambda r: (-r["n"], names[r[key]].name)
    )[:TOP]
    return [
        Associated(names[r[key]].name, names[r[key]].slug, r["n"], names[r[key]].get_absolute_url())
        for r in ranked
    ]


def people_with(articles: QuerySet[Article], *, leave_out: int | None = None) -> list[Associated]:
    """The people most often mentioned in these articles."""
    rows = PersonLink.objects.filter(article_id__in=articles.order_by().values("pk"))
    if leave_out is not None:
        rows = rows.exclude(person_id=leave_out)
    return _top(rows, "person_id", Person)


def places_with(articles: QuerySet[Article], *, leave_out: list[int] = ()) -> list[Associated]:
    """The places most often mentioned in these articles."""
    rows = PlaceLink.objects.filter(article_id__in=articles.order_by().values("pk"))
    if leave_out:
        rows = rows.exclude(place_id__in=leave_out)
    return _top(rows, "place_id", Place)


def timeline(articles: QuerySet[Article], *, width: int = 600, height: int = 80) -> Timeline:
    """Articles per month, from the first month to the last, as SVG bars."""
    rows = list(
        articles.order_by()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    if not rows:
        return Timeline([], None, None, 0, 0, width, height)
    counts = {(r["month"].year, r["month"].month): r["n"] for r in rows}
    first, last = rows[0]["month"].date(), rows[-1]["month"].date()
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    peak = max(counts.values())
    # A short career still gets a readable chart: at least two years wide, ending at the last.
    shown = max(months, MIN_MONTHS)
    offset = shown - months
    step = width / shown
    bars = []
    for i in range(months):
        year, month = divmod(first.month - 1 + i, 12)
        year += first.year
        n = counts.get((year, month + 1), 0)
        if not n:
            continue
        h = max(1.0, height * n / peak)
        label = f"{date(year, month + 1, 1):%B %Y}: {n:,} article{'s' if n != 1 else ''}"
        x = round((offset + i) * step, 2)
        bars.append(Bar(x, round(height - h, 2), max(step * 0.9, 1.0), round(h, 2), label))
    return Timeline(bars, first, last, peak, sum(counts.values()), width, height, _bars_svg(bars))
