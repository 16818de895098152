"""An embedded PostgreSQL server for development and tests, from the `pgserver` package.

Used when `DATABASE_URL` is unset. The data lives in `var/pgdata/` (git-ignored) and
survives restarts. The server is started on the first database connection of any process
(a Gunicorn worker, a second `manage.py`), shared by all of them through a lock and a list
of the processes using it, and stopped when the last of them exits.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import warnings
from pathlib import Path

DEFAULT_DATABASE = "newsroom"

_lock = threading.Lock()
_socket_dirs: dict[int, str] = {}


def _server_class():  # imported lazily: pgserver is only needed when it is used
    # pgserver keeps its lock in the user's runtime folder; without XDG_RUNTIME_DIR
    # platformdirs warns on every start and falls back to /tmp/runtime-<uid>, which is fine.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    import psutil
    from pgserver import postgres_server
    from pgserver.postgres_server import PostgresServer
    from pgserver.utils import DiskList

    class SafeDiskList(DiskList):
        """pgserver's list of the processes using the server, written atomically: a reader
        never sees a half-written file (and an unreadable one counts as empty)."""

        def get(self) -> list[int]:
            try:
                return super().get()
            except (ValueError, OSError):
                return []

        def put(self, values: list[int]) -> None:
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps(values))
            os.replace(partial, self.path)

    postgres_server.DiskList = SafeDiskList

    class EmbeddedServer(PostgresServer):
        def _cleanup(self) -> None:
            # pgserver counts the processes using the server in a file; forget those that
            # died without saying goodbye (a killed worker), so the last one out stops it.
            ids = self.global_process_id_list
            with self._lock:
                me = os.getpid()
                ids.put([pid for pid in ids.get() if pid == me or psutil.pid_exists(pid)])
            super()._cleanup()

    return EmbeddedServer


def _create_database(socket_dir: str, name: str) -> None:
    import psycopg
    from psycopg import errors, sql

    with psycopg.connect(host=socket_dir, dbname="postgres", user="postgres", autocommit=True) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            with contextlib.suppress(errors.DuplicateDatabase):  # another process won the race
                c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def socket_dir(pgdata: Path, database: str = DEFAULT_DATABASE) -> str:
    """Start (or join) the embedded server and return the folder of its Unix socket."""
    pid = os.getpid()
    with _lock:
        if pid not in _socket_dirs:
            pgdata = pgdata.expanduser().resolve()
            pgdata.mkdir(parents=True, exist_ok=True)
            server = _server_class()(pgdata, cleanup_mode="stop")
            directory = str(server.get_postmaster_info().socket_dir)
            _create_database(directory, database)
            _socket_dirs[pid] = directory
        return _socket_dirs[pid]
