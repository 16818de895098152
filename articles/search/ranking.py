"""How articles are ranked for a query: where its words are, and how rare they are.

An article's score is the sum, over the query's wanted words (lexemes), of the word's
rarity times where the article carries it in its title vector (`Article.title_vector`):

    score = sum(idf(word) * place(word)),  place: headline 2, standfirst 1, else 0

with idf(word) = ln(1 + articles / articles with the word), from PostgreSQL's statistics
(see estimates.py): positive even for a word every article has. Among equal
scores the newer article comes first. A word the article has only in its body adds
nothing: every match of an AND query has all of them, so they cannot tell two matches
apart.

The score reads only the title vector, a few hundred bytes kept beside the row, never the
body's vector (kilobytes, in TOAST), so it is exact over any number of matches:

- few matches: all of them are scored and sorted in one statement (`Weighting.score_sql`);
- many (`Weighting.tiers`): the scores a match can have are few and known in advance (each
  word is in the headline, the standfirst or neither), so they are taken
  best first, and the articles of each, newest first, are read from an index of published
  articles by date that holds their title vectors (`article_title_by_date`), until the
  page is full. A
  common word's best matches are then its newest articles with the word in the headline.

Either way the page is what ranking every match would give (bench/search_fidelity.py
checks it).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator
from dataclasses import dataclass

from articles.search.estimates import Node, VectorStats

# Where a word is in the title vector, and what that is worth.
PLACES = {"A": 2, "B": 1}
ABSENT = 0
# The title-vector tsquery for each place of a word (`{w}` is the word as a tsquery literal).
PLACE_QUERY = {
    2: "{w}:A",
    1: "{w}:B & !{w}:A",
    0: "!{w}",
}
# Tiers looked at before a search settles for the matches it has (each is a statement).
MAX_TIERS = 12


def literal(lexeme: str) -> str:
    """A lexeme as a tsquery literal, taken as it is (no parsing or stemming again)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def wanted(node: Node | None) -> list[str]:
    """The lexemes a query wants (not those it excludes), each once, in order."""
    found: list[str] = []

    def walk(n: Node, negated: bool) -> None:
        if n[0] == "lexeme":
            if not negated and n[1] not in found:
                found.append(n[1])
        elif n[0] == "not":
            walk(n[1], not negated)
        else:
            walk(n[1], negated)
            walk(n[2], negated)

    if node is not None:
        walk(node, False)
    return found


@dataclass(frozen=True)
class Weighting:
    """The query's wanted words and what each weighs (its idf)."""

    words: tuple[str, ...]
    idf: tuple[float, ...]

    @classmethod
    def of(cls, node: Node | None, stats: VectorStats | None) -> Weighting:
        words = tuple(wanted(node))
        return cls(words, tuple(idf(word, stats) for word in words))

    def score_sql(self, column: str) -> tuple[str, list]:
        """An SQL expression for the score of the row whose title vector is `column`."""
        if not self.words:
            return "0", []
        terms, params = [], []
        for word, weight in zip(self.words, self.idf, strict=True):
            w = literal(word)
            terms.append(
                f"(CASE WHEN {column} @@ %s::tsquery THEN 2 WHEN {column} @@ %s::tsquery "
                f"THEN 1 ELSE 0 END) * %s::float8"
            )
            params += [f"{w}:A", f"{w}:B", weight]
        return "(" + " + ".join(terms) + ")", params

    def ranked_sql(
        self, rows: tuple[str, list], order: str = "m.s DESC, m.at DESC, m.id DESC"
    ) -> tuple[str, list]:
        """SQL for the ids of `rows` (a statement selecting id, publication time and title
        vector) in `order`, by default best score first, then newest (`m.s` is the score,
        `m.at` the time)."""
        sql, params = rows
        score, score_params = self.score_sql("m.t")
        return (
            f"SELECT m.id FROM (SELECT m.id, m.at, {score} AS s "
            f"FROM ({sql}) AS m(id, at, t)) AS m ORDER BY {order}",
            [*score_params, *params],
        )

    def tiers(self) -> Iterator[tuple[float, list[tuple[int, ...]]]]:
        """(score, the places of each word that give it), best score first; places that
        give equal scores come together."""
        if not self.words:
            yield 0.0, [()]
            return
        levels = sorted([*PLACES.values(), ABSENT], reverse=True)
        n = len(self.words)

        def score(choice: tuple[int, ...]) -> float:
            return sum(levels[c] * w for c, w in zip(choice, self.idf, strict=True))

        start = (0,) * n
        heap = [(-score(start), start)]
        seen = {start}
        group: list[tuple[int, ...]] = []
        group_score: float | None = None
        while heap:
            negative, choice = heapq.heappop(heap)
            value = -negative
            if group_score is not None and not math.isclose(value, group_score, abs_tol=1e-9):
                yield group_score, group
                group = []
            group_score = value
            group.append(tuple(levels[c] for c in choice))
            for i in range(n):
                if choice[i] + 1 < len(levels):
                    after = (*choice[:i], choice[i] + 1, *choice[i + 1 :])
                    if after not in seen:
                        seen.add(after)
                        heapq.heappush(heap, (-score(after), after))
        if group:
            yield group_score or 0.0, group

    def tier_query(self, places: list[tuple[int, ...]]) -> str:
        """The title-vector tsquery of the articles whose words are in these places."""
        alternatives = []
        for choice in places:
            parts = [
                "(" + PLACE_QUERY[level].format(w=literal(word)) + ")"
                for word, level in zip(self.words, choice, strict=True)
            ]
            alternatives.append("(" + " & ".join(parts) + ")")
        return " | ".join(alternatives)


def idf(word: str, stats: VectorStats | None) -> float:
    """ln(1 + articles / articles with the word), from the statistics of the vectors."""
    if stats is None:
        return 1.0
    share = stats.frequencies.get(word)
    if share is None:  # rarer than any the statistics list
        share = min(0.005, stats.min_frequency / 2)
    return math.log(1.0 + 1.0 / max(share, 1.0 / max(stats.rows, 1.0)))
