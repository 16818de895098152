"""Rate limits per client address, counted in PostgreSQL so every Gunicorn worker and
every app server shares them.

Each rule (settings.RATE_LIMITS) is "N/s", "N/m" or "N/h": at most N requests in a window
that starts at a client's first request. A request over the limit gets a 429 with a
Retry-After header (a page for readers, JSON for the API). The counters live in an UNLOGGED
table (migration newsroom 0003): one upsert per limited request, nothing written to the WAL.
If the database cannot be reached, requests are let through (the page itself then says so).
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)
PERIODS = {"s": 1, "m": 60, "h": 3600}

UPSERT = """
INSERT INTO newsroom_ratelimit AS r (bucket, hits, resets_at)
VALUES (%s, 1, now() + make_interval(secs => %s))
ON CONFLICT (bucket) DO UPDATE SET
    hits = CASE WHEN r.resets_at <= now() THEN 1 ELSE r.hits + 1 END,
    resets_at = CASE WHEN r.resets_at <= now() THEN excluded.resets_at ELSE r.resets_at END
RETURNING hits, ceil(extract(epoch FROM r.resets_at - now()))::integer
"""


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        match = re.fullmatch(r"\s*(\d+)\s*/\s*([smh])\s*", text)
        if not match:
            raise ValueError(f'A rate is written "N/s", "N/m" or "N/h", not {text!r}.')
        return cls(int(match[1]), PERIODS[match[2]])


def rule_for(request: HttpRequest) -> str | None:
    """Which limit a request counts against, if any."""
    path = request.path
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/search/"):
        return "search"
    if path.endswith("/feed/"):
        return "feed"
    if path.startswith("/admin/login/") and request.method == "POST":
        return "login"
    return None


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the last address a trusted proxy added to
    settings.CLIENT_IP_HEADER (e.g. X-Forwarded-For) when the archive is behind one."""
    header = settings.CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def hit(bucket: str, rate: Rate) -> tuple[int, int]:
    """Count one request in `bucket`: (requests in this window, seconds until it resets)."""
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [bucket, rate.seconds])
        hits, resets_in = cursor.fetchone()
        if random.random() < 0.001:  # now and then, forget windows that have ended
            cursor.execute("DELETE FROM newsroom_ratelimit WHERE resets_at < now()")
    return hits, max(1, resets_in)


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": f"Too many requests: please wait {retry_after} s and try again."},
            status=429,
        )
    else:
        # The site's own page (header, search box), rendered as any page is.
        html = render_to_string("429.html", {"retry_after": retry_after}, request=request)
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.rates = {name: Rate.parse(text) for name, text in settings.RATE_LIMITS.items()}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rule = rule_for(request) if settings.RATE_LIMIT_ENABLED else None
        rate = self.rates.get(rule) if rule else None
        if rate is not None:
            try:
                hits, resets_in = hit(f"{rule}:{client_address(request)}", rate)
            except DatabaseError:
                log.warning("rate limit not counted: database unavailable")
            else:
                if hits > rate.limit:
                    log.info("rate limited", extra={"rule": rule, "hits": hits})
                    return too_many(request, resets_in)
        return self.get_response(request)
