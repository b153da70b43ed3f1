"""Fetching a relationship for the person asking: 404 to anyone who may not see it."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from puente.core.permissions import Action, Role
from puente.mentoring.models import Relationship
from puente.programs.access import ProgramAccess, get_program_for_user


def relationships_taken_part(access: ProgramAccess) -> QuerySet[Relationship]:
    """The relationships this person is in (mentor, mentee) or follows (tutor of a mentee)."""
    program_relationships = Relationship.objects.filter(program=access.program)
    memberships = access.program.memberships.filter(user=access.user)
    condition = Q(pk__in=[])
    if Role.MENTOR in access.roles:
        condition |= Q(mentor__in=memberships.filter(role=Role.MENTOR))
    if Role.MENTEE in access.roles:
        condition |= Q(mentees__in=memberships.filter(role=Role.MENTEE))
    if Role.TUTOR in access.roles:
        tutor = memberships.filter(role=Role.TUTOR)
        condition |= Q(tutor__in=tutor) | Q(mentees__tutor_assignment__tutor__in=tutor)
    ids = program_relationships.filter(condition).values("pk")
    return program_relationships.filter(pk__in=ids)


def relationships_visible(access: ProgramAccess) -> QuerySet[Relationship]:
    """The program's relationships this person may see: all for coordinators, those of their
    assigned mentees for tutors, their own for mentors and mentees, none for observers."""
    if access.is_coordinator:
        return Relationship.objects.filter(program=access.program)
    if not access.can(Action.VIEW_RELATIONSHIPS):
        return Relationship.objects.none()
    return relationships_taken_part(access)


@dataclass(frozen=True)
class RelationshipAccess:
    access: ProgramAccess
    relationship: Relationship
    is_mentor: bool
    is_mentee: bool

    @property
    def is_side(self) -> bool:
        """The mentor or a mentee of this relationship (who log, move and confirm)."""
        return self.is_mentor or self.is_mentee


def get_relationship_for_user(
    request: HttpRequest, slug: str, pk: int, write: bool = False
) -> RelationshipAccess:
    """The relationship if this person may see it (404 otherwise); with ``write``, only its two
    sides may act on it (403 to the tutor and coordinator who follow it)."""
    access = get_program_for_user(request, slug)
    relationship = (
        relationships_visible(access)
        .select_related("program", "wave", "track", "mentor__user", "tutor__user")
        .filter(pk=pk)
        .first()
    )
    if relationship is None:
        raise Http404
    is_mentor = relationship.mentor.user_id == access.user.pk
    is_mentee = relationship.mentees.filter(user=access.user).exists()
    if write and not (access.can(Action.LOG_MEETINGS) and (is_mentor or is_mentee)):
        raise PermissionDenied
    return RelationshipAccess(access, relationship, is_mentor, is_mentee)
