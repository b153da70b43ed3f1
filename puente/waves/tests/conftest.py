import datetime as dt
from datetime import timedelta

import pytest
from django.utils import timezone

from puente.instruments.services import instrument_from_template, version_publish
from puente.mentoring.tests.conftest import relationship  # noqa: F401 - shared fixture
from puente.recruitment import services as recruitment
from puente.recruitment.models import Call


@pytest.fixture
def first_wave(world):
    """The world's wave, shortened to January–May so a next wave fits in the program's year."""
    wave = world.wave
    wave.name = "Piloto"
    wave.starts_on, wave.ends_on = dt.date(2026, 1, 1), dt.date(2026, 5, 31)
    wave.save()
    return wave


@pytest.fixture
def mentor_call(world) -> Call:
    form = instrument_from_template(program=world.program, template_key="mentor-application")
    version_publish(version=form.versions.get(), by=world.coordinator)
    now = timezone.now()
    return recruitment.call_create(
        program=world.program,
        forms={"mentor": form},
        title="Mentores 2027",
        slug="mentores-2027",
        introduction="Buscamos mentores.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
        confirmation_message="Gracias.",
        is_published=True,
    )
