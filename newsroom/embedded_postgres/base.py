"""Django database backend: PostgreSQL, started on demand from `pgserver`.

Everything is Django's own PostgreSQL backend; only the connection's host is the socket
of the embedded server, which is started on the first connection a process makes (so
commands that never touch the database, such as collectstatic, never start it).
"""

from pathlib import Path

from django.conf import settings
from django.db.backends.postgresql import base

from newsroom import embedded_postgres


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict:
        params = super().get_connection_params()
        params["host"] = embedded_postgres.socket_dir(Path(settings.EMBEDDED_PGDATA))
        params["user"] = "postgres"
        return params
