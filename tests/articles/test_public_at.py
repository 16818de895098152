"""Quotes and photos carry their article's publication time, kept by the database: search
over them never shows a draft's, and follows the article when it is published, unpublished
or re-dated, however the change is made."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.ingest import ArticleRecord, import_article
from articles.models import Article, Quote
from media_captions.models import Photo
from tests.builders import make_article, make_person

pytestmark = pytest.mark.django_db


def _found(client, kind: str, **params) -> int:
    """How many quotes or photos /search/ counts for "lighthouse" (with date filters)."""
    page = client.get("/search/", {"q": "lighthouse", "kind": kind, **params})
    return page.context["results"].counts[kind]


def test_quotes_and_photos_follow_their_article(client):
    keeper = make_person("Ines Varga")
    article = make_article(
        "Keeper leaves the light",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    Quote.objects.create(
        article=article, position=1, text="The lighthouse was my home", speaker=keeper
    )
    Photo.objects.create(article=article, position=1, caption="The lighthouse at dusk")
    assert (_found(client, "quotes"), _found(client, "photos")) == (0, 0)

    article.status, article.published_at = (
        Article.Status.PUBLISHED,
        datetime(2021, 3, 4, tzinfo=UTC),
    )
    article.save()  # as the admin does
    assert (_found(client, "quotes"), _found(client, "photos")) == (1, 1)
    assert Quote.objects.get().public_at == article.published_at
    assert _found(client, "quotes", **{"from": "2021-03-01", "to": "2021-03-31"}) == 1
    assert _found(client, "quotes", **{"from": "2021-04-01"}) == 0

    Article.objects.filter(pk=article.pk).update(published_at=datetime(2022, 1, 1, tzinfo=UTC))
    assert _found(client, "quotes", **{"from": "2021-04-01"}) == 1  # a bulk update too

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() + timedelta(days=1))
    assert (_found(client, "quotes"), _found(client, "photos")) == (0, 0)  # not yet

    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert Photo.objects.get().public_at is None


def test_a_saved_row_cannot_claim_another_time(db):
    article = make_article("Keeper stays", published_at=datetime(2020, 1, 2, tzinfo=UTC))
    quote = Quote.objects.create(
        article=article, position=1, text="Not leaving yet", speaker=make_person("Tomas Reyl")
    )
    quote.public_at = datetime(1999, 1, 1, tzinfo=UTC)
    quote.save()
    quote.refresh_from_db()
    assert quote.public_at == article.published_at


def test_imported_articles_rows_are_dated(db):
    data = ArticleRecord.parse(
        {
            "headline": "Lighthouse sold",
            "published_at": "2019-05-06T07:00:00+00:00",
            "body": ["The old lighthouse was sold."],
            "quotes": [{"text": "A fair price", "speaker": "Orla Quenby"}],
            "photos": [{"caption": "The lighthouse"}],
        }
    )
    import_article(data)
    assert Quote.objects.get().public_at == datetime(2019, 5, 6, 7, tzinfo=UTC)
    assert Photo.objects.get().public_at == datetime(2019, 5, 6, 7, tzinfo=UTC)
