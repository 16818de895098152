"""Two app servers behind one address serve the same archive: nothing either needs lives
only on its own disk or in its own memory, except the page cache (per worker, by design).

Starts `manage.py serve` twice, on two ports, against one database (a fresh embedded
PostgreSQL in a temporary folder, or a new database on the DATABASE_URL server) and one
media storage (a folder both are given, standing in for an object store).
"""

from __future__ import annotations

import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.builders import BASE_DIR
from tests.newsroom.processes import free_port, scratch_database

pytestmark = pytest.mark.slow

DATABASE = "newsroom_two_servers_test"
HEADLINE = "Velm quarry council reopens the east pit"
SLUG = "velm-quarry-council-reopens-the-east-pit"
ARTICLE_URL = f"/articles/2022/06/14/{SLUG}/"
PASSWORD = "a-long-invented-password-for-this-test-only"


@pytest.fixture
def shared_env(tmp_path: Path):
    base = {k: v for k, v in os.environ.items() if k != "MEDIA_STORAGE"}
    base.update(
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "shared-media"),
        PYTHONUNBUFFERED="1",
        NEWSROOM_BOOTSTRAP="0",
        SECRET_KEY="two-servers-one-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        RATE_LIMIT_SEARCH="3/m",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    with scratch_database(base, DATABASE, tmp_path) as env:
        yield env


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _get(opener, url: str) -> tuple[int, bytes]:
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    def __init__(self, env: dict, tmp_path: Path, name: str):
        self.log_path = tmp_path / f"{name}.log"
        self.base = f"http://127.0.0.1:{free_port()}"
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "serve", "--bind", self.base[7:], "--workers", "2"],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.cookies = http.cookiejar.CookieJar()  # a browser's, one per server
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        deadline = time.monotonic() + 180
        while True:
            try:
                if self.get("/healthz")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert self.process.poll() is None, self.log_path.read_text()
            assert time.monotonic() < deadline, self.log_path.read_text()
            time.sleep(0.5)

    def get(self, path: str) -> tuple[int, bytes]:
        return _get(self.opener, self.base + path)

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": content_type}
        )
        return _get(self.opener, request)

    def csrf_token(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _sign_in(server: Server) -> None:
    server.get("/admin/login/")
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": server.csrf_token(),
            "username": "ines.varga",
            "password": PASSWORD,
            "next": "/admin/",
        }
    ).encode()
    status, page = server.post("/admin/login/", body, "application/x-www-form-urlencoded")
    assert status == 200 and b"Log out" in page, page[:2000]


def test_two_gunicorn_servers_serve_one_archive_its_uploads_and_its_rate_limits(
    shared_env, tmp_path
):
    first = Server(shared_env, tmp_path, "first")  # migrates and loads the sample data
    second = None
    try:
        second = Server(shared_env, tmp_path, "second")
        _manage(
            shared_env,
            "createsuperuser",
            "--noinput",
            "--username",
            "ines.varga",
            "--email",
            "ines.varga@example.org",
        )
        # An article written to the database is on both servers.
        article_pk = _manage(
            shared_env,
            "shell",
            "-c",
            "from datetime import datetime, UTC; from articles.models import Article;"
            f"a = Article.objects.create(headline={HEADLINE!r}, slug={SLUG!r},"
            " body='The quarry council of Velm voted to reopen the east pit.',"
            " status='published', published_at=datetime(2022, 6, 14, 9, tzinfo=UTC));"
            "print(a.pk)",
        ).split()[-1]
        status, page = first.get(ARTICLE_URL)
        assert status == 200 and HEADLINE.encode() in page
        assert b"/media/" not in page  # no photo yet

        # An editor uploads a photo through the first server ...
        _sign_in(first)
        first.get("/admin/media_captions/photo/add/")
        image = BytesIO()
        Image.new("RGB", (640, 360), "darkolivegreen").save(image, "JPEG")
        body, content_type = _multipart(
            {
                "csrfmiddlewaretoken": first.csrf_token(),
                "article": article_pk,
                "position": "1",
                "caption": "The east pit of the Velm quarry at dawn.",
                "credit": "Sela Vorn/Velm Post",
                "_save": "Save",
            },
            {"image": ("east-pit.jpg", image.getvalue())},
        )
        status, page = first.post("/admin/media_captions/photo/add/", body, content_type)
        assert status == 200 and b"was added successfully" in page, page[-3000:]

        # ... and the second shows it on the article, and serves the image itself.
        status, page = second.get(ARTICLE_URL)
        assert status == 200 and b"The east pit of the Velm quarry at dawn." in page
        sources = {
            img["src"]
            for img in BeautifulSoup(page.decode(), "html.parser").find_all("img")
            if "/media/photos/" in img.get("src", "")
        }
        assert sources, page.decode()
        for source in sources:
            status, served_by_second = second.get(source)
            assert status == 200, source
            assert served_by_second == first.get(source)[1]
            assert Image.open(BytesIO(served_by_second)).width > 0

        # Rate limits count across servers: 3 searches a minute from one address, in all.
        assert [first.get(f"/search/?q=quarry+{n}")[0] for n in range(2)] == [200, 200]
        assert second.get("/search/?q=quarry+3")[0] == 200
        assert second.get("/search/?q=quarry+4")[0] == 429
        assert first.get("/search/?q=quarry+5")[0] == 429
    finally:
        first.stop()
        if second is not None:
            second.stop()
    for server in (first, second):
        assert "Traceback" not in server.log_path.read_text(), server.log_path.read_text()
