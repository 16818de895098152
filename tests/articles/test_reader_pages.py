"""What readers meet on the pages issue #17 asked for: pictures wherever there is a photo,
writers' pages from bylines, the front page's lead and who is in the news, charts people
can read and follow, and the sources' licences."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from media_captions.forms import PhotoForm
from media_captions.services import make_renditions
from tests.builders import make_article, make_person, make_place, search, soup, titles

pytestmark = pytest.mark.django_db

WHEN = datetime(2020, 3, 4, 9, 30, tzinfo=UTC)


def photo_of(article, *, people=(), place=None, photographer=None, image=True, **fields):
    """A photo in `article`, uploaded as an editor would (with its web renditions)."""
    data = {"article": article.pk, "position": 1, "caption": "Ferry at the new pier.", **fields}
    files = {}
    if image:
        out = BytesIO()
        Image.new("RGB", (1600, 1200), "teal").save(out, "JPEG")
        files["image"] = SimpleUploadedFile("pier.jpg", out.getvalue())
    form = PhotoForm(data, files)
    assert form.is_valid(), form.errors
    photo = form.save(commit=False)
    photo.place, photo.photographer = place, photographer
    photo.credit = f"{photographer.name}/Alder Gazette" if photographer else ""
    photo.save()
    photo.people.set(people)
    return make_renditions(photo)


def assert_responsive(img, photo):
    assert img["src"] in (photo.thumbnail.url, photo.large.url)
    assert img["srcset"] == f"{photo.thumbnail.url} 320w, {photo.large.url} 1280w"
    assert img["sizes"]
    assert (img["width"], img["height"]) == ("1600", "1200")
    assert img["loading"] == "lazy"
    assert img["alt"] == "Ferry at the new pier."


@pytest.fixture
def pictured(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person, taker = make_person("Ines Varga"), make_person("Olek Brandt")
    place = make_place("Port Alder")
    article = make_article(published_at=WHEN)
    article.people.add(person)
    article.places.add(place)
    photo = photo_of(article, people=[person], place=place, photographer=taker)
    return article, photo, person, taker, place


@pytest.mark.parametrize(
    "where",
    ["article", "home", "photo search", "person shown", "photographer", "place"],
)
def test_a_photo_is_a_responsive_picture_on_every_page_that_shows_it(client, pictured, where):
    article, photo, person, taker, place = pictured
    pages = {
        "article": (article.get_absolute_url(), "#photo-1 img"),
        "home": ("/", ".lead img"),
        "photo search": ("/search/?q=ferry&kind=photos", ".result-photo img"),
        "person shown": (person.get_absolute_url(), "#photos-heading ~ .photo-grid img"),
        "photographer": (taker.get_absolute_url(), "#credited-heading ~ .photo-grid img"),
        "place": (place.get_absolute_url(), "#photos-heading ~ .photo-grid img"),
    }
    url, selector = pages[where]
    img = soup(client.get(url)).select_one(selector)
    assert img is not None, f"no picture on the {where} page"
    assert_responsive(img, photo)


def test_a_photo_without_an_image_shows_its_caption_and_no_broken_picture(client, db):
    article = make_article(published_at=WHEN)
    photo_of(article, image=False)
    for url in (article.get_absolute_url(), "/search/?q=ferry&kind=photos", "/"):
        page = soup(client.get(url))
        assert page.select("main img") == [], url
    assert "Ferry at the new pier." in soup(client.get(article.get_absolute_url())).text


BYLINE = "By MARA QUILLFEATHER and Tobin Ashgrove, Alder Gazette"


def test_a_byline_links_each_writer_to_a_page_of_what_they_wrote(client, db):
    theirs = make_article("Pier opens to ferries", byline=BYLINE, published_at=WHEN)
    hers = make_article(
        "Council budget passes", byline="Mara Quillfeather", published_at=WHEN - timedelta(days=9)
    )
    make_article("Tide tables change", byline="Tobin Ashgrove", published_at=WHEN)
    make_article("Market day moves", byline="Ola Renske", published_at=WHEN)

    for url in (theirs.get_absolute_url(), "/search/?q=pier", "/archive/2020/03/"):
        links = {a.get_text(): a["href"] for a in soup(client.get(url)).select(".byline a")}
        assert links["MARA QUILLFEATHER"] == "/writers/mara-quillfeather/", url
        assert links["Tobin Ashgrove"] == "/writers/tobin-ashgrove/", url
    byline = soup(client.get(theirs.get_absolute_url())).select_one(".byline")
    assert byline.get_text() == BYLINE  # printed as it was written

    page = soup(client.get("/writers/mara-quillfeather/"))
    assert page.h1.get_text() == "Mara Quillfeather"
    headlines = [h.get_text(strip=True) for h in page.select(".summary h2")]
    assert headlines == ["Pier opens to ferries", "Council budget passes"]
    assert hers.headline in headlines
    assert "2 articles" in page.select_one(".entity-header .meta").get_text()


def test_a_writer_who_is_also_in_the_news_links_to_their_person_page(client, db):
    make_article(byline="By Ola Renske", published_at=WHEN)
    person = make_person("Ola Renske")
    page = soup(client.get("/writers/ola-renske/"))
    assert page.select_one(f'.entity-header a[href="{person.get_absolute_url()}"]')


def test_a_writer_nobody_wrote_as_is_not_found(client, db):
    make_article(byline="By Ola Renske", published_at=WHEN)
    assert client.get("/writers/nobody-here/").status_code == 404
    # An agency is not a writer, though its name is in the byline.
    make_article("Second", byline="By Ola Renske, Alder Press", published_at=WHEN)
    assert client.get("/writers/alder-press/").status_code == 404


def test_the_front_page_leads_with_the_newest_story_and_its_picture(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    older = make_article("Older story", published_at=WHEN - timedelta(days=1))
    newest = make_article("Newest story", published_at=WHEN)
    photo_of(newest)
    page = soup(client.get("/"))
    lead = page.select_one(".lead")
    assert lead.select_one("h2").get_text(strip=True) == "Newest story"
    assert lead.select_one("img")
    assert [h.get_text(strip=True) for h in page.select(".summary h2")] == [older.headline]
    # Page 2 has no lead: it is the list going on.
    for i in range(25):
        make_article(f"Filler {i}", published_at=WHEN - timedelta(days=2 + i))
    cache.clear()  # the count of published articles is kept for a minute
    second = client.get("/?page=2")
    assert second.status_code == 200
    assert soup(second).select_one(".lead") is None
    assert len(soup(second).select(".summary")) == 7  # 27 articles, 20 a page


def test_the_front_page_says_who_and_where_is_in_the_news_this_week(client, db):
    busy, quiet, earlier = (
        make_person("Ines Varga"),
        make_person("Olek Brandt"),
        make_person("Ada Morrow"),
    )
    port = make_place("Port Alder")
    for day in range(3):
        a = make_article(f"Story {day}", published_at=WHEN - timedelta(days=day))
        a.people.add(busy)
        a.places.add(port)
    make_article("Quiet", published_at=WHEN - timedelta(days=4)).people.add(quiet)
    make_article("Long ago", published_at=WHEN - timedelta(days=10)).people.add(earlier)

    news = soup(client.get("/")).select_one(".in-the-news")

    def listed(heading):
        items = news.select(f"h3:-soup-contains('{heading}') + ul li")
        return [li.get_text(" ", strip=True) for li in items]

    assert listed("Who") == ["Ines Varga 3 stories", "Olek Brandt 1 story"]
    where = listed("Where")
    assert where == ["Port Alder 3 stories"]
    assert "26 February to 4 March 2020" in news.get_text(" ", strip=True)


def test_an_empty_archive_has_no_lead_and_says_so(client, db):
    page = soup(client.get("/"))
    assert page.select_one(".lead") is None
    assert "No articles have been published yet" in page.select_one(".empty").get_text()


def _chart_links(page, chart_id):
    svg = page.select_one(f"#{chart_id}-title").find_parent("svg")
    return svg, [a["href"] for a in svg.select("a")]


def test_a_person_timeline_has_years_on_its_axis_and_bars_that_open_that_month(client, db):
    person = make_person("Ines Varga")
    for when in (datetime(2018, 5, 2, tzinfo=UTC), datetime(2020, 3, 4, tzinfo=UTC)):
        make_article(f"Story of {when:%B %Y}", published_at=when).people.add(person)
    make_article("Not about her", published_at=datetime(2020, 3, 9, tzinfo=UTC))

    page = soup(client.get(person.get_absolute_url()))
    svg, links = _chart_links(page, "timeline")
    assert svg["role"] == "group"
    assert svg.select_one("title").get_text() == "Articles mentioning Ines Varga, by month"
    assert "2 articles from May 2018 to March 2020" in svg.select_one("desc").get_text()
    axis = [t.get_text() for t in svg.select(".chart__axis text")]
    assert {"2018", "2019", "2020"} <= set(axis)
    assert "Articles a month" in axis
    assert len(links) == 2
    query = parse_qs(urlsplit(links[1]).query)
    assert query == {"person": ["ines-varga"], "from": ["2020-03-01"], "to": ["2020-03-31"]}
    # The same months, as a list of links for keyboards and screen readers.
    listed = [a.get_text() for a in page.select(".chart__list a")]
    assert listed == ["May 2018", "March 2020"]

    month = search(client, **{k: v[0] for k, v in query.items()})
    assert [h.get_text(strip=True) for h in month.select(".summary h2")] == ["Story of March 2020"]


def test_a_place_timeline_bars_open_that_place_and_month(client, db):
    place = make_place("Port Alder")
    make_article(published_at=WHEN).places.add(place)
    _, links = _chart_links(soup(client.get(place.get_absolute_url())), "timeline")
    assert parse_qs(urlsplit(links[0]).query)["place"] == ["port-alder"]


def test_a_search_shows_its_matches_per_year_and_each_bar_narrows_to_that_year(client, db):
    for year, count in ((2017, 2), (2019, 3)):
        for i in range(count):
            when = datetime(year, 6, 1 + i, tzinfo=UTC)
            make_article(f"Ferry news {year} {i}", published_at=when)
    make_article("Harbour dredging", published_at=datetime(2018, 1, 1, tzinfo=UTC))

    page = search(client, q="ferry")
    svg, links = _chart_links(page, "coverage")
    bars = [t.get_text() for t in svg.select("a title")]
    assert bars == ["2017: 2 articles", "2019: 3 articles"]
    assert "5 articles from 2017 to 2019" in svg.select_one("desc").get_text()
    assert page.select_one(".chart__note") is None  # exact counts, nothing to say
    query = parse_qs(urlsplit(links[1]).query)
    assert (query["q"], query["from"], query["to"]) == (["ferry"], ["2019-01-01"], ["2019-12-31"])

    within = search(client, **{k: v[0] for k, v in query.items()})
    assert len(within.select(".search-results .summary")) == 3
    # Within one year the chart counts months.
    svg, _ = _chart_links(within, "coverage")
    assert [t.get_text() for t in svg.select("a title")] == ["June 2019: 3 articles"]


def test_a_search_too_big_to_count_says_its_chart_is_estimated(client, db, monkeypatch):
    from articles.search import coverage, params

    monkeypatch.setattr(params, "EXACT_LIMIT", 2)
    monkeypatch.setattr(params, "PREVIEW_EXACT_LIMIT", 2)
    for i in range(6):
        make_article(f"Ferry news {i}", published_at=datetime(2015 + i % 2, 6, 1 + i, tzinfo=UTC))
    from articles.templatetags import archive

    monkeypatch.setattr(archive, "COUNT_CAP", 2)  # estimates above it read "about N"
    page = search(client, q="ferry")
    tab = page.select_one(".kind-tabs a[href*=articles]").get_text(" ", strip=True)
    # An estimate is said once: "about 3", never "about more than 2".
    assert re.fullmatch(r"Articles \((about [\d,]+|more than 2)\)", tab), tab
    assert page.select_one(".result-count").get_text().startswith("About ")
    # Six matches in the sample are too few to draw: no chart rather than a guess.
    assert page.select_one("#coverage-title") is None
    monkeypatch.setattr(coverage, "MIN_SAMPLED", 5)
    cache.clear()
    note = search(client, q="ferry").select_one(".chart__note")
    assert note is not None and "Estimated from a sample" in note.get_text()
    assert "6 matching articles" in note.get_text()


def test_a_licensed_source_shows_its_licence_and_the_about_page_credits_it(client, db):
    story = make_article(
        "Ferry strike ends", source="Wikinews", url="https://en.wikinews.org/wiki/Ferry_strike"
    )
    licence = soup(client.get(story.get_absolute_url())).select_one(".licence")
    assert "Wikinews contributors" in licence.get_text()
    hrefs = [a["href"] for a in licence.select("a")]
    assert "https://creativecommons.org/licenses/by/2.5/" in hrefs
    assert story.url in hrefs
    about = soup(client.get("/about/"))
    assert "1 article in the archive comes from Wikinews" in about.get_text(" ", strip=True)
    assert about.select_one('a[rel="license"]')["href"].endswith("/by/2.5/")
    footer = soup(client.get("/")).select_one(".site-footer a")
    assert footer["href"] == "/about/"


def test_an_own_story_shows_no_licence(client, db):
    story = make_article(source="Alder Gazette")
    assert soup(client.get(story.get_absolute_url())).select_one(".licence") is None
    assert Article.objects.count() == 1


def test_expired_person_figures_are_shown_once_more_while_they_are_recomputed(
    client, db, monkeypatch
):
    """The first view after a person's figures expire does not wait for them (at a million
    articles they took up to a second): it gets the previous ones, the next view the new."""
    from articles import profiles

    person = make_person("Ines Varga")
    make_article("First", published_at=WHEN).people.add(person)

    def count():
        heading = soup(client.get(person.get_absolute_url())).select_one("#articles-heading")
        return heading.select_one(".count").get_text()

    assert count() == "(1)"
    make_article("Second", published_at=WHEN + timedelta(days=1)).people.add(person)
    assert count() == "(1)"  # fresh for PROFILE_SECONDS
    monkeypatch.setattr(profiles, "PROFILE_SECONDS", -1)  # now expired
    assert count() == "(1)"  # answered at once from the previous figures...
    assert count() == "(2)"  # ...recomputed after that response went out


def test_a_photo_on_an_object_store_is_shared_by_its_own_address(client, pictured, settings):
    """og:image names the photo where it is: on this site, or on the media store's host."""
    article, photo, *_ = pictured
    page = soup(client.get(article.get_absolute_url()))
    assert page.select_one('meta[property="og:image"]')["content"] == (
        f"http://testserver{photo.image.url}"
    )
    settings.MEDIA_URL = "https://media.example.org/archive/"
    page = soup(client.get(article.get_absolute_url()))
    assert page.select_one('meta[property="og:image"]')["content"].startswith(
        "https://media.example.org/archive/photos/"
    )


def test_a_timeline_over_decades_is_drawn_by_year_so_its_bars_can_be_read(client, db):
    person = make_person("Ines Varga")
    for i, year in enumerate((1990, 1990, 2015)):
        when = datetime(year, 6, 1, tzinfo=UTC)
        make_article(f"Story {i}", published_at=when).people.add(person)
    page = soup(client.get(person.get_absolute_url()))
    svg, links = _chart_links(page, "timeline")
    assert svg.select_one("title").get_text() == "Articles mentioning Ines Varga, by year"
    assert [t.get_text() for t in svg.select("a title")] == ["1990: 2 articles", "2015: 1 article"]
    query = parse_qs(urlsplit(links[0]).query)
    assert (query["from"], query["to"]) == (["1990-01-01"], ["1990-12-31"])
    assert "Articles a year" in [t.get_text() for t in svg.select(".chart__axis text")]


def test_a_person_without_words_lists_all_their_articles_past_the_first_two_hundred(client, db):
    """The browse reads ids only as far as the page asked for; the count is still all."""
    person = make_person("Ines Varga")
    links = []
    for i in range(230):
        article = make_article(f"Note {i}", published_at=WHEN + timedelta(hours=i))
        links.append(Article.people.through(article=article, person=person))
    Article.people.through.objects.bulk_create(links)
    first = search(client, person="ines-varga", kind="articles")
    assert "230 articles" in first.select_one(".result-count").get_text()
    last = search(client, person="ines-varga", kind="articles", page=12)
    headlines = [h.get_text(strip=True) for h in last.select(".search-results .summary h2")]
    assert headlines == [f"Note {i}" for i in range(9, -1, -1)]


def test_a_place_without_words_lists_its_articles_quotes_and_photos(client, db, settings):
    """A place's own (datelined there or mentioning it, places within it included), newest
    first, each kind counted; another place's stay out."""
    from articles.models import Quote

    port = make_place("Port Alder")
    quay = make_place("Alder Quay", parent=port)
    elsewhere = make_place("Ostmark")
    speaker = make_person("Ines Varga")
    datelined = make_article("Datelined at the quay", dateline=quay, published_at=WHEN)
    mentioning = make_article("Mentions the port", published_at=WHEN - timedelta(days=1))
    mentioning.places.add(port)
    other = make_article("Elsewhere entirely", dateline=elsewhere, published_at=WHEN)
    for n, article in enumerate((datelined, mentioning, other), 1):
        Quote.objects.create(article=article, position=1, text=f"Quote {n}", speaker=speaker)
    page = search(client, place="port-alder")
    assert titles(page) == ["Datelined at the quay", "Mentions the port"]
    tabs = page.select_one(".kind-tabs").get_text(" ", strip=True)
    assert "Articles (2)" in tabs and "Quotes (2)" in tabs
    quotes = search(client, place="port-alder", kind="quotes")
    assert [q.get_text(strip=True) for q in quotes.select("blockquote")] == ["Quote 1", "Quote 2"]
