"""Raw wire copy, as archivists receive it, read into a typed story.

The format: an optional header block of `Key: value` lines (Headline, Date, Byline, Source,
Dateline, URL) ended by a blank line, then paragraphs separated by blank lines. A paragraph
that starts with "Caption" is a photo caption; "Credit: ..." after it is its credit (repeats
collapse into one), and a parenthesised credit at its end is the credit line as printed and
leaves the caption text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from articles.ingest.credits import Credit, parse_credit, split_caption

HEADER_KEYS = {"headline", "date", "byline", "source", "dateline", "url"}
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.?|Feb\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
CAPTION_DATE = re.compile(rf"\b({MONTHS})\s+(\d{{1,2}}),\s+(\d{{4}})\b")
_PLACE_WORDS = r"(?:[A-Z][\w.'\u2019-]*\s?)+"
CAPTION_PLACE = re.compile(
    rf"\bin ({_PLACE_WORDS}(?:,\s{_PLACE_WORDS})?),\s"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|" + MONTHS + ")"
)
CREDIT_TAIL = re.compile(r"(?:\s*Credit:\s*([^\n]+?))+\s*$")


class WireError(ValueError):
    """Wire copy that cannot become an article (the message says why)."""


@dataclass
class WireCaption:
    caption: str
    credit: Credit | None
    taken_on: date | None = None
    place: str = ""  # as written, e.g. "Moscow, Russia"


@dataclass
class WireStory:
    headline: str
    published: date | datetime | None
    byline: str = ""
    source: str = ""
    dateline: str = ""
    url: str = ""
    paragraphs: list[str] = field(default_factory=list)
    captions: list[WireCaption] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # why an editor should look at it


def _month(name: str) -> int:
    key = name.rstrip(".")[:3].lower()
    return [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    ].index(key) + 1


def caption_date(text: str) -> date | None:
    match = CAPTION_DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match.group(3)), _month(match.group(1)), int(match.group(2)))
    except ValueError:
        return None


def parse_caption(paragraph: str) -> WireCaption:
    text = re.sub(r"^Caption\s*:?\s*", "", paragraph.strip())
    tail_credits: list[str] = []
    tail = CREDIT_TAIL.search(text)
    if tail:
        tail_credits = [
            c.strip() for c in re.findall(r"Credit:\s*([^\n]+?)(?=\s*Credit:|\s*$)", tail.group(0))
        ]
        text = text[: tail.start()].rstrip()
    caption, printed = split_caption(text)
    line = printed or (tail_credits[0] if tail_credits else "")
    place = CAPTION_PLACE.search(caption)
    return WireCaption(
        caption=caption,
        credit=parse_credit(line) if line else None,
        taken_on=caption_date(caption),
        place=place.group(1).strip() if place else "",
    )


def _header_date(value: str) -> date | datetime:
    value = value.strip()
    for parse in (datetime.fromisoformat, lambda v: datetime.strptime(v, "%B %d, %Y")):
        try:
            return parse(value)
        except ValueError:
            continue
    found = caption_date(value)
    if found:
        return found
    raise WireError(f"the Date header {value!r} is not a date (use YYYY-MM-DD)")


def headline_from(paragraphs: list[str], words: int = 12) -> str:
    """A plain headline from the first sentence, for an editor to review."""
    # A sentence ends after a lower-case letter or digit: "U.S. official" goes on.
    first = re.split(r"(?<=[a-z0-9][.!?])\s+", paragraphs[0], maxsplit=1)[0].strip(" .")
    tokens = first.split()
    return " ".join(tokens[:words]) + ("…" if len(tokens) > words else "")


def parse_wire(text: str) -> WireStory:
    """A story from raw wire copy; raises WireError when there is no body."""
    if "\x00" in text:
        raise WireError("the file has NUL bytes: it is not text")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    header: dict[str, str] = {}
    if blocks:
        lines = blocks[0].splitlines()
        pairs = [re.match(r"^([A-Za-z]+):\s*(.*)$", line) for line in lines]
        if all(pairs) and all(p.group(1).lower() in HEADER_KEYS for p in pairs):
            header = {p.group(1).lower(): p.group(2).strip() for p in pairs}
            blocks = blocks[1:]
    paragraphs = [" ".join(b.split()) for b in blocks if not b.startswith("Caption")]
    captions = [parse_caption(b) for b in blocks if b.startswith("Caption")]
    if not paragraphs:
        raise WireError("there is no body text")
    story = WireStory(
        headline=header.get("headline", ""),
        published=_header_date(header["date"]) if header.get("date") else None,
        byline=header.get("byline", ""),
        source=header.get("source", ""),
        dateline=header.get("dateline", ""),
        url=header.get("url", ""),
        paragraphs=paragraphs,
        captions=captions,
    )
    if not story.headline:
        story.headline = headline_from(paragraphs)
        story.review.append("no headline: one was made from the first sentence")
    if story.published is None:
        dates = [c.taken_on for c in captions if c.taken_on]
        if dates:
            story.published = max(dates)
        else:
            story.review.append("no date")
    if not story.dateline:
        places = [c.place for c in captions if c.place]
        if places:
            story.dateline = places[0].split(",")[0].strip()
    return story
