"""/healthz tells a load balancer whether this app server can reach its database."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_is_unreachable(
    client, transactional_db, monkeypatch
):
    # Point this process's connection at a port where no PostgreSQL listens.
    real_params = connection.get_connection_params

    def unreachable():
        return {**real_params(), "host": "127.0.0.1", "port": 1, "connect_timeout": 2}

    connection.close()
    monkeypatch.setattr(connection, "get_connection_params", unreachable)
    try:
        response = client.get("/healthz")
    finally:
        monkeypatch.undo()
        connection.close()
    assert response.status_code == 503
    assert b"database unavailable" in response.content
    assert client.get("/healthz").status_code == 200
