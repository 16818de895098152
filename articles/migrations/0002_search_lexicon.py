"""The lexicon behind 'did you mean' (see articles/search/spelling.py)."""

from django.db import migrations

CREATE = r"""
CREATE MATERIALIZED VIEW articles_searchlexicon AS
WITH words AS (
    SELECT word, ndoc FROM ts_stat($q$
        SELECT to_tsvector('simple', headline || ' ' || standfirst)
        FROM articles_article WHERE status = 'published'
    $q$)
    UNION ALL
    -- Bodies of the newest articles only, to bound the refresh time of a large archive.
    SELECT word, ndoc FROM ts_stat($q$
        SELECT to_tsvector('simple', body) FROM (
            SELECT body FROM articles_article WHERE status = 'published'
            ORDER BY published_at DESC LIMIT 50000
        ) AS newest
    $q$)
    UNION ALL
    SELECT lower(token), 1 + (
        SELECT count(*) FROM articles_article_people m WHERE m.person_id = p.id
    )
    FROM articles_person p,
         regexp_split_to_table(p.name || ' ' || array_to_string(p.aliases, ' '), '[^[:alpha:]]+') AS token
    UNION ALL
    SELECT lower(token), 1 + (
        SELECT count(*) FROM articles_article_places m WHERE m.place_id = p.id
    )
    FROM articles_place p,
         regexp_split_to_table(p.name || ' ' || array_to_string(p.aliases, ' '), '[^[:alpha:]]+') AS token
)
SELECT word, sum(ndoc)::integer AS ndoc
FROM words
WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[[:alpha:]]+$'
GROUP BY word
WITH DATA;
CREATE UNIQUE INDEX articles_searchlexicon_word ON articles_searchlexicon (word);
CREATE INDEX articles_searchlexicon_near ON articles_searchlexicon (left(word, 1), length(word), ndoc DESC);
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [
        migrations.RunSQL(CREATE, "DROP MATERIALIZED VIEW IF EXISTS articles_searchlexicon"),
    ]
