"""The seed story as a fixture: what it holds, and that loading it again changes nothing."""

import pytest
from django.core import serializers

from articles.models import Article, Person, Place, Quote
from media_captions.models import Photo
from tests.builders import CREDIT, load_fixtures

pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    """Every archive row, with its database id, as the serializer sees it."""
    rows = {}
    for model in (Person, Place, Article, Quote, Photo):
        for obj in model.objects.order_by("pk"):
            rows[(model.__name__, obj.pk)] = serializers.serialize("python", [obj])[0]["fields"]
    return rows


def test_loading_the_fixtures_twice_changes_nothing():
    load_fixtures()
    first = _snapshot()
    load_fixtures()
    assert _snapshot() == first
    assert (Article.objects.count(), Quote.objects.count(), Photo.objects.count()) == (1, 1, 4)


def test_seed_quote_is_john_kerrys(seed):
    quote = seed.quotes.get()
    assert quote.speaker.name == "John Kerry"
    assert quote.text.startswith("We spent years, you and I, negotiating on worse.")
    assert quote.text in seed.paragraphs[quote.paragraph - 1]


def test_seed_photos_store_the_credit_once_and_captions_without_it(seed):
    photos = list(seed.photos.order_by("position"))
    assert len(photos) == 4
    for photo in photos:
        assert photo.credit == CREDIT
        assert (photo.photographer.name, photo.pool, photo.distributor) == (
            "Dimitar Dilkoff",
            True,
            "AP",
        )
        assert "Credit" not in photo.caption and "Dilkoff" not in photo.caption
        assert photo.caption.endswith("Monday, July 12, 2021.")
        assert photo.place.name == "Moscow"


def test_seed_mentions_its_people_and_places(seed):
    assert set(seed.people.values_list("name", flat=True)) == {
        "John Kerry",
        "Sergey Lavrov",
        "Vladimir Putin",
        "Joe Biden",
        "Barack Obama",
    }
    assert set(seed.places.values_list("name", flat=True)) == {
        "Moscow",
        "Russia",
        "United States",
        "China",
    }
    assert Place.objects.get(slug="moscow").parent.slug == "russia"
    assert seed.published_at.date().isoformat() == "2021-07-12" and seed.source == "AP"


def test_seed_body_is_the_wire_text_without_captions(seed):
    assert len(seed.paragraphs) == 7
    assert not any(p.startswith("Caption") for p in seed.paragraphs)
