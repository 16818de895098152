"""Photos that run with articles: their captions, credits and the people shown."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q

from articles.models import (
    ORIGIN_VALID,
    SEARCH_CONFIG,
    Article,
    Person,
    Place,
    PositionedManager,
    origin_field,
    public_at_field,
)


class Photo(models.Model):
    # The foreign keys are served by wider indexes (photo_position_unique,
    # photo_photographer_article, photo_place_article), so none has an index of its own.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="photos", db_index=False
    )
    position = models.PositiveSmallIntegerField(help_text="1 for the first photo of the story.")
    caption = models.TextField(
        blank=True, help_text="The caption as printed, without the credit (may be empty)."
    )
    credit = models.CharField(
        max_length=300,
        blank=True,
        help_text='The credit line exactly as printed, once: "Dimitar Dilkoff/Pool Photo via AP".',
    )
    photographer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos_credited",
        db_index=False,
    )
    pool = models.BooleanField(default=False, help_text="A pool photo, shared among outlets.")
    handout = models.BooleanField(default=False, help_text="A handout photo, supplied by a party.")
    distributor = models.CharField(
        max_length=100, blank=True, help_text='The agency that distributed it, e.g. "AP".'
    )
    image = models.ImageField(
        upload_to="photos/%Y/%m/",
        blank=True,
        width_field="width",
        height_field="height",
    )
    # Web renditions of the image (WebP), made by services.make_renditions.
    thumbnail = models.ImageField(upload_to="photos/renditions/", blank=True, editable=False)
    large = models.ImageField(upload_to="photos/renditions/", blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        max_length=500, blank=True, help_text="Text for readers who cannot see the image."
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="photos", help_text="The people shown."
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
        db_index=False,
    )
    taken_on = models.DateField(null=True, blank=True)
    # Where the credit's parts, the people shown and the place came from: an editor's
    # change makes the photo the editor's, and re-extraction leaves it alone.
    origin = origin_field()
    public_at = public_at_field()
    search_vector = models.GeneratedField(
        expression=SearchVector("caption", weight="A", config=SEARCH_CONFIG)
        + SearchVector("credit", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = PositionedManager()

    class Meta:
        ordering = ["article", "position"]
        indexes = [
            GinIndex(fields=["search_vector"], name="photo_search_gin"),
            models.Index(fields=["public_at", "id"], name="photo_public_at"),
            # Lists of a person's or a place's photos, newest first, from indexes alone.
            models.Index(
                fields=["photographer", "article"],
                include=["id", "position"],
                name="photo_photographer_article",
            ),
            models.Index(
                fields=["place", "article"], include=["id", "position"], name="photo_place_article"
            ),
            models.Index(fields=["id"], include=["article", "position"], name="photo_cover"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="photo_position_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="photo_position_positive"),
            # A photo may run with only its credit (no caption text), never with neither.
            models.CheckConstraint(
                condition=~Q(caption="") | ~Q(credit=""), name="photo_caption_or_credit"
            ),
            models.CheckConstraint(
                condition=~Q(pool=True, handout=True), name="photo_not_both_pool_and_handout"
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(alt_text=""), name="photo_image_has_alt_text"
            ),
            models.CheckConstraint(
                condition=ORIGIN_VALID,
                name="photo_origin_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} photo {self.position}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#photo-{self.position}"

    def natural_key(self) -> tuple[str, int]:
        return (*self.article.natural_key(), self.position)

    natural_key.dependencies = ["articles.article", "articles.person", "articles.place"]

    def rendition_width(self, box: int) -> int:
        """The width of a rendition fitted in (box, 4 * box): never wider than the image."""
        if not self.width or not self.height:
            return box
        scale = min(box / self.width, 4 * box / self.height, 1.0)
        return max(1, round(self.width * scale))

    @property
    def thumbnail_width(self) -> int:
        return self.rendition_width(320)

    @property
    def large_width(self) -> int:
        return self.rendition_width(1280)

    @property
    def alt(self) -> str:
        """Alt text for the image: the editor's, else the caption."""
        return self.alt_text or self.caption
