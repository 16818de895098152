"""Atom feeds of the archive."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.forms import SearchForm
from articles.models import Article
from articles.search import newest_articles


class SearchFeed(Feed):
    """/search/feed/?q=...: the newest published articles matching a search."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args, **kwargs) -> str:
        form = SearchForm(request.GET)
        return form.cleaned_data.get("q", "") if form.is_valid() else ""

    def title(self, query: str) -> str:
        if not query:
            return f"{settings.ARCHIVE_NAME}: search (no query given)"
        return f"{settings.ARCHIVE_NAME}: newest articles for “{query}”"

    def link(self, query: str) -> str:
        return reverse("articles:search") + "?" + urlencode({"q": query, "sort": "newest"})

    def subtitle(self, query: str) -> str:
        return "The newest published articles matching a search of the archive."

    def items(self, query: str) -> list[Article]:
        return newest_articles(query) if query else []

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.standfirst or (item.paragraphs[0] if item.paragraphs else "")

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        return item.byline or item.source or None
