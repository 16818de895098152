"""Which database a request reads: a read replica for readers, the primary for the rest
(DATABASE_REPLICA_URLS; README.md, "Read replicas").

A reader's request (GET or HEAD, outside the admin, from a browser that has not written in
the last READ_YOUR_WRITES_SECONDS) reads the archive from a replica that is up and current
(newsroom/replicas.py), one chosen at random per request, so that the whole page comes from
one database. Every other request, and all work outside a request (commands, imports,
migrations), reads and writes the primary: an editor always sees their own change.
Sessions, accounts and the shared cache are read on the primary too, since they are
written while browsing and read back at once.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from newsroom import replicas

log = logging.getLogger("newsroom.replicas")

REPLICA_READ_APPS = frozenset({"articles", "media_captions"})  # the archive itself
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Set on a browser by every request that may have written (signed, so a reader cannot
# forge it); while younger than READ_YOUR_WRITES_SECONDS, its requests read the primary.
WROTE_COOKIE = "newsroom_wrote"

_reads_from: ContextVar[str] = ContextVar("newsroom_reads_from", default=DEFAULT_DB_ALIAS)


def reading_alias() -> str:
    """The database this request reads the archive from; the primary outside a request.
    Raw SQL that readers' pages send belongs on `connections[reading_alias()]`."""
    return _reads_from.get()


class ReplicaRouter:
    """Reads of the archive's models go where the request reads; everything else, every
    write and every migration goes to the primary."""

    def db_for_read(self, model, **hints) -> str:
        if model._meta.app_label in REPLICA_READ_APPS:
            return _reads_from.get()
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every database holds the same rows

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS  # replicas copy the primary's schema


class ReadRoutingMiddleware:
    """Chooses the database a request reads (above); marks a browser that wrote; reads a
    page again from the primary when its replica fails mid-request, so that readers never
    see a replica go away."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reads_from.set(DEFAULT_DB_ALIAS)
        try:
            response = self.get_response(request)
        finally:
            _reads_from.reset(token)
        if request.method not in READ_METHODS:
            response.set_signed_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if _is_readers(request) and (serving := replicas.serving_replicas()):
            _reads_from.set(random.choice(serving))
        request.reads_from = _reads_from.get()  # for the request log

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        alias = _reads_from.get()
        if alias == DEFAULT_DB_ALIAS or not isinstance(
            exception, OperationalError | InterfaceError
        ):
            return None
        # Stopped, restarted, or a query cancelled in conflict with replay: read the page
        # again from the primary (a reader's request writes nothing, so it is safe to
        # repeat); a replica whose connection is gone is skipped until its next check.
        state = replicas.failed(alias, exception)
        log.warning(
            json.dumps(
                {
                    "event": "replica_failed_mid_request",
                    "database": alias,
                    "path": request.path,
                    "error": str(exception).strip()[:200],
                    "replica_now": state.describe(),
                }
            )
        )
        _reads_from.set(DEFAULT_DB_ALIAS)
        request.reads_from = DEFAULT_DB_ALIAS
        match = request.resolver_match
        try:
            response = match.func(request, *match.args, **match.kwargs)
            if callable(getattr(response, "render", None)):
                response = response.render()  # a TemplateResponse renders after process_view
        except (OperationalError, InterfaceError):
            return None  # the primary failed too: DatabaseUnavailableMiddleware's 503 page
        return response


def _is_readers(request: HttpRequest) -> bool:
    """A reader's request: it reads only, outside the admin, from a browser that has not
    written lately."""
    if request.method not in READ_METHODS or "admin" in request.resolver_match.namespaces:
        return False
    wrote = request.get_signed_cookie(
        WROTE_COOKIE, default=None, max_age=settings.READ_YOUR_WRITES_SECONDS
    )
    return wrote is None
