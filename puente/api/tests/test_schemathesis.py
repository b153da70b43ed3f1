"""The committed schema (docs/api/openapi.yaml) fuzzed with schemathesis as a coordinator: no
answer is a 5xx and every answer matches the schema (status, content type, body). Fixed seed,
derandomized, 20 examples per operation."""

from pathlib import Path

import pytest
import schemathesis
import yaml
from django.conf import settings as django_settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from puente.api.services import api_token_create
from puente.conftest import build_world
from puente.core.permissions import Role
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services as mentoring
from puente.mentoring.models import SessionPlan

SCHEMA_FILE = Path(django_settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
SLUG = "programa-piloto"  # build_world's program


def _schema() -> schemathesis.schemas.BaseSchema:
    raw = yaml.safe_load(SCHEMA_FILE.read_text())
    # Aim the generated requests at the test program (random slugs would only ever be 404).
    for path in raw["paths"].values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "slug" and parameter["in"] == "path":
                    parameter["schema"] = {"type": "string", "enum": [SLUG]}
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture
def coordinator_key(db) -> str:
    world = build_world()
    program = world.program
    mentor = program.memberships.get(role=Role.MENTOR)
    mentee = program.memberships.get(role=Role.MENTEE)
    tutor = program.memberships.get(role=Role.TUTOR)
    SessionPlan.objects.create(program=program, meetings=4, span_weeks=8)
    Match.objects.create(program=program, wave=world.wave, mentor=mentor, mentee=mentee)
    TutorAssignment.objects.create(program=program, tutor=tutor, mentee=mentee)
    mentoring.relationships_from_matches(program=program)
    _token, key = api_token_create(user=world.coordinator, name="schemathesis")
    return key


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI app closes the database connection after each request (Django's
    ``close_old_connections``); on PostgreSQL that ends the test's transaction. Django's own test
    client unhooks it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _tmp_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LOCKOUT_API_TOKEN_FAILURES = 10_000


@schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_the_api_answers_every_generated_request_within_its_schema(case, coordinator_key):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {coordinator_key}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
