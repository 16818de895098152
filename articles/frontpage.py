"""The front page's lead and who and where is in the news.

"This week" is the seven days up to the newest published story (up to now, in a live
archive; up to the last story, in an archive that stopped), so an archive of old news still
says who was in it. A week holds a few hundred stories even at a million articles, read
through the publication-date index, and the answer is cached until a newer story appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache

from articles.db import reading
from articles.models import Article, Person, Place
from media_captions.models import Photo

WEEK = timedelta(days=7)
IN_THE_NEWS = 8
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Mentioned:
    """A person or place and how many of the week's stories mention them."""

    item: Person | Place
    stories: int


@dataclass(frozen=True)
class InTheNews:
    start: datetime
    end: datetime
    people: list[Mentioned]
    places: list[Mentioned]


def lead_photo(article: Article) -> Photo | None:
    """The lead story's first photo that has an image."""
    return (
        Photo.objects.filter(article=article)
        .exclude(image="")
        .select_related("photographer")
        .order_by("position")
        .first()
    )


def in_the_news(newest: Article | None) -> InTheNews | None:
    """The most-mentioned people and places in the week up to `newest` (the newest story)."""
    if newest is None or newest.published_at is None:
        return None
    end = newest.published_at
    key = f"in-the-news:{newest.pk}:{end.timestamp()}"
    ids = cache.get(key)
    if ids is None:
        ids = {
            "people": _top("articles_article_people", "person_id", end),
            "places": _top("articles_article_places", "place_id", end),
        }
        cache.set(key, ids, CACHE_SECONDS)
    people = Person.objects.in_bulk([pk for pk, _ in ids["people"]])
    places = Place.objects.in_bulk([pk for pk, _ in ids["places"]])
    return InTheNews(
        start=end - WEEK,
        end=end,
        people=[Mentioned(people[pk], n) for pk, n in ids["people"] if pk in people],
        places=[Mentioned(places[pk], n) for pk, n in ids["places"] if pk in places],
    )


def _top(table: str, column: str, end: datetime) -> list[tuple[int, int]]:
    # Identifiers come from the two calls above, never from a request.
    with reading().cursor() as cursor:
        cursor.execute(
            f"""
            SELECT l.{column}, count(*) AS stories
            FROM articles_article a JOIN {table} l ON l.article_id = a.id
            WHERE a.status = 'published' AND a.published_at > %s AND a.published_at <= %s
            GROUP BY l.{column}
            ORDER BY stories DESC, l.{column}
            LIMIT %s
            """,
            [end - WEEK, end, IN_THE_NEWS],
        )
        return [(pk, n) for pk, n in cursor.fetchall()]
