"""Photo uploads: only real, whole, reasonably sized images, upright and without GPS."""

import itertools
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


_stories = itertools.count(1)


def form(upload: bytes, name="photo.jpg", **fields) -> PhotoForm:
    article = make_article(f"Pier story {next(_stories)}")
    data = {"article": article.pk, "position": 1, "caption": "On the pier.", **fields}
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


def _with_iptc(jpeg: bytes, records: dict[int, str]) -> bytes:
    """A JPEG with an IPTC block (APP13, Photoshop 3.0, resource 0x0404), as cameras write."""
    iptc = b"".join(
        b"\x1c\x02" + bytes([tag]) + len(v.encode()).to_bytes(2, "big") + v.encode()
        for tag, v in records.items()
    )
    resource = b"8BIM\x04\x04\x00\x00" + len(iptc).to_bytes(4, "big") + iptc
    resource += b"\x00" * (len(iptc) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload
    return jpeg[:2] + segment + jpeg[2:]


def test_caption_credit_and_date_are_prefilled_from_iptc(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = _with_iptc(
        image_bytes(), {120: "Ines Varga on the pier.", 110: "Lena Osk/AP", 55: "20200504"}
    )
    photo = form(upload, caption="").save()
    assert (photo.caption, photo.credit, str(photo.taken_on)) == (
        "Ines Varga on the pier.",
        "Lena Osk/AP",
        "2020-05-04",
    )
    assert photo.alt_text == "Ines Varga on the pier."


def test_caption_credit_and_date_are_prefilled_from_xmp_but_never_override_the_editor(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Lena Osk/AP" '
        b'photoshop:DateCreated="2020-05-04T10:00:00"><dc:description><rdf:Alt>'
        b'<rdf:li xml:lang="x-default">Tomas Reyl &amp; Ines Varga.</rdf:li></rdf:Alt>'
        b"</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    photo = form(image_bytes(xmp=xmp), caption="").save()
    assert (photo.caption, photo.credit, str(photo.taken_on)) == (
        "Tomas Reyl & Ines Varga.",
        "Lena Osk/AP",
        "2020-05-04",
    )
    mine = form(image_bytes(xmp=xmp), caption="The editor's words.", credit="Staff").save()
    assert (mine.caption, mine.credit) == ("The editor's words.", "Staff")


def test_without_a_caption_anywhere_the_form_asks_for_one(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    empty = form(image_bytes(), caption="")
    assert not empty.is_valid()
    assert "A caption is required" in " ".join(empty.errors["caption"])


def test_the_database_refuses_an_image_without_alt_text(settings, tmp_path):
    from django.db import IntegrityError

    settings.MEDIA_ROOT = tmp_path
    photo = form(image_bytes()).save()
    photo.alt_text = ""
    with pytest.raises(IntegrityError):
        photo.save()
