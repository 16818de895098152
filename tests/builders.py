"""Small builders of invented test data, and facts about the seed fixture."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Person, Place

BASE_DIR = Path(__file__).resolve().parent.parent
FIXTURES = sorted(str(p) for p in (BASE_DIR / "fixtures").glob("*.json"))
KERRY_SLUG = "kerry-presses-russia-on-climate-in-moscow-talks-with-lavrov"
KERRY_URL = f"/articles/2021/07/12/{KERRY_SLUG}/"
CREDIT = "Dimitar Dilkoff/Pool Photo via AP"


def load_fixtures() -> None:
    call_command("loaddata", *FIXTURES, verbosity=0)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def search(client, **params) -> BeautifulSoup:
    """/search/ with these parameters, which must answer 200."""
    response = client.get("/search/", params)
    assert response.status_code == 200
    return soup(response)


def titles(page: BeautifulSoup) -> list[str]:
    """The headlines of the articles a search page lists, in order."""
    return [a.get_text() for a in page.select(".search-results .summary h2 a")]


def analyze_search_tables() -> None:
    """Statistics for the searched tables, as autovacuum would gather, read afresh by the
    search's estimates (articles/search/estimates.py keeps them a few minutes)."""
    from articles.search import estimates

    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE articles_article, articles_quote, media_captions_photo, "
            "articles_article_people"
        )
    estimates._cache.clear()


def make_person(name: str = "Ines Varga", **fields) -> Person:
    slug = fields.pop("slug", name.lower().replace(" ", "-"))
    return Person.objects.create(name=name, slug=slug, **fields)


def make_place(name: str = "Port Alder", **fields) -> Place:
    slug = fields.pop("slug", name.lower().replace(" ", "-"))
    return Place.objects.create(name=name, slug=slug, **fields)


def make_article(headline: str = "Harbour council votes on new ferry pier", **fields) -> Article:
    defaults = {
        "slug": headline.lower().replace(" ", "-")[:200],
        "body": "The harbour council of Port Alder met on Tuesday.\n\nIt voted seven to two.",
        "status": Article.Status.PUBLISHED,
        "published_at": datetime(2020, 3, 4, 9, 30, tzinfo=UTC),
        "source": "Alder Gazette",
    }
    defaults.update(fields)
    return Article.objects.create(headline=headline, **defaults)
