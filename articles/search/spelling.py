"""'Did you mean': spelling suggestions without pg_trgm or fuzzystrmatch.

The words come from a materialized view, articles_searchlexicon: the headline and
standfirst words of published articles, the body words of the newest 50,000 of them, and
the names and aliases of people and places, each with the number of articles it is in. It
is refreshed by `manage.py refresh_search_lexicon` (and by `serve`). A misspelt word is
compared with the lexicon words of similar length that start with the same letter, by
edit distance; the most frequent of the nearest wins.
"""

from __future__ import annotations

import re

from django.db import connection

from articles.db import reading

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
CANDIDATES = 3_000


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a transposition counts 1), or limit + 1 if beyond."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _known(words: list[str]) -> set[str]:
    with reading().cursor() as cursor:
        cursor.execute("SELECT word FROM articles_searchlexicon WHERE word = ANY(%s)", [words])
        return {row[0] for row in cursor.fetchall()}


def correct_word(word: str) -> str | None:
    """The likeliest lexicon word within one or two edits of `word`, if any."""
    limit = 1 if len(word) <= 4 else 2
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM articles_searchlexicon "
            "WHERE left(word, 1) = %s AND length(word) BETWEEN %s AND %s "
            "ORDER BY ndoc DESC LIMIT %s",
            [word[0], len(word) - limit, len(word) + limit, CANDIDATES],
        )
        rows = cursor.fetchall()
    best: tuple[int, int, str] | None = None
    for candidate, ndoc in rows:
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and (best is None or (distance, -ndoc) < best[:2]):
            best = (distance, -ndoc, candidate)
    return best[2] if best else None


def did_you_mean(text: str) -> str | None:
    """The query with its unknown words corrected, or None when nothing better is known."""
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return None
    known = _known(words)
    corrected = text
    changed = False
    for word in dict.fromkeys(words):
        if word in known:
            continue
        replacement = correct_word(word)
        if replacement:
            corrected = re.sub(
                rf"(?i)\b{re.escape(word)}\b",
                lambda m, r=replacement: r.capitalize() if m.group(0)[0].isupper() else r,
                corrected,
            )
            changed = True
    return corrected if changed else None


def refresh_lexicon() -> None:
    """Rebuild the lexicon from the archive (without blocking readers once it exists)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ispopulated FROM pg_matviews WHERE matviewname = 'articles_searchlexicon'"
        )
        populated = cursor.fetchone()[0]
        concurrently = "CONCURRENTLY " if populated else ""
        cursor.execute(f"REFRESH MATERIALIZED VIEW {concurrently}articles_searchlexicon")
