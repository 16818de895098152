"""People's names in running text: where they are, what they look like, and their surnames.

A name is found in a run of capitalised words ("Russian Foreign Minister Sergey Lavrov"):
the run is cut at sentence ends ("D.C. | It"), possessives ("Biden's | Twitter") and
days; function words that open it are dropped ("As", "After", "But"); titles and roles
before the name become its description. What is left is a person's full name when it starts
with a given name ("Vermont Bernie Sanders" is Bernie Sanders) or, for given names no list
holds, when a title, a role or an age says so ("coach Alireza Mehraban", "Marwoto Komar,
52,"); and never when a word of it belongs to organisations, events, laws or places
("Care Reform Bill", "World Cup", "Grenada Street"). One capitalised word alone is at most a
surname, for the story (or the archive) to resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from articles.ingest.lexicon import (
    DAYS_AND_MONTHS,
    DEMONYMS,
    FUNCTION_WORDS,
    HONORIFICS,
    NOT_PERSON_WORDS,
    PARTICLES,
    ROLE_NOUNS,
    SPEECH_VERBS,
    SUFFIXES,
    TITLES,
    fold,
    is_common_word,
    is_given_name,
)

UPPER = "A-ZÀ-ÖØ-ÞĀ-ſƀ-ɏ"
CAP = rf"[{UPPER}][\w'’.\-]*"
PREFIXED = rf"(?:al|el|bin|ibn|abu|ad|ash|as|at|az|ul|ud)-[{UPPER}][\w'’\-]*"
_PARTICLE = "|".join(sorted(PARTICLES - {"st"}, key=len, reverse=True))
# A run starts with a capital (so that the search skips lower-case text quickly); "al-Assad"
# and the particles of "de la Cruz" come inside one.
RUN = re.compile(rf"(?<![\w'’.\-]){CAP}(?:[ \t]+(?:(?:{_PARTICLE})[ \t]+)*(?:{CAP}|{PREFIXED}))*")
WORD_AT = re.compile(r"\S+")
INNER_APOSTROPHE = re.compile(r"['’](\w+)")
POSSESSIVE = re.compile(r"['’]s?$")
INITIAL = re.compile(rf"^[{UPPER}]\.$")
INITIALS = re.compile(rf"^(?:[{UPPER}]\.){{2,3}}$")  # "O.J.", "J.R.R."
# Abbreviations written like initials that are places, times and eras, never a person's.
NOT_INITIALS = {
    "U.S.", "U.K.", "U.N.", "E.U.", "D.C.", "N.Y.", "L.A.", "S.F.", "N.J.", "N.C.", "S.C.",
    "R.I.", "U.S.A.", "U.A.E.", "A.M.", "P.M.", "B.C.", "A.D.", "P.O.", "T.V.", "U.S.S.R.",
    "N.Z.", "H.K.", "B.B.C.", "F.C.", "A.C.", "S.A.", "A.G.", "N.V.", "H.R.H.", "H.M.",
    "H.E.", "H.H.", "U.S.S.", "H.M.S.", "R.M.S.", "S.S.",
}  # fmt: skip


def initials(word: str) -> bool:
    """A person's initials: "J.", "O.J." (not "U.S." or "D.C.")."""
    return bool(INITIAL.match(word)) or (bool(INITIALS.match(word)) and word not in NOT_INITIALS)


SENTENCE_END = re.compile(r"""(?:^|[.!?:;"“”‘’'—–(\[]|--)\s*$""")
AGE_AFTER = re.compile(r"^,\s*\d{1,3}\s*,")
SPEECH_AFTER = re.compile(
    r"^(?:\s+of\s+[^,“”\"]{1,60}?)?(?:,\s*[^,“”\"]{1,80},)?,?\s+"
    rf"(?:has\s+|had\s+|was\s+|also\s+|then\s+|later\s+)?{SPEECH_VERBS}\b"
)
# A place's word after a name makes the name a place's: "the Royal Alexandra hospital".
BUILDING_AFTER = re.compile(
    r"\s+(?:hospital|airport|street|road|avenue|school|college|university|stadium|station|"
    r"prison|bridge|park|square|church|cathedral|mosque|temple|museum|campus)\b"
)
# `"…," said Javel Iqbal Cheema`: the name after a quote and its verb is a person's.
SAID_BEFORE = re.compile(rf"[,”\"’]\s*{SPEECH_VERBS}\s+$")
OF_AFTER = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
OF_BEFORE = re.compile(r"[A-Z][\w'’\-]*\s+of\s+(?:the\s+)?$")
ROLE_BEFORE = re.compile(r"(?:^|\s)([\w-]+)(?:,)?\s+$")
TITLE_ABBREVIATIONS = HONORIFICS | {"gen", "lt", "no", "vs", "v"}
MAX_NAME_WORDS = 5


@dataclass
class Candidate:
    """A person's name as written at one place in a block of text."""

    start: int
    end: int
    words: list[str]  # the name's words as written, titles and possessive removed
    titles: list[str] = field(default_factory=list)  # the words before it ("Foreign Minister")
    full: bool = False  # a full name (given name(s) and surname); else a surname alone
    opens: bool = False  # at the head of its sentence, or after a title
    unsure: bool = False  # words that may be a full name, if the story shows it

    @cached_property
    def name(self) -> str:
        return normal_name(self.words)


def normal_name(words: list[str]) -> str:
    """A name as the archive writes it: middle initials dropped ("Donald J. Trump" is Donald
    Trump), curly apostrophes straightened, "Jr." kept."""
    kept = [w.replace("’", "'") for w in words]
    if len(kept) > 2:
        kept = [kept[0]] + [w for w in kept[1:-1] if not initials(w)] + [kept[-1]]
    if kept and fold(kept[-1]) in SUFFIXES and not kept[-1].endswith(".") and len(kept[-1]) == 2:
        kept[-1] += "."  # "Jr" -> "Jr."
    return " ".join(kept)


@lru_cache(maxsize=100_000)
def surname(name: str) -> str:
    """The word a story uses for the person alone: "Kerry", "Leyen" for "Ursula von der
    Leyen", "Downey" for "Robert Downey Jr."."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and fold(words[-1]) in SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def surname_key(name: str) -> str:
    """The surname compared across stories: lower case, as stored in Person.surname."""
    return surname(name).lower()


_OPENERS = frozenset(".!?:;\"“”‘’'—–([")


def _sentence_initial(text: str, start: int) -> bool:
    """Whether a word at `start` opens a sentence (or a quotation, or a parenthesis)."""
    before = text[max(0, start - 4) : start].rstrip()
    return not before or before[-1] in _OPENERS or before.endswith("--")


def _split(text: str, start: int, run: str) -> list[list[tuple[str, int]]]:
    """The run's words (word, offset), cut where one sentence ends and another begins, after
    possessives and around days and months."""
    return [[(w, start + at) for w, at in piece] for piece in _pieces(run)]


@lru_cache(maxsize=100_000)
def _pieces(run: str) -> tuple[tuple[tuple[str, int], ...], ...]:
    pieces: list[list[tuple[str, int]]] = [[]]
    for match in WORD_AT.finditer(run):
        word, at = match.group(), match.start()
        key = fold(POSSESSIVE.sub("", word.rstrip(".")))
        if key in DAYS_AND_MONTHS and not (key == "may" and pieces[-1]):
            pieces.append([])
            continue
        if key in SUFFIXES and word.endswith(".") and pieces[-1]:  # "Downey Jr. The actor"
            pieces[-1].append((word, at))
            pieces.append([])
            continue
        if word.endswith((".", "…")) and not initials(word) and key not in TITLE_ABBREVIATIONS:
            if word.count(".") > 1:  # "U.S.", "D.C.": kept, but the sentence may end there
                pieces[-1].append((word, at))
            else:
                pieces[-1].append((word[:-1], at))
            pieces.append([])
            continue
        if POSSESSIVE.search(word) and len(word) > 2:
            pieces[-1].append((POSSESSIVE.sub("", word), at))
            pieces.append([])
            continue
        pieces[-1].append((word, at))
    return [p for p in pieces if p]


@lru_cache(maxsize=200_000)
def _looks_like_name_word(word: str) -> bool:
    if word in PARTICLES or (word[:1].islower() and "-" in word):
        return True  # "de", "al-Assad"
    if not word[:1].isupper() or any(c.isdigit() for c in word):
        return False
    if len(word) > 1 and word[1].isupper() and word[1:2] != ".":
        return False  # "IPs", "USAID"
    if "'" in word or "’" in word:
        inner = INNER_APOSTROPHE.search(word)
        if inner and inner.group(1)[:1].islower() and inner.group(1) != "s":
            return False  # "C’est", "Qu'il"
    letters = word.replace(".", "").replace("-", "")
    if len(letters) > 1 and letters.isupper():
        return False  # "NASA", "FBI"
    return not ("-" in word and word.split("-")[-1][:1].islower())  # "Obama-era"


def _role_before(text: str, start: int) -> bool:
    """A role ("coach", "Padres players"), or an age ("21-year-old"), before the name."""
    match = ROLE_BEFORE.search(text[max(0, start - 40) : start])
    if not match:
        return False
    key = fold(match.group(1))
    return key in ROLE_NOUNS or key.removesuffix("s") in ROLE_NOUNS or key.endswith("year-old")


def _title_word(word: str) -> bool:
    """A title or role ("Sen.", "Minister"), hyphenated ones too ("Vice-President")."""
    key = fold(word.rstrip("."))
    return key in _TITLE_OR_ROLE or (
        "-" in key and all(p in _TITLE_OR_ROLE for p in key.split("-"))
    )


def _institution_word(text: str, start: int, end: int) -> bool:
    """A capitalised word joined by "of" to another ("House | of Commons", "Bank of |
    England"): an institution's, no surname."""
    if text.startswith(" of ", end) and OF_AFTER.match(text, end):
        return True
    near = text.startswith("of ", start - 3) or text.startswith("the ", start - 4)
    return near and bool(OF_BEFORE.search(text[max(0, start - 40) : start]))


def _described_after(text: str, end: int) -> bool:
    """An age, a verb of speech or a role after the name: "Marwoto Komar, 52,", "Mark Hay
    said", "Mark Hay, a marine ecologist", "Mark Oaten, Home Affairs Spokesman"."""
    after = text[end : end + 120]
    if AGE_AFTER.match(after) or SPEECH_AFTER.match(after):
        return True
    if not after.startswith(", "):
        return False
    described = after[2:].split(",")[0].split()[:6]
    for i, word in enumerate(described[:5]):
        if fold(word.strip(".;:")) in ROLE_NOUNS:
            # lower case, or ending a capitalised title ("Home Affairs Spokesman for"; not
            # "Doctor Who Society")
            ends = i + 1 == len(described) or not described[i + 1][:1].isupper()
            return word[:1].islower() or ends
    return False


def runs(text: str) -> list[tuple[int, str]]:
    """(offset, words) of every run of capitalised words in `text` (for names and places)."""
    return [(m.start(), m.group()) for m in RUN.finditer(text)]


# A word alone that is none of these may be a surname.
_NOT_ALONE = FUNCTION_WORDS | DAYS_AND_MONTHS | NOT_PERSON_WORDS | TITLES | DEMONYMS
_TITLE_OR_ROLE = TITLES | ROLE_NOUNS


def candidates(text: str, found_runs: list[tuple[int, str]] | None = None) -> list[Candidate]:
    """Every person's name in `text`: full names, and capitalised single words that may be
    a surname (with the titles before them)."""
    found: list[Candidate] = []
    for start, run in runs(text) if found_runs is None else found_runs:
        if " " not in run and "\t" not in run:  # one word: the common case, made quick
            word = POSSESSIVE.sub("", run) if len(run) > 2 else run
            if word.endswith(".") and word.count(".") == 1:
                word = word[:-1]
            if not word or fold(word) in _NOT_ALONE or not _looks_like_name_word(word):
                continue
            if _institution_word(text, start, start + len(run)):
                continue  # "House of Commons", "Bank of England": an institution's words
            opens = _sentence_initial(text, start)
            found.append(Candidate(start, start + len(word), [word], [], False, opens))
            continue
        for piece in _split(text, start, run):
            found += _analyse(text, piece)
    return found


def _analyse(text: str, piece: list[tuple[str, int]]) -> list[Candidate]:
    while piece and fold(piece[0][0]) in FUNCTION_WORDS:
        piece = piece[1:]
    if not piece:
        return []
    titles: list[str] = []
    while len(piece) > 1 and _title_word(piece[0][0]):
        if fold(piece[0][0]) in TITLE_OR_NAME and not is_given_name(piece[1][0]):
            break  # "Dean Kamen", "Hunter Biden": a given name, not the dean Kamen
        titles.append(piece[0][0])
        piece = piece[1:]
    words = [w for w, _ in piece]
    keys = [fold(w) for w in words]
    start = piece[0][1]
    opens = _sentence_initial(text, start) or bool(titles)
    end = piece[-1][1] + len(piece[-1][0])
    place = _leading_place(tuple(words))
    if place:  # "of Tamil Nadu M. Karunanidhi": the place explains the name after it
        return _analyse(text, piece[place:])
    if len(words) > 2 and fold(words[0]) in PARTICLES and words[1] in PARTICLES:
        # "Van de Klashorst said": a surname with its particles, not a given name
        at, word = piece[-1][1], words[-1]
        return [Candidate(at, at + len(word), [word], titles, full=False, opens=opens)]
    lead = 0
    while lead < len(words) - 1 and initials(words[lead]):
        lead += 1
    if lead and lead == len(words) - 1 and _initialled_surname(words[-1]):
        return [Candidate(start, end, words, titles, full=True, opens=opens)]  # "O.J. Simpson"
    if BUILDING_AFTER.match(text, end):
        return []  # "the John Radcliffe hospital"
    first = _given_name_start(tuple(words))
    if first is not None:
        if first == lead:
            first = 0  # "L. Ron Hubbard"
        unknown_given = titles and all(
            _looks_like_name_word(w) and not is_common_word(w) and not _place(w)
            for w in words[:first]
        )  # "Senator Marjolein Faber-Van de Klashorst": a given name no list holds
        if first and unknown_given:
            first = 0
        elif first and not _explains(words[first - 1]):
            return []  # "Tropical Storm Humberto", "San Diego", "Fath Al Andalous"
        rest = words[first:]
        full = _is_full_name(rest, keys[first:], opening=opens and first == 0 and not titles)
        if full is False:
            return []
        at = piece[first][1]
        sure = full or bool(titles) or _role_before(text, at) or _described_after(text, end)
        return [
            Candidate(
                at, end, rest, titles + words[:first], full=sure, opens=opens, unsure=not sure
            )
        ]
    if len(words) == 1:
        word = words[0]
        if not _looks_like_name_word(word) or keys[0] in _NOT_ALONE:
            return []
        return [Candidate(start, end, words, titles, full=False, opens=opens)]
    # No given name a list knows: a title or role before it, or an age or a verb of speech
    # after it, says that this is a person ("Emergencies Minister Yevgeny Zinichev", "Marwoto
    # Komar, 52,"); else the story may ("unsure": extraction.py decides).
    if len(words) > 2 and (_explains(words[0]) or _place(words[0])):
        return _analyse(text, piece[1:])  # "Texas Arlington Amneh Jafari": a place first
    # After a title or a role the first word is a given name, even one that is also a word
    # ("Society President Ash Soni").
    titled = bool(titles) or _role_before(text, start)
    titled = titled or bool(SAID_BEFORE.search(text[max(0, start - 40) : start]))
    if not 2 <= len(words) <= 4 or not _is_full_name(words, keys, known=titled):
        return []
    sure = titled or _described_after(text, end)
    if not sure and (_ambiguous(words[-1]) or _place(words[-1], "some") or keys[0] in NOT_GIVEN):
        return []  # "Royal Alexandria", "Borussia Dortmund": a place's name, a club's
    return [Candidate(start, end, words, titles, full=sure, opens=opens, unsure=not sure)]


@lru_cache(maxsize=200_000)
def _place(word: str, at_most: str = "more") -> bool:
    """Whether the gazetteer has a place by this name that needs at most this much of the
    story to be read as one (see GeoPlace.needs_context): "" for a place known by name
    alone ("France", "Georgia"), "some" for one known with a preposition too ("Dortmund";
    not the towns called Marshall or Machado), "more" for any place."""
    from articles.ingest.gazetteer import gazetteer

    allowed = {"": ("",), "some": ("", "some"), "more": ("", "some", "more")}[at_most]
    return any(p.needs_context in allowed for p in gazetteer().lookup(word))


@lru_cache(maxsize=100_000)
def _leading_place(words: tuple[str, ...]) -> int:
    """How many words at the head of a run name a place of two or three words before a
    name of two words or more ("Tamil Nadu", "Sierra Leone"), else 0."""
    for size in (3, 2):
        if len(words) - size >= 2 and _place(" ".join(words[:size]), ""):
            return size
    return 0


@lru_cache(maxsize=100_000)
def _initialled_surname(word: str) -> bool:
    """A surname after initials alone: not a word, a place or a title ("J.K. Rowling"; not
    "U.S. Army", "A.C. Milan")."""
    from articles.ingest.gazetteer import gazetteer

    key = fold(word)
    if not _looks_like_name_word(word) or is_common_word(word) or key in _NOT_ALONE:
        return False
    points = ("North", "South", "East", "West", "New")  # "N. Korea"
    return not any(gazetteer().lookup(n) for n in (word, *(f"{p} {word}" for p in points)))


# Titles and roles that are also given names, when a surname follows ("Dean Kamen").
TITLE_OR_NAME = {"dean", "hunter", "earl", "major", "judge", "marshal", "sheriff", "pastor"}
# Words that open place names and saints' names, never a given name ("San Diego").
NOT_GIVEN = {
    "saint", "st", "san", "santa", "santo", "sao", "el", "la", "le", "los", "las", "new",
    "fort", "port", "mount", "lake", "cape", "north", "south", "east", "west", "upper",
    "lower", "great", "little", "old", "al", "nuestra", "notre", "general",
    # and clubs' ("Borussia Dortmund", "Real Madrid", "Sporting Lisbon")
    "borussia", "real", "sporting", "olympique", "dynamo", "dinamo", "atletico", "athletic",
    "inter", "racing", "spartak", "lokomotiv", "rapid",
}  # fmt: skip
# Roles that are also surnames, allowed last in a name ("Howard Dean", "John Major").
SURNAME_ROLES = {
    "dean", "king", "bishop", "judge", "pope", "major", "marshal", "marshall", "cook",
    "priest", "knight", "prince", "duke", "earl", "baron", "driver", "singer", "player",
    "farmer", "hunter", "archer", "carpenter", "baker", "butler", "porter", "mason",
    "master", "masters", "chancellor", "sheriff", "page", "abbott", "nurse", "friend",
    "partner", "boss", "head", "chief", "star", "host", "champion", "forward", "rider",
}  # fmt: skip


# Given names the word lists also hold as words, though in a capitalised word a reader
# meets the name ("John", "Peter", "Harry"): not ambiguous, unlike "Will", "Grace", "Rose".
NAME_FIRST = {
    "barney", "basil", "beau", "beryl", "billy", "bob", "bobby", "brad", "brogan", "buddy",
    "carol", "chuck", "clement", "colleen", "curt", "derrick", "dick", "dieter", "dirk",
    "don", "drew", "ed", "eddy", "emery", "florin", "frank", "garret", "gene", "guy", "hank",
    "harry", "hazel", "heather", "hector", "homer", "jack", "jay", "jimmy", "john", "josh",
    "ken", "mads", "maria", "marten", "martin", "matt", "maxim", "max", "meg", "mike", "nick",
    "patsy", "patty", "peter", "phoebe", "ray", "rhea", "rick", "rob", "roger", "sally",
    "sander", "serge", "sibyl", "sue", "tom", "tony", "victor", "waldo",
}  # fmt: skip


@lru_cache(maxsize=200_000)
def _ambiguous(word: str) -> bool:
    """A name that is also a word or a well-known place ("Will", "Grace", "France",
    "Georgia"; not "Kamen" or "Obama", towns the story would have to place)."""
    if is_common_word(word) and fold(word) not in NAME_FIRST:
        return True
    return _place(word, "")


@lru_cache(maxsize=100_000)
def _given_name_start(words: tuple[str, ...]) -> int | None:
    """Where the name starts: its first given name, passing over one that is also a word or
    a place when a plain given name follows ("France Bruno Le Maire" is Bruno Le Maire)."""
    starts = [
        i for i, w in enumerate(words[:-1])
        if fold(w) not in NOT_GIVEN and is_given_name(w) and _looks_like_name_word(w)
    ]  # fmt: skip
    if not starts:
        return None
    plain = [i for i in starts if not _ambiguous(words[i])]
    if plain and _ambiguous(words[starts[0]]) and plain[0] < len(words) - 1:
        return plain[0]
    return starts[0]


# Words that end an organisation's name, which a role's holder may follow ("CEO of the
# Refugee Council Enver Solomon").
ORGANISATION_HEADS = {
    "council", "committee", "commission", "relations", "party", "university", "college",
    "institute", "foundation", "association", "union", "agency", "ministry", "department",
    "office", "bureau", "service", "corporation", "company", "group", "bank", "trust",
    "society", "league", "federation", "authority", "board", "court", "church", "hospital",
    "school", "centre", "center", "network", "organisation", "organization", "fund",
    "coalition", "alliance", "movement", "inc", "ltd", "corp", "co", "plc", "llc",
}  # fmt: skip


@lru_cache(maxsize=200_000)
def _explains(word: str) -> bool:
    """Whether a word may stand before a name: a title or role ("Scientist"), or a place
    ("Vermont")."""
    key = fold(word.rstrip("."))
    if key in TITLES or key in ROLE_NOUNS or key in ORGANISATION_HEADS:
        return True
    return _place(word, "")


# Common words that are no one's surname after a given name that is also a word.
NOT_SURNAMES = {"info", "news", "day", "night", "time", "world", "life", "love", "power"}


def _is_full_name(
    words: list[str], keys: list[str], known: bool = True, opening: bool = False
) -> bool | None:
    return _full_name(tuple(words), known, opening)


@lru_cache(maxsize=100_000)
def _full_name(words: tuple[str, ...], known: bool, opening: bool) -> bool | None:
    """Whether these words (from the given name on) make a person's full name: True, False,
    or None when only the story can tell ("Grace Church", "Will Power")."""
    keys = [fold(w) for w in words]
    if not 2 <= len(words) <= MAX_NAME_WORDS or initials(words[-1]):
        return False
    if words[-1] in PARTICLES or (fold(words[-1]) in SUFFIXES and len(words) == 2):
        return False
    if not all(_looks_like_name_word(w) for w in words):
        return False
    named = [(w, k) for w, k in zip(words, keys, strict=True) if not initials(w)]
    later = named[1:] if known else named
    demonym = False
    for i, (w, k) in enumerate(later):
        if w in PARTICLES:
            continue  # "Henk ten Hoeve", "Rosa de la Fuentes"
        if k in NOT_PERSON_WORDS or k in DAYS_AND_MONTHS or k in FUNCTION_WORDS:
            return False
        if k in DEMONYMS and i == len(later) - 1:
            demonym = True  # "Latin American", "Roman Catholic"; but "mayor Steve Christian"
        last = i == len(later) - 1
        role = (k in TITLES or k in ROLE_NOUNS) and not (last and k in SURNAME_ROLES)
        if role and (not is_given_name(w) or not last):
            return False  # "Virginia Governor", "Los Angeles Sheriff"
    rest = [w for w, _ in named[1:] if w not in PARTICLES and fold(w) not in SUFFIXES]
    if not rest:
        return False
    common = [w for w in rest if is_common_word(w)]
    if not known:
        return len(common) < len(rest) and not is_common_word(words[0])
    if len(common) >= 2:
        return False  # "Humberto Advisory Number"
    # A given name that is also a word or a place ("Will", "Marine", "France") needs a
    # surname that is no plural, no place and no word a sentence opens with ("Will
    # Republicans", "France Info", "Royal Alexandria" are no people; "Will Rowe" is).
    if _ambiguous(words[0]) and rest:
        last = rest[-1]
        plural = last.endswith("s") and is_common_word(last) and is_common_word(last[:-1])
        if plural or _place(last, "") or (opening and fold(words[0]) in {"will", "may"}):
            return False
        worded = is_common_word(words[0]) and fold(words[0]) not in NAME_FIRST
        if len(common) == len(rest) and worded and not is_given_name(last):
            return None if fold(last) not in NOT_SURNAMES else False
    return None if demonym else True
