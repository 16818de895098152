"""Production settings: hardened, and refusing to start without a secret key."""

import os
import subprocess

import pytest
from django.db import connection

from tests.newsroom.processes import settings_in_a_process


def _run(**env: str) -> subprocess.CompletedProcess:
    return settings_in_a_process(
        "settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE",
        env,
        unset=("SECRET_KEY", "DEBUG"),
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = _run(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_start_with_a_secret_key_and_redirect_to_https():
    result = _run(DEBUG="0", SECRET_KEY="a-real-secret-for-this-test-only-0123456789")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_ssl_redirect_can_be_turned_off_behind_a_tls_proxy():
    result = _run(DEBUG="0", SECRET_KEY="a-real-secret-0123456789", SECURE_SSL_REDIRECT="0")
    assert result.stdout.split()[:2] == ["False", "False"]


def test_development_defaults_start_without_configuration():
    result = _run()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["True", "False"]


def test_a_malformed_boolean_is_reported_by_name():
    result = _run(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be 1 or 0" in result.stderr


@pytest.mark.django_db
@pytest.mark.skipif(
    os.environ.get("DATABASE_WORK_MEM") == "" or "options=" in os.environ.get("DATABASE_URL", ""),
    reason="this run sets work_mem another way",
)
def test_the_archives_connections_get_enough_work_mem_for_a_common_words_search():
    # PostgreSQL's own 4MB turns a dated search for a word in 5% of 2M articles lossy
    # (730 ms instead of 30 to 50 ms, bench/growth.py); the archive asks for 32MB unless told.
    expected = os.environ.get("DATABASE_WORK_MEM", "32MB")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_bytes(current_setting('work_mem')) = pg_size_bytes(%s)", [expected]
        )
        assert cursor.fetchone()[0]


def _startup_options(**env: str) -> subprocess.CompletedProcess:
    return settings_in_a_process("settings.DATABASES['default']['OPTIONS']['options']", env)


@pytest.mark.parametrize("value", ["lots", "32 MiB", "1kB", "3000GB", "-5MB"])
def test_a_work_mem_postgresql_would_refuse_stops_start_up_by_name(value):
    result = _startup_options(DATABASE_WORK_MEM=value)
    assert result.returncode != 0
    assert "DATABASE_WORK_MEM must be a size such as 32MB" in result.stderr


@pytest.mark.parametrize(
    "value, sent",
    [("2048", "work_mem=2048"), ("1GB", "work_mem=1GB"), ("512 kB", "work_mem=512kB")],
)
def test_a_work_mem_in_any_unit_postgresql_takes_is_sent(value, sent):
    result = _startup_options(DATABASE_WORK_MEM=value)
    assert result.returncode == 0, result.stderr
    assert sent in result.stdout


def test_options_of_the_database_url_replace_the_defaults_but_keep_work_mem():
    url = "postgres://archive@db.example:5432/newsroom?options=-c%20jit%3Don"
    result = _startup_options(DATABASE_URL=url, DATABASE_WORK_MEM="48MB")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["-c", "jit=on", "-c", "work_mem=48MB"]

    own = "postgres://archive@db.example:5432/newsroom?options=-c%20work_mem%3D8MB"
    result = _startup_options(DATABASE_URL=own, DATABASE_WORK_MEM="48MB")
    assert result.stdout.split() == ["-c", "work_mem=8MB"]
