"""The article page: what a reader sees of the Kerry story, and what they must not see."""

import pytest

from articles.models import Article
from tests.builders import CREDIT, KERRY_URL, make_article, soup

pytestmark = pytest.mark.django_db


def test_home_lists_the_kerry_story_with_a_link(client, seed):
    page = soup(client.get("/"))
    links = [a["href"] for a in page.select("main a")]
    assert KERRY_URL in links
    assert page.find("h1").get_text() == "Latest articles"


def test_article_page_shows_headline_dateline_date_and_body(client, seed):
    response = client.get(KERRY_URL)
    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").get_text() == seed.headline
    meta = page.select_one(".story__header .meta").get_text(" ", strip=True)
    assert "MOSCOW" in meta and "12 July 2021" in meta and "AP" in meta
    paragraphs = [p.get_text() for p in page.select(".story__body p")]
    assert paragraphs == seed.paragraphs


def test_quote_is_marked_up_as_a_quote_with_its_speaker_linked(client, seed):
    page = soup(client.get(KERRY_URL))
    figure = page.select_one("figure.quote")
    assert figure.blockquote.get_text().strip().startswith("We spent years, you and I")
    speaker = figure.select_one("figcaption a")
    assert speaker.get_text() == "John Kerry"
    assert speaker["href"] == "/people/john-kerry/"
    assert client.get(speaker["href"]).status_code == 200


def test_each_photo_is_a_figure_with_its_caption_and_its_credit_once(client, seed):
    page = soup(client.get(KERRY_URL))
    figures = page.select("figure.photo")
    assert len(figures) == 4
    for figure, photo in zip(figures, seed.photos.order_by("position"), strict=True):
        assert figure.select_one(".caption").get_text() == photo.caption
        credits = figure.select(".credit")
        assert [c.get_text() for c in credits] == [CREDIT]
        assert figure.get_text().count("Dilkoff") == 1
    assert page.get_text().count(CREDIT) == 4
    assert "Credit:" not in page.get_text()


def test_photographer_in_the_credit_links_to_their_page(client, seed):
    link = soup(client.get(KERRY_URL)).select_one("figure.photo .credit a")
    assert link.get_text() == "Dimitar Dilkoff"
    assert client.get(link["href"]).status_code == 200


def test_people_and_places_mentioned_are_linked(client, seed):
    page = soup(client.get(KERRY_URL))
    hrefs = {a["href"] for a in page.select(".mentions a")}
    assert {"/people/sergey-lavrov/", "/places/moscow/", "/places/china/"} <= hrefs


def test_a_wrong_date_in_the_url_is_not_found(client, seed):
    assert client.get(KERRY_URL.replace("/12/", "/13/")).status_code == 404


def test_drafts_are_invisible_to_readers(client, db):
    draft = make_article("Ferry pier plans leaked", status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Ferry pier plans leaked" not in client.get("/").content.decode()
    preview = f"/articles/preview/{draft.slug}/"
    assert client.get(preview).status_code == 404


def test_drafts_are_visible_in_admin_and_in_staff_preview(admin_client, db):
    draft = make_article("Ferry pier plans leaked", status=Article.Status.DRAFT)
    changelist = admin_client.get("/admin/articles/article/")
    assert "Ferry pier plans leaked" in changelist.content.decode()
    assert admin_client.get(f"/admin/articles/article/{draft.pk}/change/").status_code == 200
    preview = admin_client.get(f"/articles/preview/{draft.slug}/")
    assert preview.status_code == 200
    assert "not visible to readers" in preview.content.decode()


def test_article_text_is_escaped(client, db):
    article = make_article(
        "Council <script>alert(1)</script> vote",
        slug="council-vote",
        body="A <b>bold</b> claim.\n\nSecond.",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_an_unknown_page_is_a_404_in_the_site_design(client, db):
    response = client.get("/people/nobody-at-all/")
    assert response.status_code == 404
    assert "Not found" in soup(response).find("h1").get_text()
    assert soup(response).select_one("form[role=search]") is not None


def test_stylesheet_is_linked_from_every_page(client, seed):
    for url in ("/", KERRY_URL, "/people/john-kerry/", "/places/moscow/", "/search/?q=kerry"):
        assert soup(client.get(url)).select_one('link[rel=stylesheet][href$="archive.css"]')


def test_photo_images_have_their_alt_text_and_their_size(client, seed, settings, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "PNG")
    photo = seed.photos.get(position=1)
    photo.image = SimpleUploadedFile("moscow.png", buffer.getvalue(), content_type="image/png")
    photo.alt_text = "Two men walk into a hall."
    photo.save()
    img = soup(client.get(KERRY_URL)).select_one("#photo-1 img")
    assert img["alt"] == "Two men walk into a hall."
    assert (img["width"], img["height"]) == ("64", "48")
