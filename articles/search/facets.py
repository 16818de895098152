"""Facets of a search: the top people, places, sources and years among its best matches.

They are counted in SQL over a sample of ids of the kind listed (of quotes: their speakers
and their articles' places; of photos: the people shown and where they were taken), as one
JSON array of rows. The sample is an SQL expression, so the search can count them in the
same statement that ranks its matches (kinds.settle), or alone from a list of ids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from articles.db import reading

FACET_SIZE = 8


@dataclass
class FacetValue:
    label: str
    count: int
    narrows: dict[str, str]  # the URL parameters that narrow the search to this value


# Per kind: the sample's articles, and its (person or place id, count) pairs; `chosen`
# holds the sample (ids of the kind shown) as an array.
_FACET_SOURCES = {
    "articles": (
        "SELECT unnest(ids) AS id FROM chosen",
        "SELECT person_id, count(*) FROM articles_article_people"
        " WHERE article_id = ANY((SELECT ids FROM chosen)::bigint[]) GROUP BY 1",
        "SELECT place_id, count(*) FROM articles_article_places"
        " WHERE article_id = ANY((SELECT ids FROM chosen)::bigint[]) GROUP BY 1",
    ),
    "quotes": (
        "SELECT DISTINCT article_id AS id FROM articles_quote"
        " WHERE id = ANY((SELECT ids FROM chosen)::bigint[])",
        "SELECT speaker_id, count(*) FROM articles_quote"
        " WHERE id = ANY((SELECT ids FROM chosen)::bigint[]) GROUP BY 1",
        "SELECT place_id, count(*) FROM articles_article_places"
        " WHERE article_id IN (SELECT id FROM sample) GROUP BY 1",
    ),
    "photos": (
        "SELECT DISTINCT article_id AS id FROM media_captions_photo"
        " WHERE id = ANY((SELECT ids FROM chosen)::bigint[])",
        "SELECT person_id, count(*) FROM media_captions_photo_people"
        " WHERE photo_id = ANY((SELECT ids FROM chosen)::bigint[]) GROUP BY 1",
        "SELECT place_id, count(*) FROM media_captions_photo"
        " WHERE id = ANY((SELECT ids FROM chosen)::bigint[]) AND place_id IS NOT NULL GROUP BY 1",
    ),
}
# The four facets in one query: the most frequent people and places (every one tied with
# the last place, named; the ties are broken by name in Python), sources and years (from
# one read of the sample's articles). The sample is {ids}, an SQL expression for an array
# of ids (a parameter, or the ranking's own result in the same statement); the one
# parameter after it is the time zone.
_FACET_SQL = """
WITH chosen AS MATERIALIZED (SELECT {ids}::bigint[] AS ids),
sample AS MATERIALIZED ({articles}),
people(key, n) AS ({people}),
places(key, n) AS ({places}),
meta AS MATERIALIZED (
  SELECT a.source, extract(year FROM a.published_at AT TIME ZONE %s)::int AS y
    FROM articles_article a WHERE a.id IN (SELECT id FROM sample))
SELECT 'people', p.name, p.slug, c.n
  FROM (SELECT * FROM people ORDER BY n DESC FETCH FIRST {size} ROWS WITH TIES) c
  JOIN articles_person p ON p.id = c.key
UNION ALL
SELECT 'places', p.name, p.slug, c.n
  FROM (SELECT * FROM places ORDER BY n DESC FETCH FIRST {size} ROWS WITH TIES) c
  JOIN articles_place p ON p.id = c.key
UNION ALL
(SELECT 'sources', source, source, count(*) FROM meta WHERE source <> ''
  GROUP BY source ORDER BY 4 DESC, 2 LIMIT {size})
UNION ALL
(SELECT 'years', y::text, y::text, count(*) FROM meta
  GROUP BY y ORDER BY 4 DESC, y DESC LIMIT {size})
"""


def facets_sql(kind: str, ids: str) -> tuple[str, list]:
    """The facets of a sample `ids` (an SQL expression) as one JSON array of rows."""
    articles, people, places = _FACET_SOURCES[kind]
    query = _FACET_SQL.format(
        ids=ids, articles=articles, people=people, places=places, size=int(FACET_SIZE)
    )
    return (
        "SELECT coalesce(json_agg(json_build_array(f.facet, f.label, f.value, f.n)), '[]') "
        f"FROM ({query}) AS f(facet, label, value, n)",
        [timezone.get_current_timezone_name()],
    )


def facets_of(kind: str, sample: list[int]) -> dict[str, list[FacetValue]]:
    """Top people, places, sources and years among a sample of the best matches (of
    quotes: their speakers; of photos: the people shown and where), in one statement."""
    sql, params = facets_sql(kind, "%s")
    with reading().cursor() as cursor:
        cursor.execute(sql, [list(sample), *params])
        return facet_values(cursor.fetchone()[0])


def facet_values(rows: Any) -> dict[str, list[FacetValue]]:
    """The facets from facets_sql's rows, ties broken by name."""
    if isinstance(rows, str):
        rows = json.loads(rows)
    found: dict[str, list[tuple[str, str, int]]] = {
        "people": [], "places": [], "sources": [], "years": []
    }  # fmt: skip
    for facet, label, value, count in rows:
        found[facet].append((label, value, count))

    def top(facet: str, param: str) -> list[FacetValue]:
        ranked = sorted(found[facet], key=lambda row: (-row[2], row[0]))[:FACET_SIZE]
        return [FacetValue(label, n, {param: value}) for label, value, n in ranked]

    return {
        "people": top("people", "person"),
        "places": top("places", "place"),
        "sources": [FacetValue(label, n, {"source": label}) for label, _, n in found["sources"]],
        "years": [
            FacetValue(year, n, {"from": f"{year}-01-01", "to": f"{year}-12-31"})
            for year, _, n in sorted(found["years"], key=lambda row: int(row[0]), reverse=True)
        ],
    }
