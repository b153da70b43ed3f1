"""Corporate buyers as the programs app keeps them: adding, changing, archiving and deleting a
buyer, the businesses that target it, and who sees and changes buyers (the BUYERS scope)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from puente.core.permissions import Role
from puente.factories import MembershipFactory, ProgramFactory, UserFactory
from puente.programs import services
from puente.programs.access import ProgramAccess, program_roles
from puente.programs.models import BuyerOrganization
from puente.programs.scopes import BUYERS

pytestmark = pytest.mark.django_db


def _access(world, persona, program=None):
    program = program or world.program
    user = getattr(world, persona)
    return ProgramAccess(program=program, user=user, roles=program_roles(user, program))


def _mentee(world):
    return world.program.memberships.get(user=world.mentee, role=Role.MENTEE)


def test_a_new_buyer_belongs_to_the_organization_and_joins_the_program(world):
    buyer = services.buyer_create(
        program=world.program,
        name="  Supermercados El Trigal ",
        sector="Comercio minorista",
        location="Cali",
        needs="Salsas y conservas",
        selection_criteria="Facturación electrónica",
    )
    assert buyer.name == "Supermercados El Trigal"
    assert buyer.organization == world.program.organization
    assert list(world.program.buyers.all()) == [buyer]
    assert not buyer.is_archived


def test_two_buyers_of_an_organization_cannot_share_a_name(world):
    services.buyer_create(program=world.program, name="Andina")
    with pytest.raises(ValidationError) as error:
        services.buyer_create(program=world.program, name="andina")
    assert "already has a corporate buyer with this name" in str(error.value)
    other = services.buyer_create(program=world.program, name="Cerro Alto")
    with pytest.raises(ValidationError):
        services.buyer_update(buyer=other, name="ANDINA")
    # Another organization may use it.
    services.buyer_create(program=ProgramFactory(), name="Andina")


def test_unknown_fields_are_refused_not_ignored(world):
    with pytest.raises(TypeError):
        services.buyer_create(program=world.program, name="Andina", colour="red")
    buyer = services.buyer_create(program=world.program, name="Andina")
    with pytest.raises(TypeError):
        services.buyer_update(buyer=buyer, organization="x")


def test_archiving_keeps_the_businesses_and_can_be_undone(world):
    buyer = services.buyer_create(program=world.program, name="Andina")
    services.business_buyers_set(membership=_mentee(world), buyers=[buyer])
    services.buyer_archive(buyer=buyer)
    buyer.refresh_from_db()
    assert buyer.is_archived
    assert list(_mentee(world).buyers.all()) == [buyer]
    services.buyer_archive(buyer=buyer, archived=False)
    buyer.refresh_from_db()
    assert not buyer.is_archived


def test_deleting_a_buyer_unlinks_its_businesses(world):
    buyer = services.buyer_create(program=world.program, name="Andina")
    services.business_buyers_set(membership=_mentee(world), buyers=[buyer])
    services.buyer_delete(buyer=buyer, program=world.program)
    assert not BuyerOrganization.objects.exists()
    assert not _mentee(world).buyers.exists()
    services.buyer_delete(buyer=buyer, program=world.program)  # already gone: nothing happens


def test_a_buyer_another_program_has_too_is_not_deleted_from_here(world):
    buyer = services.buyer_create(program=world.program, name="Andina")
    sister = ProgramFactory(organization=world.program.organization, name="Proveedoras 2")
    sister.buyers.add(buyer)
    with pytest.raises(ValidationError) as error:
        services.buyer_delete(buyer=buyer, program=world.program)
    assert "Proveedoras 2" in str(error.value) and "Archive it instead" in str(error.value)
    assert BuyerOrganization.objects.filter(pk=buyer.pk).exists()


def test_a_business_targets_buyers_of_its_program_only(world):
    mine = services.buyer_create(program=world.program, name="Andina")
    theirs = services.buyer_create(program=world.other_program, name="Lejana")
    with pytest.raises(ValidationError):
        services.business_buyers_set(membership=_mentee(world), buyers=[theirs])
    services.business_buyers_set(membership=_mentee(world), buyers=[mine])
    assert list(_mentee(world).buyers.all()) == [mine]
    services.business_buyers_set(membership=_mentee(world), buyers=[])
    assert not _mentee(world).buyers.exists()


def test_only_mentees_are_businesses(world):
    buyer = services.buyer_create(program=world.program, name="Andina")
    mentor = world.program.memberships.get(role=Role.MENTOR)
    with pytest.raises(ValidationError):
        services.business_buyers_set(membership=mentor, buyers=[buyer])
    with pytest.raises(ValidationError):
        services.buyer_businesses_set(buyer=buyer, program=world.program, businesses=[mentor])


def test_an_archived_buyer_is_kept_but_never_newly_chosen(world):
    kept = services.buyer_create(program=world.program, name="Andina")
    services.business_buyers_set(membership=_mentee(world), buyers=[kept])
    services.buyer_archive(buyer=kept)
    kept.refresh_from_db()
    # Saved again with it: still there.
    services.business_buyers_set(membership=_mentee(world), buyers=[kept])
    other = MembershipFactory(program=world.program, role=Role.MENTEE, user=UserFactory())
    with pytest.raises(ValidationError):
        services.business_buyers_set(membership=other, buyers=[kept])
    with pytest.raises(ValidationError):
        services.buyer_businesses_set(
            buyer=kept, program=world.program, businesses=[_mentee(world), other]
        )


def test_setting_a_buyers_businesses_leaves_other_programs_alone(world):
    buyer = services.buyer_create(program=world.program, name="Andina")
    sister = ProgramFactory(organization=world.program.organization)
    sister.buyers.add(buyer)
    elsewhere = MembershipFactory(program=sister, role=Role.MENTEE, user=UserFactory())
    services.buyer_businesses_set(buyer=buyer, program=sister, businesses=[elsewhere])
    second = MembershipFactory(program=world.program, role=Role.MENTEE, user=UserFactory())
    services.buyer_businesses_set(
        buyer=buyer, program=world.program, businesses=[_mentee(world), second]
    )
    services.buyer_businesses_set(buyer=buyer, program=world.program, businesses=[second])
    assert set(buyer.businesses.all()) == {second, elsewhere}
    with pytest.raises(ValidationError):  # another program's business, from this program
        services.buyer_businesses_set(buyer=buyer, program=world.program, businesses=[elsewhere])


@pytest.mark.parametrize(
    ("persona", "sees", "changes"),
    [
        ("coordinator", True, True),
        ("tutor", True, False),
        ("mentor", True, False),
        ("mentee", True, False),
        ("reviewer", False, False),
        ("observer", False, False),
    ],
)
def test_who_sees_and_changes_the_programs_buyers(world, persona, sees, changes):
    buyer = services.buyer_create(program=world.program, name="Andina")
    archived = services.buyer_archive(
        buyer=services.buyer_create(program=world.program, name="Vieja")
    )
    services.buyer_create(program=world.other_program, name="Lejana")
    access = _access(world, persona)
    assert set(BUYERS.visible(access)) == ({buyer, archived} if sees else set())
    assert set(BUYERS.changeable(access)) == ({buyer, archived} if changes else set())
    if not sees:
        with pytest.raises(Http404):
            BUYERS.get(access, buyer.pk)
    elif not changes:
        with pytest.raises(PermissionDenied):
            BUYERS.get(access, buyer.pk, write=True)
    else:
        assert BUYERS.get(access, buyer.pk, write=True) == buyer


def test_another_programs_buyer_is_not_found_from_here(world):
    theirs = services.buyer_create(program=world.other_program, name="Lejana")
    with pytest.raises(Http404):
        BUYERS.get(_access(world, "coordinator"), theirs.pk)
