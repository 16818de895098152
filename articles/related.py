"""Related stories for an article page: other published articles sharing its people and
places, the more shared the better, the nearer in time the better among equals.

Cheap at a million articles: it reads the link tables' (person, article) and (place,
article) indexes for the article's own people and places only, leaving out those so broad
that sharing them says little (a country named in a tenth of the archive, a president in
thousands of stories), looks no further than RELATED_YEARS around the article, and is
cached per article.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from articles.db import reading
from articles.models import Article

RELATED = 5
RELATED_YEARS = 2
# A person or place in more than this share of the archive's articles is too broad to
# relate two (and costly to look through).
BROAD = 0.002
CACHE_SECONDS = 600


def related_articles(article: Article, count: int = RELATED) -> list[Article]:
    """Up to `count` published articles sharing people or places with `article`."""
    key = f"related:{article.pk}:{article.updated_at.timestamp() if article.updated_at else 0}"
    ids = cache.get(key)
    if ids is None:
        ids = _related_ids(article, count)
        cache.set(key, ids, CACHE_SECONDS)
    rows = Article.objects.published().filter(pk__in=ids).select_related("dateline")
    rows = rows.defer("body", "search_vector", "title_vector", "headline_words").in_bulk()
    return [rows[pk] for pk in ids if pk in rows]


def _related_ids(article: Article, count: int) -> list[int]:
    if not article.published_at:
        return []
    window = timedelta(days=365 * RELATED_YEARS)
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = 'articles_article'::regclass"
        )
        broad = max(200, int((cursor.fetchone()[0] or 0) * BROAD))
        cursor.execute(
            """
            WITH shared(article_id) AS (
                SELECT l.article_id FROM articles_article_people l
                WHERE l.person_id IN (
                    SELECT m.person_id FROM articles_article_people m
                    JOIN articles_person p ON p.id = m.person_id
                    WHERE m.article_id = %(id)s AND p.article_count <= %(broad)s)
                UNION ALL
                SELECT l.article_id FROM articles_article_places l
                WHERE l.place_id IN (
                    SELECT m.place_id FROM articles_article_places m
                    JOIN articles_place p ON p.id = m.place_id
                    WHERE m.article_id = %(id)s AND p.article_count <= %(broad)s)
            ), counted AS (
                SELECT article_id, count(*) AS n FROM shared
                WHERE article_id <> %(id)s GROUP BY article_id
            )
            SELECT a.id FROM counted c JOIN articles_article a ON a.id = c.article_id
            WHERE a.status = 'published' AND a.published_at <= %(now)s
              AND a.published_at BETWEEN %(start)s AND %(end)s
            ORDER BY c.n DESC, abs(extract(epoch FROM a.published_at - %(when)s)), a.id DESC
            LIMIT %(count)s
            """,
            {
                "id": article.pk,
                "broad": broad,
                "now": timezone.now(),
                "start": article.published_at - window,
                "end": article.published_at + window,
                "when": article.published_at,
                "count": count,
            },
        )
        return [row[0] for row in cursor.fetchall()]
