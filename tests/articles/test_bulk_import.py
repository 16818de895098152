"""JSON Lines go in batches (articles/ingest/importer.py): the same archive as one
import_article per line, a bad record alone refused, a repeated import writing nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from articles.ingest import ArticleRecord, import_article
from articles.models import Article, Person
from media_captions.models import Photo
from tests.builders import make_person

pytestmark = pytest.mark.django_db


def _article(n: int, **fields) -> dict:
    return {
        "headline": f"Harbour board meets on the ferry pier, round {n % 3}",
        "published_at": f"2020-0{1 + n % 9}-1{n % 10}T09:00:00+00:00",
        "url": f"https://gazette.example/pier/{n}",
        "body": [f"The harbour board of Port Alder met for the {n}th time.", "It voted."],
        "quotes": [{"text": "We need more time", "speaker": "Varga", "paragraph": 1}],
        "photos": [
            {
                "caption": f"The pier at dawn, day {n}.",
                "credit": "Lena Osk/Alder Gazette",
                "photographer": "Lena Osk",
                "distributor": "Alder Gazette",
                "people": ["Tomas Reyl"],
                "place": "Port Alder",
                "taken_on": "2020-01-02",
            }
        ],
        "people": ["Tomas Reyl", "Varga", f"Orla Quenby {n % 4}"],
        "places": ["Port Alder", "Veloria"],
        **fields,
    }


def _records() -> list[dict]:
    records = [_article(n) for n in range(30)]
    records.append(_article(30, url="", body=["Without a URL, keyed by its text."]))
    records.append(_article(31, slug="a-chosen-slug"))
    records.append(_article(3))  # the same article twice in one file
    records.append(_article(32, dateline="Port Alder", status="draft", published_at=""))
    return records


def _archive() -> list[dict]:
    rows = Article.objects.with_contents().order_by("url", "slug")
    return [
        ArticleRecord.from_article(a).exported() | {"needs_review": a.needs_review} for a in rows
    ]


def _people() -> list[tuple]:
    return sorted(Person.objects.values_list("name", "slug", "aliases", "article_count"))


def test_batches_make_the_same_archive_as_one_article_at_a_time(tmp_path, capsys):
    make_person("Ines Varga", aliases=["Varga"])  # a surname resolves by alias
    data = tmp_path / "pier.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in _records()) + "\n")

    call_command("import_articles", str(data))
    assert "33 imported, 0 updated, 1 unchanged, 0 failed" in capsys.readouterr().out
    batched, batched_people = _archive(), _people()

    Article.objects.all().delete()
    Person.objects.exclude(name="Ines Varga").delete()
    Photo.objects.all().delete()
    for record in _records():
        import_article(ArticleRecord.parse(record))
    assert _archive() == batched
    assert _people() == batched_people
    assert Person.objects.get(name="Ines Varga").article_count == 33  # "Varga" everywhere
    assert Article.objects.filter(slug__startswith="harbour-board-meets").count() == 32


def test_a_record_the_database_refuses_is_reported_alone(tmp_path, capsys):
    records = [_article(n) for n in range(10)]
    records[4]["slug"] = "not a slug!"  # breaks a check constraint, found only on writing
    data = tmp_path / "pier.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    with pytest.raises(CommandError):
        call_command("import_articles", str(data))
    out, err = capsys.readouterr()
    assert f"{data}:5:" in err and "article_slug_valid" in err
    assert "9 imported, 0 updated, 0 unchanged, 1 failed" in out
    assert not Article.objects.filter(url=records[4]["url"]).exists()
    assert Photo.objects.count() == 9  # nothing of the refused article


def test_importing_again_writes_nothing(tmp_path, capsys):
    data = tmp_path / "pier.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in _records()) + "\n")
    call_command("import_articles", str(data))
    before = list(Article.objects.order_by("pk").values_list("pk", "updated_at"))
    capsys.readouterr()
    call_command("import_articles", str(data))
    assert "0 imported, 0 updated, 34 unchanged, 0 failed" in capsys.readouterr().out
    assert list(Article.objects.order_by("pk").values_list("pk", "updated_at")) == before

    changed = _article(7, headline="Harbour board meets again, corrected")
    data.write_text(json.dumps(changed) + "\n")
    call_command("import_articles", str(data))
    assert "0 imported, 1 updated, 0 unchanged" in capsys.readouterr().out
    assert Article.objects.get(url=changed["url"]).headline.endswith("corrected")


def test_two_writers_at_once_make_each_person_once(transactional_db, tmp_path, capsys):
    # Batches written by two connections at the same time, sharing new people between them.
    records = []
    for n in range(1_600):
        article = _article(n, url=f"https://gazette.example/pier/{n}")
        article["people"] = [f"Orla Quenby {n % 40}", f"Tamsin Vey {n % 7}", "Tomas Reyl"]
        article["quotes"] = [{"text": "We need more time", "speaker": f"Tamsin Vey {n % 7}"}]
        records.append(article)
    data = tmp_path / "many.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    call_command("import_articles", str(data), writers=2)
    assert "1600 imported, 0 updated, 0 unchanged, 0 failed" in capsys.readouterr().out
    names = list(Person.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))  # nobody twice
    assert Person.objects.get(name="Tomas Reyl").article_count == 1_600
    assert Person.objects.get(name="Orla Quenby 3").article_count == 40
    assert Article.objects.filter(quotes__speaker__name="Tamsin Vey 2").count() == 229
    assert Photo.objects.count() == 1_600


@pytest.mark.parametrize("lookup", ["url", "hash"])
def test_a_batch_finds_stored_articles_through_the_index(db, lookup):
    # A batch looks up its 500 keys at once. PostgreSQL only uses a partial index for an
    # IN list of more than 100 values when the query states the index's condition itself;
    # otherwise every batch of a large import read the whole articles table.
    from django.db import connection

    from articles.ingest.importer import stored_by_hash, stored_by_url

    keys = [f"https://gazette.example/pier/{n}" for n in range(500)]
    query = stored_by_url(keys) if lookup == "url" else stored_by_hash([str(n) for n in range(500)])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a large table
    plan = query.values_list("pk").explain()
    index = "article_url_unique" if lookup == "url" else "article_hash_unique"
    assert index in plan and "Seq Scan" not in plan
