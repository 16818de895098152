"""Search as readers use it, on a small invented archive (and the seed story)."""

from xml.etree import ElementTree

import pytest
from django.core.management import call_command

from articles.models import Article, Quote
from articles.search.spelling import refresh_lexicon
from media_captions.models import Photo
from tests.builders import (
    CREDIT,
    KERRY_URL,
    analyze_search_tables,
    make_article,
    make_person,
    search,
    soup,
    titles,
)

pytestmark = pytest.mark.django_db


def test_ranking_puts_headline_before_standfirst_before_body(client, db):
    make_article("Quiet week at the docks", body="A lighthouse was painted.")
    make_article(
        "Council budget approved", standfirst="The lighthouse fund grows.", body="Numbers."
    )
    make_article("Lighthouse keeper retires", body="After forty winters.")
    assert titles(search(client, q="lighthouse")) == [
        "Lighthouse keeper retires",
        "Council budget approved",
        "Quiet week at the docks",
    ]


def test_seed_story_ranks_first_for_nuclear_weapons_kerry(client, seed, archive):
    make_article("Weapons inspectors visit Veloria", body="Nuclear experts toured a plant.")
    page = search(client, q="nuclear weapons Kerry")
    assert page.select_one(".search-results .summary h2 a")["href"] == KERRY_URL


def test_quotes_are_found_by_who_said_them(client, seed, archive):
    quotes = search(client, q="Kerry", kind="quotes")
    speakers = [a.get_text() for a in quotes.select(".result-quote figcaption a:first-child")]
    assert speakers and set(speakers) == {"John Kerry"}
    everything = search(client, q="nuclear weapons Kerry")
    tabs = {a.get_text(" ", strip=True) for a in everything.select(".kind-tabs a")}
    assert not any(tab.startswith("Quotes (0)") for tab in tabs)
    api = client.get("/api/v1/quotes/", {"q": "Kerry"}).json()
    assert api["count"] >= 1
    assert {q["speaker"]["name"] for q in api["results"]} == {"John Kerry"}


def test_a_speakers_new_name_finds_their_quotes(client, db):
    speaker = make_person("Ines Varga")
    article = make_article("Pier plans", body="The council met.")
    Quote.objects.create(article=article, position=1, text="We will build it.", speaker=speaker)
    assert not search(client, q="Ostrova", kind="quotes").select(".result-quote")
    speaker.aliases = ["Ines Ostrova"]
    speaker.save()
    found = search(client, q="Ostrova", kind="quotes").select(".result-quote")
    assert len(found) == 1 and "We will build it." in found[0].get_text()


def test_a_person_alone_lists_their_quotes_articles_and_photos_newest_first(client, seed, archive):
    page = search(client, person="john-kerry")
    assert "newest first" in page.select_one(".result-count").get_text()
    assert titles(page) and titles(page)[0]
    quotes = search(client, person="john-kerry", kind="quotes")
    assert quotes.select(".result-quote")
    assert not page.select_one(".search-help")


def test_phrase_or_and_exclusion(client, archive):
    assert titles(search(client, q='"ferry pier"')) == ["Ferry pier vote delayed"]
    assert set(titles(search(client, q="estuary OR fishing"))) == {
        "Mayor opens the new bridge",
        "Ostmark border talks resume",
    }
    assert set(titles(search(client, q="ferry -bridge"))) == {
        "Ferry pier vote delayed",
        "Ostmark border talks resume",
    }


def test_stemming_and_curly_quotes(client, seed, archive):
    page = search(client, q="weapon")
    assert page.select_one(".search-results .summary a")["href"] == KERRY_URL
    assert "weapons" in [m.get_text().lower() for m in page.select(".snippet mark")]
    assert titles(search(client, q="“ferry pier”")) == ["Ferry pier vote delayed"]
    assert "Ostmark border talks resume" in titles(search(client, q="negotiator"))


def test_counts_for_each_kind_and_one_kind_at_a_time(client, archive):
    page = search(client, q="ferry")
    tabs = {a.get_text(" ", strip=True) for a in page.select(".kind-tabs a")}
    assert {"Articles (3)", "Quotes (0)", "Photos (1)"} <= tabs

    quotes = search(client, q="time", kind="quotes")
    quote = quotes.select_one(".result-quote")
    assert "We need more" in quote.blockquote.get_text()
    assert quote.select_one("figcaption a").get_text() == "Ines Varga"
    assert "Ferry pier vote delayed" in quote.figcaption.get_text()
    assert not quotes.select(".search-results .summary")

    photos = search(client, q="pier", kind="photos")
    photo = photos.select_one(".result-photo")
    assert "walks along the old ferry pier" in photo.select_one(".caption").get_text()
    assert photo.select_one(".credit").get_text() == "Lena Osk/Alder Gazette"


def test_everything_view_previews_other_kinds(client, archive):
    page = search(client, q="bridge")
    assert titles(page) == ["Mayor opens the new bridge"]
    preview = page.select_one("#preview-quotes").find_parent("section")
    assert "A bridge joins more than two shores" in preview.get_text()
    assert "kind=quotes" in preview.select("a")[-1]["href"]


def test_sort_newest_and_oldest(client, archive):
    newest = titles(search(client, q="ferry", sort="newest"))
    assert newest == [
        "Mayor opens the new bridge",
        "Ostmark border talks resume",
        "Ferry pier vote delayed",
    ]
    assert titles(search(client, q="ferry", sort="oldest")) == newest[::-1]


def test_filters_by_person_place_dates_and_source(client, archive):
    assert titles(search(client, q="ferry", person="tomas-reyl")) == ["Mayor opens the new bridge"]
    # A country includes the places within it: Port Alder is in Veloria.
    assert titles(search(client, q="ferry", place="veloria")) == ["Ferry pier vote delayed"]
    assert titles(search(client, q="ferry", place="ostmark")) == ["Ostmark border talks resume"]
    assert titles(search(client, q="ferry", **{"from": "2020-01-01", "to": "2020-12-31"})) == [
        "Ostmark border talks resume"
    ]
    assert set(titles(search(client, q="ferry", source="veloria wire"))) == {
        "Mayor opens the new bridge",
        "Ostmark border talks resume",
    }
    speaker_only = search(client, q="time", kind="quotes", person="tomas-reyl")
    assert not speaker_only.select(".result-quote")


def test_facets_count_the_results_and_each_link_narrows_the_search(client, archive):
    page = search(client, q="ferry")
    facets = page.select_one(".facets")
    sources = {
        li.a.get_text(): int(li.select_one(".count").get_text())
        for li in facets.find("h2", string="Sources").find_next("ul").select("li")
    }
    assert sources == {"Veloria Wire": 2, "Alder Gazette": 1}
    years = [
        li.a.get_text() for li in facets.find("h2", string="Years").find_next("ul").select("li")
    ]
    assert years == ["2021", "2020", "2019"]
    link = facets.find("a", string="Tomas Reyl")["href"]
    assert titles(soup(client.get("/search/" + link))) == ["Mayor opens the new bridge"]
    link = facets.find("a", string="2020")["href"]
    assert titles(soup(client.get("/search/" + link))) == ["Ostmark border talks resume"]


def test_pagination_keeps_the_query_and_filters(client, db):
    for n in range(25):
        make_article(f"Tide table {n}", slug=f"tide-table-{n}", source="Alder Gazette")
    first = search(client, q="tide", source="Alder Gazette")
    assert len(titles(first)) == 20
    next_link = first.select_one("a[rel=next]")["href"]
    assert "q=tide" in next_link and "source=Alder+Gazette" in next_link
    second = soup(client.get("/search/" + next_link))
    assert len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))
    past = search(client, q="tide", source="Alder Gazette", page="99999")
    assert "There is no page 99999: this is page 2, the last." in past.get_text()
    assert titles(past) == titles(second)


def test_did_you_mean_corrects_misspelt_names_and_words(client, seed, archive):
    refresh_lexicon()
    page = search(client, q="Lavrof")
    suggestion = page.select_one(".suggestion a")
    assert suggestion.get_text() == "Lavrov"
    assert titles(soup(client.get("/search/" + suggestion["href"])))[0].startswith("Kerry presses")
    assert search(client, q="harbur").select_one(".suggestion a").get_text() == "harbour"
    assert search(client, q="Lavrov").select_one(".suggestion") is None


def test_articles_are_searchable_at_once_after_orm_and_loaddata_writes(client, db):
    assert not titles(search(client, q="Lavrov"))
    call_command("loaddata", "fixtures/kerry-moscow-2021-07-12.json", verbosity=0)
    assert search(client, q="Lavrov").select_one(".search-results .summary a")["href"] == KERRY_URL
    article = make_article("Lighthouse keeper retires")
    assert titles(search(client, q="lighthouse")) == ["Lighthouse keeper retires"]
    article.headline = "Lighthouse keeper stays on"
    article.save()
    assert titles(search(client, q="stays")) == ["Lighthouse keeper stays on"]


def test_drafts_and_their_quotes_and_photos_are_never_found(client, db):
    draft = make_article("Secret ferry plan", status=Article.Status.DRAFT, published_at=None)
    Quote.objects.create(article=draft, position=1, text="Secret ferry", speaker=make_person())
    Photo.objects.create(article=draft, position=1, caption="Secret ferry at dawn")
    page = search(client, q="secret ferry")
    assert not page.select(".summary, .result-quote, .result-photo")


def test_snippets_and_headlines_escape_html(client, db):
    make_article(
        "Harbour <b>notice</b>",
        slug="notice",
        body="A <i>bold</i> harbour <script>alert('x')</script> notice.",
    )
    html = client.get("/search/", {"q": "bold notice"}).content.decode()
    assert "<script>alert" not in html and "<b>notice" not in html and "<i>" not in html
    # A snippet starts at a word, so the opening "<" of a tag may fall outside it.
    assert "<mark>bold</mark>&lt;/i&gt; harbour &lt;script&gt;alert(&#x27;x&#x27;)" in html
    assert "&lt;b&gt;<mark>notice</mark>&lt;/b&gt;" in html


def test_photos_show_caption_and_credit_for_the_seed(client, seed):
    page = search(client, q="Lavrov", kind="photos")
    assert [c.get_text() for c in page.select(".result-photo .credit")] == [CREDIT] * 4


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "the of and"},
        {"q": "!!! ???"},
        {"q": "a\x00b"},
        {"q": "x" * 3000},
        {"q": '"unclosed'},
        {"q": "-"},
        {"q": "OR"},
        {"q": "ferry", "person": "nobody-at-all"},
        {"q": "ferry", "place": "atlantis"},
        {"q": "ferry", "from": "2021-02-30"},
        {"q": "ferry", "to": "yesterday"},
        {"q": "ferry", "from": "2022-01-01", "to": "2021-01-01"},
        {"q": "ferry", "kind": "videos", "sort": "loudest"},
        {"q": "ferry", "page": "999"},
        {"q": "ferry", "page": "-1"},
        {"q": "ferry", "page": "abc"},
    ],
)
def test_odd_input_gives_a_helpful_page(client, archive, params):
    page = search(client, **params)
    assert page.find("h1").get_text() == "Search"


def test_odd_input_is_explained(client, archive):
    assert "Null characters are not allowed" in search(client, q="a\x00b").get_text()
    assert "too long" in search(client, q="x" * 3000).get_text()
    unknown = search(client, q="ferry", person="nobody-at-all")
    assert "There is no person “nobody-at-all” in the archive" in unknown.get_text()
    assert len(titles(unknown)) == 3  # the rest of the search still runs
    assert "YYYY-MM-DD" in search(client, q="ferry", **{"from": "2021-02-30"}).get_text()
    backwards = search(client, q="ferry", **{"from": "2022-01-01", "to": "2021-01-01"})
    assert "end date is before the start date" in backwards.get_text()
    last = search(client, q="ferry", page="999")
    assert len(titles(last)) == 3
    assert "There is no page 999: these are all the results." in last.get_text()
    assert "Nothing matched" in search(client, q="the of and").get_text()


def test_search_feed_lists_the_newest_matches(client, archive):
    response = client.get("/search/feed/", {"q": "ferry"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(response.content)
    assert [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")] == [
        "Mayor opens the new bridge",
        "Ostmark border talks resume",
        "Ferry pier vote delayed",
    ]
    for odd in ("", "a\x00b", "x" * 3000):
        assert client.get("/search/feed/", {"q": odd}).status_code == 200


def test_a_search_of_every_kind_is_a_handful_of_statements(archive, django_assert_max_num_queries):
    """At a million articles a search's time is mostly per statement. Without filters,
    one statement reads the query and the statistics estimate every kind; another counts,
    ranks and facets them all; then one fetches the rows of the page (articles) and one
    those of the preview (photos)."""
    from articles.search import SearchParams, run_search

    analyze_search_tables()
    run_search(SearchParams("pier"))  # the statistics are read once every few minutes
    with django_assert_max_num_queries(4):
        results = run_search(SearchParams("ferry"))
        shown = [article.headline for article in results.page.object_list]
    assert results.counts == {"articles": 3, "quotes": 0, "photos": 1}
    assert len(shown) == 3
    assert [photo.caption for photo in results.previews["photos"]] == [
        "Harbour master Ines Varga walks along the old ferry pier in Port Alder."
    ]


def test_photos_of_a_person_are_those_they_took_and_those_they_appear_in(client, db):
    osk, varga = make_person("Lena Osk"), make_person("Ines Varga")
    article = make_article("Harbour week", body="The harbour held its festival.")
    taken = Photo.objects.create(
        article=article, position=1, caption="Boats in the harbour at dawn.", photographer=osk
    )
    shown = Photo.objects.create(
        article=article, position=2, caption="Varga opens the harbour festival."
    )
    shown.people.add(osk, varga)
    Photo.objects.create(article=article, position=3, caption="The harbour crowd at noon.")

    def captions(**params):
        page = search(client, q="harbour", kind="photos", **params)
        return {
            p.select_one(".caption").get_text(" ", strip=True) for p in page.select(".result-photo")
        }

    assert captions(person="lena-osk") == {taken.caption, shown.caption}
    assert captions(person="ines-varga") == {shown.caption}
    assert len(captions()) == 3


def test_the_search_page_shows_its_rows_without_fetching_any_one_by_one(client, archive):
    """Results leave out what they do not show (vectors, bookkeeping times); a template
    reaching for a left-out field would fetch it row by row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    analyze_search_tables()
    client.get("/search/", {"q": "ferry"})  # the statistics are read once every few minutes
    with CaptureQueriesContext(connection) as statements:
        page = search(client, q="ferry")
    assert len(titles(page)) == 3 and page.select(".result-photo")
    # As run_search's own count (see above), and the coverage chart's one.
    assert len(statements.captured_queries) <= 5


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_pages_sorted_by_date_follow_on_in_date_order(client, db, sort):
    from datetime import UTC, datetime, timedelta

    start = datetime(2015, 1, 1, 8, tzinfo=UTC)
    for n in range(25):  # added out of date order
        day = start + timedelta(days=(n * 7) % 25)
        make_article(f"Tide table {n}", slug=f"tide-table-{n}", published_at=day)
    first = search(client, q="tide", sort=sort)
    second = soup(client.get("/search/" + first.select_one("a[rel=next]")["href"]))
    listed = titles(first) + titles(second)
    by_date = sorted(
        Article.objects.filter(headline__startswith="Tide table"),
        key=lambda a: (a.published_at, a.pk),
        reverse=sort == "newest",
    )
    assert listed == [a.headline for a in by_date]
