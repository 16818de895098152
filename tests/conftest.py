"""Fixtures shared by every test."""

import pytest

from articles.models import Article
from tests.builders import KERRY_SLUG, load_fixtures


@pytest.fixture
def seed(db) -> Article:
    """Every fixture in fixtures/ loaded, as `loaddata` would; returns the Kerry story."""
    load_fixtures()
    return Article.objects.get(slug=KERRY_SLUG)
