"""`manage.py reextract`: the extraction run again over stored articles, keeping what imports
gave and editors set. Everyone here is invented."""

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from articles.models import ArticlePerson, ArticlePlace, Origin, Person, Place, Quote
from media_captions.models import Photo
from tests.builders import make_article, make_person, make_place

pytestmark = pytest.mark.django_db
BODY = (
    "Harbour master Ines Varga opened the new pier in Port Alder on Monday.\n\n"
    "“The pier will carry the ferry from Oslo by summer,” Varga said."
)


def reextract(capsys, *args) -> str:
    call_command("reextract", *args)
    return capsys.readouterr().out


def people(article) -> dict[str, str]:
    return {
        link.person.name: link.origin
        for link in ArticlePerson.objects.filter(article=article).select_related("person")
    }


def test_what_the_old_rules_found_is_replaced_by_what_the_new_ones_find(capsys):
    article = make_article("Pier opens", body=BODY)
    junk = make_person("Port Alder It")  # what an older extraction made of the text
    article.people.add(junk, through_defaults={"origin": Origin.EXTRACTED})
    out = reextract(capsys)
    assert people(article) == {"Ines Varga": Origin.EXTRACTED}
    assert not Person.objects.filter(name="Port Alder It").exists()  # nothing mentions it
    quote = Quote.objects.get()
    assert (quote.text, quote.speaker.name, quote.origin) == (
        "The pier will carry the ferry from Oslo by summer",
        "Ines Varga",
        Origin.EXTRACTED,
    )
    assert set(article.places.values_list("name", flat=True)) == {"Oslo"}
    assert "1 changed" in out and "people linked +1 -1" in out and "people removed 1" in out


def test_an_editors_correction_and_an_imports_names_are_kept(capsys):
    article = make_article("Pier opens", body=BODY)
    varga = make_person("Ines Varga")
    quenby = make_person("Orla Quenby")
    reyl = make_person("Tomas Reyl")
    article.people.add(quenby)  # the editor's (the admin's default)
    article.people.add(reyl, through_defaults={"origin": Origin.IMPORTED})  # a file named him
    article.removals.create(kind="person", value=str(varga.pk))  # the editor took her off
    Quote.objects.create(article=article, position=1, text="We open today", speaker=quenby)
    reextract(capsys)
    assert people(article) == {"Orla Quenby": Origin.EDITOR, "Tomas Reyl": Origin.IMPORTED}
    assert [(q.text, q.speaker.name) for q in Quote.objects.order_by("position")] == [
        ("We open today", "Orla Quenby"),
        ("The pier will carry the ferry from Oslo by summer", "Ines Varga"),
    ]
    assert Person.objects.filter(name="Ines Varga").exists()  # a quote still needs her


def test_an_editors_photo_keeps_its_details_and_an_extracted_one_takes_the_new(capsys):
    article = make_article("Pier opens", body=BODY)
    kept = Photo.objects.create(
        article=article, position=1, caption="The pier.", credit="AP Photo/Lena Osk"
    )
    redone = Photo.objects.create(
        article=article,
        position=2,
        caption="Ines Varga on the pier.",
        credit="REUTERS/Lena Osk",
        origin=Origin.EXTRACTED,
    )
    reextract(capsys)
    kept.refresh_from_db()
    redone.refresh_from_db()
    assert (kept.photographer, kept.distributor) == (None, "")
    assert (redone.photographer.name, redone.distributor) == ("Lena Osk", "Reuters")
    assert [p.name for p in redone.people.all()] == ["Ines Varga"]


def test_a_dry_run_changes_nothing_and_says_what_it_would(capsys):
    article = make_article("Pier opens", body=BODY)
    out = reextract(capsys, "--dry-run")
    assert out.startswith("Dry run: 1 articles read, 1 changed")
    assert not article.people.exists() and not Quote.objects.exists()
    assert not Person.objects.exists()


def test_since_leaves_older_articles_alone(capsys):
    old = make_article("Old pier", body=BODY, published_at=datetime(2019, 1, 1, tzinfo=UTC))
    new = make_article("New pier", body=BODY, published_at=datetime(2021, 1, 1, tzinfo=UTC))
    out = reextract(capsys, "--since", "2020-06-01")
    assert "1 articles read" in out
    assert new.people.exists() and not old.people.exists()
    with pytest.raises(CommandError, match="not a date"):
        call_command("reextract", "--since", "last week")


def test_confirmed_people_and_places_stay_when_nothing_mentions_them(capsys):
    make_person("Orla Quenby", confirmed=True)
    make_place("Port Alder", confirmed=True)
    unmentioned = make_place("Veloria")
    make_article("Pier opens", body=BODY)
    reextract(capsys)
    assert Person.objects.filter(name="Orla Quenby").exists()
    assert Place.objects.filter(name="Port Alder").exists()
    assert not Place.objects.filter(pk=unmentioned.pk).exists()
    assert ArticlePlace.objects.filter(place__name="Oslo").exists()
