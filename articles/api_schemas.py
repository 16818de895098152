"""The shapes of the read-only API's answers (articles/api.py), as OpenAPI publishes them.

An article is the exchange format's record (articles/ingest/schema.py: a line of
`export_articles`, what `import_articles` reads) plus the address of its page: one format
across the project.
"""

from __future__ import annotations

from ninja import Schema

from articles.ingest.schema import ArticleRecord


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class ArticleOut(ArticleRecord):
    page_url: str


class Paged(Schema):
    count: int
    approximate: bool = False
    next: str | None
    previous: str | None


class ArticlePage(Paged):
    results: list[ArticleOut]


class PersonRef(Schema):
    name: str
    slug: str
    api_url: str


class PlaceRef(Schema):
    name: str
    slug: str
    kind: str
    api_url: str


class PersonOut(Schema):
    name: str
    slug: str
    sort_name: str
    description: str
    aliases: list[str]
    article_count: int
    page_url: str
    api_url: str


class PersonPage(Paged):
    results: list[PersonOut]


class ArticleRef(Schema):
    headline: str
    published_at: str
    page_url: str
    api_url: str


class QuoteOut(Schema):
    text: str
    speaker: PersonRef
    paragraph: int | None
    article: ArticleRef
    page_url: str


class QuotePage(Paged):
    results: list[QuoteOut]


class Counts(Schema):
    articles: int
    quotes: int
    photos: int


class PersonDetail(PersonOut):
    counts: Counts
    quotes: list[QuoteOut]
    quotes_url: str


class PlaceOut(Schema):
    name: str
    slug: str
    kind: str
    aliases: list[str]
    latitude: float | None
    longitude: float | None
    article_count: int
    parent: PlaceRef | None
    page_url: str
    api_url: str


class PlacePage(Paged):
    results: list[PlaceOut]


class PlaceDetail(PlaceOut):
    children: list[PlaceRef]
    counts: Counts


class PhotoOut(Schema):
    caption: str
    credit: str
    photographer: PersonRef | None
    distributor: str
    pool: bool
    handout: bool
    place: PlaceRef | None
    taken_on: str
    alt_text: str
    thumbnail_url: str | None
    image_url: str | None
    article: ArticleRef
    page_url: str


class PhotoPage(Paged):
    results: list[PhotoOut]


class Suggestion(Schema):
    label: str
    kind: str  # person, place or article
    count: int | None
    url: str


class SuggestOut(Schema):
    query: str
    people: list[Suggestion]
    places: list[Suggestion]
    headlines: list[Suggestion]
