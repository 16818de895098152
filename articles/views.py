"""Reader-facing pages: the front page, articles, people, places and search.

Views are thin: a QuerySet answers, a template renders. Only published articles (and the
quotes and photos in them) ever reach readers.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.views.generic import DateDetailView, DetailView, ListView, TemplateView

from articles.forms import SearchForm
from articles.models import Article, Person, Place, Quote
from articles.search import count_matches, run_search
from articles.suggest import did_you_mean
from media_captions.models import Photo


def _article_page_queryset() -> QuerySet[Article]:
    return Article.objects.select_related("dateline", "dateline__parent").prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
        Prefetch(
            "photos",
            queryset=Photo.objects.select_related("photographer", "place").prefetch_related(
                "people"
            ),
        ),
        "people",
        "places",
    )


class HomeView(ListView):
    """The latest published articles, newest first."""

    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.published().select_related("dateline")


class ArticleDetailView(DateDetailView):
    """One published article at /articles/<yyyy>/<mm>/<dd>/<slug>/."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    date_field = "published_at"
    month_format = "%m"

    def get_queryset(self) -> QuerySet[Article]:
        return _article_page_queryset().published()


class ArticlePreviewView(DetailView):
    """Any article, drafts included, for signed-in staff ("View on site" in admin)."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        if not self.request.user.is_staff:
            raise Http404("No article here.")
        return _article_page_queryset()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


class PersonDetailView(DetailView):
    """A person: their quotes, the photos of them and by them, and articles mentioning them."""

    model = Person
    template_name = "articles/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        person = self.object
        published = Article.objects.published()
        return super().get_context_data(
            quotes=Quote.objects.filter(speaker=person, article__in=published)
            .select_related("article")
            .order_by("-article__published_at", "position")[:50],
            articles=published.filter(people=person)[:50],
            photos_shown=Photo.objects.filter(people=person, article__in=published)
            .select_related("article", "photographer")
            .order_by("-article__published_at", "position")[:24],
            photos_credited=Photo.objects.filter(photographer=person, article__in=published)
            .select_related("article")
            .order_by("-article__published_at", "position")[:24],
            **kwargs,
        )


class PlaceDetailView(DetailView):
    """A place: articles datelined there or mentioning it, photos taken there, nearby places."""

    model = Place
    template_name = "articles/place_detail.html"
    context_object_name = "place"

    def get_queryset(self) -> QuerySet[Place]:
        return Place.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        place = self.object
        published = Article.objects.published()
        return super().get_context_data(
            articles=published.filter(Q(places=place) | Q(dateline=place)).distinct()[:50],
            photos=Photo.objects.filter(place=place, article__in=published)
            .select_related("article", "photographer")
            .order_by("-article__published_at", "position")[:24],
            children=place.children.all(),
            **kwargs,
        )


class SearchView(TemplateView):
    """/search/: articles, quotes and captions matching the query, with filters and facets."""

    template_name = "articles/search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        form.is_valid()
        params = form.params()
        results = run_search(params, self.request.GET.get("page")) if params else None
        suggestion = None
        if results is not None and results.total < 3:
            # Offer a correction only when it finds more than the reader's own words did.
            suggestion = did_you_mean(params.text)
            if suggestion and count_matches(suggestion) <= results.total:
                suggestion = None
        return super().get_context_data(form=form, results=results, suggestion=suggestion, **kwargs)
