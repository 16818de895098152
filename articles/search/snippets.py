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

from articles.db import reading

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
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(array_agg(lexeme), '{}') FROM unnest(to_tsvector(%s::regconfig, %s))",
            [config, text],
        )
        return frozenset(cursor.fetchone()[0])


_JOINERS = re.compile(r"['\u2019_]")
# The text split around its words: separators at even positions, words at odd ones (one
# C-level pass, where a Match object per word cost more than the rest of a snippet).
_SPLIT = re.compile(f"({WORD.pattern})", re.UNICODE)


def _is_match(word: str, lexemes: frozenset[str]) -> bool:
    if stem(word) in lexemes:
        return True
    # PostgreSQL also indexes the parts of "climate-damaging" and "Kerry's".
    joined = "'" in word or "\u2019" in word or "_" in word
    return joined and any(stem(part) in lexemes for part in _JOINERS.split(word) if part)


class Marks:
    """Which words match a search's lexemes, each distinct word decided once for all the
    texts of the search (the articles of a page share most of their words)."""

    def __init__(self, lexemes: frozenset[str]):
        self.lexemes = lexemes
        # The Snowball English stemmer only ever changes the end of a word, so a word can
        # match only a lexeme that begins with its first letter (lower-cased); a joined
        # word ("Kerry's", see _is_match) is looked at whole all the same.
        self._initials = frozenset(lexeme[:1] for lexeme in lexemes)
        self._yes: set[str] = set()
        self._no: set[str] = set()

    def among(self, words: set[str]) -> set[str]:
        """The words of `words` that match."""
        if not self.lexemes:
            return set()
        initials = self._initials
        for word in words - self._yes - self._no:
            maybe = word[0].lower()[0] in initials or "'" in word or "\u2019" in word or "_" in word
            (self._yes if maybe and _is_match(word, self.lexemes) else self._no).add(word)
        return words & self._yes


def _marks(lexemes: frozenset[str] | Marks) -> Marks:
    return lexemes if isinstance(lexemes, Marks) else Marks(lexemes)


def mark_all(text: str, lexemes: frozenset[str] | Marks) -> str:
    """The whole text with every matching word marked."""
    parts = _SPLIT.split(text)
    matching = _marks(lexemes).among(set(parts[1::2]))
    if not matching:
        return text
    for i in range(1, len(parts), 2):
        if parts[i] in matching:
            parts[i] = f"{MARK_START}{parts[i]}{MARK_STOP}"
    return "".join(parts)


def fragments(
    text: str,
    lexemes: frozenset[str] | Marks,
    *,
    words: int = 18,
    most: int = 3,
    delimiter: str = " … ",
) -> str:
    """Up to `most` passages of about `words` words around matches, matches marked.

    Passages with more distinct matching words come first; without any match the text's
    opening words are returned.
    """
    parts = _SPLIT.split(text)
    words_ = parts[1::2]
    if not words_:
        return text[:200]
    # Each distinct word is looked at once (a 300-word article has about 150).
    matching = _marks(lexemes).among(set(words_))
    hits = [i for i, w in enumerate(words_) if w in matching] if matching else []
    if not hits:
        opening = "".join(parts[: 2 * min(len(words_), words)])
        return opening + ("…" if len(opening) < len(text) else "")
    windows: list[tuple[int, int]] = []
    for hit in hits:
        if windows and hit < windows[-1][1]:
            continue
        # A passage starts a few words before its match, but never inside the one before
        # (which would show those words twice: "… on worse. We … on worse. We negotiated").
        start = max(0, hit - words // 3, windows[-1][1] if windows else 0)
        windows.append((start, min(len(words_), start + words)))

    def distinct(window: tuple[int, int]) -> int:
        return len({stem(words_[i]) for i in hits if window[0] <= i < window[1]})

    chosen = sorted(sorted(windows, key=distinct, reverse=True)[:most])
    out: list[str] = []
    for n, (first, last) in enumerate(chosen):
        if n:  # passages that meet run on; others are apart
            out.append(parts[2 * first] if first == chosen[n - 1][1] else delimiter)
        for i in range(first, last):
            if i > first:
                out.append(parts[2 * i])  # the separator before the word
            word = words_[i]
            out.append(f"{MARK_START}{word}{MARK_STOP}" if word in matching else word)
    prefix = "…" if chosen[0][0] > 0 else ""
    suffix = "…" if chosen[-1][1] < len(words_) else ""
    return prefix + "".join(out).strip() + suffix
