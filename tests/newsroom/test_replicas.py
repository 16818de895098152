"""Read replicas: the archive served from a PostgreSQL primary of the test's own and a
streaming replica of it (`pg_basebackup -R`, a second port), both run with the embedded
server's binaries; the replica is paused, stopped and started under the running site.

A paused replica (`pg_wal_replay_pause()`) holds the archive as it was: what a reader is
shown then tells which database answered.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
from bs4 import BeautifulSoup

from tests.builders import BASE_DIR, KERRY_URL
from tests.newsroom.processes import free_port, wait_for

pytestmark = pytest.mark.slow

CHECK_SECONDS = 3  # REPLICA_CHECK_SECONDS of the site under test
MAX_LAG_SECONDS = 8  # REPLICA_MAX_LAG_SECONDS of the site under test
EDITOR, PASSWORD = "noor.valdane", "a-long-editor-passphrase-91"


class Cluster:
    """A PostgreSQL data folder and the server on it, on 127.0.0.1:`port`."""

    def __init__(self, folder: Path, port: int, user: str | None):
        from pgserver._commands import POSTGRES_BIN_PATH

        self.folder, self.port, self.user, self.bin = folder, port, user, POSTGRES_BIN_PATH
        self.url = f"postgres://postgres@127.0.0.1:{port}/newsroom"

    def run(self, program: str, *args: str) -> None:
        subprocess.run(
            [str(self.bin / program), *args],
            user=self.user,
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self, *settings: str) -> None:
        options = " ".join(
            [f"-p {self.port}", f"-k {self.folder.parent}", "-c listen_addresses=127.0.0.1"]
            + [f"-c {setting}" for setting in settings]
        )
        log = str(self.folder.parent / f"{self.folder.name}.log")
        self.run("pg_ctl", "-D", str(self.folder), "-w", "-l", log, "-o", options, "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.folder), "-w", "-m", "fast", "stop")

    def sql(self, statement: str, database: str = "newsroom"):
        url = self.url.rsplit("/", 1)[0] + f"/{database}"
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchone() if cursor.description else None


@pytest.fixture
def primary_and_replica():
    """A primary made for streaming replication, with a database `newsroom`, and a
    replica of it streaming from it; yields (primary, replica)."""
    user = _postgres_user()
    home = Path(tempfile.mkdtemp(prefix="newsroom-replicas-"))
    if user:
        shutil.chown(home, user)
    primary = Cluster(home / "primary", free_port(), user)
    replica = Cluster(home / "replica", free_port(), user)
    started: list[Cluster] = []
    try:
        primary.run("initdb", "-D", str(primary.folder), "-U", "postgres", "--auth=trust")
        with (primary.folder / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        # fsync=off: a crash of the test's own server costs nothing.
        primary.start("wal_level=replica", "max_wal_senders=4", "fsync=off")
        started.append(primary)
        primary.sql("CREATE DATABASE newsroom", database="postgres")
        replica.run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
            *("-D", str(replica.folder), "-R", "-X", "stream", "-c", "fast"),
        )
        replica.start("hot_standby=on", "fsync=off")
        started.append(replica)
        assert replica.sql("SELECT pg_is_in_recovery()") == (True,)
        yield primary, replica
    finally:
        for cluster in started:
            with contextlib.suppress(subprocess.CalledProcessError):  # stopped by the test
                cluster.stop()
        shutil.rmtree(home, ignore_errors=True)


def _postgres_user() -> str | None:
    """PostgreSQL refuses to run as root: as root, run it as pgserver's own user."""
    if os.geteuid() != 0:
        return None
    from pgserver._commands import POSTGRES_BIN_PATH
    from pgserver.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists("pgserver")
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    readable = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(POSTGRES_BIN_PATH, stat.S_IXGRP | stat.S_IXOTH | readable)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", readable)
    return "pgserver"


class Browser:
    """A browser with its own cookies: a reader, or an editor once signed in."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=data))

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def submit(self, path: str, form_id: str, changes: dict[str, str]) -> tuple[int, str]:
        """Fill in the form as the page offers it, with `changes`, and send it."""
        status, page = self.get(path)
        assert status == 200, page[:2000]
        form = BeautifulSoup(page, "html.parser").find("form", id=form_id)
        fields: dict[str, str] = {}
        for field in form.find_all(["input", "select", "textarea"]):
            name, kind = field.get("name"), field.get("type", "")
            if not name or kind in {"submit", "button", "file"}:
                continue
            if kind == "checkbox" and not field.has_attr("checked"):
                continue
            if field.name == "select":
                chosen = field.find("option", selected=True)
                fields[name] = chosen.get("value", "") if chosen else ""
            elif field.name == "textarea":
                fields[name] = field.text
            else:
                fields[name] = field.get("value", "")
        return self.post(path, {**fields, **changes})


def _sign_in(base: str) -> Browser:
    editor = Browser(base)
    status, page = editor.submit(
        "/admin/login/?next=/admin/", "login-form", {"username": EDITOR, "password": PASSWORD}
    )
    assert status == 200 and "Log out" in page, page[:2000]
    return editor


def _publish(editor: Browser, headline: str, slug: str) -> str:
    """The editor writes an article in the admin; returns its address."""
    status, page = editor.submit(
        "/admin/articles/article/add/",
        "article_form",
        {
            "headline": headline,
            "slug": slug,
            "body": f"{headline}, the harbour board of Tessaly said on Tuesday.",
            "status": "published",
            "published_at_0": "2024-03-05",
            "published_at_1": "10:00:00",
            "_save": "Save",
        },
    )
    assert status == 200 and "was added successfully" in page, page[:3000]
    return f"/articles/2024/03/05/{slug}/"


def _replayed_just_now(primary: Cluster, replica: Cluster) -> None:
    """A transaction committed on the primary now, once the replica has replayed it: the
    replica's lag, once it falls behind, counts from now."""
    primary.sql("SELECT txid_current()")
    (sent,) = primary.sql("SELECT pg_current_wal_lsn()::text")
    wait_for(
        lambda: replica.sql(f"SELECT pg_last_wal_replay_lsn() >= '{sent}'::pg_lsn")[0],
        30,
        "the replica to catch up",
    )


def test_readers_read_the_replica_editors_their_own_writes_and_a_stopped_replica_is_skipped(
    primary_and_replica, tmp_path
):
    primary, replica = primary_and_replica
    env = {k: v for k, v in os.environ.items() if k not in {"EMBEDDED_PGDATA"}}
    env.update(
        DATABASE_URL=primary.url,
        DATABASE_REPLICA_URLS=replica.url,
        REPLICA_CHECK_SECONDS=str(CHECK_SECONDS),
        REPLICA_MAX_LAG_SECONDS=str(MAX_LAG_SECONDS),
        NEWSROOM_BOOTSTRAP="0",
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONUNBUFFERED="1",
        PAGE_CACHE_SECONDS="0",  # every page read afresh, from whichever database
        DJANGO_SUPERUSER_USERNAME=EDITOR,
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        DJANGO_SUPERUSER_EMAIL="noor.valdane@tessaly-gazette.example",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        # One worker: it keeps one answer about the replica, which the test can time.
        serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}", "--workers=1"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    reader = Browser(base)

    def site_up() -> bool:
        assert serve.poll() is None, log_path.read_text()[-3000:]
        try:
            return reader.get("/healthz")[0] == 200
        except (urllib.error.URLError, ConnectionError):
            return False

    try:
        wait_for(site_up, 120, "the site")
        subprocess.run(
            [sys.executable, "manage.py", "createsuperuser", "--noinput"],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        editor = _sign_in(base)
        _replayed_just_now(primary, replica)
        status, health = reader.get("/healthz")
        assert status == 200 and "default ok\nreplica1 ok lag " in health, health

        # 1. The replica stops replaying: readers go on seeing the archive as it was, while
        # the editor who just published sees the new article at once.
        replica.sql("SELECT pg_wal_replay_pause()")
        breakwater = _publish(editor, "Breakwater repairs begin at Tessaly", "breakwater-repairs")
        status, page = editor.get(breakwater)
        assert status == 200 and "Breakwater repairs begin at Tessaly" in page
        status, page = reader.get(breakwater)
        assert status == 404, "a reader's page was not read from the replica"
        assert reader.get(KERRY_URL)[0] == 200
        status, health = reader.get("/healthz")
        assert status == 200 and "replica1 ok lag " in health, health

        # 2. Once it replays again, readers see the article too.
        replica.sql("SELECT pg_wal_replay_resume()")
        wait_for(lambda: reader.get(breakwater)[0] == 200, 10, "readers to see the article")
        assert "Breakwater repairs begin at Tessaly" in reader.get(breakwater)[1]

        # 3. The replica stops while this process still counts it as up: the first reader
        # to reach it is answered from the primary, and so is everyone after, unknowing.
        assert reader.get("/healthz")[0] == 200  # checks the replica afresh
        checked = time.monotonic()
        replica.stop()
        status, page = reader.get(breakwater)
        failed_mid_request = time.monotonic() - checked < CHECK_SECONDS
        assert status == 200 and "Breakwater repairs begin at Tessaly" in page
        if failed_mid_request:
            assert "replica_failed_mid_request" in log_path.read_text()
        for path in ["/", KERRY_URL, "/api/v1/articles/", "/people/"]:
            status, page = reader.get(path)
            assert status == 200, (path, page[:1000])
        assert "We spent years, you and I" in reader.get(KERRY_URL)[1]
        status, health = reader.get("/healthz")
        assert status == 200
        assert health == "ok\ndefault ok\nreplica1 unavailable (primary serves reads)\n"

        # 4. Started again, the replica serves readers again.
        replica.start("hot_standby=on", "fsync=off")
        wait_for(lambda: "replica1 ok" in reader.get("/healthz")[1], 30, "the replica")
        _replayed_just_now(primary, replica)
        replica.sql("SELECT pg_wal_replay_pause()")
        lighthouse = _publish(editor, "Tessaly lighthouse relit", "lighthouse-relit")
        assert editor.get(lighthouse)[0] == 200
        assert reader.get(lighthouse)[0] == 404, "readers did not come back to the replica"

        # 5. A replica further behind than REPLICA_MAX_LAG_SECONDS is skipped.
        wait_for(
            lambda: reader.get(lighthouse)[0] == 200, MAX_LAG_SECONDS + 3 * CHECK_SECONDS, "skip"
        )
        status, health = reader.get("/healthz")
        assert "replica1 lagging" in health and "(primary serves reads)" in health, health
        replica.sql("SELECT pg_wal_replay_resume()")

        log_text = log_path.read_text()
        assert "Traceback" not in log_text, log_text[-4000:]
        served = [
            json.loads(line)
            for line in log_text.splitlines()
            if line.startswith("{") and '"event": "request"' in line
        ]
        assert {"replica1", "default"} <= {entry.get("reads_from") for entry in served}
    finally:
        serve.terminate()
        serve.wait(timeout=60)
