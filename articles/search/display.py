"""The rows a search page shows, with their snippets highlighted."""

from __future__ import annotations

from django.db.models import QuerySet

from articles.models import Article, Quote
from articles.search.snippets import Marks, fragments, mark_all
from media_captions.models import Photo

# What a result does not show: the vectors (the largest columns), an article's bookkeeping
# times (each timestamp is parsed in Python), and of a quote's or photo's article its text.
_UNSHOWN = ("search_vector", "title_vector", "headline_words", "created_at", "updated_at")
_UNSHOWN_ARTICLE = (
    "search_vector",
    "public_at",
    *(f"article__{field}" for field in (*_UNSHOWN, "body")),
)


def _rows(kind: str, ids: list[int]) -> QuerySet:
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


def _marked(kind: str, rows: list, ids: list[int], marks: Marks) -> list:
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
    highlighted snippets (a query for each kind with ids)."""
    marks = Marks(lexemes)  # shared: the texts of a page have most of their words in common
    return {
        kind: _marked(kind, list(_rows(kind, ids)) if ids else [], ids, marks)
        for kind, ids in wanted.items()
    }
