"""Project-wide middleware: security headers, the API's HTTP caching and CORS, a 503 page
when the database is away, and structured request logs with timings.

Order (settings.MIDDLEWARE): request logging first, so it times everything; the 503
handler next, so it turns any database outage into a page readers understand.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from contextlib import ExitStack

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers

requests_log = logging.getLogger("newsroom.requests")
slow_log = logging.getLogger("newsroom.slow_queries")

Handler = Callable[[HttpRequest], HttpResponse]


class SecurityHeadersMiddleware:
    """A Content-Security-Policy without 'unsafe-inline' and a Permissions-Policy on every
    response. X-Content-Type-Options, Referrer-Policy, COOP and HSTS (over HTTPS) come from
    Django's SecurityMiddleware, X-Frame-Options from its clickjacking middleware."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class ApiHeadersMiddleware:
    """The API may be read from any site (CORS, GET only) and cached for a minute by clients
    and shared caches; ConditionalGetMiddleware adds the ETag and answers revalidations."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        if request.method == "OPTIONS":  # a CORS preflight
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        if response.status_code == 200 and "Cache-Control" not in response:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
            patch_vary_headers(response, ["Accept-Encoding"])
        return response


class DatabaseUnavailableMiddleware:
    """A lost or refused database connection is a 503 with Retry-After, not a 500: the next
    request reconnects (CONN_HEALTH_CHECKS), so the site recovers by itself."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        requests_log.error(
            json.dumps(
                {
                    "event": "database_unavailable",
                    "path": request.path,
                    "error": str(exception)[:200],
                }
            )
        )
        connection.close_if_unusable_or_obsolete()
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": "The archive's database is unavailable; please try again shortly."},
                status=503,
            )
        else:
            html = render_to_string("503.html", {"archive_name": settings.ARCHIVE_NAME})
            response = HttpResponse(html, status=503)
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response


class RequestLogMiddleware:
    """One JSON line per request (method, path, status, time, queries and time in the
    databases, and with read replicas the database it read) on the `newsroom.requests`
    logger, and each query slower than SLOW_QUERY_MS on `newsroom.slow_queries`."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timing = _QueryTimer(request.path)
        started = time.perf_counter()
        with ExitStack() as timed:
            for alias in connections:  # the primary and any read replicas
                timed.enter_context(connections[alias].execute_wrapper(timing))
            response = self.get_response(request)
        if not requests_log.isEnabledFor(logging.INFO):
            return response
        entry = {
            "event": "request",
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "queries": timing.count,
            "db_ms": round(timing.seconds * 1000, 1),
            "bytes": len(response.content) if not response.streaming else None,
        }
        if hasattr(request, "reads_from"):  # with read replicas (newsroom/routing.py)
            entry["reads_from"] = request.reads_from
        requests_log.info(json.dumps(entry))
        return response


class _QueryTimer:
    def __init__(self, path: str):
        self.path, self.count, self.seconds = path, 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            self.count += 1
            self.seconds += took
            if took * 1000 >= settings.SLOW_QUERY_MS:
                slow_log.warning(
                    json.dumps(
                        {
                            "event": "slow_query",
                            "path": self.path,
                            "ms": round(took * 1000, 1),
                            "sql": sql[:2000],
                        }
                    )
                )
