"""Operations: structured request logs, slow-query logs, and the readers' page cache."""

import json
import logging

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.builders import KERRY_SLUG, KERRY_URL

pytestmark = pytest.mark.django_db


def _records(caplog, logger: str) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == logger]


def test_every_request_is_logged_as_json_with_its_timings(client, seed, caplog):
    with caplog.at_level(logging.INFO, logger="newsroom.requests"):
        client.get(KERRY_URL)
        client.get("/no-such-page/")
    first, second = _records(caplog, "newsroom.requests")[-2:]
    assert (first["path"], first["status"], first["method"]) == (KERRY_URL, 200, "GET")
    assert first["ms"] > 0 and first["queries"] >= 1 and first["db_ms"] > 0
    assert first["bytes"] > 1000
    assert (second["path"], second["status"]) == ("/no-such-page/", 404)


def test_slow_queries_are_logged_with_their_sql(client, seed, caplog, settings):
    settings.SLOW_QUERY_MS = 0  # every query counts as slow
    with caplog.at_level(logging.WARNING, logger="newsroom.slow_queries"):
        client.get("/search/", {"q": "climate"})
    slow = _records(caplog, "newsroom.slow_queries")
    assert slow and all(entry["path"] == "/search/" for entry in slow)
    assert any("articles_article" in entry["sql"] for entry in slow)


def test_the_json_formatter_writes_one_object_per_line():
    from newsroom.logs import JsonFormatter

    record = logging.LogRecord(
        "newsroom.requests", logging.INFO, "", 0, '{"status": 200}', None, None
    )
    line = JsonFormatter().format(record)
    assert json.loads(line) | {"time": "t"} == {
        "time": "t",
        "level": "info",
        "logger": "newsroom.requests",
        "status": 200,
    }


@pytest.fixture
def page_cache(settings):
    middleware = list(django_settings.MIDDLEWARE)
    limiter = middleware.index("newsroom.ratelimit.RateLimitMiddleware")
    middleware.insert(limiter + 1, "django.middleware.cache.UpdateCacheMiddleware")
    middleware.append("django.middleware.cache.FetchFromCacheMiddleware")
    settings.MIDDLEWARE = middleware
    settings.CACHE_MIDDLEWARE_SECONDS = 30
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_reader_pages_are_cached_for_a_short_while(seed, page_cache):
    reader = Client()
    first = reader.get(KERRY_URL)
    assert "max-age=30" in first["Cache-Control"]
    Article.objects.filter(slug=KERRY_SLUG).update(headline="A corrected headline")
    with CaptureQueriesContext(connection) as queries:
        again = reader.get(KERRY_URL)
    assert again.content == first.content  # from the cache, up to 30 s old
    assert len(queries) == 0
    assert again["Content-Security-Policy"]  # headers are still set on cached pages
    caches["pages"].clear()  # ...until the entry expires
    assert "A corrected headline" in reader.get(KERRY_URL).content.decode()


def test_admin_pages_and_refusals_are_never_cached(seed, page_cache, admin_client, settings):
    admin_client.get("/admin/articles/article/")
    Article.objects.filter(slug=KERRY_SLUG).update(headline="Headline changed in between")
    page = admin_client.get("/admin/articles/article/").content.decode()
    assert "Headline changed in between" in page

    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "1/m"}
    reader = Client(REMOTE_ADDR="192.0.2.50")
    assert reader.get("/search/", {"q": "moscow"}).status_code == 200
    # The same search, cached, still counts against the limit.
    assert reader.get("/search/", {"q": "moscow"}).status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.51").get("/search/", {"q": "moscow"}).status_code == 200
