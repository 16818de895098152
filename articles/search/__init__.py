"""Full-text search over articles, quotes and photo captions, on PostgreSQL's text search.

`run_search(SearchParams(...), page)` is the one entry: it returns the page a reader asked
for, a count for every kind, facets and snippets. The modules, in the order a search uses
them:

- `params`: what a reader asks (SearchParams) and gets (SearchResults), and the limits;
- `filters`: the published rows of a kind matching the words and filters (Filters);
- `estimates`: how many rows a query matches, from PostgreSQL's statistics (no EXPLAIN);
- `ranking`: how articles are ranked (where the words are, how rare they are), exactly;
- `kinds`: each kind's search, a statement at a time, its stages an Enum (ArticleSearch,
  WindowSearch for quotes and photos), and `settle`, which runs them together;
- `sql`: the statements, and PostgreSQL's own estimates where filters need them;
- `facets`: the top people, places, sources and years of the best matches;
- `display` and `snippets`: the rows shown, their words marked (in Python: see snippets);
- `spelling`: "did you mean";
- `driver`: `run_search`, putting them together.

The tsvectors are generated columns (see the models), so nothing here writes.
"""

from articles.search.driver import (
    count_matches,
    exhaustive_article_ids,
    newest_articles,
    run_search,
)
from articles.search.filters import filtered, place_and_descendants
from articles.search.params import (
    COUNT_CAP,
    KINDS,
    SORTS,
    SearchParams,
    SearchResults,
    parse_query,
)

__all__ = [
    "COUNT_CAP",
    "KINDS",
    "SORTS",
    "SearchParams",
    "SearchResults",
    "count_matches",
    "exhaustive_article_ids",
    "filtered",
    "newest_articles",
    "parse_query",
    "place_and_descendants",
    "run_search",
]
