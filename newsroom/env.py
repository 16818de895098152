"""Small typed readers for environment variables that fail loudly on bad values."""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (or true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """A Django DATABASES entry from `postgres://user:password@host:port/name?option=value`.

    A `host` query parameter (a socket folder) overrides the host part, as in libpq.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://, not {parts.scheme}://"
        )
    options = dict(parse_qsl(parts.query))
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. .../newsroom")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": options.pop("host", None) or unquote(parts.hostname or ""),
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
    }


def replica_from_url(url: str, primary: dict, *, connect_timeout: int) -> dict:
    """A DATABASES entry for a read replica at `url`, connected like `primary` (its OPTIONS,
    pool and connection lifetime; the replica's URL overrides any option) but giving up
    after `connect_timeout` seconds, so a replica that is away never holds a page for long.
    Tests use the primary's test database in its place (a mirror)."""
    replica = database_from_url(url)
    options = {**primary.get("OPTIONS", {}), "connect_timeout": connect_timeout}
    options.update(replica["OPTIONS"])
    if options.get("pool"):  # a pooled connection is waited for up to the pool's timeout
        pool = {} if options["pool"] is True else dict(options["pool"])
        pool["timeout"] = min(pool.get("timeout", 30), connect_timeout)
        options["pool"] = pool
    replica["OPTIONS"] = options
    replica["CONN_MAX_AGE"] = primary.get("CONN_MAX_AGE", 0)
    replica["CONN_HEALTH_CHECKS"] = primary.get("CONN_HEALTH_CHECKS", False)
    replica["TEST"] = {"MIRROR": "default"}
    return replica


WORK_MEM_UNITS_KB = {"kB": 1, "MB": 1024, "GB": 1024**2, "TB": 1024**3}


def work_mem_setting(value: str) -> str:
    """DATABASE_WORK_MEM as PostgreSQL takes it ("32MB", or a bare number of kB), refused
    by name unless it is a size PostgreSQL accepts for work_mem (64kB to 2147483647kB),
    so that a typo stops start-up instead of every connection. Empty: the server's own."""
    value = value.replace(" ", "")
    if not value:
        return ""
    found = re.fullmatch(r"([0-9]+)(kB|MB|GB|TB)?", value)
    kb = int(found.group(1)) * WORK_MEM_UNITS_KB[found.group(2) or "kB"] if found else 0
    if not 64 <= kb <= 2_147_483_647:
        raise ImproperlyConfigured(
            "DATABASE_WORK_MEM must be a size such as 32MB, 512kB or 1GB, from 64kB to "
            f"2147483647kB (or empty for the server's own setting), not {value!r}."
        )
    return value


def with_work_mem(database: dict, work_mem: str) -> None:
    """Ask for work_mem on the database's connections, whatever other startup options
    they have (DATABASE_URL's own `options` replace the defaults, not this), unless those
    options set work_mem themselves."""
    options = database.setdefault("OPTIONS", {})
    startup = options.get("options", "")
    if work_mem and "work_mem" not in startup:
        options["options"] = f"{startup} -c work_mem={work_mem}".strip()
