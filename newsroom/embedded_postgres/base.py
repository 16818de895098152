"""Django database backend: PostgreSQL, started on demand from `pgserver`.

Everything is Django's own PostgreSQL backend; only the connection's host is the socket
of the embedded server, which is started on the first connection a process makes (so
commands that never touch the database, such as collectstatic, never start it).
"""

from pathlib import Path

from django.conf import settings
from django.db.backends.postgresql import base, client

from newsroom import embedded_postgres


class DatabaseClient(client.DatabaseClient):
    """`manage.py dbshell` on the embedded server: psql through its socket."""

    @classmethod
    def settings_to_cmd_args_env(cls, settings_dict, parameters):
        settings_dict = {
            **settings_dict,
            "HOST": embedded_postgres.socket_dir(Path(settings.EMBEDDED_PGDATA)),
            "USER": "postgres",
        }
        return super().settings_to_cmd_args_env(settings_dict, parameters)


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient

    def get_connection_params(self) -> dict:
        params = super().get_connection_params()
        params["host"] = embedded_postgres.socket_dir(Path(settings.EMBEDDED_PGDATA))
        params["user"] = "postgres"
        return params
