"""The people and places desk: counts to triage by, the unconfirmed, "Confirm", "Not a
person", "Not a place", and what an editor takes off an article. Everyone here is invented."""

import pytest

from articles.models import Person, Place, Quote, RejectedName
from media_captions.models import Photo
from tests.builders import make_article, make_person, make_place, soup

pytestmark = pytest.mark.django_db
PEOPLE = "/admin/articles/person/"
PLACES = "/admin/articles/place/"


def rows(page) -> list[list[str]]:
    return [
        [cell.get_text(strip=True) for cell in row.select("th, td")[1:]]
        for row in page.select("#result_list tbody tr")
    ]


@pytest.fixture
def archive(db):
    """Orla Quenby, quoted twice and photographed; Tomas Reyl, mentioned only."""
    quenby, reyl = make_person("Orla Quenby"), make_person("Tomas Reyl", confirmed=True)
    alder = make_place("Port Alder")
    for n in range(2):
        article = make_article(f"Pier news {n}", slug=f"pier-news-{n}")
        article.people.add(quenby, reyl)
        article.places.add(alder)
        Quote.objects.create(article=article, position=1, text="Soon.", speaker=quenby)
    photo = Photo.objects.create(article=article, position=1, caption="On the pier.", place=alder)
    photo.people.add(quenby)
    return quenby, reyl, alder


def test_the_lists_count_articles_quotes_and_photos_and_sort_by_them(admin_client, archive):
    page = soup(admin_client.get(PEOPLE, {"o": "-4"}))  # by quotes, most first
    names = [r[0] for r in rows(page)]
    assert names == ["Orla Quenby", "Tomas Reyl"]
    quenby = page.select_one("#result_list tbody tr")
    assert quenby.select_one(".field-article_count").get_text() == "2"
    assert quenby.select_one(".field-quote_count").get_text() == "2"
    assert quenby.select_one(".field-photo_count").get_text() == "1"
    assert [r[0] for r in rows(soup(admin_client.get(PEOPLE, {"o": "4"})))] == names[::-1]
    place = soup(admin_client.get(PLACES)).select_one("#result_list tbody tr")
    assert place.select_one(".field-quote_count").get_text() == "2"
    assert place.select_one(".field-photo_count").get_text() == "1"


def test_the_unconfirmed_can_be_listed_and_confirmed(admin_client, archive):
    page = soup(admin_client.get(PEOPLE, {"confirmed": "no"}))
    assert [r[0] for r in rows(page)] == ["Orla Quenby"]
    quenby = archive[0]
    admin_client.post(PEOPLE, {"action": "confirm", "_selected_action": [quenby.pk]})
    assert Person.objects.get(pk=quenby.pk).confirmed
    assert rows(soup(admin_client.get(PEOPLE, {"confirmed": "no"}))) == []


def test_a_person_an_editor_saves_is_confirmed(admin_client, archive):
    quenby = archive[0]
    admin_client.post(
        f"{PEOPLE}{quenby.pk}/change/",
        {"name": "Orla Quenby", "slug": quenby.slug, "aliases": "", "description": "Harbour pilot"},
    )
    quenby.refresh_from_db()
    assert quenby.confirmed and quenby.description == "Harbour pilot"


def test_not_a_person_asks_first_then_deletes_and_remembers(admin_client, archive):
    quenby = archive[0]
    ask = admin_client.post(PEOPLE, {"action": "not_a_person", "_selected_action": [quenby.pk]})
    assert "no import and no re-extraction will make a person of them again" in ask.content.decode()
    assert Person.objects.filter(pk=quenby.pk).exists()
    admin_client.post(
        PEOPLE, {"action": "not_a_person", "_selected_action": [quenby.pk], "confirm": "yes"}
    )
    assert not Person.objects.filter(pk=quenby.pk).exists()
    assert not Quote.objects.exists()
    assert RejectedName.objects.filter(kind="person", name="Orla Quenby").exists()


def test_not_a_place_deletes_and_remembers(admin_client, archive):
    alder = archive[2]
    admin_client.post(
        PLACES, {"action": "not_a_place", "_selected_action": [alder.pk], "confirm": "yes"}
    )
    assert not Place.objects.filter(pk=alder.pk).exists()
    assert Photo.objects.get().place is None
    assert RejectedName.objects.filter(kind="place", name="Port Alder").exists()


def _form(page) -> dict[str, str]:
    """The admin change form's fields as the browser would send them, unchanged."""
    data = {}
    for field in page.select("#article_form input, #article_form textarea"):
        name = field.get("name")
        if not name or field.get("type") in ("checkbox", "submit", "file"):
            continue
        data[name] = field.get_text() if field.name == "textarea" else field.get("value", "")
    for select in page.select("#article_form select"):
        chosen = select.select_one("option[selected]")
        data[select["name"]] = chosen.get("value", "") if chosen else ""
    return data


def test_a_person_an_editor_takes_off_an_article_is_remembered(admin_client, archive):
    quenby, reyl, _ = archive
    article = quenby.articles.first()
    change = f"/admin/articles/article/{article.pk}/change/"
    data = _form(soup(admin_client.get(change)))
    row = next(k for k, v in data.items() if k.endswith("-person") and v == str(reyl.pk))
    data[row.removesuffix("-person") + "-DELETE"] = "on"
    response = admin_client.post(change, data)
    errors = soup(response).select(".errorlist") if response.status_code == 200 else []
    assert response.status_code == 302, [e.get_text() for e in errors]
    assert list(article.people.all()) == [quenby]
    assert article.removals.filter(kind="person", value=str(reyl.pk)).exists()
