"""People, quotes and places found in a story's text, with no network and no model.

Precision beats recall: a wrong speaker or a wrong person page is worse than a missed one,
so only a few plain patterns count:
- people: two or three capitalised words that are not a title, a day, a month, a place or
  an organisation ("Russian Foreign Minister Sergey Lavrov" gives Sergey Lavrov, described
  as "Russian Foreign Minister"); a surname alone resolves to the full name used anywhere in
  the same story, captions included, or to a known person's alias;
- quotes, AP, Reuters and BBC style: `"...," Kerry said.`, `"...," said Kerry.`,
  `Kerry said: "..."`, a quote running over several paragraphs, and `he said` after the
  speaker was named;
- places: the gazetteer's countries, short forms (U.S., U.K.), capitals and large cities.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from articles import gazetteer

OPEN = '“"'
CLOSE = '”"'
VERBS = (
    r"(?:said|says|told reporters|added|asked|explained|insisted|warned|stated|wrote|"
    r"tweeted|noted|argued|replied|responded|announced|commented|continued|declared|"
    r"proposed)"
)
# A capitalised word, accents included ("Erdoğan").
WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž'\u2019-]+(?:-[A-Z][a-z]+)?"
NAME_RUN = re.compile(rf"(?:\b(?:{WORD}|[A-Z]\.(?:[A-Z]\.)*)\s+)*{WORD}\b")
TITLE_WORDS = {
    "president", "prime", "minister", "foreign", "secretary", "senator", "sen", "rep",
    "gov", "governor", "mayor", "chancellor", "king", "queen", "prince", "princess", "pope",
    "general", "gen", "ambassador", "envoy", "chief", "justice", "judge", "dr", "mr", "mrs",
    "ms", "former", "deputy", "vice", "state", "defense", "defence", "interior", "finance",
    "health", "climate", "special", "leader", "spokesman", "spokeswoman", "spokesperson",
    "director", "officer", "commissioner", "chairman", "chairwoman", "chair", "speaker",
    "minister's", "russian", "american", "chinese", "british", "french", "german", "ukrainian",
    "israeli", "palestinian", "iranian", "indian", "japanese", "european", "u.s", "u.n", "nato",
    "white", "house", "senate", "congress", "democrat", "republican", "democratic", "lord",
    "lady", "sir", "captain", "colonel", "sergeant", "officials", "official", "the",
}  # fmt: skip
ROLE_NOUNS = {
    "president", "minister", "secretary", "senator", "governor", "mayor", "chancellor",
    "envoy", "ambassador", "leader", "spokesman", "spokeswoman", "spokesperson", "director",
    "official", "chief", "commissioner", "chairman", "chairwoman", "judge", "general", "king",
    "queen", "prince", "pope", "adviser", "advisor", "photographer", "reporter", "analyst",
    "economist", "lawyer", "mediator", "negotiator", "coach", "captain", "ceo", "founder",
    "master", "manager", "editor", "professor", "councillor", "councilor", "activist",
}  # fmt: skip
NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "ministry", "department", "council", "party", "agency", "union",
    "administration", "kremlin", "summit", "company", "bank", "university", "court", "army",
    "police", "government", "parliament", "committee", "office", "organization", "foundation",
    "news", "press", "times", "post", "caption", "credit", "photo", "pool", "state", "states",
    "united", "nations", "north", "south", "east", "west", "new", "republic", "secretary",
    "international", "national", "federal", "city", "county", "street", "square", "hall",
    "road", "avenue", "lane", "highway", "bridge", "river", "sea", "ocean", "island",
    "islands", "mountain", "park", "hotel", "school", "hospital", "church", "centre",
    "center", "institute", "museum", "airport", "station", "stadium", "club", "league",
    "eastern", "western", "northern", "southern", "central", "mediterranean", "high",
}  # fmt: skip
PRONOUNS = {"he", "she"}


@dataclass
class Mention:
    name: str
    description: str = ""


@dataclass
class Extracted:
    people: dict[str, Mention] = field(default_factory=dict)  # full name -> mention
    quotes: list[tuple[str, str, int]] = field(default_factory=list)  # text, speaker, paragraph
    places: list[str] = field(default_factory=list)  # gazetteer names, first mention first


def _is_title(word: str) -> bool:
    bare = word.lower().rstrip(".")
    return bare in TITLE_WORDS or bare in ROLE_NOUNS


def _describe(text: str, start: int) -> str:
    """The appositive before a name: "U.S. climate envoy" in "U.S. climate envoy John Kerry"."""
    before = text[:start].rstrip()
    words: list[str] = []
    for word in reversed(before.split()[-4:]):
        if word[-1] in ",;:(" or word.lower() in {
            "and",
            "the",
            "a",
            "an",
            "of",
            "with",
            "to",
            "by",
            "said",
        }:
            break
        words.insert(0, word)
    if not words or words[-1].lower().rstrip(".") not in ROLE_NOUNS:
        return ""
    return " ".join(words)


def find_names(text: str) -> list[tuple[str, str, int]]:
    """(full name, description, position) for each person-like name in text."""
    found = []
    for match in NAME_RUN.finditer(text):
        words = match.group(0).split()
        lead = 0
        while lead < len(words) and _is_title(words[lead]):
            lead += 1
        if len(words) - lead > 3:  # "Supreme Court Justice Elena Kagan": after the last title
            titles = [i for i, w in enumerate(words) if _is_title(w)]
            lead = titles[-1] + 1 if titles else lead
        name_words = words[lead:]
        if name_words and name_words[-1].lower().strip(".") in TITLE_WORDS | ROLE_NOUNS:
            continue  # "Information Minister" is a title, not a name
        if not 2 <= len(name_words) <= 3:
            continue
        if any(w.lower().strip(".") in NOT_NAMES for w in name_words):
            continue
        name = " ".join(name_words)
        if gazetteer.lookup(name) or any(gazetteer.lookup(w) for w in name_words):
            continue
        offset = match.start() + len(" ".join(words[:lead])) + (1 if lead else 0)
        description = " ".join(words[:lead]) if lead else _describe(text, match.start())
        if lead and words[lead - 1].lower().rstrip(".") not in ROLE_NOUNS:
            description = _describe(text, offset) or ""
        found.append((name, description, offset))
    return found


def _resolver(full_names: Iterable[str], known: Callable[[str], str | None]):
    by_surname: dict[str, set[str]] = {}
    for name in full_names:
        by_surname.setdefault(name.split()[-1], set()).add(name)

    def resolve(name: str) -> str | None:
        name = re.sub(r"['\u2019]s$", "", name.strip())
        if " " in name:
            return name if name in by_surname.get(name.split()[-1], ()) else known(name)
        matches = by_surname.get(name, set())
        if len(matches) == 1:
            return next(iter(matches))
        return None if matches else known(name)

    return resolve


SPEAKER = rf"((?:{WORD}\s+){{0,3}}{WORD}|he|she|He|She)"
AFTER = re.compile(rf"^[,.?!]?\s*[{CLOSE}]\s*(?:{SPEAKER}\s+{VERBS}|{VERBS}\s+{SPEAKER})\b")
BEFORE = re.compile(rf"{SPEAKER}\s+{VERBS}(?:\s+\w+){{0,3}}\s*[:,]\s*$")
# Within a paragraph: a quoted span of at least three words, and what comes right before it
# ("Kerry said, " / "Kerry told the BBC: ").
SPAN = re.compile(r"[“\"]([^“”\"]+?)[”\"]")
# Right after a quoted span: `," Kerry said`, `", University coach Brad Tronc said`.
TRAIL = re.compile(
    rf"^[,.?!]?\s*[{CLOSE}]\s*,?\s*(?:(?:[a-z][\w-]*|{WORD})\s+){{0,3}}?"
    rf"(?:{SPEAKER}\s+{VERBS}|{VERBS}\s+{SPEAKER})\b"
)
# Right before one: `Kerry said, `, `Kerry told the BBC: `, `Alexis Boon, the head of the
# command, said about Amman: `, `Kristian Andersen of Scripps Research said, in response, `.
LEAD_IN = re.compile(
    rf"\b{SPEAKER}(?:,\s+[^,“”\"]{{1,80}},)?(?:\s+of\s+(?:[\w.&'-]+\s+){{0,4}}?[\w.&'-]+)?"
    rf",?\s+(?:{VERBS}|told\s+(?:[\w.'-]+\s+){{0,5}}?[\w.'-]+)"
    rf"(?:,?\s+(?:in|on|at|to|during|after|about|of)\s+[^,“”\":]{{1,60}}?)?"
    rf"(?:,\s+[^,“”\"]{{1,40}},)?\s*[:,]?\s*$"
)


def extract(
    paragraphs: list[str],
    captions: list[str] = (),
    known: Callable[[str], str | None] = lambda name: None,
) -> Extracted:
    """People, quotes and places of a story. `known` maps a name to a known person's name."""
    result = Extracted()
    text_blocks = list(paragraphs) + list(captions)
    for block in text_blocks:
        for name, description, _ in find_names(block):
            mention = result.people.setdefault(name, Mention(name))
            if description and not mention.description:
                mention.description = description
    resolve = _resolver(result.people, known)
    # A surname alone counts as a mention when it is a known person's alias ("Biden").
    for block in text_blocks:
        for word in re.findall(rf"\b{WORD}\b", block):
            name = re.sub(r"['\u2019]s$", "", word)
            full = known(name) if name.lower() not in NOT_NAMES else None
            if full and full not in result.people and not gazetteer.lookup(name):
                result.people[full] = Mention(full)

    last_named: str | None = None
    open_quote: list[str] = []
    open_start = 0
    for index, paragraph in enumerate(paragraphs, 1):
        text = paragraph.strip()
        starts = text[:1] in OPEN
        closes = any(c in text[1:] for c in CLOSE) if starts else False
        if starts and not closes:  # a quote that goes on in the next paragraph
            if not open_quote:
                open_start = index
            open_quote.append(text[1:].strip())
        # "he said" means the person named last before the quote, in this paragraph or
        # an earlier one.
        named = [(position, name) for name, _, position in find_names(text)]
        named += [(m.start(), resolve(m.group(0))) for m in re.finditer(rf"\b{WORD}\b", text)]
        named = [(position, name) for position, name in named if name]
        # Anyone named, or anything like a name, before a quote makes an earlier paragraph's
        # person an unsafe guess for its "he" or "she".
        mentioned = sorted([p for p, _ in named] + [m.start() for m in NAME_RUN.finditer(text)])
        # Only names that open a sentence or a clause can be the "he" of a later quote.
        named = [(position, name) for position, name in named if _opens(text, position)]

        def named_before(
            at: int, named=named, mentioned=mentioned, last_named=last_named
        ) -> str | None:
            # Only when one person alone can be meant: "he" after two names is left out.
            earlier = {name for position, name in named if position < at}
            if earlier:
                return next(iter(earlier)) if len(earlier) == 1 else None
            if any(0 < position < at for position in mentioned):
                return None
            return last_named

        if not (starts and not closes):
            if open_quote and starts:  # the last paragraph of a multi-paragraph quote
                quote = _attributed(text, resolve, last_named)
                if quote:
                    words = " ".join([*open_quote, quote[0]])
                    result.quotes.append((words, quote[1], open_start))
            else:
                for words, speaker in _spans(text, resolve, named_before):
                    result.quotes.append((words, speaker, index))
            open_quote = []
        if named:
            # The next paragraph's "he" is the one person this one names, if it names one.
            last_named = named[0][1] if len({name for _, name in named}) == 1 else None

    seen: list[str] = []
    for block in text_blocks:
        for candidate in re.findall(
            r"\b(?:[A-Z]\.){2,3}|\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}", block
        ):
            place = _place(candidate)
            if place and place not in seen:
                seen.append(place)
    result.places = seen
    return result


def _place(candidate: str) -> str | None:
    if candidate in {"U.N.", "U.N", "E.U."}:
        return None
    found = gazetteer.lookup(candidate)
    if found:
        return found.name
    words = candidate.split()
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            found = gazetteer.lookup(" ".join(words[i : i + size]))
            if found:
                return found.name
    return None


def _attributed(text: str, resolve, last_named: str | None) -> tuple[str, str] | None:
    """The quoted words and their speaker, if the paragraph opens with an attributed quote
    or ends with one after its attribution (the forms a multi-paragraph quote takes)."""
    if text[:1] in OPEN:
        close = max(text.rfind(c) for c in CLOSE)
        inner_end = close
        rest = text[close:]
        match = AFTER.match(text[inner_end - 1 :]) or AFTER.match(rest)
        if match:
            words = text[1:inner_end].rstrip(",.").strip()
            speaker = match.group(1) or match.group(2)
            who = _who(speaker, resolve, last_named)
            return (words + ("," if text[inner_end - 1] == "," else ""), who) if who else None
        return None
    opening = re.search(rf"[{OPEN}](.+)[{CLOSE}]\s*$", text)
    if opening:
        match = BEFORE.search(text[: opening.start()])
        if match:
            who = _who(match.group(1), resolve, last_named)
            if who:
                return opening.group(1).strip(), who
    return None


def _opens(text: str, position: int) -> bool:
    """Whether a name at `position` opens a sentence or a clause, titles aside ("Greek prime
    minister Kyriakos Mitsotakis ..."): the likely subject, whom a later "he" means."""
    clause = re.split(r"[.!?,;:\"”]\s", " " + text[:position])[-1]
    words = clause.split()
    return len(words) <= 4 and all(
        w[:1].isupper() or w.lower().strip(".") in TITLE_WORDS or w.lower() in ROLE_NOUNS
        for w in words
    )


def _spans(text: str, resolve, named_before) -> list[tuple[str, str]]:
    """Every attributed quote inside a paragraph: `"...," Kerry said` and `"...," said
    Kerry` right after a quoted span, `Kerry said, "..."` right before one. A pronoun is
    the person named last before the quote."""
    found = []
    for span in SPAN.finditer(text):
        words = span.group(1).strip()
        if len(words.split()) < 3:
            continue  # a scare quote or a phrase, not speech
        close = span.end() - 1
        after = TRAIL.match(text[close - 1 :]) if close else None
        after = after or TRAIL.match(text[close:])
        before = None if after else LEAD_IN.search(text[: span.start()])
        match = after or before
        if not match:
            continue
        speaker = next((g for g in match.groups() if g), "")
        who = _who(speaker, resolve, named_before(span.start()))
        if who:  # before the attribution, a closing stop is the sentence's, not the quote's
            found.append((words.rstrip(".") if after and not words.endswith(",") else words, who))
    return found


def _who(speaker: str, resolve, last_named: str | None) -> str | None:
    if speaker.lower() in PRONOUNS:
        return last_named
    words = [w for w in speaker.split() if not _is_title(w)]
    # "Immunologist Kristian Andersen": the name is the end of the run of capitals.
    for size in range(len(words), 0, -1):
        found = resolve(" ".join(words[-size:]))
        if found:
            return found
    return None
