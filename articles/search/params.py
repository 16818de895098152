"""What a reader asks a search for, what it answers, and the limits that bound its work."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Page

from articles.models import SEARCH_CONFIG, Person, Place
from articles.search.facets import FacetValue

KINDS = ("articles", "quotes", "photos")
SORTS = ("relevance", "newest", "oldest")
PAGE_SIZE = 20
# Counting every match of a very common word would read most of the archive. Up to
# EXACT_LIMIT matches of a kind are counted and ranked in one statement; beyond it the count
# is PostgreSQL's estimate. Articles are still ranked exactly (ranking.py); quotes and
# photos by ts_rank among the ~CANDIDATES most recently added matches (kinds.KindSearch).
# Date-sorted pages go no further than COUNT_CAP results.
EXACT_LIMIT = 5_000
# The kinds only previewed beside the one shown need a count and three rows: beyond this
# many matches their count is estimated too ("about 3,500 quotes").
PREVIEW_EXACT_LIMIT = 1_000
CANDIDATES = 500
# Windows up to this many rows are read row by row rather than through the GIN index
# (a quote's or caption's vector is a few dozen bytes).
SCAN_WINDOW = {"articles": 3_000, "quotes": 10_000, "photos": 10_000}
COUNT_CAP = 10_000
# A window of at most this many ids is read through the primary key whatever the filters.
ID_WINDOW = 50_000
# Facets are counted over the best this-many matches of the search, not all of them.
FACET_SAMPLE = 200
PREVIEW_SIZE = 3


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
    photographer: Person | None = None  # photos only (the API's photos/?photographer=)

    @property
    def filtered(self) -> bool:
        return bool(
            self.person
            or self.place
            or self.source
            or self.date_from
            or self.date_to
            or self.photographer
        )


@dataclass
class SearchResults:
    params: SearchParams
    shown: str  # the kind listed on the page
    counts: dict[str, int]
    page: Page
    approximate: dict[str, bool] = field(default_factory=dict)
    previews: dict[str, list[Any]] = field(default_factory=dict)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    past_end: int | None = None  # the page asked for, when there is no such page

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def parse_query(text: str) -> SearchQuery:
    """Web-search syntax: "exact phrase", OR, -exclude; English stemming."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


def wanted_words(text: str) -> str:
    """The words a snippet should mark: every wanted word or phrase of the query.

    Matching needs all the words, but a snippet should still mark a word that appears
    where another does not; excluded words (-word) and the OR keyword are left out.
    """
    wanted = [t for t in _TOKEN.findall(text) if not t.startswith("-") and t.upper() != "OR"]
    return " ".join(wanted).replace('"', " ")


def page_number(value: Any) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1
