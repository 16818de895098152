"""Reader-facing pages: the front page, articles, people, places and search.

Views are thin: a QuerySet answers, a template renders. Only published articles (and the
quotes and photos in them) ever reach readers.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.views.generic import DateDetailView, DetailView, ListView, TemplateView, dates

from articles import charts, frontpage, sources, stale, writers
from articles.forms import SearchForm
from articles.models import Article
from articles.related import related_articles
from articles.search import count_matches, run_search
from articles.search.coverage import coverage
from articles.search.spelling import did_you_mean
from articles.search.sql import estimate_rows


class CachedCountPaginator(Paginator):
    """A paginator of published articles that never counts a million of them: PostgreSQL's
    estimate above ESTIMATED_ABOVE (the page numbers are then approximate at the far end),
    else the count; either kept a minute in the shared cache."""

    ESTIMATED_ABOVE = 10_000

    @cached_property
    def count(self) -> int:
        def counted() -> int:
            estimate = estimate_rows(self.object_list)
            return estimate if estimate > self.ESTIMATED_ABOVE else self.object_list.count()

        return stale.cached("count:published", counted, 60)


class HomeView(ListView):
    """The latest published articles, newest first: on the first page the newest leads, with
    its picture, beside who and where is in the news this week."""

    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20
    paginator_class = CachedCountPaginator

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.published().select_related("dateline").defer(*LISTING_DEFERRED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = list(context["articles"])
        lead = articles[0] if articles and context["page_obj"].number == 1 else None
        context.update(
            articles=articles[1:] if lead else articles,
            lead=lead,
            lead_photo=frontpage.lead_photo(lead) if lead else None,
            in_the_news=frontpage.in_the_news(lead) if lead else None,
        )
        return context


# Columns a list of articles never shows: left unread.
LISTING_DEFERRED = ("search_vector", "title_vector", "headline_words")


class ArticleDetailView(DateDetailView):
    """One published article at /articles/<yyyy>/<mm>/<dd>/<slug>/."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    date_field = "published_at"
    month_format = "%m"

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.with_contents().published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(related=related_articles(self.object), **kwargs)


class ArticlePreviewView(DetailView):
    """Any article, drafts included, for signed-in staff ("View on site" in admin)."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        if not self.request.user.is_staff:
            raise Http404("No article here.")
        return Article.objects.with_contents()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


class WriterView(ListView):
    """/writers/<slug>/: what a writer wrote (every article whose byline names them)."""

    template_name = "articles/writer_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Article]:
        return writers.articles_by(self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        name = writers.writer_name(self.kwargs["slug"], [a.byline for a in context["articles"]])
        if name is None:
            raise Http404("No articles by this writer.")
        return {**context, "writer": name, "person": writers.as_person(name)}


class AboutView(TemplateView):
    """/about/: what the archive holds, and the sources it credits under their licences."""

    template_name = "articles/about.html"

    def get_context_data(self, **kwargs):
        licensed = cache.get("about:licensed")
        if licensed is None:
            licensed = [
                (licence, Article.objects.published().filter(source=licence.source).count())
                for licence in sources.LICENSED.values()
            ]
            cache.set("about:licensed", licensed, 600)
        return super().get_context_data(licensed=[(lic, n) for lic, n in licensed if n], **kwargs)


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
        return super().get_context_data(
            form=form,
            results=results,
            suggestion=suggestion,
            coverage=self.coverage(params, results),
            **kwargs,
        )

    def coverage(self, params, results):
        """The chart of the matching articles over time, each bar the same search within
        that year (or month)."""
        if results is None or results.shown != "articles":
            return None

        def link(period: charts.Period) -> str:
            query = self.request.GET.copy()
            query.pop("page", None)
            query["from"], query["to"] = period.start.isoformat(), period.end.isoformat()
            return f"{self.request.path}?{query.urlencode()}"

        return coverage(
            params,
            results.counts.get("articles", 0),
            results.approximate.get("articles", False),
            link,
        )


class ArchiveMixin:
    """Date-archive pages: published articles by publication date, 20 to a page."""

    date_field = "published_at"
    month_format = "%m"
    paginate_by = 20
    allow_empty = True
    context_object_name = "articles"

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.published().select_related("dateline")


class ArchiveIndexView(ArchiveMixin, dates.ArchiveIndexView):
    """/archive/: the years with articles, and the latest articles."""

    template_name = "articles/archive_index.html"
    date_list_period = "year"


class YearArchiveView(ArchiveMixin, dates.YearArchiveView):
    """/archive/<yyyy>/: the months of a year with articles, and its articles.

    A year, month or day without articles is a 404, so previous/next links skip to the
    nearest one that has some.
    """

    allow_empty = False
    template_name = "articles/archive_year.html"
    make_object_list = True


class MonthArchiveView(ArchiveMixin, dates.MonthArchiveView):
    """/archive/<yyyy>/<mm>/: the days of a month with articles, and its articles."""

    template_name = "articles/archive_month.html"
    allow_empty = False


class DayArchiveView(ArchiveMixin, dates.DayArchiveView):
    """/archive/<yyyy>/<mm>/<dd>/: one day's articles."""

    template_name = "articles/archive_day.html"
    allow_empty = False
