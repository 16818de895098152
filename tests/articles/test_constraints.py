"""The database itself rejects what a bad fixture or a careless script could write."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, Quote
from media_captions.models import Photo
from tests.builders import make_article, make_person, make_place

pytestmark = pytest.mark.django_db


def _rejected(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_a_quote_without_a_speaker_is_rejected():
    article = make_article()
    assert _rejected(lambda: Quote.objects.create(article=article, position=1, text="Yes."))
    assert not Quote.objects.exists()


def test_a_duplicate_article_slug_is_rejected():
    make_article(slug="ferry-pier-vote")
    assert _rejected(lambda: make_article("Another headline", slug="ferry-pier-vote"))
    assert Article.objects.count() == 1


def test_a_slug_that_could_not_be_linked_to_is_rejected():
    assert _rejected(lambda: make_article(slug="council <b>vote</b>"))
    assert _rejected(lambda: make_person("Ines Varga", slug="ines varga"))
    assert _rejected(lambda: make_place("Port Alder", slug=""))


def test_two_quotes_at_one_position_are_rejected():
    article, speaker = make_article(), make_person()
    Quote.objects.create(article=article, position=1, text="We will build it.", speaker=speaker)
    assert _rejected(
        lambda: Quote.objects.create(article=article, position=1, text="Later.", speaker=speaker)
    )


def test_a_published_article_needs_a_date_and_a_draft_does_not():
    assert _rejected(lambda: make_article(published_at=None))
    assert make_article("A draft", status=Article.Status.DRAFT, published_at=None).pk


def test_an_unknown_status_an_empty_headline_and_an_empty_body_are_rejected():
    assert _rejected(lambda: make_article(status="archived"))
    assert _rejected(lambda: make_article("", slug="no-headline"))
    assert _rejected(lambda: make_article("No body", body=""))


def test_two_articles_with_one_original_url_are_rejected_but_many_without_are_not():
    make_article("One", url="https://example.org/a")
    assert _rejected(lambda: make_article("Two", url="https://example.org/a"))
    make_article("Three")
    make_article("Four")
    assert Article.objects.filter(url="").count() == 2


def test_a_place_cannot_be_its_own_parent_or_half_located():
    place = make_place()
    place.parent = place
    assert _rejected(place.save)
    assert _rejected(lambda: make_place("Somewhere", latitude=10))
    assert _rejected(lambda: make_place("Nowhere", latitude=95, longitude=0))


def test_a_photo_cannot_be_both_pool_and_handout_nor_lack_a_caption():
    article = make_article()
    assert _rejected(
        lambda: Photo.objects.create(
            article=article, position=1, caption="x", pool=True, handout=True
        )
    )
    assert _rejected(lambda: Photo.objects.create(article=article, position=1, caption=""))


def test_a_person_in_use_as_a_speaker_cannot_be_deleted():
    from django.db.models import ProtectedError

    article, speaker = make_article(), make_person()
    Quote.objects.create(article=article, position=1, text="No comment.", speaker=speaker)
    with pytest.raises(ProtectedError):
        speaker.delete()


def test_published_at_in_the_future_is_not_yet_public():
    make_article(published_at=datetime(2999, 1, 1, tzinfo=UTC))
    assert not Article.objects.published().exists()
