"""Articles on their way in: raw wire copy or an exchange-format record, with what the
extraction found in them, before the archive's names settle who is who (resolver.py).

Raw copy gets everything from the extraction; a record keeps the people, places and quotes
it gives and has the extraction find those it leaves out (unless told not to).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property

from articles.ingest import gazetteer
from articles.ingest.credits import parse_credit
from articles.ingest.extraction import Extraction, extract
from articles.ingest.schema import ArticleRecord, PhotoRecord, QuoteRecord
from articles.ingest.wire import WireStory
from articles.models import Article, Origin

PARTS = ("people", "places", "quotes", "photos")


@dataclass
class Incoming:
    """One article to import, and where it came from."""

    record: ArticleRecord
    label: str = ""  # the file it came from
    number: int = 1  # its line in that file
    from_copy: bool = False  # raw wire copy: what it lacks keeps its stored value
    review: list[str] = field(default_factory=list)  # why an editor should look at it
    # Where each of people, places, quotes and photos came from: the text or the file.
    origins: dict[str, str] = field(default_factory=lambda: dict.fromkeys(PARTS, Origin.IMPORTED))
    descriptions: dict[str, str] = field(default_factory=dict)  # name -> "U.S. climate envoy"
    aliases: dict[str, list[str]] = field(default_factory=dict)  # name -> its other full forms
    # Surnames the story uses without naming anyone in full by them, and the quotes they
    # speak: the archive decides (a confirmed person it alone knows by that surname).
    surnames: list[str] = field(default_factory=list)
    surname_quotes: list[QuoteRecord] = field(default_factory=list)

    @cached_property
    def key(self) -> str:
        """The import key of an article without a URL, worked out once."""
        return self.record.key()


def fill_from_extraction(incoming: Incoming, found: Extraction, parts: tuple[str, ...]) -> None:
    """Put what the extraction found into the parts of the record it is to fill."""
    record = incoming.record
    if "people" in parts:
        record.people = list(found.people)
        incoming.surnames = list(found.surnames)
        incoming.origins["people"] = Origin.EXTRACTED
    if "places" in parts:
        record.places = list(found.places)
        incoming.origins["places"] = Origin.EXTRACTED
    if "quotes" in parts:
        record.quotes = [
            QuoteRecord(text=q.text, speaker=q.speaker, paragraph=q.paragraph)
            for q in found.quotes
            if q.full
        ]
        incoming.surname_quotes = [
            QuoteRecord(text=q.text, speaker=q.speaker, paragraph=q.paragraph)
            for q in found.quotes
            if not q.full
        ]
        incoming.origins["quotes"] = Origin.EXTRACTED
    incoming.descriptions = {n: p.description for n, p in found.people.items() if p.description}
    incoming.aliases = {n: p.aliases for n, p in found.people.items() if p.aliases}


def place_named(written: str) -> str:
    """A place as written in a caption or a dateline ("Moscow, Russia") by the gazetteer's
    name for it, else as written."""
    first = written.split(",")[0].strip()
    known = gazetteer.lookup(first)
    return known.name if known else first


def from_wire(story: WireStory, *, label: str = "", number: int = 1) -> Incoming:
    """An article from raw wire copy, with its quotes, people, places and credits found."""
    found = extract(story.paragraphs, [c.caption for c in story.captions])
    published = story.published
    if isinstance(published, date) and not isinstance(published, datetime):
        published = datetime.combine(published, time(12, 0))
    photos = []
    for caption, shown in zip(story.captions, found.shown, strict=True):
        credit = caption.credit
        photos.append(
            PhotoRecord(
                caption=caption.caption,
                credit=credit.line if credit else "",
                photographer=credit.photographer if credit else "",
                distributor=credit.distributor if credit else "",
                pool=credit.pool if credit else False,
                handout=credit.handout if credit else False,
                people=shown,
                place=place_named(caption.place) if caption.place else "",
                taken_on=caption.taken_on.isoformat() if caption.taken_on else "",
            )
        )
    record = ArticleRecord(
        headline=story.headline,
        body=story.paragraphs,
        published_at=published.isoformat() if published else "",
        status=Article.Status.PUBLISHED if published else Article.Status.DRAFT,
        byline=story.byline,
        source=story.source or (photos[0].distributor if photos else ""),
        dateline=place_named(story.dateline) if story.dateline else "",
        url=story.url,
        photos=photos,
    )
    incoming = Incoming(record, label, number, from_copy=True, review=list(story.review))
    fill_from_extraction(incoming, found, ("people", "places", "quotes"))
    incoming.origins["photos"] = Origin.EXTRACTED
    return incoming


def from_record(
    record: ArticleRecord, *, label: str = "", number: int = 1, extract_missing: bool = True
) -> Incoming:
    """An article from the exchange format. The people, places and quotes it leaves out are
    found in its text (`extract_missing`), and so are the parts of credits it gives whole."""
    incoming = Incoming(record, label, number)
    missing = tuple(part for part in ("people", "places", "quotes") if not record.given(part))
    if not record.published_at and record.status == Article.Status.PUBLISHED:
        incoming.review.append("no date: imported as a draft")
    if not extract_missing:
        return incoming
    if missing:
        captions = [p.caption for p in record.photos]
        fill_from_extraction(incoming, extract(list(record.body), captions), missing)
    for photo in record.photos:
        given = photo.model_fields_set
        if photo.credit and not given & {"photographer", "distributor", "pool", "handout"}:
            credit = parse_credit(photo.credit)
            photo.photographer, photo.distributor = credit.photographer, credit.distributor
            photo.pool, photo.handout = credit.pool, credit.handout
    return incoming
