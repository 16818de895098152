"""Full-text search over the archive, on PostgreSQL's own text search.

The tsvector is a generated column (see Article.search_vector), so nothing here writes.
Snippets are marked with private-use characters by PostgreSQL and turned into <mark>
only after the text around them has been HTML-escaped (see templatetags/archive.py).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Func, QuerySet, Value

from articles.models import SEARCH_CONFIG, Article

MARK_START = "\ue000"
MARK_STOP = "\ue001"
# ts_headline drops anything that looks like an HTML tag; hide < and > from it as
# private-use characters and put them back (escaped) when the snippet is rendered.
ANGLES = "<>"
HIDDEN_ANGLES = "\ue002\ue003"
UNHIDE_ANGLES = str.maketrans(HIDDEN_ANGLES, ANGLES)


def _tags_kept(field: str) -> Func:
    return Func(F(field), Value(ANGLES), Value(HIDDEN_ANGLES), function="translate")


def parse_query(text: str) -> SearchQuery:
    """Web-search syntax: "exact phrase", OR, -exclude; English stemming."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def search_articles(text: str) -> QuerySet[Article]:
    """Published articles matching `text`, best first, each with a highlighted `snippet`."""
    query = parse_query(text)
    return (
        Article.objects.published()
        .filter(search_vector=query)
        .select_related("dateline")
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=SearchHeadline(
                _tags_kept("body"),
                query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=40,
                min_words=20,
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )
