"""Property-based tests of the whole API from its own OpenAPI description (schemathesis):
whatever parameters are sent, no 5xx, and every answer matches the published schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from articles.api import api

# The description /api/v1/openapi.json serves, aimed at the app in this process.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


@pytest.fixture
def in_test_transaction():
    """Requests through the real WSGI app keep the test's connection (as Django's test
    client does), so they see the test's data and do not close its transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_description_is_the_one_served(client):
    assert client.get("/api/v1/openapi.json").json() == schema.raw_schema


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_openapi_description(case, seed, in_test_transaction):
    # Every check but "schema-valid requests are accepted": a person's or place's slug that
    # fits the schema may still name nobody in the archive, and that is a 400.
    response = case.call_and_validate(
        headers={"Host": "localhost"}, excluded_checks=[positive_data_acceptance]
    )
    assert response.status_code < 500
