"""People, quotes and places of one story, from its text alone: no network, no model, no
database.

People are full names (names.py); a surname alone is the person the story names in full
with it ("Varga" is Ines Varga), the nearest one before it when two share it (Joe and
Hunter Biden), else nobody in the story: such surnames are handed on for the archive to
resolve (ingest/resolver.py) only where it knows exactly one confirmed person by them.
Quotes are in quotes.py, places in places.py.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from articles.ingest.gazetteer import gazetteer
from articles.ingest.lexicon import (
    FUNCTION_WORDS,
    HONORIFICS,
    NICKNAMES,
    PRONOUNS,
    ROLE_NOUNS,
    TITLES,
    fold,
    gender,
    is_common_word,
)
from articles.ingest.names import Candidate, candidates, initials, runs, surname_key
from articles.ingest.places import find_places
from articles.ingest.quotes import Quote, find_quotes


@dataclass
class Person:
    name: str  # the fullest form the story gives
    aliases: list[str] = field(default_factory=list)  # its other full forms
    description: str = ""  # the role given before the name: "U.S. climate envoy"
    mentions: int = 0


@dataclass
class Extraction:
    people: dict[str, Person] = field(default_factory=dict)  # full name -> person
    # Surnames the story uses alone without naming anyone in full by them, and how often.
    surnames: dict[str, int] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # canonical names, first mention first
    shown: list[list[str]] = field(default_factory=list)  # per caption: people named in it


@dataclass
class _Mention:
    start: int
    end: int
    person: str | None  # full name, once resolved
    surname: str  # as written, for a surname alone
    full: bool
    quoted: bool = False  # inside a quoted passage


def _rare(word: str) -> bool:
    """A word that is neither an English word nor a place: a surname, even where a sentence
    opens with it ("— Peres, on whether...")."""
    return not is_common_word(word) and not gazetteer().lookup(word)


class _Story:
    """The story's people, mention by mention, for the quotes to ask about."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.runs = [runs(text) for text in blocks]
        self.found = [candidates(t, r) for t, r in zip(blocks, self.runs, strict=True)]
        self.people: dict[str, Person] = {}
        self.canonical: dict[str, str] = {}  # a full name as written -> the person's name
        self.mentions: list[list[_Mention]] = [[] for _ in blocks]
        self.surnames: dict[str, int] = {}
        self._group_full_names()
        self._resolve_surnames()

    def _promote_unsure(self) -> None:
        """Words that may be a name are one when the story uses their last word alone
        inside a sentence ("Dzhokhar Tsarnaev" ... "Tsarnaev said"), or lists them with
        people it names ("Oprah Winfrey, Whoopi Goldberg, Kevin Feige")."""
        alone = {
            c.words[0]
            for found in self.found
            for c in found
            if not c.full and not c.unsure and (c.titles or not c.opens or _rare(c.words[0]))
        }
        changed = True
        while changed:  # "A B, C D, Kevin Feige": C D is listed with a person, then A B
            changed = self._promote_listed(alone)

    def _promote_listed(self, alone: set[str]) -> bool:
        changed = False
        for text, found in zip(self.blocks, self.found, strict=True):
            for i, c in enumerate(found):
                if not c.unsure:
                    continue
                listed = any(
                    other.full
                    and LIST_GAP.fullmatch(
                        text[c.end : other.start]
                        if other.start >= c.end
                        else text[other.end : c.start]
                    )
                    for other in found[max(0, i - 1) : i + 2]
                    if other is not c
                )
                if c.words[-1] in alone or listed:
                    c.full, c.unsure, changed = True, False, True
        return changed

    def _group_full_names(self) -> None:
        self._promote_unsure()
        places = gazetteer()
        groups: list[list[tuple[Candidate, str]]] = []  # (candidate, its block's text)
        same: dict[tuple[str, str], list] = {}  # one comparison per pair of names
        for text, found in zip(self.blocks, self.found, strict=True):
            for c in found:
                if not c.full or places.lookup(c.name):  # "Sierra Leone" is a place
                    continue
                group = None
                for g in groups:
                    pair = (g[0][0].name, c.name)
                    if pair not in same:
                        same[pair] = _same_person(g[0][0].words, c.words)
                    if same[pair]:
                        group = g
                        break
                if group is None:
                    groups.append([(c, text)])
                else:
                    group.append((c, text))
        for group in groups:
            names = list(dict.fromkeys(c.name for c, _ in group))
            longest = max(names, key=lambda n: len(n.split()))
            person = Person(longest, [n for n in names if n != longest])
            person.description = next((d for d in (_description(c, t) for c, t in group) if d), "")
            self.people[longest] = person
            for name in names:
                self.canonical[name] = longest

    def _resolve_surnames(self) -> None:
        by_surname: dict[str, list[str]] = {}
        for name, person in self.people.items():
            for form in {name, *person.aliases}:  # "John Luk" for John Luk Jok
                listed = by_surname.setdefault(surname_key(form), [])
                if name not in listed:
                    listed.append(name)
        order: list[tuple[int, int, str]] = []  # (block, start, person) of full mentions
        for index, found in enumerate(self.found):
            for c in found:
                if c.full and c.name in self.canonical:
                    person = self.canonical[c.name]
                    order.append((index, c.start, person))
                    self.mentions[index].append(_Mention(c.start, c.end, person, "", True))
                    self.people[person].mentions += 1
        for index, found in enumerate(self.found):
            for c in found:
                if c.full:
                    continue
                word = c.words[0]
                named = by_surname.get(word.lower(), [])
                person = None
                if len(named) == 1:
                    person = named[0]
                elif named:  # Joe and Hunter Biden: the nearest named before
                    before = order[: bisect_left(order, (index, c.start, ""))]
                    person = next((p for _, _, p in reversed(before) if p in named), None)
                if person:
                    self.people[person].mentions += 1
                elif named or not self._may_be_surname(c, word):
                    continue
                else:
                    self.surnames[word] = self.surnames.get(word, 0) + 1
                self.mentions[index].append(_Mention(c.start, c.end, person, word, False))
        for mentions in self.mentions:
            mentions.sort(key=lambda m: m.start)

    def _may_be_surname(self, c: Candidate, word: str) -> bool:
        """Whether a capitalised word alone may be someone's surname for the archive to
        look up: after a title ("Mr. Komar", "President Trump"), or inside a sentence, and
        never a place ("Russia")."""
        if any(not p.needs_context for p in gazetteer().lookup(word)):
            return False  # "Russia"; but "Obama" (a Japanese town the story would place)
        return bool(c.titles) or not (c.opens and is_common_word(word))

    # What quotes.py tells and asks.
    def quoted(self, paragraph: int, spans: list[tuple[int, int]]) -> None:
        for mention in self.mentions[paragraph]:
            mention.quoted = any(start <= mention.start < end for start, end in spans)

    def speaker(self, paragraph: int, start: int, end: int) -> tuple[str, bool] | None:
        inside = [m for m in self.mentions[paragraph] if start <= m.start < end]
        if not inside:
            return None
        mention = inside[-1]
        if mention.person:
            return mention.person, True
        return (mention.surname, False) if mention.surname in self.surnames else None

    def names_between(
        self, paragraph: int, start: int, end: int, own: tuple[str, bool] | None = None
    ) -> bool:
        named = own[0] if own else None
        return any(
            start <= m.start < end and (m.person or m.surname) != named
            for m in self.mentions[paragraph]
        )

    def names_in(self, paragraph: int, start: int, end: int) -> list[int]:
        return [m.start for m in self.mentions[paragraph] if start <= m.start < end]

    def pronoun(self, word: str, paragraph: int, at: int) -> str | None:
        """The person "he" or "she" means: the one named in the sentence before it, else in
        the nearest sentence before that names anyone; none when that names several
        (unless only one of them is a man, for "he", or a woman, for "she"), or names
        someone the story does not name in full."""
        sex = PRONOUNS[word]
        for index in range(paragraph, -1, -1):
            text = self.blocks[index]
            end = at if index == paragraph else len(text)
            mentions = [m for m in self.mentions[index] if m.start < end and not m.quoted]
            if mentions:
                start = _sentence_start(text, mentions[-1].start)
                sentence = [m for m in mentions if m.start >= start and not _placed(m)]
                if not sentence:
                    continue
                named = {m.person for m in sentence}
                if None in named:
                    return None
                # "She" is no man the lists know, "he" no woman.
                named = {p for p in named if gender(p.split()[0]) in (sex, "")}
                if len(named) > 1 and _subject(text, start, sentence[0].start):
                    # Several: the sentence's subject, if it opens the sentence or a clause.
                    named = {sentence[0].person} & named
                return next(iter(named)) if len(named) == 1 else None
        return None


def _placed(mention: _Mention) -> bool:
    """A word alone that may be a surname but is also a place ("November's Paris attack"):
    no person for a pronoun to mean."""
    return mention.person is None and bool(gazetteer().lookup(mention.surname))


SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘A-Z])")


def _subject(text: str, sentence: int, at: int) -> bool:
    """Whether a name at `at` opens its sentence or a clause of it (titles aside)."""
    before = text[sentence:at].rstrip()
    return (
        not before
        or before.endswith((",", ";", ":", "—"))
        or all(w[:1].isupper() for w in before.split()[-3:])
    )


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding position `at` starts."""
    ends = [m.end() for m in SENTENCE_END.finditer(text, 0, at)]
    return ends[-1] if ends else 0


LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+or|;)\s*")


def _same_person(one: list[str], other: list[str]) -> bool:
    """Two full names of one person in a story: the same surname, and one's words inside the
    other's ("John Conway", "John Horton Conway"; "Lula da Silva", "Luiz Inácio Lula da
    Silva"), or given names one is short for the other's ("Larry", "Lawrence")."""
    if surname_key(" ".join(one)) != surname_key(" ".join(other)):
        shorter, longer = sorted(([fold(w) for w in one], [fold(w) for w in other]), key=len)
        return len(shorter) >= 2 and longer[: len(shorter)] == shorter
    a = [fold(w) for w in one if not initials(w)]
    b = [fold(w) for w in other if not initials(w)]
    short, long = sorted((a, b), key=len)
    it = iter(long)
    if all(w in it for w in short):
        return True
    if len(short) >= 2 and long[: len(short)] == short:
        return True  # "John Luk", "John Luk Jok"
    return NICKNAMES.get(a[0]) == b[0] or NICKNAMES.get(b[0]) == a[0]


# Lower-case words a description before a name may hold ("U.S. climate envoy"), besides
# titles and roles.
DESCRIBING = {
    "climate", "team", "party", "presidential", "local", "top", "special", "senior",
    "former", "then", "acting", "interim", "chief", "retired", "veteran", "longtime",
    "award-winning", "independent", "opposition", "ruling", "conservative", "liberal",
    "republican", "democratic", "labour", "green", "libertarian", "socialist", "rights",
    "human", "civil", "police", "army", "navy", "military", "government", "state",
    "federal", "city", "county", "district", "regional", "national", "international",
    "foreign", "finance", "health", "defence", "defense", "interior", "education",
    "environment", "energy", "trade", "justice", "security", "intelligence", "press",
    "media", "film", "music", "football", "soccer", "tennis", "basketball", "cricket",
    "rugby", "golf", "chess", "olympic", "world", "senate", "house", "assembly",
    "parliament", "cabinet", "campaign", "union", "company", "club", "hospital",
    "university", "school", "research", "science", "technology", "vice", "deputy",
    "assistant", "associate", "executive", "managing", "general", "head", "lead",
    "co-founder", "founding", "newly", "elected", "appointed", "incoming", "outgoing",
}  # fmt: skip


def _describing(word: str) -> bool:
    key = word.lower().rstrip(".,")
    capital = word[:1].isupper() and not word.endswith(("'s", "’s"))
    return capital or key in ROLE_NOUNS or key in TITLES or key in DESCRIBING


def _description(c: Candidate, text: str) -> str:
    """The role written before a name: "Russian Foreign Minister", "U.S. climate envoy";
    nothing else ("brought up Biden's son" is no description, nor "Dr." alone)."""
    titles = [t for t in c.titles if fold(t.rstrip(".")) not in HONORIFICS]
    vague = len(titles) == 1 and fold(titles[0]) in {"state", "justice", "home", "trade"}
    if titles and fold(titles[-1].rstrip(".")) in ROLE_NOUNS | TITLES and not vague:
        return " ".join(titles)
    words: list[str] = []
    for word in reversed(text[: c.start].split()[-5:]):
        if word[-1] in ',;:()"“”' or word.lower() in FUNCTION_WORDS or not _describing(word):
            break
        words.insert(0, word)
    if words and fold(words[-1]) in ROLE_NOUNS:
        return " ".join(words)
    return ""


def extract(paragraphs: list[str], captions: list[str] = ()) -> Extraction:
    """People, quotes and places of a story's paragraphs and photo captions."""
    blocks = [*paragraphs, *captions]
    story = _Story(blocks)
    found = Extraction(people=story.people, surnames=story.surnames)
    found.quotes = find_quotes(list(paragraphs), story)
    spans = [[(m.start, m.end) for m in mentions if m.full] for mentions in story.mentions]
    surnames = {surname_key(n).title() for n in story.people}
    given = {n.split()[0] for n in story.people}
    found.places = find_places(blocks, spans, surnames, story.runs, given)
    for mentions in story.mentions[len(paragraphs) :]:
        found.shown.append(list(dict.fromkeys(m.person for m in mentions if m.person)))
    return found


def warm_up() -> None:
    """Load the word lists and the gazetteer now (a second or so), not in the first story,
    and keep their hundreds of thousands of objects out of the garbage collector's rounds
    (which otherwise took as long as the extraction itself)."""
    extract(["Warm up: Ines Varga met Tomas Reyl in Moscow."])
    gc.freeze()
