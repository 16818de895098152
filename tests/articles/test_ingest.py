"""Loading with extraction: raw copy and JSON Lines alike, names settled by the archive,
credits of every usual form, and nothing an editor set or rejected undone.

Everyone here is invented.
"""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles import services
from articles.ingest.names import surname
from articles.models import Article, ArticlePerson, Origin, Person, Quote, RejectedName
from media_captions.models import Photo
from tests.builders import BASE_DIR, load_fixtures, make_person

pytestmark = pytest.mark.django_db
SEED = BASE_DIR / "tests" / "data" / "wire-kerry-moscow-2021-07-12.txt"
STORY = [
    "Harbour master Ines Varga opened the new pier in Port Alder on Monday.",
    "“The pier will carry the ferry from Oslo by summer,” Varga said.",
    "Tomas Reyl, the mayor, flew in from Kenya for the ceremony.",
]


def wire(tmp_path, paragraphs, name="story.txt", header="Headline: Pier opens\nDate: 2021-05-03"):
    path = tmp_path / name
    path.write_text(header + "\n\n" + "\n\n".join(paragraphs) + "\n")
    return path


def jsonl(tmp_path, *records, name="feed.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return path


def run(*args, capsys=None) -> str:
    call_command("import_articles", *map(str, args))
    return capsys.readouterr().out if capsys else ""


def contents(article: Article) -> tuple:
    return (
        sorted(article.people.values_list("name", flat=True)),
        sorted(article.places.values_list("name", flat=True)),
        [(q.text, q.speaker.name) for q in article.quotes.order_by("position")],
    )


def test_raw_copy_and_json_lines_get_the_same_extraction(tmp_path):
    run(wire(tmp_path, STORY))
    from_copy = contents(Article.objects.get())
    Article.objects.all().delete()
    record = {"headline": "Pier opens", "published_at": "2021-05-03T12:00:00+00:00", "body": STORY}
    run(jsonl(tmp_path, record))
    article = Article.objects.get()
    assert contents(article) == from_copy
    assert from_copy == (
        ["Ines Varga", "Tomas Reyl"],
        ["Kenya", "Oslo"],
        [("The pier will carry the ferry from Oslo by summer", "Ines Varga")],
    )
    link = ArticlePerson.objects.get(article=article, person__name="Ines Varga")
    assert link.origin == Origin.EXTRACTED


def test_a_json_lines_record_that_names_its_people_keeps_them(tmp_path):
    record = {
        "headline": "Pier opens",
        "published_at": "2021-05-03T12:00:00+00:00",
        "body": STORY,
        "people": ["Orla Quenby"],
    }
    run(jsonl(tmp_path, record))
    people, places, quotes = contents(Article.objects.get())
    assert people == ["Orla Quenby"]  # as given, not the text's
    assert places == ["Kenya", "Oslo"]  # not given: found in the text
    assert quotes == [("The pier will carry the ferry from Oslo by summer", "Ines Varga")]
    assert ArticlePerson.objects.get().origin == Origin.IMPORTED


def test_no_extract_imports_records_as_they_are(tmp_path):
    record = {"headline": "Pier opens", "published_at": "2021-05-03T12:00:00+00:00", "body": STORY}
    call_command("import_articles", str(jsonl(tmp_path, record)), no_extract=True)
    assert contents(Article.objects.get()) == ([], [], [])


def test_a_caption_that_is_only_a_credit_is_imported(tmp_path, capsys):
    out = run(
        wire(tmp_path, [*STORY, "Caption (AP Photo/Lena Osk)", "Caption Ines Varga on the pier."]),
        capsys=capsys,
    )
    assert "1 imported" in out and "0 failed" in out
    first, second = Photo.objects.order_by("position")
    assert (first.caption, first.credit, first.photographer.name, first.distributor) == (
        "",
        "AP Photo/Lena Osk",
        "Lena Osk",
        "AP",
    )
    assert [p.name for p in second.people.all()] == ["Ines Varga"]


@pytest.mark.parametrize(
    ("credit", "photographer", "distributor"),
    [
        ("Lena Osk/Pool Photo via AP", "Lena Osk", "AP"),
        ("AP Photo/Lena Osk, File", "Lena Osk", "AP"),
        ("REUTERS/Lena Osk", "Lena Osk", "Reuters"),
        ("Lena Osk / Reuters file", "Lena Osk", "Reuters"),
        ("Photograph: Lena Osk/Getty Images", "Lena Osk", "Getty Images"),
        ("Credit... Lena Osk/The New York Times", "Lena Osk", "The New York Times"),
        ("Image: Lena Osk / Getty Images", "Lena Osk", "Getty Images"),
        ("Photo by LENA OSK/AFP via Getty Images", "Lena Osk", "Getty Images"),
        ("Lena Osk for The New York Times", "Lena Osk", "The New York Times"),
        ("Courtesy of Lena Osk", "Lena Osk", ""),
        ("Lena Osk, AP", "Lena Osk", "AP"),
        ("Handout via Reuters", "", "Reuters"),
        ("Getty Images", "", "Getty Images"),
    ],
)
def test_credits_of_every_usual_form(tmp_path, credit, photographer, distributor):
    run(wire(tmp_path, [*STORY, f"Caption The new pier at dawn. ({credit})"]))
    photo = Photo.objects.get()
    assert photo.credit == credit
    assert (photo.photographer.name if photo.photographer else "", photo.distributor) == (
        photographer,
        distributor,
    )


def test_a_surname_alone_is_nobody_in_an_empty_archive(tmp_path):
    run(wire(tmp_path, ["Talks with Brel went well.", "“The pier is ready for boats,” Brel said."]))
    assert not Person.objects.exists() and not Quote.objects.exists()


def test_a_surname_alone_is_the_one_confirmed_person_the_archive_knows_by_it(tmp_path):
    brel = make_person("Anton Brel", confirmed=True)
    run(wire(tmp_path, ["Talks with Brel went well.", "“The pier is ready for boats,” Brel said."]))
    article = Article.objects.get()
    assert list(article.people.all()) == [brel]
    assert article.quotes.get().speaker == brel


@pytest.mark.parametrize(
    "archive",
    [
        [("Anton Brel", False)],  # known, but nobody confirmed him
        [("Anton Brel", True), ("Piet Brel", False)],  # two people by that surname
    ],
)
def test_a_surname_alone_links_nobody_when_the_archive_is_not_sure(tmp_path, archive):
    for name, confirmed in archive:
        make_person(name, confirmed=confirmed)
    run(wire(tmp_path, ["Talks with Brel went well.", "“The pier is ready for boats,” Brel said."]))
    article = Article.objects.get()
    assert not article.people.exists() and not article.quotes.exists()


def test_a_surname_shared_in_the_archive_does_not_join_the_wrong_person(tmp_path):
    make_person("Anton Brel", confirmed=True)
    run(wire(tmp_path, ["Piet Brel sailed on Monday.", "“I am home,” Brel said on Tuesday."]))
    assert list(Article.objects.get().people.values_list("name", flat=True)) == ["Piet Brel"]
    assert Quote.objects.get().speaker.name == "Piet Brel"


def test_the_seeds_bare_biden_is_joe_biden_once_the_fixture_is_loaded(tmp_path):
    run(SEED)
    assert not Person.objects.filter(name__contains="Biden").exists()  # empty archive: nobody
    Article.objects.all().delete()
    load_fixtures()
    Article.objects.all().delete()  # the people of the sample data stay, confirmed
    run(SEED)
    people = set(Article.objects.get().people.values_list("name", flat=True))
    assert {"Joe Biden", "Barack Obama", "John Kerry", "Sergey Lavrov"} <= people


def test_not_a_person_survives_a_reimport(tmp_path):
    story = wire(tmp_path, STORY)
    run(story)
    services.reject_people([Person.objects.get(name="Ines Varga")])
    assert RejectedName.objects.filter(name="Ines Varga", kind="person").exists()
    Article.objects.all().delete()
    run(story)
    assert not Person.objects.filter(name="Ines Varga").exists()
    assert not Quote.objects.exists()  # her quote goes with her
    assert Person.objects.filter(name="Tomas Reyl").exists()


def test_an_editors_links_and_removals_survive_a_reimport(tmp_path):
    story = wire(tmp_path, STORY)
    run(story)
    article = Article.objects.get()
    quenby = make_person("Orla Quenby")
    article.people.add(quenby)  # as the admin does: the editor's own
    reyl = ArticlePerson.objects.get(article=article, person__name="Tomas Reyl")
    article.removals.create(kind="person", value=str(reyl.person_id))
    reyl.delete()
    run(story)  # the same copy again: the stored article is compared and updated
    names = set(article.people.values_list("name", flat=True))
    assert names == {"Ines Varga", "Orla Quenby"}
    assert ArticlePerson.objects.get(person=quenby).origin == Origin.EDITOR


def test_a_record_without_a_date_is_flagged_and_the_summary_says_so(tmp_path, capsys):
    record = {"headline": "Pier opens", "body": STORY}
    out = run(jsonl(tmp_path, record), capsys=capsys)
    assert "1 imported" in out and "1 flagged for review" in out
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.needs_review and "no date" in article.review_note


def test_a_bad_record_is_refused_with_its_reason(tmp_path, capsys):
    good = {"headline": "Pier opens", "published_at": "2021-05-03T12:00:00+00:00", "body": STORY}
    bad = {**good, "quotes": [{"text": "Not a quote of anyone", "speaker": " "}]}
    with pytest.raises(CommandError):
        run(jsonl(tmp_path, good, bad))
    err = capsys.readouterr().err
    assert "feed.jsonl:2: quotes[0].speaker: must not be empty" in err
    assert Article.objects.count() == 1


def test_the_archive_and_the_extraction_agree_on_surnames():
    names = [
        "John Kerry",
        "Ursula von der Leyen",
        "Robert Downey Jr.",
        "Robert Downey, Jr.",
        "Martin Luther King III",
        "Anna-Lena Kessel-Brandt",
        "Recep Tayyip Erdoğan",
        "Madonna",
    ]
    for name in names:
        make_person(name, slug=f"p{names.index(name)}")
    stored = dict(Person.objects.values_list("name", "surname"))
    assert stored == {name: surname(name) for name in names}
    with connection.cursor() as cursor:  # the archive finds them by that surname's index
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a large table
        cursor.execute("EXPLAIN SELECT id FROM articles_person WHERE surname = ANY(%s)", [["X"]])
        assert "person_surname" in " ".join(row[0] for row in cursor.fetchall())
