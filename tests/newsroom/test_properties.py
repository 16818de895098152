"""Property-based tests (hypothesis): whatever a reader puts in the search URL and whatever
an import file holds, the answer is a page or a clear message, never a 500 or a traceback,
and a record that fails writes nothing."""

import json
import os

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Person, Quote
from media_captions.models import Photo

pytestmark = pytest.mark.django_db

# Any text a URL can carry: every character but lone surrogates, NUL included.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
SEARCH_PARAMS = st.dictionaries(
    st.sampled_from(["q", "kind", "sort", "person", "place", "source", "from", "to", "page"]),
    st.one_of(
        TEXT,
        st.sampled_from(["john-kerry", "russia", "newest", "quotes", "2021-07-12", "-1", "9999"]),
        st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),
        st.from_regex(r'\A-?"?[a-z]{1,8}"? (OR )?-?[a-z]{1,8}\Z'),
    ),
    max_size=6,
)
PROPERTY = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(params=SEARCH_PARAMS)
def test_any_search_url_gets_a_page(client, seed, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert b"Traceback" not in response.content
    feed = client.get("/search/feed/", params)
    assert feed.status_code in (200, 400, 404)


def _snapshot() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Article, Quote, Photo, Person))


VALUES = st.one_of(TEXT, st.integers(), st.none(), st.booleans(), st.lists(TEXT, max_size=3))
JSON_RECORDS = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "headline": VALUES,
            "body": st.one_of(VALUES, st.lists(TEXT, max_size=4)),
            "published_at": st.one_of(VALUES, st.just("2021-07-12T10:00:00+00:00")),
            "status": st.one_of(VALUES, st.sampled_from(["draft", "published"])),
            "url": st.one_of(VALUES, st.just("https://gazette.example/a")),
            "quotes": st.one_of(
                VALUES, st.lists(st.dictionaries(st.sampled_from(["text", "speaker"]), VALUES))
            ),
            "photos": st.one_of(
                VALUES, st.lists(st.dictionaries(st.sampled_from(["caption", "credit"]), VALUES))
            ),
            "people": st.one_of(VALUES, st.lists(TEXT, max_size=3)),
            "places": st.one_of(VALUES, st.lists(TEXT, max_size=3)),
        },
    ).map(json.dumps),
    TEXT.map(lambda t: "{" + t),  # half-written JSON
)
WIRE_COPY = st.builds(
    lambda header, paragraphs: "\n".join(header) + "\n\n" + "\n\n".join(paragraphs),
    st.lists(
        st.one_of(
            st.builds("Headline: {}".format, TEXT),
            st.builds("Date: {}".format, st.one_of(TEXT, st.just("July 12, 2021"))),
            st.builds("Byline: {}".format, TEXT),
            st.builds("URL: {}".format, TEXT),
        ),
        max_size=4,
    ),
    st.lists(
        st.one_of(
            TEXT,
            st.builds("Caption {}".format, TEXT),
            st.builds("Credit: {}".format, TEXT),
            st.builds("“{}” {} said.".format, TEXT, TEXT),
        ),
        max_size=5,
    ),
)


@PROPERTY
@given(record=JSON_RECORDS, as_wire=st.booleans(), wire=WIRE_COPY)
def test_any_import_file_is_imported_or_refused_with_a_message(tmp_path, record, as_wire, wire):
    path = tmp_path / ("copy.txt" if as_wire else "lines.jsonl")
    path.write_text(wire if as_wire else record + "\n", encoding="utf-8")
    before = _snapshot()
    try:
        call_command("import_articles", str(path), verbosity=0)
    except CommandError as error:
        assert "record(s) failed" in str(error) or "no such file" in str(error)
        assert _snapshot() == before  # a refused record writes nothing
    else:
        assert _snapshot()[0] >= before[0]
