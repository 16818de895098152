"""The exchange format: one article, as `export_articles` writes a line, `import_articles`
reads one and the API gives one (articles/api_schemas.py adds its page address).

    {"headline": "...", "slug": "...", "standfirst": "", "status": "published",
     "published_at": "2021-07-12T12:00:00+00:00", "byline": "", "source": "AP",
     "dateline": "Moscow", "url": "", "body": ["first paragraph", "second paragraph"],
     "quotes": [{"text": "...", "speaker": "John Kerry", "paragraph": 2}],
     "photos": [{"caption": "...", "credit": "...", "photographer": "...", ...}],
     "people": ["John Kerry"], "places": ["Moscow", "Russia"]}

`headline` and `body` are required. A record without `people`, `places` or `quotes` has them
found in its text by the importer's extraction; a record that gives them keeps them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from django.utils import timezone
from ninja import Schema
from pydantic import ValidationError, field_validator

STATUSES = ("draft", "published")


class QuoteRecord(Schema):
    text: str
    speaker: str  # a person's full name
    paragraph: int | None = None

    @field_validator("text", "speaker")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("paragraph")
    @classmethod
    def _positive(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError("must be 1 or more")
        return value


class PhotoRecord(Schema):
    caption: str = ""  # may be empty when the photo has only a credit
    credit: str = ""
    photographer: str = ""
    distributor: str = ""
    pool: bool = False
    handout: bool = False
    people: list[str] = []
    place: str = ""
    taken_on: str = ""  # ISO date

    @field_validator("taken_on")
    @classmethod
    def _date(cls, value: str) -> str:
        if value:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not an ISO 8601 date") from None
        return value


class ArticleRecord(Schema):
    headline: str
    slug: str = ""
    standfirst: str = ""
    status: str = "published"
    published_at: str = ""  # ISO 8601
    byline: str = ""
    source: str = ""
    dateline: str = ""
    url: str = ""
    body: list[str]
    quotes: list[QuoteRecord] = []
    photos: list[PhotoRecord] = []
    people: list[str] = []
    places: list[str] = []

    @field_validator("headline")
    @classmethod
    def _headline(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("no headline")
        return value

    @field_validator("body")
    @classmethod
    def _body(cls, value: list[str]) -> list[str]:
        if not any(p.strip() for p in value):
            raise ValueError("no body (a list of paragraphs)")
        return value

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        if value not in STATUSES:
            raise ValueError(f"status {value!r} is neither draft nor published")
        return value

    @field_validator("published_at")
    @classmethod
    def _published_at(cls, value: str) -> str:
        if value:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                raise ValueError(f"published_at {value!r} is not an ISO 8601 date") from None
        return value

    @classmethod
    def parse(cls, data: object) -> ArticleRecord:
        """From a parsed JSON object; raises ValueError with one clear reason for a bad one
        ("quotes[2].speaker: must not be empty")."""
        if not isinstance(data, dict):
            raise ValueError("a line must be a JSON object")
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(
                f"[{part}]" if isinstance(part, int) else str(part) for part in first["loc"]
            ).replace(".[", "[")
            message = first["msg"].removeprefix("Value error, ")
            if first["type"] == "missing":
                message = "no headline" if where == "headline" else f"{where} is missing"
                raise ValueError(message) from None
            raise ValueError(f"{where}: {message}" if where else message) from None

    def given(self, field: str) -> bool:
        """Whether the record itself gave this field (else extraction may fill it)."""
        return field in self.model_fields_set

    def published(self) -> datetime | None:
        if not self.published_at:
            return None
        value = datetime.fromisoformat(self.published_at)
        return timezone.make_aware(value) if timezone.is_naive(value) else value

    def key(self) -> str:
        """SHA-256 of the body text: the import key of an article without a URL."""
        text = json.dumps([" ".join(p.split()) for p in self.body if p.strip()], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    @classmethod
    def from_article(cls, article) -> ArticleRecord:
        """A stored article (with its contents prefetched) as a record."""
        return cls(
            headline=article.headline,
            slug=article.slug,
            standfirst=article.standfirst,
            status=article.status,
            published_at=article.published_at.isoformat() if article.published_at else "",
            byline=article.byline,
            source=article.source,
            dateline=article.dateline.name if article.dateline else "",
            url=article.url,
            body=article.paragraphs,
            quotes=[
                QuoteRecord(text=q.text, speaker=q.speaker.name, paragraph=q.paragraph)
                for q in article.quotes.all()
            ],
            photos=[
                PhotoRecord(
                    caption=p.caption,
                    credit=p.credit,
                    photographer=p.photographer.name if p.photographer else "",
                    distributor=p.distributor,
                    pool=p.pool,
                    handout=p.handout,
                    people=sorted(person.name for person in p.people.all()),
                    place=p.place.name if p.place else "",
                    taken_on=p.taken_on.isoformat() if p.taken_on else "",
                )
                for p in article.photos.all()
            ],
            people=sorted(person.name for person in article.people.all()),
            places=sorted(place.name for place in article.places.all()),
        )

    def exported(self) -> dict:
        """The record as a line of `export_articles`."""
        return self.model_dump()
