"""The search box's suggestions, with the keyboard, and the box without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.builders import make_article, make_person

pytestmark = pytest.mark.browser


def test_typing_ker_and_choosing_john_kerry_with_the_keyboard(page, seed, screenshot):
    make_article("Kerrigan wins the harbour regatta").people.add(make_person("Mara Kerrigan"))
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the archive")
    box.press_sequentially("Ker", delay=40)
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = suggestions.get_by_role("option")
    expect(options.filter(has_text="John Kerry")).to_have_count(1)
    expect(options.filter(has_text="Mara Kerrigan")).to_have_count(1)
    screenshot("autocomplete-ker")

    labels = [text.split("\n")[0] for text in options.all_inner_texts()]
    for _ in range(labels.index(next(t for t in labels if "John Kerry" in t)) + 1):
        box.press("ArrowDown")
    chosen = suggestions.locator('[aria-selected="true"]')
    expect(chosen).to_contain_text("John Kerry")
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id"))
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/people/john-kerry/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("John Kerry")


def test_escape_closes_the_suggestions_and_enter_searches(page, seed):
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the archive")
    box.press_sequentially("Mosc", delay=40)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Mosc$"))


def test_without_javascript_the_box_is_a_plain_search_form(browser, live_server, seed):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search the archive")
    box.fill("nuclear weapons")
    box.press("Enter")
    expect(page.locator(".result-count")).to_contain_text("1 article")
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/", "/search/?q=climate", "/people/john-kerry/", "/places/russia/", "/api/v1/docs/"],
)
def test_pages_keep_to_their_content_security_policy(page, seed, path):
    response = page.goto(path)
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    page.wait_for_load_state("networkidle")
    assert page.csp_violations == []
