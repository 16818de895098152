"""Issue #17's pages in a real browser: a phone's first screen, charts that open their
period, writers' pages, pictures; each checked by axe-core."""

import re
from datetime import UTC, datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from media_captions.forms import PhotoForm
from media_captions.services import make_renditions
from tests.builders import make_article, make_person

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def ferry_news(db):
    person = make_person("Ines Varga")
    for year in (2017, 2019):
        for i in range(3):
            article = make_article(
                f"Ferry news {year} {i}",
                published_at=datetime(year, 6, 1 + i, tzinfo=UTC),
                byline="By Mara Quillfeather, Alder Gazette",
                standfirst="The harbour's ferries, and who runs them, in a long standfirst "
                "that takes a line or two on a phone.",
            )
            article.people.add(person)
    return person


def test_on_a_phone_the_first_screen_shows_results_and_the_filters_fold_away(
    browser, live_server, ferry_news
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto("/search/?q=ferry")
    first = page.locator(".search-results .summary").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < PHONE["height"] - 60, "results are below the fold"
    refine = page.locator("form.refine")
    expect(refine).to_be_hidden()
    page.get_by_text("Sort, dates and source").click()
    expect(refine).to_be_visible()
    context.close()


def test_on_a_wide_screen_the_filters_and_chart_are_open(page, ferry_news):
    page.goto("/search/?q=ferry")
    expect(page.locator("form.refine")).to_be_visible()
    expect(page.locator("#coverage-title").locator("xpath=..")).to_be_visible()


def test_a_coverage_bar_opens_that_years_search(page, ferry_news, axe):
    page.goto("/search/?q=ferry")
    assert axe() == []
    page.locator("svg a", has=page.locator("title", has_text="2017: 3 articles")).click()
    expect(page).to_have_url(re.compile(r"from=2017-01-01&to=2017-12-31"))
    expect(page.locator(".search-results .summary")).to_have_count(3)
    expect(page.locator(".active-filters")).to_contain_text("1 Jan 2017 to 31 Dec 2017")


def test_a_timeline_month_opens_that_months_articles(page, ferry_news, axe):
    page.goto(ferry_news.get_absolute_url())
    assert axe() == []
    page.locator(".chart__list summary").click()
    page.locator(".chart__list").get_by_role("link", name="June 2019").click()
    expect(page.locator(".search-results .summary")).to_have_count(3)
    expect(page.locator(".result-count")).to_contain_text("with Ines Varga")


def test_from_a_byline_to_the_writers_page(page, ferry_news, axe):
    page.goto("/")
    page.locator(".lead .byline").get_by_role("link", name="Mara Quillfeather").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mara Quillfeather")
    expect(page.locator(".summary")).to_have_count(6)
    assert axe() == []


def test_the_front_page_lead_picture_loads_and_is_accessible(page, settings, tmp_path, axe):
    settings.MEDIA_ROOT = tmp_path
    article = make_article("Pier opens", published_at=datetime(2020, 3, 4, tzinfo=UTC))
    make_article("Older story", published_at=datetime(2020, 3, 1, tzinfo=UTC))
    out = BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(out, "JPEG")
    form = PhotoForm(
        {"article": article.pk, "position": 1, "caption": "The new pier at dawn."},
        {"image": SimpleUploadedFile("pier.jpg", out.getvalue())},
    )
    assert form.is_valid(), form.errors
    make_renditions(form.save())
    page.goto("/")
    picture = page.locator(".lead img")
    expect(picture).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", picture.element_handle())
    assert axe() == []
