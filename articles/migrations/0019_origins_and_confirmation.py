"""Where links, quotes and photos came from (extracted, imported or an editor's), people and
places an editor has confirmed, people's surnames, and the names editors rejected.

The article-person and article-place link tables become models of their own (same tables,
same rows) so that each link can say where it came from. Rows already in the archive are
marked "imported": re-running the extraction does not take them away.
"""

import django.db.models.deletion
from django.db import migrations, models

ORIGINS = [
    ("extracted", "Found in the text"),
    ("imported", "Named by an imported file"),
    ("editor", "Set by an editor"),
]


def link_table(table: str, column: str, unique: str, check: str) -> list:
    return [
        migrations.RunSQL(
            f"""
            DO $$ DECLARE c text; BEGIN
              SELECT conname INTO c FROM pg_constraint
               WHERE conrelid = '{table}'::regclass AND contype = 'u';
              EXECUTE format('ALTER TABLE {table} RENAME CONSTRAINT %I TO {unique}', c);
            END $$;
            ALTER TABLE {table} ADD COLUMN origin varchar(10) NOT NULL DEFAULT 'imported';
            ALTER TABLE {table} ALTER COLUMN origin DROP DEFAULT;
            ALTER TABLE {table} ADD CONSTRAINT {check}
                CHECK (origin IN ('extracted', 'imported', 'editor'));
            """,
            f"""
            ALTER TABLE {table} DROP CONSTRAINT {check};
            ALTER TABLE {table} DROP COLUMN origin;
            ALTER TABLE {table} RENAME CONSTRAINT {unique} TO {table}_article_id_{column}_uniq;
            """,
        )
    ]


def link_model(name: str, table: str, other: str, unique: str, check: str, index: str, label):
    return migrations.CreateModel(
        name=name,
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("origin", models.CharField(choices=ORIGINS, default="editor", max_length=10)),
            (
                "article",
                models.ForeignKey(
                    db_index=False,
                    on_delete=django.db.models.deletion.CASCADE,
                    to="articles.article",
                ),
            ),
            (
                other,
                models.ForeignKey(
                    db_index=False,
                    on_delete=django.db.models.deletion.CASCADE,
                    to=f"articles.{other}",
                ),
            ),
        ],
        options={
            "verbose_name": f"{label} mentioned",
            "verbose_name_plural": f"{'people' if other == 'person' else 'places'} mentioned",
            "db_table": table,
            "constraints": [
                models.UniqueConstraint(fields=("article", other), name=unique),
                models.CheckConstraint(
                    condition=models.Q(("origin__in", ["extracted", "imported", "editor"])),
                    name=check,
                ),
            ],
            "indexes": [models.Index(fields=[other, "article"], name=index)],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_source_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                *link_table(
                    "articles_article_people",
                    "person_id",
                    "article_person_unique",
                    "article_person_origin_valid",
                ),
                *link_table(
                    "articles_article_places",
                    "place_id",
                    "article_place_unique",
                    "article_place_origin_valid",
                ),
            ],
            state_operations=[
                link_model(
                    "ArticlePerson",
                    "articles_article_people",
                    "person",
                    "article_person_unique",
                    "article_person_origin_valid",
                    "article_people_person_article",
                    "person",
                ),
                link_model(
                    "ArticlePlace",
                    "articles_article_places",
                    "place",
                    "article_place_unique",
                    "article_place_origin_valid",
                    "article_places_place_article",
                    "place",
                ),
                migrations.AlterField(
                    model_name="article",
                    name="people",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="articles",
                        through="articles.ArticlePerson",
                        to="articles.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="article",
                    name="places",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="articles",
                        through="articles.ArticlePlace",
                        to="articles.place",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="quote",
            name="origin",
            field=models.CharField(choices=ORIGINS, default="imported", max_length=10),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="quote",
            name="origin",
            field=models.CharField(choices=ORIGINS, default="editor", max_length=10),
        ),
        migrations.AddConstraint(
            model_name="quote",
            constraint=models.CheckConstraint(
                condition=models.Q(("origin__in", ["extracted", "imported", "editor"])),
                name="quote_origin_valid",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="confirmed",
            field=models.BooleanField(
                default=False,
                help_text="Checked by an editor (or entered by one, or loaded with the sample "
                "data). A surname alone links a story to a person only when one confirmed "
                "person has it.",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="confirmed",
            field=models.BooleanField(
                default=False,
                help_text="Checked by an editor (or entered by one, or loaded with the sample "
                "data).",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="surname",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    models.Func(
                        models.F("name"),
                        models.Value("(,?\\s+(jr|sr|ii|iii|iv|v)\\.?)+\\s*$"),
                        models.Value(""),
                        models.Value("i"),
                        function="regexp_replace",
                    ),
                    models.Value("^.*\\s"),
                    models.Value(""),
                    function="regexp_replace",
                ),
                output_field=models.CharField(max_length=200),
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["surname"], name="person_surname"),
        ),
        migrations.CreateModel(
            name="RejectedName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("person", "Not a person"), ("place", "Not a place")],
                        max_length=10,
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("rejected_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["kind", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "name"), name="rejected_name_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["person", "place"])),
                        name="rejected_name_kind_valid",
                    ),
                ],
            },
        ),
    ]
