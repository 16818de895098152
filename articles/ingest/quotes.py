"""Quotes in a story and who said them, in the styles of AP, Reuters, the BBC, the Guardian
and the New York Times.

A quoted passage (“…”, "…", ''…'', ‘…’) of three words or more is a quote when the sentence
attributes it: `"…," Name said`, `said Name`, `Name said: "…"`, `"…," Mr. Name said`,
`Name told CNN: "…"`, `"…," Name, the chief economist at X, said`, `According to Name, "…"`,
`Name called it "…"`, with verbs beyond "said" (told, added, wrote, warned, insisted...).
A passage running over several paragraphs is one quote. "He" or "she" is the one person the
story can mean there. What an organisation or an unnamed person says ("the hospital said",
"a spokesman said") is nobody's quote: precision comes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from articles.ingest.lexicon import PARTICLES, ROLE_NOUNS, SPEECH_VERBS, TITLES
from articles.ingest.names import RUN

VERB = SPEECH_VERBS
AUX = r"(?:(?:has|had|have|also|later|then|once|previously|reportedly|further|earlier|"
AUX += r"would|will|was\s+quoted\s+as|is\s+quoted\s+as)\s+)*"
PRONOUN = r"(?:he|she|He|She)"
NAME = RUN.pattern
# Within one sentence: any character but commas and quotation marks, and no sentence end.
INSIDE = r"(?:(?![.!?][\"”’']?\s+[A-Z\"“])[^,“”\"‘’:])"
APPOSITIVE = rf"(?:\s+of\s+{INSIDE}{{1,60}}?)?(?:\s*,\s*{INSIDE}{{1,100}}?,|,)?"
ADVERBIAL = r"(?:\s+who|\s+(?:in|on|at|during|while|after|before|when)\s+[^,“”\"‘’:]{1,50}?)?"
# After the closing mark: `," Kerry said`, `," said Kerry`, `," Kerry, the envoy, said`,
# `," said one Red Cross official, Kingsley Amori`.
_ROLE = "|".join(sorted((ROLE_NOUNS | TITLES) - {"state", "home", "party"}, key=len, reverse=True))
_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
# Lower-case roles before a name: `," spokesman Ivo Kotevski told`.
ROLES_BEFORE = rf"(?:(?:[a-z][\w'’\-]*\s+){{0,3}}?(?:{_ROLE})\s+)?"
AFTER = re.compile(
    rf"^\s*(?:,|\.\.\.|…|—|–)?\s*(?:as\s+)?(?:{ROLES_BEFORE}"
    rf"(?P<speaker>(?:(?:{_PARTICLE})\s+)*{NAME}|{PRONOUN}){APPOSITIVE}\s+{AUX}{VERB}\b"
    rf"|{AUX}{VERB}\s+(?P<speaker2>{NAME}|{PRONOUN})\b(?!\s+(?:of|at|for)\b))"
)
# `," said cabinet member Sanna Kangasharju`, `," said one Red Cross official, Kingsley Amori`.
AFTER_ROLE = re.compile(
    rf"^\s*(?:,|\.\.\.|…|—|–)?\s*{AUX}{VERB}\s+"
    rf"(?:(?:(?:(?:[A-Z]\.)+|[\w'’\-]+)\s+){{0,5}}?(?i:{_ROLE})\s+"
    rf"|(?=[^,\"“”.!?]*\b(?i:{_ROLE})\b)[^,\"“”.!?]{{1,70}}?,\s+"
    rf"|[^\"“”.!?]{{0,80}}?\b(?i:{_ROLE}),\s+)"
    rf"(?P<speaker2>{NAME})\b(?!\s+(?:of|at|for)\b)"
)
# Someone, anyone, is given as the speaker: the passage is not another's continuation.
SAID_AFTER = re.compile(rf"^\s*[,.…—–]?\s*(?:[^\s\"“”]+\s+){{0,6}}?(?:{VERB}|read)\b")
SAID_BEFORE = re.compile(rf"\b(?:{VERB}|read|[Aa]ccording\s+to)\b[^\"“”.!?]{{0,120}}$")


# Before the opening mark, in the same sentence: `Kerry said: `, `Kerry told the BBC: `,
# `In a statement, Kerry said that `, `Kerry called it `, `According to Kerry, `,
# `Kerry, who met Lavrov, said of him, `.
def _before(appositive: str) -> re.Pattern:
    return re.compile(
        rf"(?:^|[^\w'’.\-])(?:(?P<speaker>{NAME}|{PRONOUN}){appositive}{ADVERBIAL}\s+"
        rf"(?:(?:[a-z][\w'’\-]*\s+){{1,8}}?and\s+)?{AUX}"
        rf"(?P<verb>{VERB})\b(?P<gap>[^“”\"‘.!?]{{0,160}}?)"
        rf"|[Aa]ccording\s+to\s+(?P<speaker3>{NAME}),?\s*)"
        r"[:,]?\s*$"
    )


# A name that is the object of a preposition or a verb before it is no sentence's subject.
OBJECT_BEFORE = re.compile(
    r"\b(?:to|with|of|for|by|about|against|from|on|than|like|beside|behind|near|"
    r"[a-z]{2,}ing|[a-z]{2,}ed)\s+$"
)
POSSESSIVE_END = re.compile(r"['’]s?$")
WHO_AFTER = re.compile(r"\s*,?\s*who\b")
# "from" or "with" just before the speaker's name ("a letter from Kerry"; the words are not
# all his). Not "and": "member of parliament and former minister Denis MacShane" is one man.
SHARED = re.compile(r"\b(?:from|with)\s+(?:[A-Z][\w'’.\-]*\s+)*$")
# A person named, then "and", then the speaker: both speak.
AND_NAME = re.compile(r"[^\s,;:]+(?:\s+[A-Z][^\s,;:]*)*\s+(?:and|&)\s+[^,;:!?“”\"]{0,60}$")
# The name right before the verb first ("Partnership, David Clay, called it": Clay).
BEFORE_DIRECT = _before(",?")
BEFORE = _before(APPOSITIVE)
# Between two quoted passages of one speaker: `", adding "`, `" and "`, `", he said, "`.
JOINED = re.compile(r"^[\s,;:]*(?:and|but|or|while|adding|saying|noting|before)?[\s,;:]*$")
# Between two quoted passages: the first one's speaker goes on speaking (`", and insisted
# the rates "`).
SAME_SUBJECT = re.compile(
    rf"[\s,;]*(?:and|but|while)\s+(?:also\s+|later\s+|then\s+|further\s+)?{VERB}\b"
    rf"[^\"“”.!?]{{0,100}}$"
)
SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘A-Z])")
# The end of a sentence inside a run of names: after a word of two lower-case letters or
# more that is not a title's abbreviation ("Kangasharju. Ministry", "Luk. He"; not "Mr. Reyl").
SPEAKER_BREAK = re.compile(
    r"(?<=[a-z][a-z][.!?])(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bJr\.)(?<!\bSr\.)"
    r"(?<!\bMrs\.)(?<!\bSen\.)(?<!\bRep\.)(?<!\bGov\.)(?<!\bGen\.)(?<!\bCol\.)(?<!\bLt\.)"
    r"\s+|(?<=[.!?])\s+(?=(?:He|She)\b)"  # "CET. He said": a pronoun opens a sentence
)
HEAD_START = re.compile(r"[“”\"‘]|(?<=[a-z0-9)][.!?])[\"”’']?\s+(?=[A-Z\"“])")
# The rest of a sentence that opens a quotation.
INTRODUCES = re.compile(r"[^.!?“”\"]{0,160}(?:[“]|(?<=\s)\")")
SPOKEN = re.compile(rf"\b{VERB}\b")
MIN_WORDS = 3


@dataclass
class Quote:
    text: str
    paragraph: int  # 1 for the first paragraph
    speaker: str  # a person's full name, or a surname the story did not resolve
    full: bool  # whether `speaker` is a full name (else a surname for the archive)


@dataclass
class _Span:
    paragraph: int  # 0-based
    start: int  # after the opening mark
    end: int  # at the closing mark (or the paragraph's end)
    text: str
    opened: bool  # the paragraph's text opens with it
    closed: bool  # a closing mark ends it in this paragraph


class Story(Protocol):
    """What the quotes need to know of the story's people."""

    def speaker(self, paragraph: int, start: int, end: int) -> tuple[str, bool] | None:
        """The person named between start and end: (full name, True), or (a surname the
        story leaves to the archive, False), or None."""

    def pronoun(self, word: str, paragraph: int, at: int) -> str | None:
        """The one person "he" or "she" at this place can mean, if only one."""

    def quoted(self, paragraph: int, spans: list[tuple[int, int]]) -> None:
        """The paragraph's quoted passages: a person named inside one is not the "he" or
        "she" who said it."""

    def names_between(
        self, paragraph: int, start: int, end: int, own: tuple[str, bool] | None = None
    ) -> bool:
        """Whether anyone but `own` is named between start and end."""

    def names_in(self, paragraph: int, start: int, end: int) -> list[int]:
        """Where people are named between start and end."""


def _plain(text: str) -> str:
    """The text with '' and `` read as double quotes, its length unchanged."""
    return text.replace("''", '" ').replace("``", ' "')


def spans(paragraph: int, text: str) -> list[_Span]:
    """The double-quoted passages of a paragraph (curly or straight: a straight mark opens
    after a space and closes before one), and single-quoted ones when it has no double
    quotes; a passage left open runs to the paragraph's end."""
    text = _plain(text)
    found: list[_Span] = []
    opening: int | None = None
    for mark in QUOTE_MARK.finditer(text):
        i, c = mark.start(), mark.group()
        if c == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            opens = before.isspace() or before in "([{—–-:;"
            closes = after.isspace() or after in ".,;:!?)]}—–-"
            c = "“" if opens and not closes else "”" if closes and not opens else c
            if c == '"':
                c = "“" if opening is None else "”"
        if c == "“":
            opening = i
        elif opening is not None:
            found.append(
                _Span(paragraph, opening + 1, i, text[opening + 1 : i], opening == 0, True)
            )
            opening = None
        else:  # a closing mark without its opening one: an opening single mark ('…,")
            since = found[-1].end + 1 if found else 0
            single = [m.start() for m in SINGLE_OPENS.finditer(text, since, i)]
            if single:
                at = single[-1] + 1
                found.append(_Span(paragraph, at, i, text[at:i], single[-1] == 0, True))
    if opening is not None:
        found.append(
            _Span(paragraph, opening + 1, len(text), text[opening + 1 :], opening == 0, False)
        )
    if not found and (" '" in text or "‘" in text or text[:1] == "'"):
        for match in SINGLE.finditer(text):
            at = match.start(1)
            found.append(_Span(paragraph, at, match.end(1), match.group(1), at == 1, True))
    return found


QUOTE_MARK = re.compile(r"[“”\"]")
SINGLE_OPENS = re.compile(r"(?:^|(?<=[\s(]))['‘](?=\w)")
SINGLE = re.compile(r"(?:^|(?<=[\s(]))['‘](?=\w)(.+?)(?<=[\w.,!?])['’](?=[\s,.;:!?)]|$)")


def find_quotes(paragraphs: list[str], story: Story) -> list[Quote]:
    """Every attributed quote of the story's paragraphs."""
    found: list[Quote] = []
    chain: list[_Span] = []  # the pieces of a quote running over paragraphs
    chain_speaker: tuple[str, bool] | None = None
    for index, paragraph in enumerate(paragraphs):
        text = _plain(paragraph)
        pieces = spans(index, paragraph)
        story.quoted(index, [(span.start, span.end) for span in pieces])
        speakers = _speakers(text, pieces, story)
        for number, (span, speaker) in enumerate(zip(pieces, speakers, strict=True)):
            continuing = bool(chain) and number == 0 and span.opened
            if chain and not continuing:
                found += _finish(chain, chain_speaker)
                chain, chain_speaker = [], None
            if continuing or not span.closed:
                chain.append(span)
                chain_speaker = chain_speaker or speaker
                if span.closed:  # the last piece of the running quote
                    found += _finish(chain, chain_speaker)
                    chain, chain_speaker = [], None
                continue
            if speaker and len(span.text.split()) >= MIN_WORDS:
                found.append(Quote(_clean(span.text), index + 1, *speaker))
        if chain and not pieces:
            found += _finish(chain, chain_speaker)
            chain, chain_speaker = [], None
    found += _finish(chain, chain_speaker)
    return found


def _speakers(text: str, pieces: list[_Span], story: Story) -> list[tuple[str, bool] | None]:
    """The speaker of each quoted passage of a paragraph: its own attribution, else that of
    the passage it continues (`"…," Kerry said. "…"`, `"…," Kerry said, adding "…"`) or of
    the one that finishes its sentence (`'…," and "…," Kerry said`), when nobody else is
    named between them."""
    speakers = [_attribution(text, span, story) for span in pieces]
    if all(s is None for s in speakers) or all(speakers):
        return speakers  # nothing to pass on
    open_ = [s is None and not _said(text, span) for s, span in zip(speakers, pieces, strict=True)]
    for i in range(1, len(pieces)):
        same_subject = speakers[i] is None and bool(
            SAME_SUBJECT.match(text, pieces[i - 1].end + 1, pieces[i].start - 1)
        )  # `Kerry called it "…", and insisted that "…"`
        # `Khosla talked of "…" and "…"` (unless the second has its own: `"…." "…," the
        # ministry said`)
        joined = bool(JOINED.match(text[pieces[i - 1].end + 1 : pieces[i].start - 1])) and not (
            pieces[i].closed and SAID_AFTER.match(text[pieces[i].end + 1 : pieces[i].end + 120])
        )
        if (open_[i] or same_subject or (joined and speakers[i] is None)) and speakers[i - 1]:
            start, end = pieces[i - 1].end + 1, pieces[i].start - 1
            breaks = list(SENTENCE_BREAK.finditer(text, start, end + 1))  # (+1: the mark)
            if pieces[i - 1].text.rstrip().endswith((".", "!", "?")):
                breaks.insert(0, None)  # the first passage ended its sentence
            # `"…," Kerry said. "…"`: the next sentence opens with the quote (not `The report
            # estimates "…"`, whose subject is another)
            opened = start if breaks[-1:] == [None] else breaks[-1].end() if breaks else end
            real = [b for b in breaks if b is not None]
            near = end - start < 200 and len(real) <= 1 and not text[opened:end].strip()
            if near and not story.names_between(
                pieces[i].paragraph, start, end, own=speakers[i - 1]
            ):
                speakers[i] = speakers[i - 1]
    for i in range(len(pieces) - 2, -1, -1):
        if open_[i] and speakers[i] is None and speakers[i + 1] is not None:
            between = text[pieces[i].end + 1 : pieces[i + 1].start - 1]
            if JOINED.match(between) and not pieces[i].text.rstrip().endswith((".", "!", "?")):
                speakers[i] = speakers[i + 1]  # one sentence: '…," and "…," Kerry said
    return speakers


def _finish(chain: list[_Span], speaker: tuple[str, bool] | None) -> list[Quote]:
    if not chain or speaker is None:
        return []
    words = " ".join(_clean(span.text) for span in chain)
    if len(words.split()) < MIN_WORDS:
        return []
    return [Quote(words, chain[0].paragraph + 1, *speaker)]


def _clean(text: str) -> str:
    return text.strip().rstrip(",").strip()


def _said(text: str, span: _Span) -> bool:
    """Whether the passage's sentence gives it a speaker of any kind ("the ministry said")."""
    if span.closed and SAID_AFTER.match(text[span.end + 1 : span.end + 120]):
        return True
    sentence = re.split(r"[.!?][\"”’]?\s+(?=[A-Z\"“])", text[: max(0, span.start - 1)])[-1]
    return bool(SAID_BEFORE.search(sentence))


def _attribution(text: str, span: _Span, story: Story) -> tuple[str, bool] | None:
    if span.closed:
        tail = text[span.end + 1 : span.end + 200]
        # `," said Kerry` first; `," said cabinet member Ines Varga` (a longer pattern) only
        # where that gives nobody ("said EFF's senior staff attorney ...").
        ended = span.text.rstrip().endswith((".", "!", "?"))
        for pattern in (AFTER, AFTER_ROLE):
            after = pattern.match(tail)
            if after and ended and INTRODUCES.match(tail, after.end()):
                after = None  # `"… unfold." Ines Varga told reporters "…"`: the next quote's
            if after:
                group = "speaker" if after.groupdict().get("speaker") else "speaker2"
                at = span.end + 1 + after.start(group)
                found = _speaker(story, span.paragraph, after.group(group), at, after=True)
                if found:
                    return found
    start = max(0, span.start - 1 - 260)
    # The attribution lies in the quote's sentence, after any other quoted passage: the
    # patterns need search no further back (a third of the time).
    cut = [m.end() for m in HEAD_START.finditer(text, start, span.start - 1)]
    start = cut[-1] if cut else start
    head = text[start : span.start - 1]
    for pattern in (BEFORE_DIRECT, BEFORE):
        at = 0
        for _ in range(4):  # "When asked about ..., Kerry told CNN, ": past "When asked"
            before = pattern.search(head, at)
            if not before:
                break
            found = _before_speaker(text, span, story, start, before)
            if found:
                return found
            at = before.end("verb") if before.group("verb") else before.end()
    return None


def _object(text: str, span: _Span, story: Story, at: int, name: str) -> bool:
    """Whether the name at `at` is the object of a preposition or a verb ("next to Bartra in
    the bus told", "representing Spanton, told"), not the subject; a name opening a relative
    clause ("drafted by Alex Greenwich who said") or led by words that explain it ("for
    France Bruno Le Maire") is a subject."""
    if not OBJECT_BEFORE.search(text, max(0, at - 30), at):
        return False
    if WHO_AFTER.match(text, at + len(name)):
        return False
    inside = story.names_in(span.paragraph, at, at + len(name))
    return not inside or inside[-1] == at


def _before_speaker(
    text: str, span: _Span, story: Story, start: int, before: re.Match
) -> tuple[str, bool] | None:
    group = "speaker" if before.group("speaker") else "speaker3"
    at = start + before.start(group)
    name = before.group(group)
    if group == "speaker" and (POSSESSIVE_END.search(name) or _object(text, span, story, at, name)):
        return None  # "doubts about Constand's credibility and cited", "next to Bartra told"
    clause = re.split(r"[,;:.!?]\s", text[max(0, at - 120) : at])[-1]
    if re.search(r"\b(?:statement|joint)\b", clause) or SHARED.search(clause):
        return None  # "a joint statement from Kerry and Lavrov", "from Kerry"
    for other in story.names_in(span.paragraph, max(0, at - 150), at):
        if AND_NAME.match(text, other, at):
            return None  # "Kerry and Lavrov said", "Kerry and Russia's envoy Lavrov said"
    if before.group("verb"):
        gap = start + before.start("gap")
        for mention in story.names_in(span.paragraph, gap, span.start - 1):
            if SPOKEN.search(text[mention : span.start - 1]):
                return None  # "Kerry said Lavrov called it ...": whose words is unclear
    return _speaker(story, span.paragraph, before.group(group), at)


def _speaker(
    story: Story, paragraph: int, phrase: str, at: int, after: bool = False
) -> tuple[str, bool] | None:
    # A name run may cross a sentence's end: `," said Sanna Kangasharju. Ministry`, `Luk. He
    # said "`: the speaker is in the sentence of the quote.
    parts = [p for p in SPEAKER_BREAK.split(phrase) if p]
    if len(parts) > 1 and not after:
        at += len(phrase) - len(parts[-1])
    phrase = parts[0] if after else parts[-1]
    if phrase.lower() in ("he", "she"):
        who = story.pronoun(phrase.lower(), paragraph, at)
        return (who, True) if who else None
    return story.speaker(paragraph, at, at + len(phrase))
