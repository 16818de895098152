"""A quote is found by who said it: its speaker's name and aliases are part of its search
vector, weighing most (A; the words said weigh B). A generated column cannot read another
table, so `speaker_names` keeps them on the quote, set by triggers: on a quote when it is
written or changes speaker, on its quotes when a person's name or aliases change."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION articles_quote_speaker_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.speaker_names := coalesce((
    SELECT p.name || ' ' || array_to_string(p.aliases, ' ')
    FROM articles_person p WHERE p.id = NEW.speaker_id), '');
  RETURN NEW;
END $$;
CREATE TRIGGER articles_quote_speaker_names BEFORE INSERT OR UPDATE OF speaker_id
  ON articles_quote FOR EACH ROW EXECUTE FUNCTION articles_quote_speaker_names();
CREATE FUNCTION articles_person_quote_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE articles_quote q SET speaker_names = n.name || ' ' || array_to_string(n.aliases, ' ')
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE q.speaker_id = n.id AND (o.name, o.aliases) IS DISTINCT FROM (n.name, n.aliases);
  RETURN NULL;
END $$;
CREATE TRIGGER articles_person_quote_names AFTER UPDATE ON articles_person
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION articles_person_quote_names();
UPDATE articles_quote q SET speaker_names = p.name || ' ' || array_to_string(p.aliases, ' ')
  FROM articles_person p WHERE p.id = q.speaker_id;
"""
UNDO = """
DROP TRIGGER IF EXISTS articles_quote_speaker_names ON articles_quote;
DROP TRIGGER IF EXISTS articles_person_quote_names ON articles_person;
DROP FUNCTION IF EXISTS articles_quote_speaker_names();
DROP FUNCTION IF EXISTS articles_person_quote_names();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_person_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="speaker_names",
            field=models.TextField(
                db_default="",
                editable=False,
                help_text="The speaker's name and aliases, kept by database triggers.",
            ),
        ),
        migrations.RunSQL(TRIGGERS, UNDO),
        migrations.RemoveIndex(model_name="quote", name="quote_search_gin"),
        migrations.RemoveField(model_name="quote", name="search_vector"),
        migrations.AddField(
            model_name="quote",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        "speaker_names", config="english", weight="A"
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "text", config="english", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("english"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="quote_search_gin"
            ),
        ),
    ]
