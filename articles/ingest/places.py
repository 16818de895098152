"""Places named in a story, as the gazetteer knows them, with the checks that keep people,
clubs, companies and streets out.

A name counts when it stands alone: not inside a longer capitalised name ("The Washington
Post", "Real Madrid", "Grenada Street", "Victoria Election Authority"), not a person's name
or surname in the story ("Kobe Bryant", "Denzel Washington"); the longest name wins ("New
Jersey", never Jersey). Countries, states, regions, capitals and big cities need nothing
more. A smaller city needs the story to place it: "in Herat", "Irving, Texas", a dateline
("BEIJING (Reuters) -"), "Brussels-based"; the smallest also need their country or state
named in the story. A name several places share (Georgia, Victoria) takes the one whose
country the story names, else is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from articles.ingest.gazetteer import GeoPlace, gazetteer
from articles.ingest.lexicon import (
    DAYS_AND_MONTHS,
    FUNCTION_WORDS,
    HONORIFICS,
    ROLE_NOUNS,
    TITLES,
    fold,
    is_common_word,
    is_given_name,
)
from articles.ingest.names import POSSESSIVE, runs

LOCATIVE = {
    "in", "at", "from", "to", "near", "outside", "into", "across", "around", "throughout",
    "toward", "towards", "via", "between", "inside", "within", "through", "off",
    "visit", "visited", "visiting", "leaving", "left", "reached", "entered", "for",
    "fled", "flee", "return", "returned", "returning", "back", "over", "than", "with",
}  # fmt: skip
PLACE_OF = {
    "city", "town", "village", "capital", "mayor", "governor", "province", "state", "region",
    "outskirts", "suburbs", "suburb", "centre", "center", "heart", "people", "residents",
    "citizens", "streets", "port", "district", "county", "area", "parts", "part", "rest",
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "island", "islands", "coast", "shores", "government", "embassy", "borders", "border",
}  # fmt: skip
DATELINE = re.compile(
    r"^([A-Z][A-Z.'’\-]+(?:[ ][A-Z][A-Z.'’\-]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?\s*(?:\([^)]{1,40}\))?\s*[-—–]"
)
QUALIFIER = re.compile(r"^,\s*((?:[A-Z][\w.'’]*\.?)(?:\s+[A-Z][\w.'’]*\.?){0,3})")
WORD = re.compile(r"\S+")
# The place in an institution's name ("University of California, San Diego", "Bank of
# England", "Museum of London"), with the place after it that tells it apart.
INSTITUTION_OF = re.compile(
    r"\b(?:University|College|Institute|Academy|Museum|Bank|Council|Ministry|Department|"
    r"Church|School|Society|Association|Federation|Commission|Agency|Authority|Corporation|"
    r"Company|Foundation|Library|Orchestra|Opera|Hospital|Archdiocese|Diocese)\s+of\s+"
    r"(?:the\s+)?((?:[A-Z][\w'’.\-]*)(?:\s+[A-Z][\w'’.\-]*)*(?:,\s+[A-Z][\w'’.\-]*"
    r"(?:\s+[A-Z][\w'’.\-]*)*)?)"
)
STATE_CUE = re.compile(r"(?:state of|upstate)\s+$", re.I)


@cache
def _connected_names() -> dict[str, list[str]]:
    """Names with lower-case words inside ("Bosnia and Herzegovina", "Gulf of Mexico"), by
    their first word, longest first."""
    found: dict[str, list[str]] = {}
    for name in gazetteer().by_name:
        words = name.split()
        if len(words) > 1 and any(w.islower() for w in words):
            found.setdefault(words[0], []).append(name)
    for names in found.values():
        names.sort(key=len, reverse=True)
    return found


def _connected(text: str, block_runs: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """(start, end, name) of the names with lower-case words inside in `text`: each starts
    with a word of a run of capitalised words."""
    found = []
    names = _connected_names()
    for start, run in block_runs:
        if not any(word in names for word in run.split()):
            continue
        for word in WORD.finditer(run):
            for name in names.get(word.group(), ()):
                at = start + word.start()
                end = at + len(name)
                if text.startswith(name, at) and not text[end : end + 1].isalnum():
                    found.append((at, end, name))
                    break
    return found


@dataclass
class _Found:
    key: str
    places: list[GeoPlace]
    block: int
    start: int
    end: int
    context: bool  # the story places it: a preposition, a qualifier, a dateline, "-based"
    qualifier: str = ""  # the place named after it: "Texas" in "Irving, Texas"
    state: bool = False  # "Washington state", "state of New York", "upstate New York"
    landmark: bool = False  # a street, building or park the gazetteer does not hold


def find_places(
    blocks: list[str],
    people: list[list[tuple[int, int]]],
    surnames: set[str],
    block_runs: list[list[tuple[int, str]]] | None = None,
    given: set[str] = frozenset(),
) -> list[str]:
    """Canonical names of the places named in `blocks` (the first dateline first, then in
    order), given the spans of people's full names in each block, the story's surnames and
    (if already found) each block's runs of capitalised words; a word that is a given name
    of the story's people or begins one ("Chad" for Chadwick Boseman) counts as a surname."""
    if given:
        surnames = surnames | {
            key for key in _single_names(tuple(block_runs or ())) if _begins(key, given)
        }
    found: list[_Found] = []
    for index, text in enumerate(blocks):
        taken = list(people[index]) if index < len(people) else []
        if " of " in text:  # "University of California, Los Angeles": an institution's name
            taken += [m.span(1) for m in INSTITUTION_OF.finditer(text)]
        block = runs(text) if block_runs is None else block_runs[index]
        if index == 0:
            found += _dateline(text, taken)
        for start, end, name in _connected(text, block) if " " in text else ():
            if not _overlaps(start, end, taken):
                found.append(_Found(name, gazetteer().lookup(name), index, start, end, True))
                taken.append((start, end))
        for start, run in block:
            if " " in run:  # a landmark first: "Edinburgh Airport" is not Edinburgh
                landmarks = _landmarks(text, index, start, run, taken)
                taken += [(f.start, f.end) for f in landmarks]
                found += landmarks
            if _windows(run):  # (remembered for runs seen before: most are)
                found += _in_run(text, index, start, run, taken, surnames)
    return _choose(_same_landmarks(found))


def _same_landmarks(found: list[_Found]) -> list[_Found]:
    """A landmark written short is the one written in full ("Glasgow Airport" is Glasgow
    International Airport): same first and last word, its words among the longer's."""
    names = {f.key for f in found if f.landmark}
    for f in found:
        if not f.landmark:
            continue
        words = f.key.split()
        longer = [
            n for n in names
            if len(n) > len(f.key) and n.split()[0] == words[0] and n.split()[-1] == words[-1]
            and set(words) <= set(n.split())
        ]  # fmt: skip
        if longer:
            full = max(longer, key=len)
            f.key, f.places = full, [GeoPlace(full, "other")]
    return found


# Words that end the name of a street, a building, a park or a feature of the land, which
# the story names as a place of its own ("Times Square", "Montreal General Hospital",
# "Nationals Park"); not "Center" or "University", more often organisations.
LANDMARK_HEADS = {
    "Street", "Road", "Avenue", "Boulevard", "Square", "Plaza", "Park", "Bridge", "Airport",
    "Station", "Stadium", "Arena", "Hospital", "Prison", "Jail", "Cathedral", "Temple",
    "Mosque", "Synagogue", "Hall", "Tower", "Towers", "Palace", "Castle", "Base", "River",
    "Island", "Bay", "Canyon", "Valley", "Desert", "Gulf", "Strait", "Motorway", "Highway",
    "Freeway", "Mall", "Harbour", "Harbor", "Beach", "Falls", "Museum", "Zoo", "College",
    "School", "Cemetery", "Monument", "Gardens", "Reservoir", "Dam", "Mountains", "Peninsula",
}  # fmt: skip
LANDMARK_WORDS = 5  # name words before the head, at most


# Landmarks' words that are also surnames ("Stuart Hall", "Michael Bay", "Shirley Temple").
SURNAME_HEADS = {"Hall", "Park", "Street", "Castle", "Bay", "Temple", "Beach", "Tower", "Bridge"}
# Words that place a landmark, besides those that place a town ("on Main Street").
ALONG = frozenset({"on", "along", "down", "up", "opposite", "beside", "behind", "past", "onto"})
NOT_LANDMARKS = {
    "Electoral College",
    "International Space Station",
    "Space Station",
}  # institutions named like buildings
NAME_GOES_ON = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")  # "School of Medicine": an institution


def _landmarks(
    text: str, block: int, start: int, run: str, taken: list[tuple[int, int]]
) -> list[_Found]:
    """Streets, buildings, parks and features named in the run ("Saadi Street"): capitalised
    words ending in a landmark's word. Not a person's name ("Stuart Hall"), a place the
    gazetteer knows (found as such) nor an institution ("Harvard Law School of ...");
    common words alone ("Town Hall", "Times Square") need the story to place them ("in
    Times Square")."""
    found = []
    for at, end, name, plain in _landmark_names(run):
        at, end = start + at, start + end
        if _overlaps(at, end, taken) or NAME_GOES_ON.match(text, end):
            continue
        if plain and not _locative(text, at, skip_article=True, more=ALONG):
            continue
        place = GeoPlace(name, "other")
        found.append(_Found(name, [place], block, at, end, True, landmark=True))
    return found


@lru_cache(maxsize=100_000)
def _landmark_names(run: str) -> tuple[tuple[int, int, str, bool], ...]:
    """(start, end, name, whether its words are all common words) of the run's landmarks."""
    places = gazetteer()
    found = []
    for piece in _tokens(run):
        words = [w for w, _, _ in piece]
        if len(words) < 2 or words[-1] not in LANDMARK_HEADS or piece[-1][2]:
            continue
        first = len(words) - 1
        while first > 0 and len(words) - first <= LANDMARK_WORDS:
            key = fold(words[first - 1])
            if key in FUNCTION_WORDS or not words[first - 1][:1].isupper():
                break
            first -= 1
        while first < len(words) - 2 and (
            words[first] == "The" or any(p.kind == "country" for p in places.lookup(words[first]))
        ):
            first += 1  # "the Fisht Stadium", "Singapore Changi Airport"
        named = words[first:-1]
        name = " ".join(words[first:])
        if not named or name in NOT_LANDMARKS or fold(named[0].rstrip(".")) in HONORIFICS:
            continue
        if places.lookup(name) or named == ["The"]:
            continue
        last = named[-1]
        person = is_given_name(last) and not is_common_word(last) and not places.lookup(last)
        if person and words[-1] in SURNAME_HEADS:
            continue  # "Stuart Hall", a person
        plain = all(is_common_word(w) for w in named)
        found.append((piece[first][1], piece[-1][1] + len(words[-1]), name, plain))
    return tuple(found)


def _single_names(block_runs: tuple[list[tuple[int, str]], ...]) -> set[str]:
    return {run for block in block_runs for _, run in block if " " not in run}


def _begins(word: str, given: set[str]) -> bool:
    return len(word) >= 3 and any(name.startswith(word) for name in given)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _dateline(text: str, taken: list[tuple[int, int]]) -> list[_Found]:
    match = DATELINE.match(text)
    if not match:
        return []
    words = match.group(1).split()
    name = " ".join(w if w.count(".") > 1 else w.capitalize() for w in words)
    places = gazetteer().lookup(name)
    if not places:
        return []
    taken.append((match.start(1), match.end(1)))
    return [_Found(name, places, 0, match.start(1), match.end(1), True)]


@lru_cache(maxsize=100_000)
def _tokens(run: str) -> tuple[tuple[tuple[str, int, str], ...], ...]:
    """(word, offset in the run, hyphenated suffix) for the run's words, in sentences."""
    pieces: list[list[tuple[str, int, str]]] = [[]]
    for match in WORD.finditer(run):
        word, at = match.group(), match.start()
        ends = word.endswith(".") and word.count(".") == 1 and len(word) > 2
        word = POSSESSIVE.sub("", word.rstrip(".") if ends else word)
        suffix = ""
        if "-" in word:
            parts = word.split("-")
            if parts[-1][:1].islower():  # "Brussels-based"
                word, suffix = "-".join(parts[:-1]), parts[-1]
            elif not gazetteer().lookup(word) and all(gazetteer().lookup(p) for p in parts):
                for part in parts:  # "Russia-Ukraine", not "Agence France-Presse"
                    pieces.append([(part, at, "-")])
                    at += len(part) + 1
                pieces.append([])
                continue
        pieces[-1].append((word, at, suffix))
        if ends or POSSESSIVE.search(match.group()):
            pieces.append([])
    return tuple(tuple(p) for p in pieces if p)


@lru_cache(maxsize=100_000)
def _windows(run: str) -> tuple[tuple[int, int, str, bool, bool], ...]:
    """The places' names in a run, as the run alone tells: (start and end in the run, the
    name, whether it stands alone, whether a suffix follows it: "Brussels-based"), longest
    first from the left."""
    found = []
    places = gazetteer()
    for piece in _tokens(run):
        words = [w for w, _, _ in piece]
        i = 0
        while i < len(words):
            for size in range(min(places.longest, len(words) - i), 0, -1):
                key = " ".join(words[i : i + size])
                if not places.lookup(key):
                    continue
                begin = piece[i][1]
                end = piece[i + size - 1][1] + len(words[i + size - 1])
                alone = _stands_alone(tuple(words), i, i + size)
                last = size == len(words) - i and i == 0
                found.append((begin, end, key, alone, bool(piece[i + size - 1][2]), last))
                i += size - 1
                break
            i += 1
    return tuple(found)


def _in_run(
    text: str,
    block: int,
    start: int,
    run: str,
    taken: list[tuple[int, int]],
    surnames: set[str],
) -> list[_Found]:
    found = []
    for begin, end, key, alone, suffixed, whole in _windows(run):
        begin, end = start + begin, start + end
        if not alone or _overlaps(begin, end, taken) or text[end : end + 1] == "$":
            continue  # "US$10,000"
        places = gazetteer().lookup(key)
        if fold(key) in DAYS_AND_MONTHS and not (whole and _qualifier(text, end)):
            continue  # "in March" (not the town in Cambridgeshire, unless "March, England")
        # A person's surname in the story is that person ("Denzel Washington" ...
        # "Washington said"), unless a preposition makes a country of it.
        own = key in surnames and " " not in key
        if own and (any(p.needs_context for p in places) or not _locative(text, begin)):
            continue
        qualifier = _qualifier(text, end) if whole else ""
        context = _locative(text, begin) or suffixed or bool(qualifier)
        state = bool(STATE_CUE.search(text[max(0, begin - 12) : begin])) or (
            text[end : end + 7].lower().startswith((" state", "-state"))
        )
        found.append(_Found(key, places, block, begin, end, context, qualifier, state))
    return found


def _stands_alone(words: tuple[str, ...], start: int, end: int) -> bool:
    """Not a part of a longer capitalised name: the word before it is a function word, a
    title or a place, and the word after it a title, a role, a place or a person's name."""
    if start > 0:
        before = fold(words[start - 1])
        if not (
            before in FUNCTION_WORDS or before in TITLES or gazetteer().lookup(words[start - 1])
        ):
            return False
    if end < len(words):
        after = words[end]
        key = fold(after)
        if not (
            key in TITLES
            or key in ROLE_NOUNS
            or gazetteer().lookup(after)
            or (is_given_name(after) and end + 1 < len(words))
        ):
            return False
    return True


def _locative(
    text: str, start: int, skip_article: bool = False, more: frozenset[str] = frozenset()
) -> bool:
    before = text[max(0, start - 40) : start].split()
    if skip_article and before and before[-1].lower() == "the":
        before.pop()
    if not before:
        return False
    last = before[-1].lower().strip(",")
    if last in LOCATIVE or last in more:
        return True
    return last == "of" and len(before) > 1 and before[-2].lower().strip(",") in PLACE_OF


def _qualifier(text: str, end: int) -> str:
    match = QUALIFIER.match(text[end : end + 60])
    if not match:
        return ""
    name = match.group(1).rstrip(".")
    return name if gazetteer().lookup(name) or gazetteer().lookup(match.group(1)) else ""


def _choose(found: list[_Found]) -> list[str]:
    """The place each mention means, in the order of first mention."""
    # The countries and states the story names without doubt: single-place names that need
    # no context.
    named: set[str] = set()
    for f in found:
        if len(f.places) == 1 and not f.places[0].needs_context:
            place = f.places[0]
            named |= {place.name, place.parent, place.country} - {""}
    chosen: list[str] = []
    for f in found:
        place = _pick(f, named)
        if place is not None and place.name not in chosen:
            chosen.append(place.name)
    return chosen


def _pick(f: _Found, named: set[str]) -> GeoPlace | None:
    if f.qualifier:  # "Irving, Texas": the Irving in Texas
        around = {q.name for q in gazetteer().lookup(f.qualifier)}
        qualified = [p for p in f.places if {p.parent, p.country} & around]
        if qualified:
            return qualified[0]
    candidates = [p for p in f.places if _allowed(p, f, named)]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    countries = [p for p in candidates if p.kind == "country"]
    if len(countries) == 1 and all(p.kind in ("country", "city") for p in candidates):
        return countries[0]  # Venezuela, not the town of that name in Cuba
    regions = [p for p in candidates if p.kind == "region"]
    cities = [p for p in candidates if p.kind == "city" and not p.needs_context]
    if regions and f.state:  # "Washington state", "upstate New York"
        return regions[0]
    american = [p for p in cities if p.country == "United States"]
    if american and any(r.country == "United States" for r in regions):
        return american[0]  # "New York", "Washington": the city unless the story says state
    # Several places by this name: the story's countries decide (Georgia the U.S. state in
    # a story about the United States, the country in one about Russia); else a country
    # over smaller places the story does not place; else a state or province over a city
    # that needs the story's help (Quebec); else none.
    # (A city is placed by its own state or country: Ontario, California only where the
    # story names California.)
    placed = [
        p for p in candidates
        if ({p.parent} if p.kind == "city" else {p.parent, p.country}) & (named - {p.name})
    ]  # fmt: skip
    if len(placed) == 1:
        return placed[0]
    if not placed and len(countries) == 1 and not cities:
        return countries[0]
    if len(regions) == 1 and not cities and not countries:
        return regions[0]
    return None


def _allowed(place: GeoPlace, f: _Found, named: set[str]) -> bool:
    need = place.needs_context
    if need == "more" and f.key.split()[-1] in LANDMARK_HEADS:
        need = "some"  # "near Times Square": the name says what it is
    if not need:
        return True
    placed = bool({place.parent, place.country} & named)
    if need == "some":
        return f.context or placed
    return f.context and placed
