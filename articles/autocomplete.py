"""Autocomplete: people, places and headlines whose words start with what is being typed.

Every word typed is a prefix ("jo ker" finds John Kerry). People and places are matched on
their `name_words` (GIN, prefix search) and ranked by `article_count`, which database
triggers keep current. Headlines are matched on `headline_words` and shown newest first:
a prefix that many headlines share is met soon walking the date index from the newest
article; a rare one is looked up in the GIN index first and its few matches sorted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db.models import F, QuerySet

from articles.models import Article, Person, Place
from articles.ordering import sorted_after_filtering
from articles.search.sql import estimate_rows

WORD = re.compile(r"[^\W_]+", re.UNICODE)
MIN_LENGTH = 2
MAX_WORDS = 6
LIMIT = 5
# Up to this many estimated matches, headlines are found first and then sorted by date.
FEW_HEADLINES = 5_000


@dataclass(frozen=True)
class Suggestions:
    text: str
    people: list[Person]
    places: list[Place]
    headlines: list[Article]


def prefix_query(text: str) -> SearchQuery | None:
    """`ker:* & jo:*` for "Ker jo", or None when too little has been typed.

    Only letters and digits reach the query, so no input can break tsquery syntax.
    """
    words = WORD.findall(text)[:MAX_WORDS]
    if sum(len(word) for word in words) < MIN_LENGTH:
        return None
    raw = " & ".join(f"{word[:60]}:*" for word in words)
    return SearchQuery(raw, search_type="raw", config="simple")


def _headlines(query: SearchQuery) -> list[Article]:
    matches: QuerySet[Article] = Article.objects.published().filter(headline_words=query)
    few = estimate_rows(matches) <= FEW_HEADLINES
    newest = sorted_after_filtering("published_at") if few else F("published_at")
    return list(
        matches.order_by(newest.desc(), "-pk").only("headline", "slug", "published_at")[:LIMIT]
    )


def suggest(text: str, limit: int = LIMIT) -> Suggestions:
    """What to offer a reader who has typed `text` into the search box."""
    query = prefix_query(text)
    if query is None:
        return Suggestions(text, [], [], [])
    people = Person.objects.filter(name_words=query).order_by("-article_count", "name")
    places = Place.objects.filter(name_words=query).order_by("-article_count", "name")
    return Suggestions(
        text,
        list(people.only("name", "slug", "article_count")[:limit]),
        list(places.only("name", "slug", "article_count")[:limit]),
        _headlines(query)[:limit],
    )
