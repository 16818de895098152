"""Archivists' loading: the seed's raw copy, JSON Lines, re-imports and broken records."""

import gzip
import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Person, Place, Quote
from media_captions.models import Photo
from tests.builders import BASE_DIR, CREDIT, load_fixtures

pytestmark = pytest.mark.django_db
SEED = BASE_DIR / "tests" / "data" / "wire-kerry-moscow-2021-07-12.txt"


def run(*args, capsys=None) -> str:
    call_command("import_articles", *map(str, args))
    return capsys.readouterr().out if capsys else ""


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Article, Quote, Photo, Person, Place))


def test_seed_raw_copy_into_an_empty_archive(capsys):
    assert "1 imported" in run(SEED, capsys=capsys)
    article = Article.objects.get()
    quote = article.quotes.get()
    assert quote.speaker.name == "John Kerry"
    assert quote.text.startswith("We spent years, you and I")
    assert quote.speaker.description == "U.S. climate envoy"
    photos = list(article.photos.order_by("position"))
    assert len(photos) == 4
    for photo in photos:
        assert photo.credit == CREDIT
        assert (photo.photographer.name, photo.pool, photo.distributor) == (
            "Dimitar Dilkoff",
            True,
            "AP",
        )
        assert "Credit" not in photo.caption and photo.caption.endswith("July 12, 2021.")
        assert photo.place.name == "Moscow"
        assert {p.name for p in photo.people.all()} == {"John Kerry", "Sergey Lavrov"}
    people = set(article.people.values_list("name", flat=True))
    assert {"John Kerry", "Sergey Lavrov", "Vladimir Putin"} <= people
    assert not people & {"Russian Foreign Minister", "Monday", "U.N.", "Moscow"}
    places = set(article.places.values_list("name", flat=True))
    assert {"Moscow", "Russia", "China"} <= places
    assert Place.objects.get(name="Moscow").parent.name == "Russia"
    assert article.published_at.date().isoformat() == "2021-07-12"
    assert article.needs_review and "no headline" in article.review_note


def test_importing_again_changes_nothing(capsys):
    run(SEED)
    before = counts()
    assert "0 imported, 0 updated, 1 unchanged, 0 failed" in run(SEED, capsys=capsys)
    assert counts() == before


def test_the_seed_after_its_fixture_adds_no_duplicate(capsys):
    load_fixtures()
    before = counts()
    out = run(SEED, capsys=capsys)
    assert counts() == before, out
    article = Article.objects.get()
    assert article.headline.startswith("Kerry presses Russia")  # the editor's headline stays
    assert article.standfirst


def test_export_import_export_gives_the_same_file(tmp_path):
    load_fixtures()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    call_command("export_articles", output=str(first))
    Article.objects.all().delete()
    Person.objects.all().delete()
    Place.objects.filter(parent__isnull=False).delete()
    Place.objects.all().delete()
    run(first)
    call_command("export_articles", output=str(second))
    assert second.read_text() == first.read_text()
    line = json.loads(first.read_text().splitlines()[0])
    assert line["quotes"][0]["speaker"] == "John Kerry"
    assert line["photos"][0]["credit"] == CREDIT and line["photos"][0]["pool"] is True
    assert "Moscow" in line["places"] and "Sergey Lavrov" in line["people"]


def _line(**fields) -> str:
    article = {"headline": "Ferry pier vote delayed", "body": ["The council met."], **fields}
    return json.dumps(article)


def test_a_truncated_line_is_reported_by_file_and_line_and_nothing_of_it_is_saved(tmp_path, capsys):
    data = tmp_path / "batch.jsonl"
    data.write_text(
        _line(url="https://example.org/1") + "\n" + _line(url="https://example.org/2")[:40] + "\n"
        + _line(headline="Bridge opens", url="https://example.org/3") + "\n"
    )  # fmt: skip
    with pytest.raises(CommandError):
        run(data)
    out, err = capsys.readouterr()
    assert f"{data}:2: not valid JSON" in err
    assert "2 imported, 0 updated, 0 unchanged, 1 failed" in out
    assert set(Article.objects.values_list("url", flat=True)) == {
        "https://example.org/1",
        "https://example.org/3",
    }


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (_line(body=[]), "no body"),
        (_line(published_at="2021-02-30T10:00:00"), "not an ISO 8601 date"),
        ('["not", "an", "object"]', "JSON object"),
    ],
)
def test_bad_records_are_refused_with_a_reason(tmp_path, capsys, content, reason):
    data = tmp_path / "bad.jsonl"
    data.write_text(content + "\n")
    with pytest.raises(CommandError):
        run(data)
    assert reason in capsys.readouterr().err
    assert not Article.objects.exists()


def test_wrong_encoding_and_empty_wire_copy_are_refused(tmp_path, capsys):
    (tmp_path / "latin1.txt").write_bytes(
        "Headline: Caf\xe9\n\nThe caf\xe9 opened.".encode("latin-1")
    )
    (tmp_path / "empty.txt").write_text("Headline: Nothing\nDate: 2020-01-01\n\n")
    with pytest.raises(CommandError):
        run(tmp_path)
    err = capsys.readouterr().err
    assert "latin1.txt:1: not UTF-8 text" in err
    assert "empty.txt:1: there is no body text" in err
    assert not Article.objects.exists()


def test_directories_are_read_recursively_and_gzip_works(tmp_path, capsys):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "story.txt").write_text("Headline: Quiet week\nDate: 2020-03-04\n\nNothing.")
    with gzip.open(tmp_path / "a" / "b" / "lines.jsonl.gz", "wt") as f:
        f.write(_line(url="https://example.org/gz") + "\n")
    assert "2 imported" in run(tmp_path, capsys=capsys)


def test_dry_run_writes_nothing(capsys):
    out = run("--dry-run", SEED, capsys=capsys)
    assert "would be imported" in out and "Dry run: 1 imported" in out
    assert counts() == (0, 0, 0, 0, 0)


def test_flagged_imports_are_easy_to_find_in_admin(admin_client):
    run(SEED)
    flagged = admin_client.get("/admin/articles/article/?needs_review__exact=1")
    assert "The U.S. official said climate change" in flagged.content.decode()
    clean = admin_client.get("/admin/articles/article/?needs_review__exact=0")
    assert "The U.S. official said climate change" not in clean.content.decode()


@pytest.mark.parametrize("kind", ["jsonl", "wire"])
def test_standard_input_is_read_as_json_lines_or_wire_copy(monkeypatch, capsys, kind):
    import io

    data = (_line(url="https://example.org/stdin") + "\n") if kind == "jsonl" else SEED.read_text()
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data.encode())), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    assert "1 imported" in run("-", capsys=capsys)
    assert Article.objects.count() == 1
