"""The counts a search without filters shows past its exact limit ("About 40") are
PostgreSQL's own estimates, worked out from the vectors' statistics without asking the
planner: they must agree with what the planner says."""

import pytest
from django.db import connection

from articles.models import Article
from articles.search import estimates, parse_query
from articles.search.sql import estimate_rows
from tests.builders import analyze_search_tables, make_article

pytestmark = pytest.mark.django_db

WORDS = ["harbour", "ferry", "lantern", "gull", "tide", "pier", "anchor", "rope"]


@pytest.fixture
def coast():
    """240 articles; word i of WORDS is in every (i + 1)-th one, so frequencies differ."""
    for n in range(240):
        words = [w for i, w in enumerate(WORDS) if n % (i + 1) == 0]
        make_article(f"Coast note {n}", slug=f"coast-{n}", body=" ".join(words) + " today.")
    analyze_search_tables()
    yield
    estimates._cache.clear()


def planner(text: str) -> int:
    return estimate_rows(Article.objects.published().search(parse_query(text)))


def ours(text: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery('english', %s)::text", [text])
        tsquery = cursor.fetchone()[0]
    (estimate,) = estimates.estimate_matches(tsquery, ["articles_article"])
    return estimate


@pytest.mark.parametrize(
    "text",
    [
        "harbour",
        "anchor",
        "zeppelin",  # in no article
        "ferry gull",
        '"lantern gull"',
        "tide OR rope",
        "harbour -ferry",
        "(pier OR anchor) gull -rope",
    ],
)
def test_estimates_agree_with_the_planner(coast, text):
    expected = planner(text)
    assert abs(ours(text) - expected) <= max(2, expected * 0.05)


def test_a_query_of_stop_words_only_matches_nothing(coast):
    assert ours("the of and") == 0


def test_a_word_past_the_planners_list_is_estimated_from_the_longer_one(coast):
    """The planner's list of common lexemes is short (here cut to ten); the search's
    estimates read the longer list of the `articles_article_lexemes` statistics, so "rope"
    (in every eighth article, 30) is not guessed at half the rarest of the ten."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: ALTER may run
        cursor.execute("ALTER TABLE articles_article ALTER COLUMN search_vector SET STATISTICS 1")
    analyze_search_tables()
    assert abs(planner("rope") - 30) > 5
    assert abs(ours("rope") - 30) <= 1
