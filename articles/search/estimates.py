"""How many rows a text query matches, estimated from PostgreSQL's own statistics.

The planner estimates `search_vector @@ query` from the column's most common lexemes and
their frequencies (gathered by ANALYZE). Asking it is an EXPLAIN: planning the whole query,
about 0.5 to 1 ms for the three kinds of a search. Here the same estimate is worked out from
those statistics, read once every few minutes, with the planner's own rules (PostgreSQL's
tsquery_opr_selec). For articles the statistics are a longer list than the planner's: those
of a table's statistics object `<table>_lexemes` where it has one (10,000 lexemes rather
than 1,000, see migration articles 0017), so a rare word is not guessed as common as the
rarest of the planner's 1,000.

- a lexeme among the most common has its frequency; any other is taken to be at most half
  as frequent as the rarest of them (and never above 0.5% of the rows);
- `a & b` and `a <-> b` are s(a) * s(b); `a | b` is s(a) + s(b) - s(a) * s(b); `!a` is
  1 - s(a).

A search with filters is still estimated by EXPLAIN, which knows their selectivity, but
never above the estimate without them.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from articles.db import reading

DEFAULT_TS_MATCH_SEL = 0.005  # PostgreSQL's guess when it knows nothing better
STATS_SECONDS = 300

_TOKEN = re.compile(r"'((?:[^']|'')*)'(?::[*A-D]+)?|<->|<\d+>|[&|!()]")


@dataclass(frozen=True)
class VectorStats:
    """What ANALYZE last saw of a table's search vectors."""

    rows: float
    null_frac: float
    frequencies: dict[str, float]
    min_frequency: float


Node = tuple[Any, ...]  # ("lexeme", word) | ("not", node) | ("and"|"or", left, right)


def parse_tsquery(text: str) -> Node | None:
    """The tree of a tsquery's text form (`'a' & !'b' | 'c' <-> 'd'`); None when empty.

    Precedence as PostgreSQL's: ! binds tightest, then <->, then &, then |."""
    tokens = [m.group(0) for m in _TOKEN.finditer(text)]
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def operand() -> Node:
        token = take()
        if token == "!":
            return ("not", operand())
        if token == "(":
            node = either()
            if peek() == ")":
                take()
            return node
        if token.startswith("'"):
            word = token[1 : token.rindex("'")].replace("''", "'")
            return ("lexeme", word)
        raise ValueError(f"unexpected {token!r} in a tsquery")

    def phrase() -> Node:
        node = operand()
        while (token := peek()) is not None and token.startswith("<"):
            take()
            node = ("and", node, operand())
        return node

    def both() -> Node:
        node = phrase()
        while peek() == "&":
            take()
            node = ("and", node, phrase())
        return node

    def either() -> Node:
        node = both()
        while peek() == "|":
            take()
            node = ("or", node, both())
        return node

    if not tokens:
        return None
    return either()


def selectivity(node: Node, stats: VectorStats) -> float:
    """The share of rows PostgreSQL expects to match the query `node`."""
    kind = node[0]
    if kind == "lexeme":
        known = stats.frequencies.get(node[1])
        unknown = min(DEFAULT_TS_MATCH_SEL, stats.min_frequency / 2)
        share = known if known is not None else unknown
    elif kind == "not":
        share = 1.0 - selectivity(node[1], stats)
    elif kind == "and":
        share = selectivity(node[1], stats) * selectivity(node[2], stats)
    else:
        left, right = selectivity(node[1], stats), selectivity(node[2], stats)
        share = left + right - left * right
    return min(1.0, max(0.0, share))


_cache: dict[str, tuple[float, VectorStats | None]] = {}


def vector_stats(tables: list[str], column: str = "search_vector") -> dict[str, VectorStats | None]:
    """Each table's statistics of a vector column (None where ANALYZE has not run), read in
    one statement and kept for STATS_SECONDS: for `search_vector` those of the table's
    `<table>_lexemes` statistics object where it has one (and the role may read them), else
    the column's."""
    now = time.monotonic()
    keys = {t: t if column == "search_vector" else f"{t}.{column}" for t in tables}
    stale = [t for t in tables if keys[t] not in _cache or now - _cache[keys[t]][0] > STATS_SECONDS]
    if stale:
        with reading().cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, c.reltuples, coalesce(e.null_frac, s.null_frac), "
                "coalesce(e.most_common_elems::text, s.most_common_elems::text)::text[], "
                "coalesce(e.most_common_elem_freqs, s.most_common_elem_freqs) "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname "
                "AND s.attname = %s "
                "LEFT JOIN pg_stats_ext_exprs e ON e.schemaname = n.nspname "
                "AND e.tablename = c.relname AND e.statistics_name = c.relname || '_lexemes' "
                "AND e.most_common_elems IS NOT NULL AND %s "
                "WHERE c.relname = ANY(%s) AND n.nspname = current_schema()",
                [column, column == "search_vector", stale],
            )
            found = {row[0]: row[1:] for row in cursor.fetchall()}
        for table in stale:
            rows, null_frac, lexemes, frequencies = found.get(table, (-1, None, None, None))
            stats = None
            if rows and rows > 0 and lexemes and frequencies:
                stats = VectorStats(
                    rows=float(rows),
                    null_frac=float(null_frac or 0.0),
                    frequencies=dict(zip(lexemes, frequencies[: len(lexemes)], strict=True)),
                    # ANALYZE keeps the lowest frequency in the one-but-last cell.
                    min_frequency=float(frequencies[-2]),
                )
            _cache[keys[table]] = (now, stats)
    return {table: _cache[keys[table]][1] for table in tables}


def estimate_matches(tsquery: str, tables: list[str]) -> list[int] | None:
    """The rows of each table expected to match `tsquery` (its text form), or None when a
    table has no statistics yet (the planner is then the one to ask)."""
    stats = vector_stats(tables)
    if any(stats[table] is None for table in tables):
        return None
    tree = parse_tsquery(tsquery)
    if tree is None:
        return [0] * len(tables)
    estimates = []
    for table in tables:
        table_stats = stats[table]
        assert table_stats is not None
        share = selectivity(tree, table_stats) * (1.0 - table_stats.null_frac)
        estimates.append(max(1, round(share * table_stats.rows)))
    return estimates
