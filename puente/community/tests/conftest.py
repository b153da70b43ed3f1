import pytest

from puente.community import services
from puente.community.models import Post
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory, WaveFactory


@pytest.fixture
def post(world) -> Post:
    """An achievement the world's mentee shared with wave 1."""
    return services.post_create(
        program=world.program,
        wave=world.wave,
        author=world.mentee,
        kind=Post.Kind.ACHIEVEMENT,
        title="Primera orden de compra",
        body="¡Primera orden de compra con una cadena de supermercados!",
    )


@pytest.fixture
def other_wave_mentee(world):
    """A mentee of the same program in wave 2."""
    wave = WaveFactory(program=world.program, number=2)
    person = UserFactory(email="wave2@example.org", full_name="Ola Dos")
    MembershipFactory(user=person, program=world.program, role=Role.MENTEE, wave=wave)
    return person
