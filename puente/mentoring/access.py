"""Fetching a relationship for the person asking: 404 to anyone who may not see it, 403 to those
who see it but may not act on it. The rule itself is ``mentoring.scopes.RELATIONSHIPS``."""

from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.http import HttpRequest

from puente.mentoring.models import Relationship
from puente.mentoring.scopes import RELATIONSHIPS
from puente.mentoring.selectors import mentees_with_tutors
from puente.programs.access import ProgramAccess, get_program_for_user


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


def relationship_access(access: ProgramAccess, relationship: Relationship) -> RelationshipAccess:
    is_mentor = relationship.mentor.user_id == access.user.pk
    # Reads the mentees (prefetched by ``get_relationship_for_user``), a few at most.
    is_mentee = any(m.user_id == access.user.pk for m in relationship.mentees.all())
    return RelationshipAccess(access, relationship, is_mentor, is_mentee)


def get_relationship_for_user(
    request: HttpRequest, slug: str, pk: int, write: bool = False
) -> RelationshipAccess:
    """The relationship if this person may see it (404 otherwise); with ``write``, only its two
    sides may act on it (403 to the tutor and coordinator who follow it)."""
    access = get_program_for_user(request, slug)
    relationship = RELATIONSHIPS.get(
        access,
        pk,
        write=write,
        related=("program", "wave", "track", "mentor__user", "agreement"),
    )
    # Its mentees with their users and tutors, read once for the access and the page.
    prefetch_related_objects([relationship], mentees_with_tutors())
    return relationship_access(access, relationship)
