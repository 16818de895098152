"""Pooled connections (DATABASE_POOL=1): a process's threads share a few server connections.

Each test runs a Python process of its own with the pool settings in its environment,
against the database engine this run uses: the embedded PostgreSQL (a fresh one in a
temporary folder) or, with DATABASE_URL, that server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from tests.builders import BASE_DIR, KERRY_URL
from tests.newsroom import test_faults
from tests.newsroom.processes import fetch, free_port, stop_postgres, wait_for

own_postgres = test_faults.own_postgres  # a PostgreSQL of the test's own, to stop and start

pytestmark = pytest.mark.slow

# Eight threads each serve five "requests", as a Gunicorn worker's threads do: Django's
# request signals around a query that takes a moment, so that the threads overlap.
REQUESTS = textwrap.dedent(
    """
    import json, django
    from concurrent.futures import ThreadPoolExecutor
    django.setup()
    from django.core.signals import request_finished, request_started
    from django.db import connection

    def request(number):
        request_started.send(sender=None)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid() FROM pg_sleep(0.05)")
                return cursor.fetchone()[0]
        finally:
            request_finished.send(sender=None)

    with ThreadPoolExecutor(8) as threads:
        backends = list(threads.map(request, range(40)))
    print(json.dumps({"requests": len(backends), "backends": len(set(backends))}))
    """
)

# One thread keeps the only pooled connection while a reader asks for a page.
EXHAUSTED = textwrap.dedent(
    """
    import threading, time, django
    django.setup()
    from django.db import connection
    from django.test import Client

    held, release = threading.Event(), threading.Event()

    def hold():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            held.set()
            release.wait(30)
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(30)
    started = time.monotonic()
    response = Client().get("/")
    waited = time.monotonic() - started
    release.set()
    holder.join()
    print(response.status_code, response["Retry-After"], round(waited, 1))
    print(response.content.decode())
    """
)


@pytest.fixture(scope="module")
def database_env(tmp_path_factory) -> dict[str, str]:
    """The environment of a process using this run's kind of database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DATABASE_POOL") and k not in {"EMBEDDED_PGDATA", "CONN_MAX_AGE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="newsroom.settings", PYTHONUNBUFFERED="1")
    if os.environ.get("DATABASE_URL"):
        # Any database on the server will do: these processes create no tables.
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    else:
        env["EMBEDDED_PGDATA"] = str(tmp_path_factory.mktemp("pool") / "pgdata")
    return env


def _run(script: str, env: dict[str, str], **settings: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={**env, **settings},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_with_the_pool_eight_threads_share_three_server_connections(database_env):
    pooled = json.loads(
        _run(
            REQUESTS,
            database_env,
            DATABASE_POOL="1",
            DATABASE_POOL_MIN_SIZE="1",
            DATABASE_POOL_MAX_SIZE="3",
        ).stdout.splitlines()[-1]
    )
    assert pooled["requests"] == 40
    assert 1 <= pooled["backends"] <= 3, pooled

    # Without it, each thread keeps a connection of its own (CONN_MAX_AGE).
    unpooled = json.loads(_run(REQUESTS, database_env).stdout.splitlines()[-1])
    assert unpooled == {"requests": 40, "backends": 8}


def test_a_reader_who_waits_too_long_for_a_pooled_connection_gets_the_503_page(database_env):
    result = _run(
        EXHAUSTED,
        database_env,
        DATABASE_POOL="1",
        DATABASE_POOL_MIN_SIZE="1",
        DATABASE_POOL_MAX_SIZE="1",
        DATABASE_POOL_TIMEOUT="1",
        ALLOWED_HOSTS="testserver",
    )
    status, retry_after, waited = result.stdout.split("\n", 1)[0].split()
    assert (status, retry_after) == ("503", "5")
    assert "Back in a moment" in result.stdout
    assert 0.9 <= float(waited) < 10  # the pool's timeout, not a hang


def test_pool_sizes_that_cannot_work_are_refused_by_name(database_env):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env={
            **database_env,
            "DATABASE_POOL": "1",
            "DATABASE_POOL_MIN_SIZE": "5",
            "DATABASE_POOL_MAX_SIZE": "2",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DATABASE_POOL_MIN_SIZE must be between 0 and DATABASE_POOL_MAX_SIZE" in result.stderr


def test_with_the_pool_the_site_answers_503_while_the_database_restarts_and_recovers(
    own_postgres, tmp_path
):
    server, url = own_postgres
    env = {
        **test_faults.site_env(url, tmp_path),
        "DATABASE_POOL": "1",
        "DATABASE_POOL_MIN_SIZE": "2",
        "DATABASE_POOL_MAX_SIZE": "4",
    }
    base = f"http://127.0.0.1:{free_port()}"
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--bind", base[7:], "--workers", "2"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: fetch(base + KERRY_URL)[0] == 200, 180, "the site")
        stop_postgres(server)
        started = time.monotonic()
        status, page = fetch(base + "/")
        # The pool's wait for a connection (DATABASE_POOL_TIMEOUT, 3 s), then the 503 page.
        assert status == 503 and "Back in a moment" in page, log_path.read_text()[-3000:]
        assert time.monotonic() - started < 8
        assert fetch(base + "/api/v1/articles/")[0] == 503

        server.ensure_postgres_running()
        # Each worker's pool reconnects on its own (within seconds): recovered when a run of
        # requests, spread over both workers, all answer.
        wait_for(
            lambda: all(fetch(base + path)[0] == 200 for path in [KERRY_URL, "/"] * 4),
            60,
            "every worker to recover",
        )
        assert serve.poll() is None
        assert "Traceback" not in log_path.read_text()
    finally:
        serve.terminate()
        serve.wait(timeout=60)
