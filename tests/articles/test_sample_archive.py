"""The sample archive: the fixtures and a Wikinews corpus, imported like an archivist's file.

The corpus here is invented, written in the shape of the shared Wikinews CSVs."""

from __future__ import annotations

import csv

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.builders import KERRY_SLUG

pytestmark = pytest.mark.django_db

STORIES = {
    "wikinews_2019.csv": [
        {
            "url": "https://en.wikinews.org/wiki/Ferry_line_opens_in_Port_Alder",
            "date": "2019-05-03",
            "title": "Ferry line opens in Port Alder",
            "text": "Friday, May 3, 2019\n\nA ferry line opened in Port Alder on Friday.\n\n"
            '"It is a good day for the harbour," said mayor Ines Varga.',
        },
        {
            "url": "https://en.wikinews.org/wiki/Test_page",
            "date": "2019-05-04",
            "title": "TEST PAGE:Self-publish today",
            "text": "This is a test page.",
        },
    ],
    "wikinews_2020.csv": [
        {
            "url": "https://en.wikinews.org/wiki/Harbour_dredging_ends",
            "date": "2020-02-11",
            "title": "Harbour dredging ends",
            "text": "Dredging of the harbour ended on Tuesday, Olek Brandt told reporters.",
        },
    ],
}


@pytest.fixture
def corpus(tmp_path, settings):
    for name, rows in STORIES.items():
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, ["url", "date", "title", "text"])
            writer.writeheader()
            writer.writerows(rows)
    settings.SAMPLE_CORPUS = str(tmp_path)
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path


def test_the_sample_archive_is_the_seed_and_the_corpus_stories(corpus):
    call_command("load_sample_data", verbosity=0)
    assert Article.objects.filter(slug=KERRY_SLUG).exists()
    stories = Article.objects.filter(source="Wikinews").order_by("published_at")
    assert [a.headline for a in stories] == [
        "Ferry line opens in Port Alder",
        "Harbour dredging ends",
    ]
    ferry = stories[0]
    assert ferry.is_published and ferry.published_at.date().isoformat() == "2019-05-03"
    assert ferry.url == STORIES["wikinews_2019.csv"][0]["url"]
    assert ferry.paragraphs[0] == "A ferry line opened in Port Alder on Friday."  # no date line
    # Extracted like any import: the speaker and the place.
    assert ferry.quotes.get().speaker.name == "Ines Varga"


def test_a_second_run_leaves_editors_changes_to_the_sample_alone(corpus):
    call_command("load_sample_data", verbosity=0)
    story = Article.objects.get(headline="Harbour dredging ends")
    story.standfirst = "An editor's standfirst."
    story.save()
    Article.objects.filter(headline="Ferry line opens in Port Alder").delete()
    call_command("load_sample_data", verbosity=0)
    story.refresh_from_db()
    assert story.standfirst == "An editor's standfirst."
    assert not Article.objects.filter(headline="Ferry line opens in Port Alder").exists()


def test_without_the_corpus_the_sample_is_the_fixtures_and_says_where_it_looked(
    tmp_path, settings, capsys
):
    settings.SAMPLE_CORPUS = str(tmp_path / "nowhere")
    call_command("load_sample_data")
    assert list(Article.objects.values_list("slug", flat=True)) == [KERRY_SLUG]
    assert f"No Wikinews corpus at {tmp_path / 'nowhere'}" in capsys.readouterr().out
