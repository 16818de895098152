"""Fixtures shared by every test."""

import os

import pytest
from hypothesis import settings as hypothesis_settings

from articles.models import Article
from tests.builders import KERRY_SLUG, load_fixtures

# The suite never reads the shared Wikinews folder (a fresh clone alone must pass): the
# sample archive's tests give it a corpus of their own. Inherited by `serve` subprocesses.
os.environ["SAMPLE_CORPUS"] = ""


@pytest.fixture
def seed(db) -> Article:
    """Every fixture in fixtures/ loaded, as `loaddata` would; returns the Kerry story."""
    load_fixtures()
    return Article.objects.get(slug=KERRY_SLUG)


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Each database test starts with an empty cache (pages cache aggregates for minutes)."""
    names = set(request.fixturenames)
    if {"transactional_db", "live_server"} & names:
        request.getfixturevalue("transactional_db")
    elif request.node.get_closest_marker("django_db") or {"db", "seed"} & names:
        request.getfixturevalue("db")
    else:
        return
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Tests send many searches from one address; the rate-limit tests switch limits on.
    Imports write on the test's own connection (in its transaction); one test runs more."""
    settings.RATE_LIMIT_ENABLED = False
    settings.SAMPLE_CORPUS = ""
    settings.IMPORT_WRITERS = 1


# Property-based tests explore new inputs on every local run; in CI (CI=true) they replay a
# fixed exploration, so that a submission's result does not depend on luck.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")
