"""The archive's vocabulary: articles, the people and places in them, and their quotes.

Every model has a natural key (its slug, or its article's slug and its position) so that
fixtures carry no database ids and load the same into any database.
"""

from __future__ import annotations

import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone

SEARCH_CONFIG = "english"
# What Django's <slug:...> URL converter accepts: a slug outside it could not be linked to.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+\Z"


def _aliases_field() -> ArrayField:
    return ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="Other names used for the same entry, one per item (e.g. a surname alone).",
    )


def _name_words() -> models.GeneratedField:
    """The words of a name or headline, unstemmed, for matching what a reader is typing."""
    return models.GeneratedField(
        expression=SearchVector("name", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )


class Origin(models.TextChoices):
    """Where a link, a quote or a photo's details came from: re-running the extraction
    replaces only what it found itself, an import only what imports gave, and nothing ever
    replaces what an editor set."""

    EXTRACTED = "extracted", "Found in the text"
    IMPORTED = "imported", "Named by an imported file"
    EDITOR = "editor", "Set by an editor"


ORIGIN_VALID = Q(origin__in=Origin.values)  # the check constraint of every origin column


def origin_field(**kwargs) -> models.CharField:
    """Where a row came from: an editor's, when Django writes it without saying (the admin);
    imported, when SQL loads it without saying (bench/generate.py's COPY)."""
    return models.CharField(
        max_length=10,
        choices=Origin.choices,
        default=Origin.EDITOR,
        db_default=Origin.IMPORTED,
        **kwargs,
    )


# The suffix of "Robert Downey Jr." and the last word: a person's surname, as
# articles.ingest.names.surname() finds it (a test holds the two together).
SURNAME = Func(
    Func(
        F("name"),
        Value(r"(,?\s+(jr|sr|ii|iii|iv|v)\.?)+\s*$"),
        Value(""),
        Value("i"),
        function="regexp_replace",
    ),
    Value(r"^.*\s"),
    Value(""),
    function="regexp_replace",
)


class SlugManager(models.Manager):
    """Looks rows up by their slug, the natural key used in fixtures."""

    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = _aliases_field()
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text='A short description as reported, e.g. "U.S. climate envoy".',
    )
    confirmed = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Checked by an editor (or entered by one, or loaded with the sample data). "
        "A surname alone links a story to a person only when one confirmed person has it.",
    )
    # "Kerry" for John Kerry: a story that names nobody in full by it may still mean them.
    surname = models.GeneratedField(
        expression=SURNAME, output_field=models.CharField(max_length=200), db_persist=True
    )
    # "Kerry, John": for the A-Z list, kept by PostgreSQL from the name.
    sort_name = models.GeneratedField(
        expression=Func(
            F("name"), Value(r"^(.*\S)\s+(\S+)$"), Value(r"\2, \1"), function="regexp_replace"
        ),
        output_field=models.CharField(max_length=210),
        db_persist=True,
    )
    # The words of the name, for autocomplete by word prefix ("ker" finds John Kerry).
    name_words = _name_words()
    # Kept by database triggers on the article-people links (migration 0010).
    article_count = models.PositiveIntegerField(
        db_default=0, editable=False, help_text="Articles that mention this person."
    )

    objects = SlugManager()

    class Meta:
        ordering = ["sort_name", "name"]
        indexes = [
            models.Index(Upper("sort_name"), "id", name="person_sort_name"),
            GinIndex(fields=["name_words"], name="person_name_words"),
            # Names are resolved by name and alias on every import ("Kerry" is John Kerry).
            models.Index(fields=["name"], name="person_name"),
            GinIndex(fields=["aliases"], name="person_aliases"),
            models.Index(fields=["surname"], name="person_surname"),
        ]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="person_name_not_empty"),
            models.CheckConstraint(condition=Q(slug__regex=SLUG_PATTERN), name="person_slug_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:person-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class PersonName(models.Model):
    """Every name a person goes by (their name and each alias), kept by database triggers
    from articles_person (migration 0021), whatever writes it: an import looks up the names
    of a whole batch in one indexed query, where an array of aliases could not be."""

    form = models.CharField(max_length=200)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["form", "person"], name="person_name_form_unique")
        ]
        indexes = [models.Index(fields=["person"], name="person_name_person")]

    def __str__(self) -> str:
        return self.form


class Place(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        REGION = "region", "Region or state"
        CITY = "city", "City or town"
        DISTRICT = "district", "District or neighbourhood"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The place this one is in: Moscow is in Russia.",
    )
    aliases = _aliases_field()
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    confirmed = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Checked by an editor (or entered by one, or loaded with the sample data).",
    )
    name_words = _name_words()
    # Kept by database triggers on the article-place links (migration 0010).
    article_count = models.PositiveIntegerField(
        db_default=0, editable=False, help_text="Articles that mention this place."
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["name_words"], name="place_name_words"),
            models.Index(fields=["name"], name="place_name"),
            GinIndex(fields=["aliases"], name="place_aliases"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="place_name_not_empty"),
            models.CheckConstraint(condition=Q(slug__regex=SLUG_PATTERN), name="place_slug_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=["country", "region", "city", "district", "other"]),
                name="place_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="place_not_its_own_parent",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="place_coordinates_both_and_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:place-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class SearchableQuerySet(models.QuerySet):
    """Reads shared by articles, quotes and photos: what readers may see, and text search."""

    def published(self):
        """Articles readers may see: published, and their time has come."""
        return self.filter(status="published", published_at__lte=timezone.now())

    def search(self, query: SearchQuery):
        """Rows matching a parsed query, each annotated with its relevance as `rank`."""
        return self.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


class ArticleQuerySet(SearchableQuerySet):
    def with_contents(self) -> ArticleQuerySet:
        """With the dateline, quotes (and speakers), photos (and credits) and mentions,
        in a fixed number of queries: for article pages and exports."""
        from media_captions.models import Photo

        return self.select_related("dateline", "dateline__parent").prefetch_related(
            models.Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
            models.Prefetch(
                "photos",
                queryset=Photo.objects.select_related("photographer", "place").prefetch_related(
                    "people"
                ),
            ),
            "people",
            "places",
        )


class ArticleManager(SlugManager.from_queryset(ArticleQuerySet)):
    pass


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(blank=True, help_text="The dek: a sentence under the headline.")
    body = models.TextField(help_text="Paragraphs separated by a blank line.")
    byline = models.CharField(max_length=200, blank=True)
    source = models.CharField(
        max_length=100, blank=True, help_text='The agency or publication, e.g. "AP".'
    )
    dateline = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datelined_articles",
        help_text="Where the story was filed from.",
        db_index=False,  # article_dateline_id (dateline, id) serves it
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    url = models.URLField(max_length=500, blank=True, help_text="The original URL, if any.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    source_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the imported text, the import key of an article without a URL.",
    )
    needs_review = models.BooleanField(
        default=False, help_text="Flagged by the importer for an editor to check."
    )
    review_note = models.CharField(max_length=300, blank=True)
    people = models.ManyToManyField(
        Person, blank=True, related_name="articles", through="ArticlePerson"
    )
    places = models.ManyToManyField(
        Place, blank=True, related_name="articles", through="ArticlePlace"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept current by PostgreSQL itself, so loaddata, imports and admin edits are
    # searchable at once: headline weighs most, then the standfirst, then the body.
    search_vector = models.GeneratedField(
        expression=SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Where a word weighs most, in a vector small enough to read by the thousand: the
    # headline (A) and the standfirst (B). The search ranks by it (articles/search/
    # ranking.py): which words of the query an article carries there, and how rare they are.
    title_vector = models.GeneratedField(
        expression=SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The headline's words, unstemmed, for autocomplete by word prefix.
    headline_words = models.GeneratedField(
        expression=SearchVector("headline", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_date"),
            # Lets a person's or a place's ten thousand articles be checked for being
            # public, and dated, from the index alone (index-only scans), not the table.
            models.Index(
                fields=["id"], include=["status", "published_at"], name="article_public_cover"
            ),
            models.Index(fields=["dateline", "id"], name="article_dateline_id"),
            # The search's source filter (case-insensitive): ANALYZE keeps statistics for
            # the expression, so the planner knows a source's share of the archive (without
            # them it guessed 0.5% for any source, and ranked a common word's matches of an
            # unknown source by reading all of them: seconds).
            models.Index(Upper("source"), name="article_source"),
            GinIndex(fields=["search_vector"], name="article_search_gin"),
            GinIndex(fields=["title_vector"], name="article_title_gin"),
            # Published articles newest first with their title vectors: the best matches of
            # a common word are found walking it, from the index alone.
            models.Index(
                fields=["-published_at", "-id"],
                include=["title_vector"],
                condition=Q(status="published"),
                name="article_title_by_date",
            ),
            GinIndex(fields=["headline_words"], name="article_headline_words"),
            # A writer's page: the words of bylines (articles/writers.py).
            GinIndex(SearchVector("byline", config="simple"), name="article_byline_words"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_not_empty"),
            models.CheckConstraint(
                condition=Q(slug__regex=SLUG_PATTERN), name="article_slug_valid"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique"
            ),
            models.UniqueConstraint(
                fields=["source_hash"], condition=~Q(source_hash=""), name="article_hash_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        when = timezone.localtime(self.published_at) if self.published_at else None
        if when is None:
            return reverse("articles:article-preview", kwargs={"slug": self.slug})
        return reverse(
            "articles:article-detail",
            kwargs={
                "year": when.year,
                "month": f"{when.month:02d}",
                "day": f"{when.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def licence(self):
        """The licence the article is shown under, if its source has one (articles/sources.py)."""
        from articles.sources import licence_of

        return licence_of(self.source)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def paragraphs(self) -> list[str]:
        """The body split into paragraphs (separated by blank lines)."""
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class LinkManager(models.Manager):
    """Looks links up by (article slug, person or place slug), their natural key."""

    def get_by_natural_key(self, article_slug: str, slug: str):
        other = next(
            f.name for f in self.model._meta.get_fields() if f.many_to_one and f.name != "article"
        )
        return self.get(article__slug=article_slug, **{f"{other}__slug": slug})


class ArticlePerson(models.Model):
    """An article mentions a person; `origin` says who said so."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, db_index=False)
    origin = origin_field()

    objects = LinkManager()

    class Meta:
        db_table = "articles_article_people"
        verbose_name = "person mentioned"
        verbose_name_plural = "people mentioned"
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="article_person_unique"),
            models.CheckConstraint(
                condition=ORIGIN_VALID,
                name="article_person_origin_valid",
            ),
        ]
        indexes = [models.Index(fields=["person", "article"], name="article_people_person_article")]

    def __str__(self) -> str:
        return f"{self.person} in {self.article}"

    def natural_key(self) -> tuple[str, str]:
        return (self.article.slug, self.person.slug)

    natural_key.dependencies = ["articles.article", "articles.person"]


class ArticlePlace(models.Model):
    """An article mentions a place; `origin` says who said so."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, db_index=False)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, db_index=False)
    origin = origin_field()

    objects = LinkManager()

    class Meta:
        db_table = "articles_article_places"
        verbose_name = "place mentioned"
        verbose_name_plural = "places mentioned"
        constraints = [
            models.UniqueConstraint(fields=["article", "place"], name="article_place_unique"),
            models.CheckConstraint(
                condition=ORIGIN_VALID,
                name="article_place_origin_valid",
            ),
        ]
        indexes = [models.Index(fields=["place", "article"], name="article_places_place_article")]

    def __str__(self) -> str:
        return f"{self.place} in {self.article}"

    def natural_key(self) -> tuple[str, str]:
        return (self.article.slug, self.place.slug)

    natural_key.dependencies = ["articles.article", "articles.place"]


class Removal(models.Model):
    """Something an editor took off an article: a person or place it does not mention, a
    quote that is not one. No import or re-extraction puts it back."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person mentioned"
        PLACE = "place", "Place mentioned"
        QUOTE = "quote", "Quote"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="removals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The person's or place's id, or the quote's words as removal_key() folds them.
    value = models.CharField(max_length=300)
    removed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["article", "kind", "value"], name="removal_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["person", "place", "quote"]), name="removal_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value} removed from {self.article}"

    @staticmethod
    def quote_key(text: str) -> str:
        """A quote's words, folded so that punctuation and case do not count."""
        return " ".join(re.findall(r"\w+", text.lower()))[:300]


class RejectedName(models.Model):
    """A name an editor marked "Not a person" or "Not a place": no import or re-extraction
    makes a person or place of it again."""

    class Kind(models.TextChoices):
        PERSON = "person", "Not a person"
        PLACE = "place", "Not a place"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="rejected_name_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["person", "place"]), name="rejected_name_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"


class InArticleQuerySet(SearchableQuerySet):
    def published(self):
        """Quotes or photos readers may see: their article's `public_at` has come (a copy of
        its publication time kept on each row by database triggers, so no join is needed)."""
        return self.filter(public_at__lte=timezone.now())


def public_at_field() -> models.DateTimeField:
    """When the row's article was published, or NULL while it is a draft: kept by database
    triggers from the article (migration 0012), whatever Django writes."""
    return models.DateTimeField(null=True, blank=True, editable=False)


class PositionedManager(models.Manager.from_queryset(InArticleQuerySet)):
    """Looks rows up by (article slug, position), their natural key in fixtures."""

    def get_by_natural_key(self, article_slug: str, position: int):
        return self.get(article__slug=article_slug, position=position)


class Quote(models.Model):
    # Both foreign keys are served by wider indexes (quote_position_unique, which starts
    # with the article, and quote_speaker_article), so neither has an index of its own.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="quotes", db_index=False
    )
    position = models.PositiveSmallIntegerField(help_text="1 for the first quote in the story.")
    text = models.TextField(help_text="The quoted words, without the quotation marks.")
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="quotes", db_index=False
    )
    paragraph = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The body paragraph it appears in (1 for the first)."
    )
    origin = origin_field()
    public_at = public_at_field()
    speaker_names = models.TextField(
        db_default="",
        editable=False,
        help_text="The speaker's name and aliases, kept by database triggers.",
    )
    # Found by who said it (weighing most) and by the words said (migration 0022).
    search_vector = models.GeneratedField(
        expression=SearchVector("speaker_names", weight="A", config=SEARCH_CONFIG)
        + SearchVector("text", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = PositionedManager()

    class Meta:
        ordering = ["article", "position"]
        indexes = [
            GinIndex(fields=["search_vector"], name="quote_search_gin"),
            models.Index(
                fields=["speaker", "article"],
                include=["id", "position"],
                name="quote_speaker_article",
            ),
            models.Index(fields=["public_at", "id"], name="quote_public_at"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="quote_position_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="quote_position_positive"),
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
            models.CheckConstraint(
                condition=Q(paragraph__isnull=True) | Q(paragraph__gte=1),
                name="quote_paragraph_positive",
            ),
            models.CheckConstraint(
                condition=ORIGIN_VALID,
                name="quote_origin_valid",
            ),
        ]

    def __str__(self) -> str:
        words = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"{self.speaker}: “{words}”"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#quote-{self.position}"

    def natural_key(self) -> tuple[str, int]:
        return (*self.article.natural_key(), self.position)

    natural_key.dependencies = ["articles.article", "articles.person"]
