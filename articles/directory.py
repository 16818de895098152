"""Reader pages for people and places: the lists, and a page for each.

Views are thin: a QuerySet or a function of articles/profiles.py answers each part, and the
number of queries does not grow with the number of articles a person or place has.
"""

from __future__ import annotations

import string
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView

from articles import charts, profiles
from articles.models import Article, Person, Place, Quote
from articles.ordering import TwoStepList, rows_by_id, sorted_after_filtering
from articles.search import place_and_descendants
from media_captions.models import Photo

LETTERS = string.ascii_uppercase
PLACE_COUNTS_SECONDS = 600


def _public(path: str) -> dict:
    """Lookups, through `path`, for an article readers may see (as Article.published())."""
    return {f"{path}status": Article.Status.PUBLISHED, f"{path}published_at__lte": timezone.now()}


def _page(articles: QuerySet[Article], about: profiles.Profile, number) -> Page:
    """A page of 20 articles; the count and the first pages' ids are the profile's."""
    rows = TwoStepList(articles, about.count, ("dateline",), about.ids["articles"])
    return Paginator(rows, 20).get_page(number)


def _timeline(timeline: profiles.Timeline, title: str, **about) -> charts.Chart:
    """A person's or place's articles by month (by year over ten years), each bar linking to
    that period's search (the person or place, without words: their articles of the
    period, newest first)."""
    ((key, item),) = about.items()
    base = reverse("articles:search")

    def link(period: charts.Period) -> str:
        query = {key: item.slug, "from": period.start.isoformat(), "to": period.end.isoformat()}
        return f"{base}?{urlencode(query)}"

    periods, by = charts.by_month_or_year(timeline.counts)
    return charts.bar_chart(
        periods, by=by, id="timeline", title=f"{title}, by {by}", noun="article", link=link
    )


def _counts(rows: QuerySet, key: str) -> dict[int, int]:
    return {r[key]: r["n"] for r in rows.values(key).annotate(n=Count("*")).order_by()}


class PersonListView(ListView):
    """/people/: everyone A-Z by surname, with counts, a letter index and a name filter."""

    template_name = "articles/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Person]:
        people = Person.objects.order_by("sort_name", "pk")
        letter = self.request.GET.get("letter", "").upper()
        if len(letter) == 1 and letter in LETTERS:
            people = people.filter(sort_name__istartswith=letter)
        name = self.request.GET.get("name", "").replace("\x00", "").strip()[:100]
        if name:
            people = people.filter(Q(name__icontains=name) | Q(aliases__contains=[name]))
        return people

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = [person.pk for person in context["people"]]
        articles = _counts(
            Article.people.through.objects.filter(person_id__in=ids, **_public("article__")),
            "person_id",
        )
        quotes = _counts(Quote.objects.published().filter(speaker_id__in=ids), "speaker_id")
        photos = _counts(
            Photo.people.through.objects.filter(person_id__in=ids, **_public("photo__article__")),
            "person_id",
        )
        for person in context["people"]:
            person.counts = (
                articles.get(person.pk, 0),
                quotes.get(person.pk, 0),
                photos.get(person.pk, 0),
            )
        letter = self.request.GET.get("letter", "").upper()
        context.update(
            letters=LETTERS,
            letter=letter if letter in LETTERS else "",
            name=self.request.GET.get("name", "").replace("\x00", "")[:100],
        )
        return context


class PersonDetailView(DetailView):
    """/people/<slug>/: quotes, photos of and by them, articles, who and where, when."""

    model = Person
    template_name = "articles/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        person = self.object
        articles = profiles.articles_about_person(person)
        newest = sorted_after_filtering("article__published_at").desc()
        quotes = Quote.objects.published().filter(speaker=person)
        shown = Photo.people.through.objects.filter(person_id=person.pk).values("photo_id")
        photos_shown = Photo.objects.published().filter(pk__in=shown)
        photos_credited = Photo.objects.published().filter(photographer=person)
        about = profiles.profile(
            f"person:{person.pk}",
            articles,
            {
                "quotes": (quotes.order_by(newest, "position"), 20),
                "photos_shown": (photos_shown.order_by(newest, "position"), 12),
                "photos_credited": (photos_credited.order_by(newest, "position"), 12),
            },
            person=person.pk,
        )
        page = _page(articles, about, self.request.GET.get("page"))
        return super().get_context_data(
            quotes=rows_by_id(quotes, about.ids["quotes"], ("article",)),
            photos_shown=rows_by_id(
                photos_shown, about.ids["photos_shown"], ("article", "photographer")
            ),
            photos_credited=rows_by_id(photos_credited, about.ids["photos_credited"], ("article",)),
            page_obj=page,
            articles=page.object_list,
            people_with=about.people,
            places_with=about.places,
            timeline=_timeline(about.timeline, f"Articles mentioning {person.name}", person=person),
            **kwargs,
        )


def person_quotes(person: Person) -> QuerySet[Quote]:
    """A person's published quotes, newest article first (in the article's order)."""
    return (
        Quote.objects.published()
        .filter(speaker=person)
        .select_related("article")
        .order_by(sorted_after_filtering("public_at").desc(), "article_id", "position")
    )


class PersonQuotesView(DetailView):
    """/people/<slug>/quotes/: every quote of a person, newest first, 20 to a page."""

    model = Person
    template_name = "articles/person_quotes.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        quotes = person_quotes(self.object).defer(
            *(f"article__{f}" for f in ("body", "search_vector", "title_vector", "headline_words"))
        )
        page = Paginator(quotes, 20).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, quotes=page.object_list, **kwargs)


def _place_counts() -> dict[int, int]:
    """Published articles per place (mentions and datelines), cached for ten minutes."""
    counts = cache.get("place-article-counts")
    if counts is None:
        counts = _counts(Article.places.through.objects.filter(**_public("article__")), "place_id")
        cache.set("place-article-counts", counts, PLACE_COUNTS_SECONDS)
    return counts


class PlaceListView(ListView):
    """/places/: the countries, each with the places within it, and article counts."""

    template_name = "articles/place_list.html"
    context_object_name = "countries"

    def get_queryset(self) -> QuerySet[Place]:
        return Place.objects.filter(parent=None).order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = _place_counts()
        children: dict[int, list[Place]] = {}
        for place in Place.objects.exclude(parent=None).order_by("name"):
            place.count = counts.get(place.pk, 0)
            children.setdefault(place.parent_id, []).append(place)
        for country in context["countries"]:
            country.count = counts.get(country.pk, 0)
            country.places = children.get(country.pk, [])
        return context


class PlaceDetailView(DetailView):
    """/places/<slug>/: articles from or about it, photos taken there, who, nearby, when."""

    model = Place
    template_name = "articles/place_detail.html"
    context_object_name = "place"

    def get_queryset(self) -> QuerySet[Place]:
        return Place.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        place = self.object
        ids = place_and_descendants(place)
        articles = profiles.articles_about_place(ids)
        photos = Photo.objects.published().filter(place_id__in=ids)
        newest = sorted_after_filtering("article__published_at").desc()
        about = profiles.profile(
            f"place:{place.pk}",
            articles,
            {"photos": (photos.order_by(newest, "position"), 12)},
            places=ids,
        )
        page = _page(articles, about, self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page,
            articles=page.object_list,
            photos=rows_by_id(photos, about.ids["photos"], ("article", "photographer")),
            children=place.children.order_by("name"),
            people_with=about.people,
            places_with=about.places,
            timeline=_timeline(about.timeline, f"Articles from or about {place.name}", place=place),
            **kwargs,
        )
