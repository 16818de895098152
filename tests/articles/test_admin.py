"""The editors' desk: lists, search, bulk actions and merging duplicates."""

import pytest

from articles.models import Article, Person, Place, Quote
from media_captions.models import Photo
from tests.builders import KERRY_URL, make_article, make_person, make_place, soup

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/articles/article/"


def test_changelist_shows_counts_of_quotes_and_photos(admin_client, seed):
    row = soup(admin_client.get(CHANGELIST)).select_one("#result_list tbody tr")
    assert row.select_one(".field-quote_count").get_text() == "1"
    assert row.select_one(".field-photo_count").get_text() == "4"


def test_admin_search_is_the_readers_full_text_search(admin_client, seed):
    make_article("Ferry pier vote delayed")
    found = soup(admin_client.get(CHANGELIST, {"q": "weapon"}))
    assert [a.get_text() for a in found.select("#result_list tbody th a")] == [seed.headline]
    assert "0 results" in soup(admin_client.get(CHANGELIST, {"q": "weapon -kerry"})).get_text()


def test_bulk_publish_and_unpublish(admin_client, seed, client):
    draft = make_article("Ferry pier vote delayed", status=Article.Status.DRAFT, published_at=None)
    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    assert client.get(draft.get_absolute_url()).status_code == 200
    admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [seed.pk]})
    assert client.get(KERRY_URL).status_code == 404


def test_view_on_site_links_to_the_article_page(admin_client, seed):
    page = soup(admin_client.get(f"{CHANGELIST}{seed.pk}/change/"))
    link = page.select_one("a.viewsitelink")["href"]
    assert admin_client.get(link, follow=True).redirect_chain[-1][0].endswith(KERRY_URL)


def test_merging_people_moves_everything_and_keeps_names_as_aliases(admin_client, db):
    keep = make_person("Ines Varga")
    twin = make_person("Ines M. Varga", slug="ines-m-varga", aliases=["I. Varga"])
    article = make_article()
    article.people.add(keep, twin)
    Quote.objects.create(article=article, position=1, text="Soon.", speaker=twin)
    photo = Photo.objects.create(
        article=article, position=1, caption="On the pier.", photographer=twin
    )
    photo.people.add(twin)
    url = "/admin/articles/person/"
    confirm = admin_client.post(
        url, {"action": "merge_selected", "_selected_action": [keep.pk, twin.pk]}
    )
    assert "Choose the person to keep" in confirm.content.decode()
    admin_client.post(
        url,
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, twin.pk],
            "confirm": "yes",
            "into": keep.pk,
        },
    )
    assert not Person.objects.filter(pk=twin.pk).exists()
    keep.refresh_from_db()
    assert keep.aliases == ["Ines M. Varga", "I. Varga"]
    assert list(article.people.all()) == [keep]
    assert Quote.objects.get().speaker == keep
    photo.refresh_from_db()
    assert photo.photographer == keep and list(photo.people.all()) == [keep]


def test_merging_places_moves_datelines_mentions_photos_and_children(admin_client, db):
    keep, twin = make_place("Port Alder"), make_place("Pt. Alder", slug="pt-alder")
    harbour = make_place("Old Harbour", parent=twin)
    article = make_article(dateline=twin)
    article.places.add(twin)
    Photo.objects.create(article=article, position=1, caption="Pier.", place=twin)
    admin_client.post(
        "/admin/articles/place/",
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, twin.pk],
            "confirm": "yes",
            "into": keep.pk,
        },
    )
    article.refresh_from_db()
    harbour.refresh_from_db()
    assert article.dateline == keep and list(article.places.all()) == [keep]
    assert Photo.objects.get().place == keep and harbour.parent == keep
    assert Place.objects.get(pk=keep.pk).aliases == ["Pt. Alder"]


def _wire_like_article():
    article = make_article(
        "Ferry pier vote delayed",
        body="Harbour master Ines Varga spoke in Oslo on Monday.\n\n"
        "“We need more time,” Varga said.",
    )
    Photo.objects.create(
        article=article, position=1, caption="Ines Varga on the pier.", credit="AP Photo/Lena Osk"
    )
    return article


def test_suggest_from_text_proposes_and_saves_only_what_is_ticked(admin_client, db):
    article = _wire_like_article()
    change = soup(admin_client.get(f"{CHANGELIST}{article.pk}/change/"))
    url = change.find("a", string="Suggest from text")["href"]
    page = soup(admin_client.get(url))
    text = page.get_text(" ", strip=True)
    assert "“We need more time” — Ines Varga" in text
    assert "Ines Varga, Harbour master" in text and "Oslo" in text
    assert "photographer Lena Osk, distributor AP" in text
    assert not Quote.objects.exists()  # nothing saved by looking

    admin_client.post(url, {"quotes": ["0"], "credits": ["0"]})  # people and places unticked
    quote = Quote.objects.get()
    assert (quote.text, quote.speaker.name, quote.speaker.description) == (
        "We need more time",
        "Ines Varga",
        "Harbour master",
    )
    photo = Photo.objects.get()
    assert (photo.photographer.name, photo.distributor) == ("Lena Osk", "AP")
    assert not article.people.exists() and not article.places.exists()
    again = soup(admin_client.get(url)).get_text(" ", strip=True)
    assert "We need more time" not in again and "Oslo" in again
