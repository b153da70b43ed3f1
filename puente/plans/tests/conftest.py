import pytest

from puente.core.permissions import Role
from puente.mentoring.tests.conftest import relationship  # noqa: F401 - the shared fixture
from puente.plans import services
from puente.plans.models import GrowthPlan


@pytest.fixture
def business_assessment(world):
    """The business gap assessment set up for the world's program (published, mapped)."""
    return services.assessment_setup(
        program=world.program, template_key="business-gap-assessment", by=world.coordinator
    )


@pytest.fixture
def plan(world, relationship) -> GrowthPlan:  # noqa: F811
    mentee = world.program.memberships.get(role=Role.MENTEE)
    return services.plan_open(relationship=relationship, mentee=mentee)
