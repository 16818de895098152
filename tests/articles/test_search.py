"""The first cut of search: found at once, ranked, highlighted safely, never a 500."""

import pytest

from tests.builders import KERRY_URL, make_article, soup

pytestmark = pytest.mark.django_db


def test_stemmed_search_finds_the_seed_story_with_a_highlighted_snippet(client, seed):
    page = soup(client.get("/search/", {"q": "weapon"}))
    assert page.select_one(".summary a")["href"] == KERRY_URL
    assert [m.get_text().lower() for m in page.select(".snippet mark")][:1] == ["weapons"]


def test_an_article_saved_through_the_orm_is_found_at_once(client, db):
    make_article("Lighthouse keeper retires after forty winters")
    page = soup(client.get("/search/", {"q": "lighthouse"}))
    assert "Lighthouse keeper retires" in page.select_one(".summary").get_text()


def test_headline_matches_rank_above_body_matches(client, db):
    make_article("Ferry timetable changes", body="Nothing about lighthouses.\n\nReally.")
    make_article("Lighthouse repairs begin", body="Work starts today.")
    titles = [
        a.get_text()
        for a in soup(client.get("/search/", {"q": "lighthouse"})).select(".summary h2 a")
    ]
    assert titles == ["Lighthouse repairs begin", "Ferry timetable changes"]


def test_snippets_escape_html_in_article_text(client, db):
    make_article("Harbour notice", body="The <script>alert('x')</script> harbour notice.")
    html = client.get("/search/", {"q": "harbour notice"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "query", ["", "the of and", "!!! ???", "a\x00b", "x" * 3000, '"unclosed', "-", "OR"]
)
def test_odd_queries_give_a_helpful_page(client, seed, query):
    response = client.get("/search/", {"q": query, "page": "999"})
    assert response.status_code == 200
    assert soup(response).find("h1").get_text() == "Search"


def test_a_nul_byte_and_an_overlong_query_are_explained(client, db):
    assert (
        "Null characters are not allowed"
        in client.get("/search/", {"q": "a\x00b"}).content.decode()
    )
    assert "too long" in client.get("/search/", {"q": "x" * 3000}).content.decode()
