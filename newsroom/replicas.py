"""Is each read replica fit to serve readers? Up, and no more than REPLICA_MAX_LAG_SECONDS
behind the primary.

Every process keeps the answer for REPLICA_CHECK_SECONDS, so routing costs no query per
request; `/healthz` checks again at once, and a replica whose connection fails mid-request
is skipped at once. A check runs on the replica's own Django connection (the one its pages
are read on), which gives up after the replica's `connect_timeout` (2 s), and one thread
at a time checks a replica: the others go on with the last answer meanwhile.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

log = logging.getLogger("newsroom.replicas")

# How far behind the primary the replica has replayed, in seconds: 0 while it has replayed
# everything it received (an idle primary sends nothing, and its last commit may be old),
# else the age of the last transaction it replayed. Not a standby (a promoted replica, or
# the primary itself): 0, it is current.
LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
    END
"""


@dataclass(frozen=True)
class ReplicaState:
    alias: str
    checked_at: float  # time.monotonic()
    lag: float | None = None  # seconds; None when it could not be measured
    error: str = ""

    @property
    def serves_reads(self) -> bool:
        return self.lag is not None and self.lag <= settings.REPLICA_MAX_LAG_SECONDS

    def describe(self) -> str:
        """One line of /healthz: `replica1 ok lag 0.4s`."""
        if self.serves_reads:
            return f"{self.alias} ok lag {self.lag:.1f}s"
        if self.lag is not None:
            return f"{self.alias} lagging {self.lag:.1f}s (primary serves reads)"
        return f"{self.alias} unavailable (primary serves reads)"


_states: dict[str, ReplicaState] = {}
_checking: dict[str, threading.Lock] = {}


def replica_aliases() -> list[str]:
    """Every configured replica (settings.DATABASES, all but the primary)."""
    return [alias for alias in settings.DATABASES if alias != DEFAULT_DB_ALIAS]


def check(alias: str) -> ReplicaState:
    """Measure the replica's lag now, and keep the answer for routing."""
    connection = connections[alias]
    try:
        if connection.connection is not None and not connection.is_usable():
            connection.close()  # broken by a restart: connect afresh
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            (lag,) = cursor.fetchone()
        state = ReplicaState(alias, time.monotonic(), None if lag is None else float(lag))
    except DatabaseError as error:
        with suppress(DatabaseError):
            connection.close()
        state = ReplicaState(alias, time.monotonic(), error=str(error).strip()[:200])
    _remember(state)
    return state


def failed(alias: str, error: Exception) -> ReplicaState:
    """A query on the replica failed mid-request. If its connection is gone (stopped,
    restarted, unreachable), it serves nothing until its next check, without waiting on a
    connection again now; if the connection is fine (a query cancelled in conflict with
    replay), what is known of it stands."""
    connection = connections[alias]
    if connection.connection is not None and connection.is_usable():
        return _states.get(alias) or check(alias)
    with suppress(DatabaseError):
        connection.close()
    state = ReplicaState(alias, time.monotonic(), error=str(error).strip()[:200])
    _remember(state)
    return state


def serving_replicas() -> list[str]:
    """The replicas that may serve reads now, from the answers kept (checking any older
    than REPLICA_CHECK_SECONDS)."""
    return [alias for alias in replica_aliases() if _recent_state(alias).serves_reads]


def _recent_state(alias: str) -> ReplicaState:
    state = _states.get(alias)
    if state is not None and time.monotonic() - state.checked_at < settings.REPLICA_CHECK_SECONDS:
        return state
    checking = _checking.setdefault(alias, threading.Lock())
    if not checking.acquire(blocking=False):  # another thread is checking it
        return state or ReplicaState(alias, 0.0, error="not checked yet")
    try:
        return check(alias)
    finally:
        checking.release()


def _remember(state: ReplicaState) -> None:
    """Keep the answer, and log when a replica starts or stops serving reads."""
    previous = _states.get(state.alias)
    _states[state.alias] = state
    if previous is None and state.serves_reads:
        return
    if previous is None or previous.serves_reads != state.serves_reads:
        log.log(
            logging.INFO if state.serves_reads else logging.WARNING,
            json.dumps(
                {
                    "event": "replica_serves_reads" if state.serves_reads else "replica_skipped",
                    "database": state.alias,
                    "lag": state.lag,
                    "error": state.error,
                }
            ),
        )
