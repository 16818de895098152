"""DATABASE_REPLICA_URLS: each replica is connected like the primary but never waited for
long, and a site without replicas routes nothing. (Reading from a real replica:
test_replicas.py.)"""

import json

from tests.newsroom.processes import settings_in_a_process


def _settings(**env: str) -> dict:
    result = settings_in_a_process(
        "json.dumps({'databases': settings.DATABASES, 'routers': settings.DATABASE_ROUTERS, "
        "'middleware': settings.MIDDLEWARE}, default=str)",
        env,
        unset=("DATABASE_REPLICA_URLS", "DATABASE_POOL", "CONN_MAX_AGE"),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_replicas_are_connected_like_the_primary_and_given_up_on_after_two_seconds():
    found = _settings(
        DATABASE_URL="postgres://archive@db-main:5432/newsroom?sslmode=require",
        DATABASE_REPLICA_URLS=(
            "postgres://archive@db-copy-a/newsroom, "
            "postgres://archive@db-copy-b:6432/newsroom?sslmode=disable"
        ),
        DATABASE_POOL="1",
    )
    databases = found["databases"]
    assert list(databases) == ["default", "replica1", "replica2"]
    primary, first, second = databases["default"], databases["replica1"], databases["replica2"]
    assert (first["HOST"], second["HOST"], second["PORT"]) == ("db-copy-a", "db-copy-b", "6432")
    # The primary's connection settings, unless the replica's URL says otherwise.
    assert first["OPTIONS"]["sslmode"] == "require"
    assert second["OPTIONS"]["sslmode"] == "disable"
    assert first["OPTIONS"]["options"] == primary["OPTIONS"]["options"]
    assert first["CONN_MAX_AGE"] == primary["CONN_MAX_AGE"] == 0
    # A replica that is away holds a page for 2 seconds at most, pooled or not.
    assert first["OPTIONS"]["connect_timeout"] == 2
    assert first["OPTIONS"]["pool"]["timeout"] == 2
    assert first["OPTIONS"]["pool"]["max_size"] == primary["OPTIONS"]["pool"]["max_size"]
    assert "newsroom.routing.ReadRoutingMiddleware" in found["middleware"]
    assert found["routers"] == ["newsroom.routing.ReplicaRouter"]


def test_without_replicas_nothing_is_routed():
    found = _settings(DATABASE_URL="postgres://archive@db-main:5432/newsroom")
    assert list(found["databases"]) == ["default"]
    assert found["routers"] == []
    assert "newsroom.routing.ReadRoutingMiddleware" not in found["middleware"]
