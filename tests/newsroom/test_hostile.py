"""An archive full of hostile strings renders safely on every page, feed, API answer and
admin page: no text from an article, caption, quote, name or search box is ever markup."""

import json
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest

from articles.models import Quote
from media_captions.models import Photo
from tests.builders import make_article, make_person, make_place

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMG = '"><img src=x onerror=alert(1)>'
RTL = "\u202egnp.exe"
CONTROL = "\x0b\x1b[31m"  # a vertical tab and a terminal escape: not allowed in XML
HUGE = "w" * 1_000_000  # a 1 MB word
# What a page must never contain: the hostile strings as markup.
NEVER = ["<script>alert", "<img src=x", "onerror=alert(1)>"]


@pytest.fixture
def hostile(db):
    place = make_place(f"Port {SCRIPT}", slug="port-hostile", kind="city")
    person = make_person(f"Ines {IMG} Varga{CONTROL}", slug="ines-hostile", description=SCRIPT)
    article = make_article(
        f"Zebrafish {SCRIPT} headline {IMG}{CONTROL}",
        slug="zebrafish-hostile",
        standfirst=f"Standfirst {IMG} {RTL}",
        body=f"Zebrafish body {SCRIPT}.\n\nA paragraph with {IMG} and {RTL}.\n\n{HUGE}",
        byline=f"By {IMG}",
        source=f"Wire {SCRIPT}"[:100],
        dateline=place,
        url="https://example.org/zebrafish?<script>",
        published_at=datetime(2022, 5, 6, 7, tzinfo=UTC),
    )
    article.people.add(person)
    article.places.add(place)
    quote = Quote.objects.create(
        article=article, position=1, text=f"Zebrafish quote {SCRIPT} {IMG}", speaker=person
    )
    photo = Photo.objects.create(
        article=article,
        position=1,
        caption=f"Zebrafish caption {IMG} {RTL}",
        credit=f"{SCRIPT}/Pool",
        photographer=person,
        place=place,
    )
    return {"article": article, "person": person, "place": place, "quote": quote, "photo": photo}


def _assert_safe(response, *, markup: bool = True):
    assert response.status_code == 200, response.request["PATH_INFO"]
    text = response.content.decode()
    if markup:
        for bad in NEVER:
            assert bad not in text, f"{bad!r} unescaped on {response.request['PATH_INFO']}"
    return text


def test_reader_pages_escape_everything(client, hostile):
    article_url = hostile["article"].get_absolute_url()
    pages = [
        "/",
        article_url,
        "/people/",
        "/people/ines-hostile/",
        "/places/",
        "/places/port-hostile/",
        "/archive/2022/",
        "/archive/2022/05/",
        "/archive/2022/05/06/",
        "/search/?q=zebrafish",
        "/search/?q=zebrafish&kind=quotes",
        "/search/?q=zebrafish&kind=photos",
        f"/search/?q={SCRIPT}",
        f"/search/?q=zebrafish+{IMG}",
        "/people/?name=<script>",
    ]
    for path in pages:
        _assert_safe(client.get(path))
    text = _assert_safe(client.get(article_url))
    assert "&lt;script&gt;alert(" in text  # shown as text, not dropped
    assert RTL in text and HUGE in text


def test_feeds_sitemaps_and_the_api_stay_well_formed(client, hostile):
    for path in (
        "/search/feed/?q=zebrafish",
        "/people/ines-hostile/feed/",
        "/places/port-hostile/feed/",
        "/sitemap.xml",
    ):
        response = client.get(path)
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)  # well-formed XML
        assert root is not None
        assert b"<script>" not in response.content
    feed = client.get("/search/feed/?q=zebrafish").content.decode()
    assert "Zebrafish &lt;script&gt;" in feed

    for path in (
        "/api/v1/articles/?q=zebrafish",
        "/api/v1/people/ines-hostile/",
        "/api/v1/suggest/?q=zeb",
    ):
        response = client.get(path)
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        json.loads(response.content)
    article = client.get("/api/v1/articles/?q=zebrafish").json()["results"][0]
    assert SCRIPT in article["headline"]  # data is returned as it is, as JSON text


def test_admin_pages_escape_everything(admin_client, hostile):
    pages = [
        "/admin/articles/article/",
        "/admin/articles/article/?q=zebrafish",
        f"/admin/articles/article/{hostile['article'].pk}/change/",
        "/admin/articles/person/",
        f"/admin/articles/person/{hostile['person'].pk}/change/",
        "/admin/articles/place/",
        f"/admin/articles/place/{hostile['place'].pk}/change/",
        "/admin/articles/quote/",
        "/admin/media_captions/photo/",
        f"/admin/media_captions/photo/{hostile['photo'].pk}/change/",
    ]
    for path in pages:
        _assert_safe(admin_client.get(path))


def test_nul_bytes_are_refused_with_a_message_and_nothing_is_saved(admin_client, hostile):
    response = admin_client.post(
        "/admin/articles/person/add/", {"name": "Nul\x00Person", "slug": "nul-person"}
    )
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    assert not hostile["person"].__class__.objects.filter(slug="nul-person").exists()
