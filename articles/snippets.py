"""Highlighted snippets, made in Python from the rows already fetched.

PostgreSQL's ts_headline re-parses each document (about 0.5 ms for a 300-word article),
which on a page of 20 results costs more than the search itself. The query's lexemes come
from PostgreSQL (`query_lexemes`), so stop words and stemming are the database's; words of
the text are stemmed here with the same Snowball English stemmer that PostgreSQL's
`english` configuration uses, and marked with MARK_START/MARK_STOP for the template filter
`highlight`, which escapes everything else.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer
from django.db import connection

MARK_START = "\ue000"
MARK_STOP = "\ue001"
WORD = re.compile(r"\w+(?:['\u2019]\w+)*", re.UNICODE)
# A Snowball stemmer keeps its word in itself, so each thread (Gunicorn's gthread workers)
# needs its own.
_local = threading.local()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word.lower())


def query_lexemes(text: str, config: str = "english") -> frozenset[str]:
    """The lexemes PostgreSQL makes of the wanted words of a query (one small query)."""
    if not text.strip():
        return frozenset()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(array_agg(lexeme), '{}') FROM unnest(to_tsvector(%s::regconfig, %s))",
            [config, text],
        )
        return frozenset(cursor.fetchone()[0])


_JOINERS = re.compile(r"['\u2019_]")


def _is_match(word: str, lexemes: frozenset[str]) -> bool:
    if stem(word) in lexemes:
        return True
    # PostgreSQL also indexes the parts of "climate-damaging" and "Kerry's".
    joined = "'" in word or "\u2019" in word or "_" in word
    return joined and any(stem(part) in lexemes for part in _JOINERS.split(word) if part)


def mark_all(text: str, lexemes: frozenset[str]) -> str:
    """The whole text with every matching word marked."""
    if not lexemes:
        return text
    return WORD.sub(
        lambda m: (
            f"{MARK_START}{m.group(0)}{MARK_STOP}" if _is_match(m.group(0), lexemes) else m.group(0)
        ),
        text,
    )


def fragments(
    text: str, lexemes: frozenset[str], *, words: int = 18, most: int = 3, delimiter: str = " … "
) -> str:
    """Up to `most` passages of about `words` words around matches, matches marked.

    Passages with more distinct matching words come first; without any match the text's
    opening words are returned.
    """
    tokens = list(WORD.finditer(text))
    if not tokens:
        return text[:200]
    words_ = [t.group(0) for t in tokens]
    # Each distinct word is looked at once (a 300-word article has about 150).
    matching = {w for w in set(words_) if _is_match(w, lexemes)} if lexemes else set()
    hits = [i for i, w in enumerate(words_) if w in matching]
    if not hits:
        end = tokens[min(len(tokens), words) - 1].end()
        return text[:end] + ("…" if end < len(text) else "")
    windows: list[tuple[int, int]] = []
    for hit in hits:
        if windows and hit < windows[-1][1]:
            continue
        start = max(0, hit - words // 3)
        windows.append((start, min(len(tokens), start + words)))

    def distinct(window: tuple[int, int]) -> int:
        return len({stem(words_[i]) for i in hits if window[0] <= i < window[1]})

    chosen = sorted(sorted(windows, key=distinct, reverse=True)[:most])
    hit_set = set(hits)
    parts = []
    for first, last in chosen:
        out, position = [], tokens[first].start()
        for i in range(first, last):
            token = tokens[i]
            out.append(text[position : token.start()])
            word = token.group(0)
            out.append(f"{MARK_START}{word}{MARK_STOP}" if i in hit_set else word)
            position = token.end()
        parts.append("".join(out).strip())
    prefix = "…" if chosen[0][0] > 0 else ""
    suffix = "…" if chosen[-1][1] < len(tokens) else ""
    return prefix + delimiter.join(parts) + suffix
