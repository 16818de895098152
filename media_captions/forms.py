"""The photo form of the editors' desk: uploads are checked and cleaned by Pillow."""

from __future__ import annotations

import contextlib
import html
import re
import warnings
from datetime import date
from io import BytesIO

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, IptcImagePlugin, UnidentifiedImageError

from media_captions.models import Photo

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
IPTC = {"caption": (2, 120), "credit": (2, 110), "byline": (2, 80), "date": (2, 55)}


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return " ".join(str(value or "").split())


def embedded_metadata(image: Image.Image) -> dict[str, str]:
    """Caption, credit and date written into the file by the photographer or agency
    (IPTC, else XMP): what the upload form prefills."""
    found: dict[str, str] = {}
    iptc = IptcImagePlugin.getiptcinfo(image) or {}
    for key, tag in IPTC.items():
        if iptc.get(tag):
            found[key] = _text(iptc[tag])
    if "credit" not in found and "byline" in found:
        found["credit"] = found["byline"]
    xmp = image.info.get("xmp") or b""
    if isinstance(xmp, bytes):
        xmp = xmp.decode("utf-8", errors="replace")
    patterns = {
        "caption": r"<dc:description>.*?<rdf:li[^>]*>(.*?)</rdf:li>",
        "credit": r'photoshop:Credit="([^"]*)"|<photoshop:Credit>(.*?)</photoshop:Credit>',
        "date": r'photoshop:DateCreated="([^"]*)"|<photoshop:DateCreated>(.*?)<',
    }
    for key, pattern in patterns.items():
        match = re.search(pattern, xmp, re.S)
        if key not in found and match:
            found[key] = html.unescape(next(g for g in match.groups() if g is not None)).strip()
    if "date" in found:
        digits = re.sub(r"\D", "", found["date"])[:8]
        found["date"] = f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if len(digits) == 8 else ""
    return {key: value for key, value in found.items() if value}


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
    metadata = embedded_metadata(image)
    upright = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = BytesIO()
    upright.save(out, fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
    cleaned = SimpleUploadedFile(upload.name, out.getvalue(), content_type=FORMATS[fmt])
    cleaned.metadata = metadata  # the re-encoded file has none; the form reads it from here
    return cleaned


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caption"].required = False  # may come from the image's own metadata
        self.fields["caption"].help_text += " Left empty, it is taken from the image (IPTC/XMP)."

    def clean(self):
        data = super().clean()
        metadata = getattr(data.get("image"), "metadata", {})
        if not data.get("caption") and metadata.get("caption"):
            data["caption"] = metadata["caption"]
        if not data.get("credit") and metadata.get("credit"):
            data["credit"] = metadata["credit"]
        if not data.get("taken_on") and metadata.get("date"):
            with contextlib.suppress(ValueError):
                data["taken_on"] = date.fromisoformat(metadata["date"])
        if not data.get("caption"):
            self.add_error("caption", "A caption is required (the image carries none).")
        if not data.get("alt_text") and data.get("caption"):
            data["alt_text"] = data["caption"]  # alt text is required; the caption by default
        return data
