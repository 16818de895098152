"""Writes for photos: web renditions of an uploaded image."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image

from media_captions.models import Photo

RENDITIONS = {"thumbnail": 320, "large": 1280}


def make_renditions(photo: Photo) -> Photo:
    """WebP renditions of the photo's image (320 and 1280 pixels wide at most), or none
    when it has no image. The public pages serve these with srcset, never the original."""
    if not photo.image:
        if photo.thumbnail or photo.large:
            photo.thumbnail = photo.large = ""
            photo.save(update_fields=["thumbnail", "large"])
        return photo
    stem = Path(photo.image.name).stem
    with photo.image.open("rb") as original, Image.open(original) as image:
        image.load()
        for field, width in RENDITIONS.items():
            copy = image.convert("RGB") if image.mode not in ("RGB", "RGBA") else image.copy()
            copy.thumbnail((width, width * 4))
            out = BytesIO()
            copy.save(out, "WEBP", quality=82)
            getattr(photo, field).save(
                f"{stem}-{width}.webp", ContentFile(out.getvalue()), save=False
            )
    photo.save(update_fields=list(RENDITIONS))
    return photo
