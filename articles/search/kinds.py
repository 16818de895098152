"""Each kind's matches: counted or estimated, and the best of them found, a statement at a
time.

A search holds one object per kind: `ArticleSearch` for articles (ranked exactly by
ranking.py, however many match), `WindowSearch` for quotes and photos (ranked by ts_rank
among the most recently added matches past EXACT_LIMIT). Both say what they wait for with
`pending()` (an SQL statement, or None when done) and move on with `take(ids)`; `settle`
runs the pending statements of every kind together, one round trip at a time, until none
waits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum

from django.db.models import BooleanField, F, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from articles.ordering import sorted_after_filtering
from articles.search import params as limits  # read at run time: tests make them small
from articles.search.filters import Filters, ordered
from articles.search.params import COUNT_CAP, ID_WINDOW, PAGE_SIZE
from articles.search.ranking import MAX_TIERS, Weighting
from articles.search.sql import (
    ID_ORDER,
    arrays,
    compiled,
    ranked_ids_sql,
    scan_ranked_sql,
    table_size,
)


class Stage(Enum):
    """What a kind's next statement is for."""

    EXACT = "exact"  # count and rank every match, when they are few
    TIERS = "tiers"  # articles: the best matches of the next tier of scores
    WINDOW = "window"  # quotes, photos: the best matches among the most recent rows
    RECENT = "recent"  # quotes, photos: the best of the most recent matches, anywhere
    DONE = "done"


def matching(column: str, tsquery: str, *, indexed: bool = True) -> RawSQL:
    """`column @@ tsquery`, which PostgreSQL may answer through the column's GIN index, or
    (not `indexed`) the same test as a function, ts_match_vq, which it checks row by row:
    the way to keep a common word's million-row index out when other rows lead."""
    test = "{} @@ %s::tsquery" if indexed else "ts_match_vq({}, %s::tsquery)"
    return RawSQL(test.format(column), [tsquery], output_field=BooleanField())


@dataclass
class KindSearch:
    """What the searches of every kind share: the kind, its matches and limits, and what
    was found.

    `filters` make the kind's rows; `limit` is how many of the best matches the page, its
    facets or a preview need; `estimate` is PostgreSQL's count of the matches. Up to
    `exact_limit` matches are counted and ranked in one statement that reads at most
    exact_limit + 1 (EXACT); beyond that the count is the estimate (`approximate`)."""

    kind: str
    filters: Filters
    estimate: int
    limit: int
    exact_limit: int = limits.EXACT_LIMIT
    ranks: bool = True  # False: only the count is needed (a date-sorted page, no facets)
    order: str = "relevance"  # the order of `ranked` (a date-sorted page lists it so)
    trusted: bool = False  # the estimate accounts for filters the planner knows
    count: int = 0
    approximate: bool = False
    ranked: list[int] | None = None  # every match in `order`, when counted exactly
    top: list[int] | None = None  # the best `limit` matches, when approximate
    stage: Stage = Stage.EXACT
    rounds: int = 0  # statements run for it so far

    def __post_init__(self) -> None:
        self.matches = self.filters.rows(self.kind)
        # PostgreSQL guesses about 0.1% of the rows for a word it barely knows, more than a
        # previewed kind's limit in a large archive: such a kind is counted all the same,
        # unless filters make the estimate worth trusting (the planner knows their share,
        # and a barely known word's guess times that share is small).
        limit = self.exact_limit if self.trusted else max(self.exact_limit, limits.EXACT_LIMIT)
        if self.estimate > limit:
            self.approximate, self.count = True, self.estimate
            self.approximated()

    def approximated(self) -> None:
        """Too many to count: plan how to find the best of them."""
        raise NotImplementedError

    def pending(self) -> tuple[str, list] | None:
        raise NotImplementedError

    def take(self, ids: list[int]) -> None:
        raise NotImplementedError

    def rank_more(self, limit: int) -> None:
        """Rank as many as a listing needs where a preview was planned (a kind shown
        because the one asked for has no match)."""
        raise NotImplementedError

    @property
    def best(self) -> list[int]:
        return self.ranked if self.ranked is not None else self.top or []


# A tier is read walking the index of articles by date while at most this many rows are
# expected to be walked; a rarer tier is found through the title vectors' GIN index and
# sorted instead (see ArticleSearch._walk).
WALK_LIMIT = 200_000


@dataclass
class ArticleSearch(KindSearch):
    """Articles, ranked by ranking.py: exactly, however many match.

    Up to `exact_limit` matches are scored and sorted in one statement (EXACT). Beyond
    that, the best `limit` are taken tier by tier, best score first, each tier's articles
    newest first (TIERS; see ranking.Weighting.tiers), a statement a tier, until the page,
    its facets or a preview are full."""

    weighting: Weighting = field(default_factory=lambda: Weighting((), ()))
    tsquery: str = ""
    title_share: dict[str, float] = field(default_factory=dict)  # of articles, by word
    rows: int = 0  # published articles, about
    filters_rows: int = 0  # those passing the filters, about
    word_matches: int = 0  # those matching the words, whatever the filters, about
    tiers_read: int = 0
    exhausted: bool = False  # every tier read
    seen: set[int] = field(default_factory=set)
    walking: tuple[list[tuple[int, ...]], int] | None = None  # (tier, need) of a bounded walk
    rest: list[tuple[int, ...]] | None = None  # a tier whose older rows are yet to read
    bound: int = 0  # the rows the last walk might read

    def __post_init__(self) -> None:
        self._tiers = self.weighting.tiers()
        # An AND of words: an article with them all in its title matches the query.
        self.plain = not any(op in self.tsquery for op in ("<", "|", "!"))
        super().__post_init__()

    def approximated(self) -> None:
        self.top = []
        self.stage = Stage.TIERS if self.ranks else Stage.DONE

    def pending(self) -> tuple[str, list] | None:
        if self.stage is Stage.EXACT:
            return self._exact_sql()
        if self.stage is Stage.TIERS:
            return self._tier_sql()
        return None

    def take(self, ids: list[int]) -> None:
        if self.stage is Stage.EXACT:
            if len(ids) <= self.exact_limit:
                self.ranked, self.count, self.stage = ids, len(ids), Stage.DONE
            else:
                self.approximate, self.count = True, max(self.estimate, len(ids))
                self.approximated()
            return
        assert self.top is not None
        self.top += [pk for pk in ids if pk not in self.seen]
        self.seen.update(ids)
        if self.walking is not None and len(ids) < self.walking[1]:
            self.rest = self.walking[0]  # the walk stopped at its bound: read on
        if len(self.top) >= self.limit:
            self.top, self.stage = self.top[: self.limit], Stage.DONE

    def rank_more(self, limit: int) -> None:
        if self.approximate and limit > self.limit:
            self.limit, self.ranks = limit, True
            if self.stage is Stage.DONE and not self.exhausted:
                self.stage = Stage.TIERS

    def _exact_sql(self) -> tuple[str, list]:
        """Every match (at most exact_limit + 1 read), scored and sorted. When a person, a
        place or a source leaves fewer articles than the words match, those are read and
        matched one by one (ts_match_vq keeps the GIN index of a common word's million
        rows out)."""
        matches = self.matches
        p = self.filters.params
        # Reading a filtered article's body vector costs about what fetching a word's
        # match does (a phrase's match is read and checked too: twice that).
        phrase = "<" in self.tsquery
        by_index = self.word_matches * (2 if phrase else 1)
        if (p.person or p.place or p.source) and (
            self.filters_rows <= FILTERED_FIRST or self.filters_rows < by_index / 2
        ):
            matches = self.filters.rows(self.kind, text=False, place_set=True).filter(
                matching("search_vector", self.tsquery, indexed=False)
            )
        inner = matches.order_by().values_list("pk", "published_at", "title_vector")
        order = ID_ORDER[self.order].replace("m.rank", "m.s")
        return self.weighting.ranked_sql(compiled(inner[: self.exact_limit + 1]), order)

    def _tier_sql(self) -> tuple[str, list] | None:
        if self.rest is not None:  # the tier a bounded walk left unfinished: older rows
            places, self.rest = self.rest, None
            return self._tier_statement(places, older=True)
        tier = next(self._tiers, None) if self.tiers_read < MAX_TIERS else None
        if tier is None:  # every tier read (or as many as a search may read)
            self.exhausted = True
            self.top, self.stage = (self.top or [])[: self.limit], Stage.DONE
            return None
        self.tiers_read += 1
        return self._tier_statement(tier[1])

    def _tier_statement(
        self, places: list[tuple[int, ...]], *, older: bool = False
    ) -> tuple[str, list]:
        """The newest articles of a tier the page still needs. A walk of the date index is
        bounded (`walked`: the newest rows it may read); the tier's older rows, if the
        walk comes up short, are the next statement's (`older`)."""
        need = self.limit - len(self.top or [])
        title = self.weighting.tier_query(places)
        plan, bound = self._plan(places, need, walk=not older)
        if older and self.bound * 8 <= WALK_LIMIT:  # walk on, eight times further back
            plan, bound = "walk", self.bound * 8
        # Through the title vectors' GIN index, or not (the filters' own indexes lead).
        rows = self.filters.rows(self.kind, text=False, place_set=plan == "filtered").filter(
            matching("title_vector", title, indexed=plan == "gin")
        )
        # A match of every word in the title matches the query (an AND of words); else
        # the query itself is checked: through the GIN index of the bodies' vectors when
        # the tier's articles are found by index anyway, one by one when walked or
        # filtered.
        if self._checks_body(places):
            rows = rows.filter(matching("search_vector", self.tsquery, indexed=plan == "gin"))
        if older:  # what the walks before have not read
            rows = rows.filter(published_at__lt=self._boundary(self.bound))
        if plan == "walk":
            self.walking = (places, need)
            rows = rows.filter(published_at__gte=self._boundary(bound))
            self.bound = bound
        else:
            self.walking = None
        when = F("published_at") if plan == "walk" else sorted_after_filtering("published_at")
        return compiled(rows.order_by(when.desc(), "-pk").values_list("pk", flat=True)[:need])

    def _boundary(self, walked: int) -> Coalesce:
        """The publication time of the `walked`-th newest published article (in the
        search's date range, the range a walk reads): a walk reads no further back. Long
        ago when there are fewer."""
        dated = self.filters.dated(self.kind).order_by("-published_at", "-pk")
        newest = dated.values("published_at")[walked - 1 : walked]
        return Coalesce(Subquery(newest), Value(LONG_AGO))

    def _checks_body(self, places: list[tuple[int, ...]]) -> bool:
        """Whether a tier's articles must be matched against the query itself: not when
        it is an AND of words and the tier has them all in the title."""
        return not (self.plain and all(level > 0 for choice in places for level in choice))

    def _plan(self, places: list[tuple[int, ...]], need: int, walk: bool = True) -> tuple[str, int]:
        """How to find a tier's newest articles, whichever reads fewest rows: "walk" the
        index of published articles by date (a row walked, from the index alone, costs an
        eighth of one fetched), "gin": fetch the articles with the tier's words in their
        titles (the title vectors' GIN index) and sort them, or "filtered": fetch those
        passing the filters (a person's, a place's, a source's) and sort them. With the
        plan, how many rows a walk may read: four times as many as expected, so that a
        wrong estimate costs a bounded walk and a second statement, not the archive."""
        rows = max(1, self.rows)
        density, gin = 1.0, float(rows)
        for word, level in zip(self.weighting.words, places[0], strict=True):
            inside = self.title_share.get(word, 0.0)
            density *= inside * FIELD_SHARE[level] if level > 0 else 1.0 - inside
            gin *= inside if level > 0 else 1.0
        if any(level == 0 for level in places[0]):
            density *= min(1.0, self.count / rows)
        if self._checks_body(places):  # the bodies' GIN index finds the query's matches
            gin = min(gin, self.count)
        p = self.filters.params
        narrowed = bool(p.person or p.place or p.source)
        passing = self.filters_rows if narrowed else rows
        walked = need / max(density * len(places) * passing / rows, 1e-9)
        # A row walked is read from the index alone (an eighth of a row fetched), unless
        # its body must be matched too (a vector read from TOAST) or a filter needs the
        # row itself: each then worth a row fetched.
        heavy = self._checks_body(places) or narrowed
        costs = {"gin": gin, "filtered": passing if narrowed else float("inf")}
        if walk and walked <= WALK_LIMIT:
            costs["walk"] = walked if heavy else walked / 8
        bound = int(min(WALK_LIMIT, max(2_000, 4 * walked)))
        return min(costs, key=costs.get), bound


LONG_AGO = datetime(1, 1, 1, tzinfo=UTC)
# Up to this many articles passing a person's, place's or source filter are matched one by
# one rather than through the words' GIN index (each reads a body's vector, a few µs).
FILTERED_FIRST = 5_000
# Of the articles with a word in their title vector, about how many have it in each field:
# only to choose how to read a tier.
FIELD_SHARE = {2: 1.0, 1: 0.3}


@dataclass
class WindowSearch(KindSearch):
    """Quotes or photos, ranked by ts_rank, which reads every candidate's vector: bounded.

    Past `exact_limit` matches only those in a window of the most recently added rows are
    ranked, the window sized by the estimate to hold about `candidates` matches (WINDOW).
    When the rows to read in the window (those passing the filters) are few, they are read
    through the primary key or the filter's own index and matched one by one (see
    sql.scan_ranked_sql): far cheaper than the GIN bitmap of a common word. A window that
    comes up short (the filtered matches lie elsewhere: an old date range in an archive
    loaded in date order) falls back to ranking the most recent matches wherever they are
    (RECENT). `driven` says whether a filter with an index of its own (a person, a date
    range) narrows the search, and `filtered` is then PostgreSQL's estimate of the rows
    passing the filters whatever their words."""

    candidates: int = limits.CANDIDATES
    driven: bool = False
    filtered: int = 0

    def approximated(self) -> None:
        self.stage = Stage.WINDOW
        max_id, rows = table_size(self.matches.model)
        window = int(rows * min(1.0, self.candidates / max(self.count, 1))) + PAGE_SIZE
        self.floor = max_id - window
        to_read = self.filtered * window // max(rows, 1) if self.driven else window
        self.scan = None
        if to_read <= limits.SCAN_WINDOW[self.kind]:
            # A narrow window of ids is cheaper to read through the primary key, checking
            # each row's date, than through the date index; a wide one is not.
            self.scan = self.filters.rows(
                self.kind, text=False, floor=self.floor, date_index=window > ID_WINDOW
            )
        if not self.ranks:
            self.stage = Stage.DONE

    def pending(self) -> tuple[str, list] | None:
        if self.stage is Stage.EXACT:
            return ranked_ids_sql(self.kind, self.matches, self.exact_limit + 1, order=self.order)
        if self.stage is Stage.WINDOW and self.scan is not None:
            return scan_ranked_sql(self.kind, self.scan, self.filters.params.text, self.limit)
        if self.stage is Stage.WINDOW:
            best = ordered(self.kind, self.filters.rows(self.kind, floor=self.floor), "relevance")
            return compiled(best.values_list("pk", flat=True)[: self.limit])
        if self.stage is Stage.RECENT:
            return ranked_ids_sql(self.kind, self.matches, self.candidates, recent=True)
        return None

    def take(self, ids: list[int]) -> None:
        if self.stage is Stage.EXACT:
            if len(ids) <= self.exact_limit:
                self.ranked, self.count, self.stage = ids, len(ids), Stage.DONE
            else:
                self.approximate, self.count = True, max(self.estimate, len(ids))
                self.approximated()
        elif self.stage is Stage.WINDOW and len(ids) < min(self.limit, PAGE_SIZE):
            self.stage = Stage.RECENT
        else:
            self.top, self.stage = ids[: self.limit], Stage.DONE

    def rank_more(self, limit: int) -> None:
        if self.approximate and (limit > self.limit or self.candidates < limits.CANDIDATES):
            self.limit, self.ranks = max(limit, self.limit), True
            self.candidates = limits.CANDIDATES
            self.approximated()


def settle(searches: list[KindSearch], extras=None) -> list:
    """Run every kind's pending statements, a round trip for all of them at a time, until
    none waits. `extras(columns)` gives scalar expressions for the first round, which may
    use a kind's first list through `columns[kind]` (see sql.arrays); their values are
    returned."""
    first: list | None = None
    while True:
        waiting = [(search, search.pending()) for search in searches]
        waiting = [(search, sql) for search, sql in waiting if sql is not None]
        more = []
        if first is None and extras is not None:
            more = extras({search.kind: f"r.k{i}" for i, (search, _) in enumerate(waiting)})
        if not waiting and not more:
            return first or []
        results = arrays([sql for _, sql in waiting], more)
        for (search, _), ids in zip(waiting, results, strict=False):
            search.take(ids)
            search.rounds += 1
        if first is None:
            first = results[len(waiting) :]


class RankedIds:
    """The ids of one kind in reading order, for a Paginator (the driver then fetches the
    page's rows with the previews')."""

    def __init__(self, search: KindSearch, sort: str):
        self.search, self.sort = search, sort
        self.ids: list[int] | None
        if search.ranked is not None and search.order == sort:  # every match, in order
            self.ids, self.length = search.ranked, search.count
        elif sort == "relevance":  # the best found
            self.ids = search.best
            self.length = len(self.ids)
        else:  # newest or oldest: walk the date order; PostgreSQL stops at the page
            self.ids = None
            self.length = min(search.count, COUNT_CAP)

    def count(self) -> int:
        return self.length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, window: slice) -> list[int]:
        if self.ids is not None:
            return self.ids[window]
        rows = ordered(
            self.search.kind, self.search.matches, self.sort, few=not self.search.approximate
        )
        return list(rows.values_list("pk", flat=True)[window])
