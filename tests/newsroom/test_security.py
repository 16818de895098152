"""Security: deploy checks, headers on every page, rate limits, and uploaded media."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client

from tests.builders import BASE_DIR, KERRY_URL

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    KERRY_URL,
    "/search/?q=climate",
    "/search/feed/?q=climate",
    "/people/",
    "/people/john-kerry/",
    "/places/russia/",
    "/archive/2021/",
    "/api/v1/articles/",
    "/admin/login/",
    "/no-such-page/",
]


def test_check_deploy_reports_no_issues_with_production_settings():
    # The browser tests' conftest allows sync database calls from Playwright's event loop;
    # a deployment would not.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": "a-real-secret-for-this-test-only-0123456789-abcdefghijklmnop",
        "NEWSROOM_BOOTSTRAP": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_the_security_headers(client, seed, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response  # plain HTTP: no HSTS


def test_hsts_is_sent_over_https(client, seed, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def _limited(settings, **rates):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, **rates}


def test_searches_are_rate_limited_per_address_with_a_friendly_page(seed, settings):
    _limited(settings, search="3/m")
    reader, other = Client(REMOTE_ADDR="198.51.100.1"), Client(REMOTE_ADDR="198.51.100.2")
    for _ in range(3):
        assert reader.get("/search/", {"q": "climate"}).status_code == 200
    response = reader.get("/search/", {"q": "weapons"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert "Please wait" in response.content.decode()
    assert "Search the archive" in response.content.decode()  # the site's own page
    assert 0 < int(response["Retry-After"]) <= 60
    assert other.get("/search/", {"q": "climate"}).status_code == 200
    assert reader.get(KERRY_URL).status_code == 200  # reading articles is not limited

    # When the window has passed, the reader may search again.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE newsroom_ratelimit SET resets_at = now() - interval '1 second'")
    assert reader.get("/search/", {"q": "climate"}).status_code == 200


def test_feeds_and_admin_logins_are_rate_limited(seed, settings):
    _limited(settings, feed="2/m", login="2/m")
    reader = Client(REMOTE_ADDR="198.51.100.3")
    assert reader.get("/people/john-kerry/feed/").status_code == 200
    assert reader.get("/places/russia/feed/").status_code == 200
    assert reader.get("/people/john-kerry/feed/").status_code == 429

    guesser = Client(REMOTE_ADDR="198.51.100.4")
    for _ in range(2):
        response = guesser.post("/admin/login/", {"username": "x", "password": "guess"})
        assert response.status_code == 200  # the form again, with its error
    assert guesser.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 429
    assert guesser.get("/admin/login/").status_code == 200  # the form itself is not limited


def test_rate_limits_can_be_switched_off_for_load_tests(seed, settings):
    _limited(settings, search="1/m")
    settings.RATE_LIMIT_ENABLED = False
    reader = Client(REMOTE_ADDR="198.51.100.5")
    assert all(reader.get("/search/", {"q": "x"}).status_code == 200 for _ in range(5))


def test_behind_a_proxy_the_forwarded_address_is_limited(seed, settings):
    _limited(settings, search="1/m")
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    assert proxy.get("/search/?q=a", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200
    assert proxy.get("/search/?q=a", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert proxy.get("/search/?q=a", HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200


def test_uploaded_media_are_never_run(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "pier.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (tmp_path / "photos" / "evil.html").write_text("<script>alert(1)</script>")
    (tmp_path / "photos" / "evil.svg").write_text("<svg onload='alert(1)'/>")

    image = client.get("/media/photos/pier.jpg")
    assert image["Content-Type"] == "image/jpeg"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image["Content-Security-Policy"]
    for name in ("evil.html", "evil.svg"):
        response = client.get(f"/media/photos/{name}")
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"] == "attachment"
        assert "sandbox" in response["Content-Security-Policy"]
    assert client.get("/media/../settings.py").status_code in (400, 404)  # refused
