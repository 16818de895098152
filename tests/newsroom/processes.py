"""Helpers for the tests that run the archive in processes of its own (serve, Gunicorn, a
PostgreSQL to stop and start, a replica, settings read at start-up): ports, waiting,
fetching, scratch databases."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import psycopg
from django.conf import settings

from tests.builders import BASE_DIR


def settings_in_a_process(
    expression: str, env: dict[str, str], *, unset: Iterable[str] = ()
) -> subprocess.CompletedProcess:
    """What a new process's settings make of this environment: `unset` names left out of
    this one's environment (a name ending in "_" leaves out every name it begins), `env`
    added, Django set up and `expression` printed (json is imported for it); start-up's
    refusal, if any, is in stderr."""
    unset = tuple(unset)
    environment = {
        k: v
        for k, v in os.environ.items()
        if not any(k == u or (u.endswith("_") and k.startswith(u)) for u in unset)
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print({expression})"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, seconds: float, what: str):
    """The first true result of `predicate`, retried (through connection errors) until
    `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = predicate()
            if result:
                return result
        except (urllib.error.URLError, ConnectionError, psycopg.OperationalError):
            pass
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.3)


def fetch(url: str) -> tuple[int, str]:
    """(status, body) of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def stop_postgres(server) -> None:
    """Stop a pgserver PostgreSQL (fast shutdown), leaving its data to start again."""
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)


def server_admin_url() -> str:
    """The machine's server (DATABASE_URL's), database `postgres`: to create scratch ones."""
    database = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        host=database["HOST"],
        port=database["PORT"] or None,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname="postgres",
    )


@contextlib.contextmanager
def scratch_database(env: dict, name: str, tmp_path: Path) -> Iterator[dict]:
    """`env` pointed at a database of the test's own: an embedded one in `tmp_path`
    without DATABASE_URL, else database `name`, created afresh on that server and dropped
    after."""
    env = {k: v for k, v in env.items() if k not in {"DATABASE_URL", "EMBEDDED_PGDATA"}}
    if not os.environ.get("DATABASE_URL"):
        yield {**env, "EMBEDDED_PGDATA": str(tmp_path / "pgdata")}
        return
    admin = server_admin_url()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield {**env, "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"}
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
