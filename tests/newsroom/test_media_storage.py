"""Uploaded media go through Django's STORAGES, so an object store can hold them for every
app server: the upload form writes to the configured storage and /media/ reads from it,
never from the server's own disk; MEDIA_STORAGE=s3 configures django-storages."""

from __future__ import annotations

import importlib.util
import subprocess
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from media_captions.forms import PhotoForm
from tests.builders import make_article
from tests.newsroom.processes import settings_in_a_process


def _jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (60, 30), "navy").save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def memory_storage(settings, tmp_path):
    """Media in an in-memory storage, and an empty MEDIA_ROOT: nothing on this disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    from django.core.files.storage import default_storage

    yield default_storage
    assert not (tmp_path / "media").exists()


def test_media_are_served_from_the_configured_storage(client, memory_storage):
    name = memory_storage.save("photos/2024/05/quay.jpg", ContentFile(_jpeg()))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _jpeg()
    assert response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "Last-Modified" in response
    assert client.get("/media/photos/2024/05/nothing.jpg").status_code == 404
    assert client.get("/media/photos/2024/05/").status_code == 404
    assert client.get("/media/photos/../../settings.py").status_code in (400, 404)

    memory_storage.save("photos/note.html", ContentFile(b"<script>alert(1)</script>"))
    page = client.get("/media/photos/note.html")
    assert page["Content-Type"] == "application/octet-stream"
    assert page["Content-Disposition"] == "attachment"


@pytest.mark.django_db
def test_an_uploaded_photo_and_its_renditions_are_stored_and_served_from_the_storage(
    client, memory_storage
):
    from media_captions.services import make_renditions

    article = make_article("Quay wall repaired after the storm")
    form = PhotoForm(
        {"article": article.pk, "position": 1, "caption": "The quay wall at low tide."},
        {"image": SimpleUploadedFile("quay.jpg", _jpeg())},
    )
    assert form.is_valid(), form.errors
    photo = make_renditions(form.save())
    for stored in (photo.image, photo.thumbnail, photo.large):
        assert memory_storage.exists(stored.name)
        response = client.get(stored.url)
        assert response.status_code == 200, stored.url
        assert b"".join(response.streaming_content) == memory_storage.open(stored.name).read()


def _settings_of(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    return settings_in_a_process(expression, env, unset=("AWS_", "MEDIA_"))


@pytest.mark.skipif(
    importlib.util.find_spec("storages") is not None, reason="django-storages is installed here"
)
def test_s3_media_without_django_storages_stop_start_up_with_what_to_install():
    result = _settings_of({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "archive"}, "1")
    assert result.returncode != 0
    assert "MEDIA_STORAGE=s3 needs django-storages and boto3" in result.stderr
    assert "pip install 'django-storages[s3]'" in result.stderr


def test_s3_media_configure_django_storages_and_the_pages_allow_its_images(tmp_path):
    # Stand-ins for the two packages, enough for the settings (which only look them up).
    for package in ("storages", "boto3"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    env = {
        "PYTHONPATH": str(tmp_path),
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "velm-archive-media",
        "AWS_S3_ENDPOINT_URL": "https://objects.example.net",
    }
    result = _settings_of(
        env, "settings.STORAGES['default'], '|', settings.CONTENT_SECURITY_POLICY"
    )
    assert result.returncode == 0, result.stderr
    storage, policy = result.stdout.split("|")
    assert "'BACKEND': 'storages.backends.s3.S3Storage'" in storage
    assert "'bucket_name': 'velm-archive-media'" in storage
    assert "'endpoint_url': 'https://objects.example.net'" in storage
    assert "'file_overwrite': False" in storage
    img_src = next(d for d in policy.split(";") if d.strip().startswith("img-src"))
    assert "https://objects.example.net" in img_src.split()
    assert "https://velm-archive-media.objects.example.net" in img_src.split()

    missing = _settings_of({**env, "AWS_STORAGE_BUCKET_NAME": ""}, "1")
    assert missing.returncode != 0 and "needs AWS_STORAGE_BUCKET_NAME" in missing.stderr
    unknown = _settings_of({"MEDIA_STORAGE": "ftp"}, "1")
    assert unknown.returncode != 0 and "MEDIA_STORAGE must be filesystem or s3" in unknown.stderr
