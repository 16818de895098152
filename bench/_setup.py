"""Set up Django for a bench script run as `.venv/bin/python bench/NAME.py`."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def django_setup() -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


class QueryClock:
    """The time spent in SQL statements, as Django's execute wrapper sees it:
    `with clock.measure(): ...`, then `clock.ms`."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started

    @contextlib.contextmanager
    def measure(self) -> Iterator[QueryClock]:
        from django.db import connection

        self.seconds = 0.0
        with connection.execute_wrapper(self):
            yield self

    @property
    def ms(self) -> float:
        return self.seconds * 1000


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of values, by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(workers: int = 2, threads: int = 1, page_cache: bool = False) -> Iterator[str]:
    """Gunicorn with production settings on a free loopback port; yields its base URL.

    The readers' page cache is off unless asked for: a bench that repeats a request
    would otherwise time the cache, not the page."""
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "RATE_LIMIT_ENABLED": "0",  # one client sends everything
        "REQUEST_LOG": "0",
        "PAGE_CACHE_SECONDS": "30" if page_cache else "0",
        "STATIC_ROOT": str(BASE_DIR / "var" / "bench-static"),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--log-level", "warning"],
        cwd=BASE_DIR, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def time_get(url: str, runs: int, warm_up: bool = True) -> list[float]:
    """Milliseconds for each of `runs` GETs of url, after one warm-up GET."""
    if warm_up:
        urllib.request.urlopen(url, timeout=120).read()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            assert response.status == 200, url
        times.append((time.perf_counter() - started) * 1000)
    return times
