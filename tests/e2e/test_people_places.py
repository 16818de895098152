"""A reader follows the Kerry story to its people and places, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.builders import CREDIT, KERRY_URL

pytestmark = pytest.mark.browser


def test_from_the_story_to_kerry_to_moscow_and_up_to_russia(page, seed, screenshot):
    page.goto("/")
    page.get_by_role("link", name=seed.headline).click()
    page.locator("figure.quote figcaption").get_by_role("link", name="John Kerry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("John Kerry")
    expect(page.locator("figure.quote blockquote")).to_contain_text("We spent years, you and I")
    expect(page.locator(".chart svg")).to_be_visible()
    screenshot("person-john-kerry")

    page.get_by_role("link", name="All quotes of John Kerry →").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quotes of John Kerry")
    expect(page.locator("figure.quote blockquote").first).to_contain_text("We spent years")
    screenshot("person-john-kerry-quotes")
    page.go_back()

    page.locator("#places-with + ul").get_by_role("link", name="Moscow").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moscow")
    photos = page.locator("figure.photo")
    expect(photos).to_have_count(4)
    for i in range(4):
        expect(photos.nth(i).locator(".credit")).to_have_text(CREDIT)
    screenshot("place-moscow")

    page.locator(".parent-place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Russia")
    expect(page.locator("#within-heading + ul")).to_contain_text("Moscow")
    screenshot("place-russia")


@pytest.mark.parametrize(
    "url",
    ["/", KERRY_URL, "/people/john-kerry/", "/people/john-kerry/quotes/", "/places/moscow/",
     "/search/?q=climate+Kerry", "/search/?person=john-kerry", "/people/", "/places/",
     "/archive/2021/07/", "/about/", "/search/?q=climate"],
)  # fmt: skip
def test_pages_have_no_serious_accessibility_violations(page, seed, axe, url):
    page.goto(url)
    assert axe() == []
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() == 1


def test_skip_link_takes_keyboard_users_to_the_content(page, seed):
    page.goto(KERRY_URL)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("url", ["/people/john-kerry/", "/places/moscow/", "/search/?q=Kerry"])
def test_pages_fit_a_phone_screen(page, seed, url):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
