"""The read-only JSON API at /api/v1/, against the seed story and an invented archive."""

import json
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from django.core.management import call_command

from articles.models import Article, Quote
from media_captions.models import Photo
from tests.builders import KERRY_SLUG, KERRY_URL, make_article, make_person, soup

pytestmark = pytest.mark.django_db
API = "/api/v1"


def get(client, path, status=200, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_an_article_is_a_line_of_export_articles_plus_its_page_address(client, seed, capsys):
    call_command("export_articles")
    exported = json.loads(capsys.readouterr().out.splitlines()[0])

    listed = get(client, "/articles/")
    assert listed["count"] == 1 and listed["next"] is None and listed["previous"] is None
    article = listed["results"][0]
    assert article.pop("page_url") == f"http://testserver{KERRY_URL}"
    assert article == exported

    one = get(client, f"/articles/2021/07/12/{KERRY_SLUG}/")
    assert one["headline"].startswith("Kerry presses Russia on climate")
    assert [q["speaker"] for q in one["quotes"]] == ["John Kerry"]
    assert {p["credit"] for p in one["photos"]} == {"Dimitar Dilkoff/Pool Photo via AP"}


def test_an_article_at_the_wrong_date_is_a_json_404(client, seed):
    body = get(client, f"/articles/2021/07/13/{KERRY_SLUG}/", status=404)
    assert "no published article" in body["detail"]
    assert "detail" in get(client, "/nothing-here/", status=404)


def test_people_list_and_detail_with_quotes_and_counts(client, seed):
    people = get(client, "/people/")
    names = [p["name"] for p in people["results"]]
    assert "John Kerry" in names and "Sergey Lavrov" in names
    assert [p["name"] for p in get(client, "/people/", q="lavr")["results"]] == ["Sergey Lavrov"]

    kerry = get(client, "/people/john-kerry/")
    assert kerry["description"] == "U.S. climate envoy"
    assert kerry["counts"]["articles"] == 1 and kerry["counts"]["quotes"] == 1
    assert "chemical weapons" in kerry["quotes"][0]["text"]
    assert kerry["quotes"][0]["article"]["page_url"].endswith(KERRY_URL)
    assert get(client, "/people/nobody-at-all/", status=404)["detail"]


def test_places_with_parent_and_children(client, seed):
    moscow = get(client, "/places/moscow/")
    assert moscow["parent"]["slug"] == "russia"
    russia = get(client, "/places/russia/")
    assert "moscow" in [child["slug"] for child in russia["children"]]
    assert russia["counts"]["articles"] >= 1
    assert "Moscow" in [p["name"] for p in get(client, "/places/", q="mosc")["results"]]


def test_quotes_by_words_and_speaker(client, seed):
    found = get(client, "/quotes/", q="nuclear weapons", speaker="john-kerry")
    assert found["count"] == 1
    assert found["results"][0]["speaker"]["name"] == "John Kerry"
    assert get(client, "/quotes/", q="nuclear weapons", speaker="sergey-lavrov")["count"] == 0
    assert "speaker" in get(client, "/quotes/", speaker="no-such-person", status=400)["errors"]


def test_photos_by_caption_photographer_and_place(client, seed):
    by_photographer = get(client, "/photos/", photographer="dimitar-dilkoff")
    assert by_photographer["count"] == Photo.objects.count()
    assert all("Dilkoff" in p["credit"] for p in by_photographer["results"])
    assert get(client, "/photos/", q="Lavrov gestures")["count"] >= 1
    assert get(client, "/photos/", q="lighthouse")["count"] == 0


def test_drafts_never_appear(client, seed):
    draft = make_article(
        "Zephyrine plan leaked before vote",
        body="The zephyrine plan was drafted in secret.",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    speaker = make_person("Orla Quenby")
    draft.people.add(speaker)
    Quote.objects.create(article=draft, position=1, text="Zephyrine is ready", speaker=speaker)
    Photo.objects.create(article=draft, position=1, caption="Zephyrine plans on a desk")
    assert get(client, "/articles/", q="zephyrine")["count"] == 0
    assert get(client, "/articles/")["count"] == 1
    assert get(client, "/quotes/", q="zephyrine")["count"] == 0
    assert get(client, "/quotes/", speaker="orla-quenby")["count"] == 0
    assert get(client, "/photos/", q="zephyrine")["count"] == 0
    assert get(client, "/people/orla-quenby/")["counts"] == {
        "articles": 0,
        "quotes": 0,
        "photos": 0,
    }
    assert get(client, "/suggest/", q="zephyr")["headlines"] == []


def _page_links(client, **params) -> list[str]:
    page = soup(client.get("/search/", {**params, "kind": "articles"}))
    return [a["href"] for a in page.select(".search-results .summary h2 a")]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "ferry"},
        {"q": "ferry", "sort": "oldest"},
        {"q": "ferry OR bridge", "source": "Veloria Wire"},
        {"q": "ferry", "place": "veloria"},
        {"q": "ferry", "from": "2020-01-01", "to": "2020-12-31"},
    ],
)
def test_the_api_and_the_page_give_the_same_results(client, archive, params):
    for n in range(25):  # enough for two pages of the first search
        make_article(
            f"Ferry timetable notice {n}",
            body="The ferry runs late on Sundays.",
            published_at=datetime(2020, 1 + n % 12, 1 + n, 8, tzinfo=UTC),
        )
    page, pages = 1, 0
    while page:
        on_page = _page_links(client, **params, page=page)
        api = get(client, "/articles/", **params, page=page)
        assert on_page
        assert [a["page_url"].removeprefix("http://testserver") for a in api["results"]] == on_page
        page, pages = (page + 1 if api["next"] else None), pages + 1
    if params == {"q": "ferry"}:
        assert pages == 2


def test_pagination_links_and_total(client, db):
    for n in range(45):
        make_article(
            f"Tide table for day {n}", published_at=datetime(2022, 1, 1 + n % 28, tzinfo=UTC)
        )
    first = get(client, "/articles/")
    assert first["count"] == 45 and len(first["results"]) == 20 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["previous"] and second["next"]
    third = client.get(second["next"]).json()
    assert len(third["results"]) == 5 and third["next"] is None
    seen = {a["slug"] for page in (first, second, third) for a in page["results"]}
    assert len(seen) == 45
    assert "past the end" in get(client, "/articles/", page=4, status=404)["detail"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2021-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"page": "two"}, "page"),
        ({"page": "0"}, "page"),
        ({"sort": "random"}, "sort"),
        ({"person": "nobody-we-know"}, "person"),
        ({"place": "atlantis"}, "place"),
        ({"q": "x" * 501}, "q"),
        ({"q": "nul\x00byte"}, "q"),
        ({"from": "2021-07-12", "to": "2021-07-01"}, "to"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, seed, params, field):
    body = get(client, "/articles/", status=400, **params)
    assert field in body["errors"]
    assert field in body["detail"]


def test_responses_can_be_revalidated_and_read_from_other_sites(client, seed):
    url = f"{API}/articles/2021/07/12/{KERRY_SLUG}/"
    response = client.get(url)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert response["Last-Modified"]
    etag = response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    Article.objects.filter(slug=KERRY_SLUG).update(headline="Kerry presses Russia, corrected")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    preflight = client.options(f"{API}/articles/", HTTP_ORIGIN="https://example.org")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_the_api_is_rate_limited_with_a_json_429(client, seed, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/m"}
    from django.test import Client

    limited = Client(REMOTE_ADDR="192.0.2.7")
    for _ in range(3):
        assert limited.get(f"{API}/people/").status_code == 200
    response = limited.get(f"{API}/people/")
    assert response.status_code == 429
    assert "Too many requests" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    assert Client(REMOTE_ADDR="192.0.2.8").get(f"{API}/people/").status_code == 200


def test_openapi_description_and_docs(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in (
        "/articles/",
        "/people/{slug}/",
        "/places/{slug}/",
        "/quotes/",
        "/photos/",
        "/suggest/",
    ):
        assert f"{API}{path}" in paths
    docs = client.get(f"{API}/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


# Autocomplete -----------------------------------------------------------------------


def test_suggest_finds_people_places_and_headlines_by_word_prefix(client, seed):
    found = get(client, "/suggest/", q="Ker")
    assert found["people"][0]["label"] == "John Kerry"
    assert found["people"][0]["url"] == "http://testserver/people/john-kerry/"
    assert found["headlines"][0]["url"].endswith(KERRY_URL)
    assert get(client, "/suggest/", q="jo ker")["people"][0]["label"] == "John Kerry"
    assert get(client, "/suggest/", q="mosc")["places"][0]["label"] == "Moscow"
    assert get(client, "/suggest/", q="k") == {
        "query": "k",
        "people": [],
        "places": [],
        "headlines": [],
    }
    assert get(client, "/suggest/", q="zzqx")["people"] == []


def test_suggest_ranks_people_by_how_many_articles_mention_them(client, db):
    rare, common = make_person("Kestrel Amundo"), make_person("Kesia Brandt")
    for n in range(3):
        make_article(f"Harbour report {n}").people.add(common)
    make_article("Harbour report extra").people.add(rare)
    people = get(client, "/suggest/", q="kes")["people"]
    assert [(p["label"], p["count"]) for p in people] == [
        ("Kesia Brandt", 3),
        ("Kestrel Amundo", 1),
    ]
    Article.objects.get(slug="harbour-report-extra").people.add(common)
    Article.objects.filter(slug__startswith="harbour-report-").exclude(
        slug="harbour-report-extra"
    ).delete()
    people = get(client, "/suggest/", q="kes")["people"]
    assert [(p["label"], p["count"]) for p in people] == [
        ("Kesia Brandt", 1),
        ("Kestrel Amundo", 1),
    ]


def test_suggest_takes_hostile_input_calmly(client, seed):
    for text in ["'", "&|!:*", "ker:* | x", "<script>", "ü" * 200, "(((", "\u202eker"]:
        body = get(client, "/suggest/", q=text)
        assert body["query"] == text
    assert "q" in get(client, "/suggest/", status=400)["errors"]


def test_opensearch_description_is_linked_from_every_page(client, seed):
    for path in ("/", KERRY_URL, "/people/", "/search/?q=kerry"):
        link = soup(client.get(path)).select_one('link[rel="search"]')
        assert link["type"] == "application/opensearchdescription+xml"
    response = client.get(link["href"])
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ElementTree.fromstring(response.content)
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    templates = {u.get("type"): u.get("template") for u in root.findall("os:Url", ns)}
    assert templates["text/html"] == "http://testserver/search/?q={searchTerms}"
    suggestions = client.get(
        templates["application/x-suggestions+json"].replace("{searchTerms}", "Ker")
    )
    query, completions, _, urls = suggestions.json()
    assert query == "Ker" and "John Kerry" in completions
    assert "http://testserver/people/john-kerry/" in urls
