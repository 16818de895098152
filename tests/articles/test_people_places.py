"""People, places and the date archive, as readers browse them."""

import json
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Quote
from media_captions.models import Photo
from tests.builders import CREDIT, KERRY_URL, make_article, make_person, make_place, soup

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response)


def test_people_list_shows_counts_letters_and_filters_by_name(client, seed):
    people = page(client, "/people/")
    rows = {
        row.th.get_text(): [td.get_text() for td in row.select("td.num")]
        for row in people.select("table.directory tbody tr")
    }
    assert rows["Kerry, John"] == ["1", "1", "4"]
    assert rows["Dilkoff, Dimitar"] == ["0", "0", "0"]
    assert [a.get_text() for a in people.select("nav.letters a")][:3] == ["All", "A", "B"]
    k = page(client, "/people/?letter=K")
    assert [r.th.get_text() for r in k.select("tbody tr")] == ["Kerry, John"]
    named = page(client, "/people/?name=lavr")
    assert [r.th.get_text() for r in named.select("tbody tr")] == ["Lavrov, Sergey"]
    nobody = page(client, "/people/?name=zzz&letter=Q")
    assert "Nobody called “zzz” under Q is in the archive yet." in nobody.get_text()


def test_people_list_is_paginated(client, db):
    for n in range(55):
        make_person(f"Ines Varga{n:02d}", slug=f"ines-varga-{n}")
    first = page(client, "/people/")
    assert len(first.select("tbody tr")) == 50
    second = page(client, "/people/" + first.select_one("a[rel=next]")["href"])
    assert len(second.select("tbody tr")) == 5


def test_person_page_joins_quotes_photos_articles_and_company(client, seed):
    kerry = page(client, "/people/john-kerry/")
    assert kerry.find("h1").get_text() == "John Kerry"
    assert "U.S. climate envoy" in kerry.select_one(".entity-header").get_text()
    quote = kerry.select_one("figure.quote")
    assert "We spent years" in quote.get_text()
    assert quote.select_one("figcaption a")["href"].startswith(KERRY_URL)
    assert len(kerry.select("#photos-heading + .photo-grid figure")) == 4
    assert kerry.select_one("#articles-heading").find_next("a")["href"] == KERRY_URL
    company = {
        li.a.get_text(): li.select_one(".count").get_text()
        for li in kerry.select("#people-with + ul li")
    }
    assert company["Sergey Lavrov"] == "1 article" and "John Kerry" not in company
    places = [li.a["href"] for li in kerry.select("#places-with + ul li")]
    assert "/places/moscow/" in places


def test_person_timeline_is_an_accessible_svg(client, db):
    person = make_person()
    for i, month in enumerate([1, 1, 3]):
        article = make_article(
            f"Ferry story {i}", published_at=datetime(2020, month, 5, tzinfo=UTC)
        )
        article.people.add(person)
    svg = page(client, person.get_absolute_url()).select_one(".chart svg")
    assert svg["role"] == "group"
    labels = [bar.get_text() for bar in svg.select("a title")]
    assert labels == ["January 2020: 2 articles", "March 2020: 1 article"]
    assert "3 articles from January 2020 to March 2020" in svg.desc.get_text()


def test_photographer_page_lists_photos_credited_to_them(client, seed):
    dilkoff = page(client, "/people/dimitar-dilkoff/")
    assert len(dilkoff.select("#credited-heading + .photo-grid figure")) == 4


def test_person_articles_are_paginated_newest_first(client, db):
    person = make_person()
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for n in range(23):
        article = make_article(f"Harbour note {n}", published_at=start + timedelta(days=n))
        article.people.add(person)
    first = page(client, person.get_absolute_url())
    headlines = [a.get_text() for a in first.select(".summary h2 a")]
    assert headlines[:2] == ["Harbour note 22", "Harbour note 21"] and len(headlines) == 20
    second = page(client, person.get_absolute_url() + first.select_one("a[rel=next]")["href"])
    assert [a.get_text() for a in second.select(".summary h2 a")] == [
        "Harbour note 2",
        "Harbour note 1",
        "Harbour note 0",
    ]


def test_places_list_groups_places_by_country_with_counts(client, seed):
    places = page(client, "/places/")
    russia = places.select_one("#country-russia").find_parent("section")
    assert "1 article" in russia.h2.get_text()
    assert [a.get_text() for a in russia.select("ul a")] == ["Moscow"]


def test_place_page_shows_photos_people_and_the_places_around_it(client, seed):
    moscow = page(client, "/places/moscow/")
    assert moscow.select_one(".parent-place")["href"] == "/places/russia/"
    assert [c.get_text() for c in moscow.select("figure.photo .credit")] == [CREDIT] * 4
    assert KERRY_URL in [a["href"] for a in moscow.select(".summary a")]
    people = [li.a.get_text() for li in moscow.select("#people-with + ul li")]
    assert "John Kerry" in people
    russia = page(client, "/places/russia/")
    assert "/places/moscow/" in [a["href"] for a in russia.select("#within-heading + ul a")]
    assert KERRY_URL in [a["href"] for a in russia.select(".summary a")]


def test_feeds_for_people_and_places(client, seed):
    for url in ("/people/john-kerry/feed/", "/places/moscow/feed/"):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ElementTree.fromstring(response.content)
        assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == [
            Article.objects.get().headline
        ]
    assert client.get("/people/nobody/feed/").status_code == 404


def test_date_archive_by_year_month_and_day_with_neighbours(client, seed):
    make_article("Ferry pier vote delayed", published_at=datetime(2019, 5, 1, 8, tzinfo=UTC))
    index = page(client, "/archive/")
    assert [a.get_text() for a in index.select("nav.letters a")] == ["2021", "2019"]
    year = page(client, "/archive/2021/")
    assert [a.get_text() for a in year.select("nav.letters a")] == ["July"]
    assert year.select_one("a[rel=prev]")["href"] == "/archive/2019/"
    month = page(client, "/archive/2021/07/")
    assert [a.get_text() for a in month.select("nav.letters a")] == ["12"]
    day = page(client, "/archive/2021/07/12/")
    assert [a["href"] for a in day.select(".summary h2 a")] == [KERRY_URL]
    assert day.select_one("a[rel=prev]")["href"] == "/archive/2019/05/01/"
    assert client.get("/archive/2020/").status_code == 404  # the links skip it


@pytest.mark.parametrize(
    "url",
    [
        "/people/nobody/",
        "/places/atlantis/",
        "/archive/2021/13/",
        "/archive/99999/",
        "/archive/2021/02/31/",
    ],
)
def test_unknown_people_places_and_dates_are_404_pages_in_the_site_design(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert soup(response).select_one("form[role=search]")


def test_sitemap_and_robots(client, seed):
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    urls = []
    for section in sections:
        path = section.split("testserver", 1)[1]
        tree = ElementTree.fromstring(client.get(path).content)
        urls += [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"http://testserver{KERRY_URL}" in urls
    assert "http://testserver/people/john-kerry/" in urls
    assert "http://testserver/places/moscow/" in urls
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /admin/" in robots


def test_article_page_has_canonical_open_graph_and_news_article_json_ld(client, seed):
    html = page(client, KERRY_URL)
    assert html.select_one("link[rel=canonical]")["href"] == f"http://testserver{KERRY_URL}"
    assert html.select_one('meta[property="og:title"]')["content"] == seed.headline
    data = json.loads(html.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == seed.headline
    assert data["datePublished"].startswith("2021-07-12")
    assert {"John Kerry", "Sergey Lavrov"} <= {m["name"] for m in data["mentions"]}


def test_json_ld_cannot_be_broken_out_of(client, db):
    article = make_article("Ends </script><script>alert(1)</script>", slug="ends")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    ld = soup(client.get(article.get_absolute_url())).select_one(
        'script[type="application/ld+json"]'
    )
    assert json.loads(ld.string)["headline"].startswith("Ends </script>")


def _build_archive(person, place, n: int, start: int) -> None:
    speaker = person
    for i in range(start, start + n):
        article = make_article(
            f"Harbour story {i}",
            slug=f"harbour-story-{i}",
            published_at=datetime(2000, 1, 1, tzinfo=UTC) + timedelta(days=37 * i),
            dateline=place,
        )
        other = make_person(f"Tomas Reyl {i}", slug=f"tomas-reyl-{i}")
        article.people.add(person, other)
        article.places.add(place)
        Quote.objects.create(article=article, position=1, text=f"Words {i}", speaker=speaker)
        photo = Photo.objects.create(
            article=article, position=1, caption=f"At the pier {i}", place=place, photographer=other
        )
        photo.people.add(person)


@pytest.mark.parametrize("which", ["person", "place"])
def test_person_and_place_pages_need_the_same_queries_for_many_articles(client, db, which):
    person, place = make_person(), make_place()
    url = person.get_absolute_url() if which == "person" else place.get_absolute_url()
    _build_archive(person, place, 3, 0)
    cache.clear()  # measure the full page, aggregates included, both times
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _build_archive(person, place, 40, 3)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert "Harbour story 42" in response.content.decode()
    assert len(many) == len(few), [q["sql"][:80] for q in many.captured_queries]


def test_an_unpublished_article_leaves_person_and_place_pages_at_once(client, seed):
    assert KERRY_URL in [
        a["href"] for a in page(client, "/people/john-kerry/").select(".summary a")
    ]
    assert len(page(client, "/places/moscow/").select("figure.photo")) == 4  # now cached
    Article.objects.filter(pk=seed.pk).update(status=Article.Status.DRAFT)
    kerry = page(client, "/people/john-kerry/")
    assert not kerry.select(".summary") and not kerry.select("figure.quote")
    assert not page(client, "/places/moscow/").select("figure.photo")


def test_a_persons_quotes_have_a_page_of_their_own_paginated_with_a_feed(client, db):
    speaker = make_person("Ines Varga")
    for n in range(25):
        article = make_article(
            f"Harbour notes {n}",
            slug=f"harbour-notes-{n}",
            published_at=datetime(2020, 1, 1 + n, 9, 0, tzinfo=UTC),
        )
        Quote.objects.create(
            article=article, position=1, text=f"The pier will open, note {n}.", speaker=speaker
        )
    person_page = soup(client.get("/people/ines-varga/"))
    link = person_page.find("a", string="All quotes of Ines Varga →")
    assert link["href"] == "/people/ines-varga/quotes/"
    first = soup(client.get(link["href"]))
    texts = [q.get_text() for q in first.select("figure.quote blockquote")]
    assert len(texts) == 20 and "note 24" in texts[0] and "note 5" in texts[-1]  # newest first
    assert "25 quotes" in first.select_one(".result-count").get_text()
    second = soup(client.get(link["href"], {"page": 2}))
    assert len(second.select("figure.quote")) == 5
    feed = client.get("/people/ines-varga/quotes/feed/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    entries = ElementTree.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 20
    assert client.get("/people/nobody-at-all/quotes/").status_code == 404


def test_an_article_shows_related_stories_sharing_its_people_and_places(client, db):
    varga, brel = make_person("Ines Varga"), make_person("Anton Brel")
    alder = make_place("Port Alder", kind="city")
    when = datetime(2020, 6, 1, 9, 0, tzinfo=UTC)

    def story(title, people=(), places=(), days=0, **fields):
        article = make_article(title, published_at=when + timedelta(days=days), **fields)
        article.people.add(*people)
        article.places.add(*places)
        return article

    main = story("Pier vote in Port Alder", (varga, brel), (alder,))
    story("Varga and Brel sign the pier deal", (varga, brel), (), days=30)
    story("Varga speaks on the ferry", (varga,), (), days=5)
    story("Port Alder market reopens", (), (alder,), days=400)
    story("Unrelated weather report", (), (), days=1)
    story("Varga and Brel years later", (varga, brel), (alder,), days=365 * 5)
    story("Draft about Varga", (varga, brel), (alder,), days=2, status=Article.Status.DRAFT)
    page = soup(client.get(main.get_absolute_url()))
    related = [a.get_text() for a in page.select(".related li a")]
    assert related == [
        "Varga and Brel sign the pier deal",  # shares two people
        "Varga speaks on the ferry",  # one person, nearer than the market's place
        "Port Alder market reopens",
    ]
