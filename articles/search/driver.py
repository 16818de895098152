"""One search, from what a reader asked to the page they see: `run_search`."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator

from articles.db import reading
from articles.models import SEARCH_CONFIG, Article, Place
from articles.search import estimates
from articles.search import params as limits  # read at run time: tests make them small
from articles.search import sql as statements
from articles.search.display import rows_for_display
from articles.search.facets import facet_values, facets_of, facets_sql
from articles.search.filters import TABLES, Filters, ordered
from articles.search.kinds import ArticleSearch, KindSearch, RankedIds, WindowSearch, settle
from articles.search.params import (
    COUNT_CAP,
    FACET_SAMPLE,
    KINDS,
    PAGE_SIZE,
    PREVIEW_SIZE,
    SearchParams,
    SearchResults,
    page_number,
    parse_query,
    wanted_words,
)
from articles.search.ranking import Weighting


def run_search(
    params: SearchParams,
    page: Any = 1,
    *,
    facets: bool = True,
    every_count: bool = True,
    rows: bool = True,
) -> SearchResults:
    """Search every kind; page through the one shown; facet it; preview the others.

    Without words (a person or a place alone), every kind about them is listed newest
    first (see _browse). Without `facets` none are counted; without `every_count`, a
    search for one kind (`params.kind`) does not count the other kinds (the API lists one
    kind at a time); without `rows` the page lists the ids of its results, not their rows
    and snippets (the API fetches its own).

    The statements: one for the query as PostgreSQL reads it, from which estimates.py
    estimates every kind (with filters, an EXPLAIN too); one that counts and ranks every
    kind and counts the facets (more only where a kind's estimate proved wrong, or, for
    many matching articles, a statement for each further tier of scores); one for each
    kind of rows the page and its previews show.
    """
    if not params.text.strip():
        return _browse(params, page, facets=facets, every_count=every_count, rows=rows)
    filters = Filters.of(params)
    kinds = (params.kind,) if params.kind and not every_count else KINDS
    # The query as PostgreSQL reads it, and the lexemes the snippets mark: with the
    # statistics of the vectors, enough to estimate every kind without an EXPLAIN.
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT websearch_to_tsquery(%s::regconfig, %s)::text, "
            "ARRAY(SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s)))",
            [SEARCH_CONFIG, params.text, SEARCH_CONFIG, wanted_words(params.text)],
        )
        tsquery, lexemes = cursor.fetchone()
    counts_at_least, filtered, unfiltered = _estimates(filters, kinds, tsquery)
    shown = params.kind or "articles"
    wanted = page_number(page) * PAGE_SIZE
    searches: dict[str, KindSearch] = {}
    for kind, estimate in zip(kinds, counts_at_least, strict=True):
        listed = kind == shown
        common = {
            "kind": kind,
            "filters": filters,
            "estimate": estimate,
            "limit": max(FACET_SAMPLE, wanted) if listed else PREVIEW_SIZE,
            "exact_limit": limits.EXACT_LIMIT if listed else limits.PREVIEW_EXACT_LIMIT,
            "ranks": not listed or params.sort == "relevance" or facets,
            "order": params.sort if listed else "relevance",
            "trusted": params.filtered,
        }
        if kind == "articles":
            ranking = _article_ranking(tsquery)
            if kind in filtered:  # the rows passing the filters, whatever their words
                ranking["filters_rows"] = filtered[kind]
            ranking["word_matches"] = unfiltered[kinds.index(kind)] if unfiltered else estimate
            searches[kind] = ArticleSearch(**common, **ranking)
        else:
            searches[kind] = WindowSearch(
                **common,
                candidates=limits.CANDIDATES if listed else max(1, limits.CANDIDATES // 5),
                driven=filters.driven(kind),
                filtered=filtered.get(kind, 0),
            )

    def first_round(columns: dict[str, str]) -> list[tuple[str, list]]:
        # The facets of the best matches found in the same statement (wasted only if the
        # kind shown needs another round).
        if facets and shown in columns:
            return [facets_sql(shown, f"{columns[shown]}[1:{int(FACET_SAMPLE)}]")]
        return []

    facet_rows = settle(list(searches.values()), first_round)
    counts = {kind: search.count for kind, search in searches.items()}
    if not counts[shown] and not params.kind:
        shown = next((kind for kind in KINDS if counts[kind]), "articles")
        searches[shown].rank_more(max(FACET_SAMPLE, wanted))
        settle([searches[shown]])
        facet_rows = []
    paginator = Paginator(RankedIds(searches[shown], params.sort), PAGE_SIZE)
    listed = paginator.get_page(page)
    previewed = [] if params.kind else [k for k in KINDS if k != shown and counts.get(k)]
    results = _results(
        params,
        shown,
        counts,
        listed,
        {kind: searches[kind].best[:PREVIEW_SIZE] for kind in previewed},
        approximate={kind: search.approximate for kind, search in searches.items()},
        asked=page_number(page),
        lexemes=frozenset(lexemes),
        rows=rows,
    )
    if counts[shown] and facets:
        if facet_rows and searches[shown].rounds == 1:
            results.facets = facet_values(facet_rows[0])
        else:  # the sample the first round faceted is not the one shown
            results.facets = facets_of(shown, searches[shown].best[:FACET_SAMPLE])
    return results


def _estimates(
    filters: Filters, kinds: tuple[str, ...], tsquery: str
) -> tuple[list[int], dict[str, int], list[int] | None]:
    """Each kind's estimated matches; for the kinds a filter of their own narrows, the
    rows passing the filters whatever their words; and the matches of the words alone."""
    try:
        unfiltered = estimates.estimate_matches(tsquery, [TABLES[kind] for kind in kinds])
    except ValueError:  # a form of tsquery this reading does not know: ask the planner
        unfiltered = None
    driven = [kind for kind in kinds if filters.driven(kind)]
    found = unfiltered
    if filters.params.filtered or found is None:
        # The planner knows the filters' selectivity; its lexeme statistics are shorter
        # than ours (see estimates.py), and the filters only ever take away.
        found = statements.estimate_many(
            [filters.rows(kind) for kind in kinds]
            + [filters.rows(kind, text=False) for kind in driven]
        )
        if unfiltered is not None:
            found[: len(kinds)] = map(min, found[: len(kinds)], unfiltered)
    return found[: len(kinds)], dict(zip(driven, found[len(kinds) :], strict=True)), unfiltered


def _article_ranking(tsquery: str) -> dict[str, Any]:
    """What an ArticleSearch ranks by: the query's words weighted by their rarity, and how
    often each is in a title (to choose how to read a tier)."""
    table = TABLES["articles"]
    stats = estimates.vector_stats([table])[table]
    titles = estimates.vector_stats([table], "title_vector")[table]
    weighting = Weighting.of(estimates.parse_tsquery(tsquery), stats)
    share = {}
    for word in weighting.words:
        known = titles.frequencies.get(word) if titles else None
        share[word] = known if known is not None else (titles.min_frequency / 2 if titles else 0)
    rows = int(stats.rows) if stats else 0
    return {
        "weighting": weighting,
        "tsquery": tsquery,
        "title_share": share,
        "rows": rows,
        "filters_rows": rows,
    }


def _results(
    params: SearchParams,
    shown: str,
    counts: dict[str, int],
    listed,
    previews: dict[str, list[int]],
    *,
    approximate: dict[str, bool],
    asked: int,
    lexemes: frozenset[str],
    rows: bool,
) -> SearchResults:
    """The page's rows and the previews', and what the reader is told of them."""
    wanted_rows = {shown: list(listed.object_list)} if rows else {}
    wanted_rows.update(previews)
    displayed = rows_for_display(wanted_rows, lexemes)
    if rows:
        listed.object_list = displayed[shown]
    return SearchResults(
        params=params,
        shown=shown,
        counts=counts,
        page=listed,
        approximate=approximate,
        previews={kind: displayed[kind] for kind in previews},
        past_end=asked if counts[shown] and asked > listed.paginator.num_pages else None,
    )


def _mentions(places: list[int]) -> int:
    """How many article links the places have (an upper bound of their articles' count)."""
    return sum(Place.objects.filter(pk__in=places).values_list("article_count", flat=True))


class _Listed:
    """The first ids of a list of `count` (as far as a page needs), for a Paginator."""

    def __init__(self, ids: list[int], count: int):
        self.ids, self.length = list(ids), count

    def count(self) -> int:
        return self.length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, window: slice) -> list[int]:
        return self.ids[window]


def _browse(
    params: SearchParams, page: Any, *, facets: bool, every_count: bool, rows: bool
) -> SearchResults:
    """What a person or a place is in, without words: each kind newest first (oldest with
    sort=oldest), counted up to COUNT_CAP, the others previewed."""
    filters = Filters.of(params)
    kinds = (params.kind,) if params.kind and not every_count else KINDS
    order = "oldest" if params.sort == "oldest" else "newest"
    # A person's rows, or a place's linked from at most COUNT_CAP articles (with the places
    # within it), are few: found first (a place's as one set of ids), then sorted, up to
    # COUNT_CAP, which counts them too (100 ms for a person in 10,000 articles at a million).
    # A busier place's may be a fifth of the archive: walked newest first only as far as the
    # page asked for (20 ms for a country, where sorting them all took seconds), and shown
    # as more than COUNT_CAP.
    few = params.place is None or _mentions(filters.places) <= COUNT_CAP
    limit = COUNT_CAP + 1 if few else max(FACET_SAMPLE, page_number(page) * PAGE_SIZE) + 1
    first = dict(
        zip(
            kinds,
            statements.arrays(
                [
                    statements.compiled(
                        ordered(
                            kind, filters.rows(kind, text=False, place_set=few), order, few=few
                        ).values_list("pk", flat=True)[:limit]
                    )
                    for kind in kinds
                ]
            ),
            strict=True,
        )
    )
    # Listed to COUNT_CAP, so counted; or walked, and then there are more than COUNT_CAP.
    counts = {
        kind: len(ids) if few or len(ids) < limit else COUNT_CAP + 1 for kind, ids in first.items()
    }
    approximate = {kind: n > COUNT_CAP for kind, n in counts.items()}
    counts = {kind: min(n, COUNT_CAP) for kind, n in counts.items()}
    shown = params.kind or next((k for k in KINDS if counts.get(k)), "articles")
    listed = Paginator(_Listed(first[shown], counts[shown]), PAGE_SIZE).get_page(page)
    previewed = [] if params.kind else [k for k in KINDS if k != shown and counts.get(k)]
    results = _results(
        params,
        shown,
        counts,
        listed,
        {kind: first[kind][:PREVIEW_SIZE] for kind in previewed},
        approximate=approximate,
        asked=page_number(page),
        lexemes=frozenset(),
        rows=rows,
    )
    if counts[shown] and facets:
        results.facets = facets_of(shown, first[shown][:FACET_SAMPLE])
    return results


def exhaustive_article_ids(params: SearchParams, limit: int = 10) -> list[int]:
    """The best `limit` articles for `params` by ranking every match with the search's own
    function: slow on a large archive, for checking the search's pages
    (bench/search_fidelity.py)."""
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT websearch_to_tsquery(%s::regconfig, %s)::text", [SEARCH_CONFIG, params.text]
        )
        tsquery = cursor.fetchone()[0]
    weighting = _article_ranking(tsquery)["weighting"]
    matches = Filters.of(params).rows("articles").order_by()
    rows = statements.compiled(matches.values_list("pk", "published_at", "title_vector"))
    sql, values = weighting.ranked_sql(rows)
    with reading().cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [*values, limit])
        return [row[0] for row in cursor.fetchall()]


def count_matches(text: str) -> int:
    """How many published articles, quotes and photos match `text` (each kind capped)."""
    filters = Filters.of(SearchParams(text))
    return sum(statements.count_capped(filters.rows(kind)) for kind in KINDS)


def newest_articles(text: str, limit: int = 20) -> list[Article]:
    """The newest published articles matching `text`, for the search feed."""
    rows = Article.objects.published().filter(search_vector=parse_query(text))
    return list(ordered("articles", rows, "newest")[:limit])
