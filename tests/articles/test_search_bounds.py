"""Search past its exact limits, as a very large archive sees it (the limits made small).

Beyond EXACT_LIMIT matches a count is PostgreSQL's estimate, and readers are told so; the
ranking stays exact (articles/search/ranking.py: tier by tier, best first). These tests check
what a reader then sees: an "about" count, the best matches of the whole archive first
however old, filters still holding, and the same results whichever way they are read.
"""

from datetime import UTC, datetime

import pytest

from articles import search as engine
from articles.models import Quote
from articles.search import estimates, sql
from articles.search import params as limits
from tests.builders import (
    analyze_search_tables,
    make_article,
    make_person,
    search,
    titles,
)

pytestmark = pytest.mark.django_db

OLD = datetime(2001, 5, 1, 9, 0, tzinfo=UTC)
RECENT = datetime(2022, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(limits, "EXACT_LIMIT", 6)
    monkeypatch.setattr(limits, "PREVIEW_EXACT_LIMIT", 6)
    monkeypatch.setattr(limits, "CANDIDATES", 4)
    sql._table_stats.clear()
    estimates._cache.clear()
    yield
    sql._table_stats.clear()
    estimates._cache.clear()


@pytest.fixture
def many_lighthouses(small_limits):
    """60 articles about lighthouses, added oldest first; only the first and the 55th have
    the word in their headline; the rest mention it in the body. Every third names Ada
    Quell, and the second half is dated 2022."""
    quell = make_person("Ada Quell")
    articles = []
    for n in range(60):
        headline = f"Lighthouse story number {n}" if n in (0, 55) else f"Coastal note {n}"
        article = make_article(
            headline,
            slug=f"note-{n}",
            body=f"Paragraph {n} mentions the lighthouse once.",
            published_at=OLD if n < 30 else RECENT,
        )
        if n % 3 == 0:
            article.people.add(quell)
            Quote.objects.create(
                article=article, position=1, text=f"The lighthouse stands, {n}.", speaker=quell
            )
        articles.append(article)
    analyze_search_tables()  # as autovacuum would: the estimates see the rows
    return articles


def test_count_is_marked_approximate_and_explained(client, many_lighthouses):
    page = search(client, q="lighthouse")
    assert page.select_one(".result-count").get_text().startswith("About ")
    assert page.select_one(".approximate-note") is not None
    articles_tab = page.select(".kind-tabs a")[1].get_text()
    assert "about" in articles_tab


def test_the_headline_matches_rank_first_however_old(client, many_lighthouses):
    # Both headline matches lead (the newer first), then the articles that have the word in
    # their first paragraph, newest first: what ranking all 60 would give.
    shown = titles(search(client, q="lighthouse"))
    assert shown[:3] == [
        "Lighthouse story number 55",
        "Lighthouse story number 0",
        "Coastal note 59",
    ]


def test_an_old_article_with_the_words_in_its_headline_is_ranked_first(client, small_limits):
    """More matches than the exact limit, all recent but one, from 1985, the only one with
    the words in its headline: it heads the page (the old approximation ranked only the
    most recently added matches, and never saw it)."""
    make_article(
        "Climate summit opens in Veloria",
        slug="summit-1985",
        body="Delegates met for a week.",
        published_at=datetime(1985, 6, 1, tzinfo=UTC),
    )
    for n in range(40):
        make_article(
            f"Harbour note {n}",
            slug=f"harbour-note-{n}",
            body=f"The council met. Later the climate summit was mentioned, note {n}.",
            published_at=RECENT,
        )
    analyze_search_tables()
    page = search(client, q="climate summit")
    assert page.select_one(".result-count").get_text().startswith("About ")
    assert titles(page)[0] == "Climate summit opens in Veloria"


def test_the_exact_path_ranks_every_match(client, many_lighthouses, monkeypatch):
    monkeypatch.setattr(limits, "EXACT_LIMIT", 100)
    page = search(client, q="lighthouse")
    assert page.select_one(".result-count").get_text().startswith("60 ")
    assert titles(page)[:2] == ["Lighthouse story number 55", "Lighthouse story number 0"]


@pytest.mark.parametrize("scan_window", [0, 10_000])
def test_a_window_read_row_by_row_or_through_the_index_gives_the_same_page(
    client, many_lighthouses, monkeypatch, scan_window
):
    monkeypatch.setattr(limits, "SCAN_WINDOW", dict.fromkeys(engine.KINDS, scan_window))
    params = engine.SearchParams("lighthouse")
    searched = engine.run_search(params)
    assert searched.approximate["articles"] and searched.page.object_list
    other = 10_000 if scan_window == 0 else 0
    monkeypatch.setattr(limits, "SCAN_WINDOW", dict.fromkeys(engine.KINDS, other))
    again = engine.run_search(params)
    assert [a.pk for a in searched.page.object_list] == [a.pk for a in again.page.object_list]
    assert searched.facets == again.facets


@pytest.mark.parametrize("person", ["", "ada-quell"])
def test_a_tier_read_any_way_gives_the_same_page(many_lighthouses, monkeypatch, person):
    """Walking the date index (however far a walk may read: when it stops short, the
    tier's older rows are read next), the title vectors' GIN index or the filter's own
    rows: the plan changes how fast, never what is listed."""
    from articles.models import Person
    from articles.search import kinds

    params = engine.SearchParams(
        "lighthouse", person=Person.objects.get(slug=person) if person else None
    )
    pages = []
    for plan, bound in (("walk", 200_000), ("walk", 3), ("gin", 0), ("filtered", 0)):

        def forced(self, places, need, walk=True, plan=plan, bound=bound):
            return (plan if walk else "gin"), bound

        monkeypatch.setattr(kinds.ArticleSearch, "_plan", forced)
        searched = engine.run_search(params, rows=False)
        assert searched.approximate["articles"] or person
        pages.append(list(searched.page.object_list))
    assert pages[0] and all(page == pages[0] for page in pages)


def test_filters_hold_on_the_approximate_path(client, many_lighthouses):
    page = search(client, q="lighthouse", person="ada-quell")
    shown = titles(page)
    assert shown and all(int(h.split()[-1]) % 3 == 0 for h in shown)

    # The 2001 half was added first, so the window of recent articles holds none of it;
    # the search still lists 2001 articles rather than nothing.
    dated = search(client, q="lighthouse", **{"from": "2001-01-01", "to": "2001-12-31"})
    shown = titles(dated)
    assert shown and all(int(h.split()[-1]) < 30 for h in shown)


def test_previewed_kinds_past_their_limit_are_estimated(client, many_lighthouses):
    page = search(client, q="lighthouse")
    quotes_tab = page.select(".kind-tabs a")[2].get_text()
    assert "about" in quotes_tab  # 20 quotes match, more than the preview limit of 6
    preview = page.select_one("#preview-quotes").find_parent("section")
    assert len(preview.select("blockquote, li")) >= 3  # the preview still shows three


def test_facets_describe_the_listed_matches(client, many_lighthouses):
    searched = engine.run_search(engine.SearchParams("lighthouse"))
    years = {f.label: f.count for f in searched.facets["years"]}
    assert years == {"2022": 30, "2001": 30}  # the best 200 matches: all 60, both halves
    people = {f.label: f.count for f in searched.facets["people"]}
    assert people["Ada Quell"] == 20  # every third article


def test_sorting_by_date_reaches_past_the_window(client, many_lighthouses):
    newest = titles(search(client, q="lighthouse", sort="newest"))
    assert newest[0] == "Coastal note 59"
    oldest = titles(search(client, q="lighthouse", sort="oldest"))
    assert oldest[0] == "Lighthouse story number 0"


def test_a_word_estimated_rare_but_common_is_ranked_and_faceted_as_common(
    client, many_lighthouses, monkeypatch
):
    """PostgreSQL may guess a handful of rows for a word it barely knows. The exact count
    then overflows its limit and the search goes on as for a common word: ranked tier by
    tier, and faceted on what is listed, not on the rows the exact attempt happened to
    read first (seven of the 2001 half, added first)."""
    monkeypatch.setattr(sql, "estimate_many", lambda querysets: [1] * len(querysets))
    monkeypatch.setattr(estimates, "estimate_matches", lambda tsquery, tables: [1] * len(tables))
    searched = engine.run_search(engine.SearchParams("lighthouse"))
    assert searched.approximate["articles"]
    listed = [a.headline for a in searched.page.object_list]
    assert listed[:3] == [
        "Lighthouse story number 55",
        "Lighthouse story number 0",
        "Coastal note 59",
    ]
    years = {f.label: f.count for f in searched.facets["years"]}
    assert years == {"2022": 30, "2001": 30}


def test_when_only_quotes_match_many_they_are_listed_in_full(client, small_limits):
    """No article matches, so the quotes are listed instead of previewed: more than the
    preview's three, ranked past their estimated count, with their speakers as facets."""
    speaker = make_person("Bo Tarrant")
    article = make_article("Harbour notes", body="Nothing of note.", published_at=RECENT)
    for n in range(40):
        Quote.objects.create(
            article=article, position=n + 1, text=f"The breakwater holds, {n}.", speaker=speaker
        )
    analyze_search_tables()
    searched = engine.run_search(engine.SearchParams("breakwater"))
    assert searched.shown == "quotes" and searched.approximate["quotes"]
    assert len(searched.page.object_list) > limits.PREVIEW_SIZE
    assert [f.label for f in searched.facets["people"]] == ["Bo Tarrant"]


def test_a_source_filter_is_estimated_by_the_sources_share(client, many_lighthouses):
    """Every lighthouse article is from the Alder Gazette. PostgreSQL knows a source's share
    of the archive (the index on the source keeps statistics), so the count past the
    limit is about all 60, not the handful a blind guess of 0.5% would give."""
    page = search(client, q="lighthouse", source="alder gazette")
    count = page.select_one(".result-count").get_text()
    assert count.startswith("About ")
    assert 50 <= int(count.split()[1]) <= 70
    assert search(client, q="lighthouse", source="Tideway Report").select_one(".empty")
