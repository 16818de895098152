"""Atom feeds of the archive."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles import profiles
from articles.directory import person_quotes
from articles.forms import SearchForm
from articles.models import Article, Person, Place, Quote
from articles.search import newest_articles, place_and_descendants

# Characters XML 1.0 cannot carry at all (control characters other than tab and newlines):
# text from imports or a search box may hold them; a feed leaves them out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


class _ArticlesFeed(Feed):
    """Shared parts of the person and place feeds: the newest 20 articles."""

    feed_type = Atom1Feed

    def item_title(self, item: Article) -> str:
        return xml_text(item.headline)

    def item_description(self, item: Article) -> str:
        return xml_text(item.standfirst or (item.paragraphs[0] if item.paragraphs else ""))

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        return xml_text(item.byline or item.source) or None

    def link(self, obj) -> str:
        return obj.get_absolute_url()


class SearchFeed(_ArticlesFeed):
    """/search/feed/?q=...: the newest published articles matching a search."""

    def get_object(self, request: HttpRequest, *args, **kwargs) -> str:
        form = SearchForm(request.GET)
        return form.cleaned_data.get("q", "") if form.is_valid() else ""

    def title(self, query: str) -> str:
        if not query:
            return f"{settings.ARCHIVE_NAME}: search (no query given)"
        return xml_text(f"{settings.ARCHIVE_NAME}: newest articles for “{query}”")

    def link(self, query: str) -> str:
        return reverse("articles:search") + "?" + urlencode({"q": query, "sort": "newest"})

    def subtitle(self, query: str) -> str:
        return "The newest published articles matching a search of the archive."

    def items(self, query: str) -> list[Article]:
        return newest_articles(query) if query else []


class PersonFeed(_ArticlesFeed):
    """/people/<slug>/feed/: the newest articles mentioning a person."""

    def get_object(self, request: HttpRequest, slug: str) -> Person:
        return get_object_or_404(Person, slug=slug)

    def title(self, person: Person) -> str:
        return xml_text(f"{settings.ARCHIVE_NAME}: {person.name}")

    def subtitle(self, person: Person) -> str:
        return xml_text(f"The newest articles mentioning {person.name}.")

    def items(self, person: Person) -> list[Article]:
        return list(profiles.articles_about_person(person)[:20])


class PlaceFeed(_ArticlesFeed):
    """/places/<slug>/feed/: the newest articles from or about a place."""

    def get_object(self, request: HttpRequest, slug: str) -> Place:
        return get_object_or_404(Place, slug=slug)

    def title(self, place: Place) -> str:
        return xml_text(f"{settings.ARCHIVE_NAME}: {place.name}")

    def subtitle(self, place: Place) -> str:
        return xml_text(f"The newest articles from or about {place.name}.")

    def items(self, place: Place) -> list[Article]:
        return list(profiles.articles_about_place(place_and_descendants(place))[:20])


class PersonQuotesFeed(Feed):
    """/people/<slug>/quotes/feed/: the newest 20 quotes of a person."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Person:
        return get_object_or_404(Person, slug=slug)

    def title(self, person: Person) -> str:
        return xml_text(f"{settings.ARCHIVE_NAME}: quotes of {person.name}")

    def subtitle(self, person: Person) -> str:
        return xml_text(f"The newest quotes of {person.name} in the archive.")

    def link(self, person: Person) -> str:
        return reverse("articles:person-quotes", args=[person.slug])

    def items(self, person: Person) -> list[Quote]:
        return list(person_quotes(person)[:20])

    def item_title(self, item: Quote) -> str:
        words = item.text.split()
        short = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
        return xml_text(f"“{short}”")

    def item_description(self, item: Quote) -> str:
        return xml_text(f"“{item.text}”, in {item.article.headline}")

    def item_link(self, item: Quote) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Quote):
        return item.article.published_at

    def item_author_name(self, item: Quote) -> str:
        return xml_text(item.speaker.name)
