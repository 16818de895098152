"""Cached aggregates that never make a reader wait twice: stale while they are refreshed.

`cached(key, compute, fresh_for)` answers from the cache. An entry older than `fresh_for`
is still answered, and recomputed once the response has gone out (on Django's
`request_finished`, which the server sends after the last byte): the reader after the
expiry gets the previous figures at once, the next one the new ones. Only a key never
computed (or evicted after KEEP_SECONDS) is computed while a reader waits. One process
refreshes a key at a time (a lock in the shared cache).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.signals import request_finished

log = logging.getLogger(__name__)
KEEP_SECONDS = 7 * 24 * 3600  # a stale entry is kept this long at most
LOCK_SECONDS = 60  # a refresh that died leaves its lock this long
_pending = threading.local()


def cached(key: str, compute: Callable[[], Any], fresh_for: int) -> Any:
    entry = cache.get(key)
    now = time.time()
    if entry is None:
        value = compute()
        cache.set(key, (now, value), KEEP_SECONDS)
        return value
    computed_at, value = entry
    if now - computed_at > fresh_for and cache.add(f"{key}:refreshing", 1, LOCK_SECONDS):
        if not hasattr(_pending, "jobs"):
            _pending.jobs = []
        _pending.jobs.append((key, compute))
    return value


def refresh_pending(**kwargs) -> None:
    """Recompute what this thread's requests found stale (after the response was sent)."""
    jobs, _pending.jobs = getattr(_pending, "jobs", []), []
    for key, compute in jobs:
        try:
            cache.set(key, (time.time(), compute()), KEEP_SECONDS)
        except Exception:  # the stale figures stay; the next reader after LOCK_SECONDS retries
            log.exception("refreshing %s failed", key)
        else:
            cache.delete(f"{key}:refreshing")


request_finished.connect(refresh_pending, dispatch_uid="articles.stale.refresh_pending")
