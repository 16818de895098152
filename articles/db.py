"""The connection readers' raw SQL goes through.

Querysets are sent where the database router says (a read replica for a reader's page, see
newsroom/routing.py); raw SQL on `django.db.connection` would always read the primary.
Raw reads of the archive (the search, related stories, the front page) take `reading()`
instead: the same database the router chose for the request's querysets.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper


def reading() -> BaseDatabaseWrapper:
    from articles.models import Article

    return connections[router.db_for_read(Article)]
