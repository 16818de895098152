"""An editor at the desk, in a real browser: write, upload, publish; a reader finds it."""

import pytest
from django.contrib.auth.models import User
from PIL import Image
from playwright.sync_api import expect

from tests.builders import make_person

pytestmark = pytest.mark.browser
PASSWORD = "a long enough password 123"


@pytest.fixture
def editor(page, live_server, settings, tmp_path, transactional_db):
    settings.MEDIA_ROOT = tmp_path
    User.objects.create_superuser("ines", "ines@example.org", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("ines")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    return page


def _jpeg(tmp_path, size=(900, 600)) -> str:
    path = tmp_path / "pier.jpg"
    Image.new("RGB", size, "teal").save(path, "JPEG")
    return str(path)


def test_editor_writes_and_publishes_and_a_reader_finds_it(editor, tmp_path, screenshot):
    page = editor
    make_person("Ines Varga")
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").fill("Lighthouse keeper retires after forty winters")
    page.get_by_label("Body").fill(
        "The keeper of the Port Alder light retired on Friday.\n\n"
        "“I will miss the storms,” Varga said."
    )
    page.locator("#id_status").select_option("published")
    page.locator("#id_published_at_0").fill("2024-05-03")
    page.locator("#id_published_at_1").fill("10:00:00")

    page.locator("#quotes-group .add-row a").click()
    page.locator("#id_quotes-0-position").fill("1")
    page.locator("#id_quotes-0-text").fill("I will miss the storms,")
    page.locator("#quotes-0 .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Ines")
    page.locator(".select2-results__option", has_text="Ines Varga").click()

    page.locator("#photos-group .add-row a").click()
    page.locator("#id_photos-0-position").fill("1")
    page.locator("#id_photos-0-image").set_input_files(_jpeg(tmp_path))
    page.locator("#id_photos-0-caption").fill("The keeper on the gallery of the Port Alder light.")
    page.locator("#id_photos-0-credit").fill("Lena Osk/Alder Gazette")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto("/search/?q=lighthouse+keeper")
    page.locator(".search-results .summary h2 a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lighthouse keeper retires after forty winters"
    )
    figure = page.locator("figure.photo").first
    expect(figure.locator(".credit")).to_have_text("Lena Osk/Alder Gazette")
    image = figure.locator("img")
    expect(image).to_have_attribute("alt", "The keeper on the gallery of the Port Alder light.")
    image.scroll_into_view_if_needed()  # it may be lazy-loaded
    # decode() waits for the image to load (and fails if it cannot): no race with the check.
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert image.get_attribute("srcset").endswith(" 900w")  # the large rendition's real width
    expect(page.locator("figure.quote figcaption a")).to_have_text("Ines Varga")
    screenshot("editor-article-published")


def test_a_decompression_bomb_upload_is_refused_with_a_message(editor, tmp_path):
    page = editor
    bomb = tmp_path / "bomb.png"
    Image.new("1", (15_000, 15_000)).save(bomb, "PNG")
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").fill("Harbour notice")
    page.get_by_label("Body").fill("A short notice.")
    page.locator("#photos-group .add-row a").click()
    page.locator("#id_photos-0-position").fill("1")
    page.locator("#id_photos-0-image").set_input_files(str(bomb))
    page.locator("#id_photos-0-caption").fill("A very large picture.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#photos-group")).to_contain_text("too many pixels to open safely")
    assert not list(tmp_path.glob("photos/**/*.*"))
