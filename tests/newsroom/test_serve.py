"""The quick start's first command: `manage.py serve` runs Gunicorn with the sample data.

Runs the real command in a subprocess against a database of its own: a fresh embedded
PostgreSQL in a temporary folder, or (with DATABASE_URL set) a new database on that server.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.builders import BASE_DIR, CREDIT, KERRY_URL
from tests.newsroom.processes import free_port, scratch_database

SERVE_DB = "newsroom_serve_test"


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


@pytest.fixture
def serve_env(tmp_path: Path):
    base = {**os.environ, "STATIC_ROOT": str(tmp_path / "static"), "PYTHONUNBUFFERED": "1"}
    with scratch_database(base, SERVE_DB, tmp_path) as env:
        yield env


def _manage(*args: str, env: dict) -> list[str]:
    return [sys.executable, str(BASE_DIR / "manage.py"), *args]


def _count_credited_photos(env: dict) -> int:
    """Run a second `manage.py` process against the same database and count photos."""
    result = subprocess.run(
        _manage(
            "shell",
            "-c",
            "from media_captions.models import Photo;"
            f"print(Photo.objects.filter(credit={CREDIT!r}).count())",
            env=env,
        ),
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


def _start(env: dict, tmp_path: Path, name: str) -> tuple[subprocess.Popen, str, str, object]:
    """`manage.py serve` in a subprocess, once its home page answers: (process, base URL,
    home page, log file)."""
    port = free_port()
    log = (tmp_path / f"{name}.log").open("w")
    server = subprocess.Popen(
        _manage("serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", env=env),
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            status, _, home = _get(base + "/")
            break
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, (tmp_path / f"{name}.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / f"{name}.log").read_text()
            time.sleep(0.5)
    assert status == 200
    return server, base, home, log


def _stop(server: subprocess.Popen, log, tmp_path: Path, name: str) -> None:
    server.terminate()
    server.wait(timeout=60)
    log.close()
    assert server.returncode == 0, (tmp_path / f"{name}.log").read_text()


def test_serve_starts_gunicorn_with_the_sample_data_shared_with_a_second_manage_py(
    serve_env, tmp_path
):
    server, base, home, log = _start(serve_env, tmp_path, "serve")
    try:
        assert KERRY_URL in home

        status, _, article = _get(base + KERRY_URL)
        assert status == 200
        assert "We spent years, you and I" in article
        assert article.count("/Pool Photo via AP") == 4

        # Production settings: a missing page is the site's own, not Django's debug page.
        status, _, missing = _get(base + "/no-such-page/")
        assert status == 404
        assert "URLconf" not in missing and "Search the archive" in missing
        # A very long search reaches the archive: its own page, not Gunicorn's.
        status, _, long_search = _get(base + "/search/?q=" + "x" * 4700)
        assert status == 200 and "too long" in long_search

        status, content_type, css = _get(base + "/static/css/archive.css")
        assert status == 200 and content_type.startswith("text/css") and "--accent" in css

        # A second manage.py shares the running database with Gunicorn's workers.
        count = _count_credited_photos(serve_env)
        assert count == 4
        assert _get(base + "/")[0] == 200
    finally:
        _stop(server, log, tmp_path, "serve")
    if "EMBEDDED_PGDATA" in serve_env:
        # The last process using the embedded server has gone, so the server has stopped.
        assert not (Path(serve_env["EMBEDDED_PGDATA"]) / "postmaster.pid").exists()
    # The data survives the restart: a new process starts the server again and finds it.
    assert _count_credited_photos(serve_env) == 4


def test_restarting_serve_keeps_an_editors_changes_to_the_sample_story(serve_env, tmp_path):
    server, base, _, log = _start(serve_env, tmp_path, "first")
    _stop(server, log, tmp_path, "first")
    edit = subprocess.run(
        _manage(
            "shell",
            "-c",
            "from articles.models import Article;"
            "a = Article.objects.get(slug__startswith='kerry');"
            "a.standfirst = 'An editor wrote this standfirst.'; a.byline = 'Ines Varga';"
            "a.save()",
            env=serve_env,
        ),
        cwd=BASE_DIR,
        env=serve_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert edit.returncode == 0, edit.stderr
    server, base, _, log = _start(serve_env, tmp_path, "second")
    try:
        status, _, article = _get(base + KERRY_URL)
        assert status == 200
        assert "An editor wrote this standfirst." in article
        assert "Ines Varga" in article
    finally:
        _stop(server, log, tmp_path, "second")
