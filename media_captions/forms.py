"""The photo form of the editors' desk: uploads are checked and cleaned by Pillow."""

from __future__ import annotations

import warnings
from io import BytesIO

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from media_captions.models import Photo

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def clean_upload(upload) -> SimpleUploadedFile:
    """The upload re-encoded upright and without metadata (GPS included), or a clear error.

    Refuses what is not a JPEG, PNG or WebP, what is damaged or cut short, and decompression
    bombs (more pixels than Pillow's safe limit); nothing is stored for a refused upload.
    """
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:
                probe.verify()
            image = Image.open(BytesIO(data))
            image.load()  # decodes every pixel: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise forms.ValidationError(
            "This image has too many pixels to open safely. Resize it and upload it again."
        ) from None
    except UnidentifiedImageError:
        raise forms.ValidationError(
            "This file is not an image that can be read. Upload a JPEG, PNG or WebP file."
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise forms.ValidationError(
            "This image is damaged or cut short (the upload may have been interrupted). "
            "Upload it again."
        ) from None
    if image.format not in FORMATS:
        raise forms.ValidationError(
            f"{image.format} images are not accepted. Upload a JPEG, PNG or WebP file."
        )
    fmt = image.format
    upright = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = BytesIO()
    upright.save(out, fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
    return SimpleUploadedFile(upload.name, out.getvalue(), content_type=FORMATS[fmt])


class CheckedImageField(forms.ImageField):
    """An image upload checked by clean_upload, with its clear messages."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        return None if upload is None else clean_upload(upload)


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Photo
        field_classes = {"image": CheckedImageField}
        fields = [
            "article",
            "position",
            "image",
            "caption",
            "alt_text",
            "credit",
            "photographer",
            "distributor",
            "pool",
            "handout",
            "people",
            "place",
            "taken_on",
        ]

    def clean(self):
        data = super().clean()
        if not data.get("alt_text") and data.get("caption"):
            data["alt_text"] = data["caption"]  # alt text is required; the caption by default
        return data
