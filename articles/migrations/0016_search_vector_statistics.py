"""Ten times the default statistics for the articles' search vectors.

ANALYZE keeps the most common lexemes of a tsvector column with their frequencies, and the
planner's estimate for any other word is half the rarest one's frequency. With the default
(1,000 lexemes) the rarest kept is in about 3% of a large archive's articles, so every
other word, the rarest name included, was guessed at 0.5% of the archive: 5,000 rows of a
million, too many to count exactly, while a search sorted by date then walked the date
index hoping to meet a word that hardly occurs (440 ms). With 10,000 lexemes kept, words
down to about 0.2% are known and the rest are guessed at about 0.1%. ANALYZE then samples
300,000 articles rather than 30,000 (about 15 s at a million articles).

Quotes and captions are short: their default lists already reach down to about 0.2%.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_fewer_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE articles_article ALTER COLUMN search_vector SET STATISTICS 1000",
            "ALTER TABLE articles_article ALTER COLUMN search_vector SET STATISTICS -1",
        ),
    ]
