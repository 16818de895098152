"""Reader-facing pages: the front page, articles, people, places and search.

Views are thin: a QuerySet answers, a template renders. Only published articles (and the
quotes and photos in them) ever reach readers.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.views.generic import DateDetailView, DetailView, ListView, TemplateView, dates

from articles.forms import SearchForm
from articles.models import Article
from articles.related import related_articles
from articles.search import count_matches, run_search
from articles.search.spelling import did_you_mean


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
