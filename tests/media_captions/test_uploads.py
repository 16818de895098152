"""Photo uploads: only real, whole, reasonably sized images, upright and without GPS."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from media_captions.forms import PhotoForm
from media_captions.models import Photo
from tests.builders import make_article, soup

pytestmark = pytest.mark.django_db


def image_bytes(fmt="JPEG", size=(80, 40), **save) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, "teal").save(out, fmt, **save)
    return out.getvalue()


def form(upload: bytes, name="photo.jpg", **fields) -> PhotoForm:
    data = {"article": make_article().pk, "position": 1, "caption": "On the pier.", **fields}
    files = {"image": SimpleUploadedFile(name, upload)}
    return PhotoForm(data, files)


def test_a_good_jpeg_is_stored_with_its_size_and_the_caption_as_alt_text(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = form(image_bytes()).save()
    assert (photo.width, photo.height) == (80, 40)
    assert photo.alt_text == "On the pier."
    assert Image.open(photo.image.path).format == "JPEG"


def test_orientation_is_applied_and_gps_is_stripped(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: should be shown 90 degrees clockwise
    exif[0x8825] = {1: "N", 2: (59.0, 54.0, 0.0)}  # GPS
    photo = form(image_bytes(exif=exif.tobytes())).save()
    stored = Image.open(photo.image.path)
    assert stored.size == (40, 80)
    assert 0x8825 not in stored.getexif() and 0x0112 not in stored.getexif()


@pytest.mark.parametrize(
    ("upload", "name", "message"),
    [
        (b"just some text, not an image", "notes.jpg", "not an image"),
        (image_bytes("PNG", (300, 300))[:-400], "cut.png", "damaged or cut short"),
        (image_bytes("GIF"), "anim.gif", "not accepted"),
    ],
)
def test_bad_uploads_get_a_clear_error_and_nothing_is_stored(
    settings, tmp_path, upload, name, message
):
    settings.MEDIA_ROOT = tmp_path
    bad = form(upload, name)
    assert not bad.is_valid()
    assert message in " ".join(bad.errors["image"])
    assert not Photo.objects.exists() and not list(tmp_path.rglob("*.*"))


def test_a_decompression_bomb_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = BytesIO()
    Image.new("1", (15_000, 15_000)).save(out, "PNG")  # 225 million pixels, a small file
    bomb = form(out.getvalue(), "bomb.png")
    assert not bomb.is_valid()
    assert "too many pixels" in " ".join(bomb.errors["image"])


def test_web_renditions_are_made_and_served_with_srcset(settings, tmp_path, client):
    from media_captions.services import make_renditions

    settings.MEDIA_ROOT = tmp_path
    photo = make_renditions(form(image_bytes(size=(2000, 1000))).save())
    thumb, large = Image.open(photo.thumbnail.path), Image.open(photo.large.path)
    assert (thumb.format, thumb.size) == ("WEBP", (320, 160))
    assert (large.format, large.size) == ("WEBP", (1280, 640))
    img = soup(client.get(photo.article.get_absolute_url())).select_one("#photo-1 img")
    assert img["src"] == photo.large.url
    assert img["srcset"] == f"{photo.thumbnail.url} 320w, {photo.large.url} 1280w"
    assert img["alt"] == "On the pier."
