"""Snippets made in Python mark what PostgreSQL matched, and only that."""

import pytest

from articles.search.snippets import (
    MARK_START,
    MARK_STOP,
    Marks,
    fragments,
    mark_all,
    query_lexemes,
)

pytestmark = pytest.mark.django_db


def marked(text: str) -> list[str]:
    return [part.split(MARK_STOP)[0] for part in text.split(MARK_START)[1:]]


def test_other_forms_of_a_word_are_marked_and_stop_words_are_not():
    lexemes = query_lexemes("the weapon")
    assert marked(mark_all("The weapons and a weapon's range.", lexemes)) == [
        "weapons",
        "weapon's",
    ]


def test_hyphenated_words_are_marked_by_their_parts():
    assert marked(mark_all("A climate-damaging plant.", query_lexemes("damage"))) == ["damaging"]


def test_fragments_prefer_passages_with_more_of_the_query():
    text = " ".join(["filler"] * 60 + ["ferry"] + ["filler"] * 60 + ["ferry", "pier"] + ["x"] * 40)
    snippet = fragments(text, query_lexemes("ferry pier"), most=1)
    assert marked(snippet) == ["ferry", "pier"]
    assert snippet.startswith("…") and snippet.endswith("…")


def test_no_words_are_shown_twice():
    # Two matches 15 words apart: the second passage used to start inside the first.
    words = [f"w{i}" for i in range(60)]
    words[5], words[20] = "negotiating", "negotiated"
    snippet = fragments(" ".join(words), query_lexemes("negotiate"))
    shown = snippet.replace(MARK_START, "").replace(MARK_STOP, "").replace("…", " ").split()
    assert len(shown) == len(set(shown)), snippet
    assert marked(snippet) == ["negotiating", "negotiated"]


def test_without_a_match_the_opening_words_are_shown():
    snippet = fragments("One two three four five six.", query_lexemes("zebra"), words=3)
    assert snippet == "One two three…"


def test_texts_of_one_page_sharing_their_marks_each_mark_only_their_own_words():
    marks = Marks(query_lexemes("harbour ferries"))
    first = fragments("The ferry left the harbour at dawn; gulls followed.", marks)
    second = mark_all("Ferries wait by the old pier.", marks)
    third = fragments("Nothing matches here at all.", marks, words=2)
    assert marked(first) == ["ferry", "harbour"]
    assert marked(second) == ["Ferries"]
    assert third == "Nothing matches…"


def test_a_word_is_marked_whatever_its_stem_does_to_its_ending():
    # Marks looks only at words whose first letter begins a lexeme: the stemmer must keep
    # the first letter through its rewrites of endings and its exceptions.
    text = "Dying, lying skies; Early news of ferries. İstanbul's ties."
    for query, expected in [
        ("die", ["Dying"]),
        ("lie", ["lying"]),
        ("sky", ["skies"]),
        ("early", ["Early"]),
        ("news", ["news"]),
        ("ferry", ["ferries"]),
        ("tie", ["ties"]),
    ]:
        assert marked(mark_all(text, query_lexemes(query))) == expected, query


def test_stemming_is_safe_from_many_threads_at_once():
    # Gunicorn's threaded workers highlight several pages at the same time.
    from concurrent.futures import ThreadPoolExecutor

    from articles.search.snippets import stem

    words = [f"negotiat{suffix}{n}ing" for n in range(3000) for suffix in ("e", "ion")]
    with ThreadPoolExecutor(8) as pool:
        stems = list(pool.map(stem, words))
    assert stems == [stem.__wrapped__(word) for word in words]
