"""Basic person and place pages, reached from the article page."""

import pytest

from tests.builders import CREDIT, KERRY_URL, soup

pytestmark = pytest.mark.django_db


def test_person_page_shows_their_quote_linking_to_the_article(client, seed):
    page = soup(client.get("/people/john-kerry/"))
    assert page.find("h1").get_text() == "John Kerry"
    assert "U.S. climate envoy" in page.select_one(".entity-header").get_text()
    quote = page.select_one("figure.quote")
    assert "We spent years" in quote.blockquote.get_text()
    assert quote.select_one("figcaption a")["href"].startswith(KERRY_URL)


def test_photographer_page_lists_the_photos_credited_to_them(client, seed):
    page = soup(client.get("/people/dimitar-dilkoff/"))
    assert "Photos by Dimitar Dilkoff" in page.get_text()
    assert len(page.select("#credited-heading + .photo-grid figure")) == 4


def test_place_page_shows_photos_taken_there_and_its_country(client, seed):
    page = soup(client.get("/places/moscow/"))
    assert page.select_one(".entity-header a")["href"] == "/places/russia/"
    assert page.get_text().count(CREDIT) == 4
    russia = soup(client.get("/places/russia/"))
    assert "/places/moscow/" in {a["href"] for a in russia.select("main a")}
