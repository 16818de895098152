"""Faults: the database restarted under a running site, an import killed mid-file.

Each test starts a PostgreSQL of its own (pgserver, in a temporary folder) so that it can
stop and start it, and drives the real `manage.py` commands in subprocesses.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import psycopg
import pytest

from tests.builders import BASE_DIR, KERRY_URL
from tests.newsroom.processes import fetch, free_port, stop_postgres, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def own_postgres(tmp_path: Path):
    """A PostgreSQL this test may stop and start; yields (server, DATABASE_URL)."""
    import pgserver

    server = pgserver.get_server(tmp_path / "pgdata", cleanup_mode="delete")
    server.psql("CREATE DATABASE faults;")
    yield server, server.get_uri("faults")
    server.cleanup()


def site_env(database_url: str, tmp_path: Path) -> dict:
    """The environment of a serve process on `database_url`, its page cache off."""
    env = {k: v for k, v in os.environ.items() if k not in {"EMBEDDED_PGDATA"}}
    env.update(
        DATABASE_URL=database_url,
        NEWSROOM_BOOTSTRAP="0",
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONUNBUFFERED="1",
        # serve's production settings keep readers' pages for 30 s, which would answer
        # them while the database is away: every request here must reach it.
        PAGE_CACHE_SECONDS="0",
    )
    return env


def test_the_site_answers_503_while_the_database_restarts_and_recovers_by_itself(
    own_postgres, tmp_path
):
    server, url = own_postgres
    env = site_env(url, tmp_path)
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(base + "/")[0] == 200, 180, "the site: " + log_path.read_text())
        workers = {p.pid for p in psutil.Process(serve.pid).children(recursive=True)}
        assert fetch(base + KERRY_URL)[0] == 200

        stop_postgres(server)
        status, page = fetch(base + "/")
        assert status == 503 and "Back in a moment" in page, log_path.read_text()[-3000:]
        assert fetch(base + KERRY_URL)[0] == 503
        assert fetch(base + "/healthz")[0] == 503
        status, body = fetch(base + "/api/v1/articles/")
        assert status == 503, log_path.read_text()[-4000:]
        assert "unavailable" in json.loads(body)["detail"]

        server.ensure_postgres_running()
        wait_for(lambda: fetch(base + KERRY_URL)[0] == 200, 30, "recovery")
        assert fetch(base + "/")[0] == 200
        assert fetch(base + "/healthz")[0] == 200
        # Recovered by reconnecting, not by restarting Gunicorn or its workers.
        assert serve.poll() is None
        assert {p.pid for p in psutil.Process(serve.pid).children(recursive=True)} == workers
        assert "Traceback" not in log_path.read_text()
    finally:
        serve.terminate()
        serve.wait(timeout=60)


def _wire_lines(count: int) -> list[str]:
    lines = []
    for n in range(count):
        lines.append(
            json.dumps(
                {
                    "headline": f"Quarry council meeting number {n}",
                    "published_at": f"2019-0{1 + n % 9}-1{n % 10}T08:00:00+00:00",
                    "url": f"https://gazette.example/quarry/{n}",
                    "status": "published",
                    "body": [
                        f"The quarry council of Velm met for the {n}th time.",
                        "“We will reopen the east pit,” said Orrin Falk, the quarry master.",
                    ],
                    "quotes": [
                        {
                            "text": "We will reopen the east pit",
                            "speaker": "Orrin Falk",
                            "paragraph": 2,
                        },
                        {"text": f"Meeting {n} is closed", "speaker": "Tilde Marr", "paragraph": 1},
                    ],
                    "photos": [
                        {
                            "caption": f"The east pit at dawn, day {n}.",
                            "credit": "Sela Vorn/Velm Post",
                        }
                    ],
                    "people": ["Orrin Falk", "Tilde Marr"],
                    "places": [],
                }
            )
        )
    return lines


def test_an_import_killed_mid_file_and_run_again_holds_every_article_exactly_once(
    own_postgres, tmp_path
):
    _server, url = own_postgres
    env = site_env(url, tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    total = 6000  # imported in batches of 500: killed between two of them
    source = tmp_path / "quarry.jsonl"
    source.write_text("\n".join(_wire_lines(total)) + "\n")
    conninfo = url

    def count(sql: str) -> int:
        with psycopg.connect(conninfo) as conn:
            return conn.execute(sql).fetchone()[0]

    command = [sys.executable, "manage.py", "import_articles", str(source)]
    first = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for(
        lambda: count("SELECT count(*) FROM articles_article") >= 500, 120, "the import to start"
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    # The server may still finish a COMMIT the killed client had sent: wait for its session
    # to end before counting.
    wait_for(
        lambda: (
            count(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            == 0
        ),
        30,
        "the killed import's session to end",
    )
    imported = count("SELECT count(*) FROM articles_article")
    assert 500 <= imported < total, "the import was not killed mid-file"
    # Whatever was committed is whole: each article has both its quotes and its photo.
    assert count("SELECT count(*) FROM articles_quote") == 2 * imported
    assert count("SELECT count(*) FROM media_captions_photo") == imported

    again = subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )
    assert again.returncode == 0, again.stderr
    assert (
        f"{total - imported} imported" in again.stdout and f"{imported} unchanged" in again.stdout
    )
    assert count("SELECT count(*) FROM articles_article") == total
    assert count("SELECT count(DISTINCT url) FROM articles_article") == total
    assert count("SELECT count(*) FROM articles_quote") == 2 * total
    assert count("SELECT count(*) FROM media_captions_photo") == total
    assert count("SELECT count(*) FROM articles_person WHERE name = 'Orrin Falk'") == 1
    assert count("SELECT article_count FROM articles_person WHERE name = 'Orrin Falk'") == total
