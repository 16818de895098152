"""A reader in a real browser: from the front page to the Kerry story and its people."""

import re

import pytest
from playwright.sync_api import expect

from tests.builders import CREDIT, KERRY_URL, make_article, make_person

pytestmark = pytest.mark.browser


def test_reader_opens_the_kerry_story_and_sees_quote_and_photos(page, seed, screenshot):
    page.goto("/")
    page.get_by_role("link", name=seed.headline).click()
    expect(page).to_have_url(re.compile(re.escape(KERRY_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(seed.headline)

    quote = page.locator("figure.quote blockquote")
    expect(quote).to_contain_text("We spent years, you and I, negotiating on worse.")
    expect(page.locator("figure.quote figcaption a")).to_have_text("John Kerry")

    photos = page.locator("figure.photo")
    expect(photos).to_have_count(4)
    for i in range(4):
        expect(photos.nth(i).locator(".credit")).to_have_count(1)
        expect(photos.nth(i).locator(".credit")).to_have_text(CREDIT)
        expect(photos.nth(i).locator(".caption")).to_contain_text("Moscow, Russia")
    screenshot("article-kerry-moscow")

    page.locator("figure.quote figcaption a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("John Kerry")
    expect(page.locator("figure.quote blockquote")).to_contain_text("We spent years")
    screenshot("person-john-kerry")


def test_reader_searches_narrows_by_a_facet_and_opens_a_result(page, seed, screenshot):
    other = make_article("Harbour talks in Port Alder", body="Climate talks at the harbour.")
    other.people.add(make_person("Ines Varga"))
    page.goto("/")
    page.get_by_label("Search the archive").fill("climate talks")
    page.keyboard.press("Enter")
    expect(page.locator(".result-count")).to_contain_text("2 articles")
    expect(page.locator(".snippet mark").first).to_be_visible()
    screenshot("search-climate-talks")

    page.locator(".facets").get_by_role("link", name="John Kerry").click()
    expect(page.locator(".result-count")).to_contain_text("1 article")
    expect(page.locator(".active-filters")).to_contain_text("Person: John Kerry")
    page.locator(".search-results .summary h2 a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seed.headline)


def test_reader_finds_a_quote_by_who_said_it(page, seed, screenshot):
    page.goto("/")
    page.get_by_label("Search the archive").fill("Kerry")
    page.keyboard.press("Enter")
    page.locator(".kind-tabs").get_by_role("link", name=re.compile(r"^Quotes")).click()
    quote = page.locator(".result-quote").first
    expect(quote.locator("blockquote")).to_contain_text("We spent years, you and I")
    expect(quote.locator("figcaption a").first).to_have_text("John Kerry")
    screenshot("search-quotes-by-kerry")


def test_page_is_usable_at_phone_width(page, seed, screenshot):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(KERRY_URL)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px wide)"
    screenshot("article-kerry-moscow-360px")
