"""Fetching a mentee's plan for the person asking. The rule is ``plans.scopes.PLAN_SUBJECTS``:
its mentor and that mentee edit it; the tutors who follow the relationship and the coordinators
read it; in a circle, a mentee never sees another mentee's plan."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from puente.mentoring.access import RelationshipAccess, relationship_access
from puente.plans.scopes import PLAN_SUBJECTS
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.programs.models import Membership


@dataclass(frozen=True)
class PlanAccess:
    ra: RelationshipAccess
    mentee: Membership
    can_edit: bool

    @property
    def is_own(self) -> bool:
        """The person asking is this plan's mentee."""
        return self.mentee.user_id == self.ra.access.user.pk

    @property
    def side(self) -> str:
        """Whose answers the person asking gives: "mentor" or "mentee" ("" for readers)."""
        if self.ra.is_mentor:
            return "mentor"
        return "mentee" if self.is_own else ""


def visible_mentees(access: ProgramAccess, relationship_id: int) -> list[Membership]:
    """The relationship's mentees whose plans this person may see."""
    ids = PLAN_SUBJECTS.visible(access).filter(relationship_id=relationship_id)
    return list(
        Membership.objects.filter(pk__in=ids.values("membership_id"))
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def get_plan_for_user(
    request: HttpRequest, slug: str, pk: int, mentee_pk: int, write: bool = False
) -> PlanAccess:
    """404 to whoever may not see this mentee's plan; with ``write``, 403 to those who only
    read it (tutors, coordinators)."""
    access = get_program_for_user(request, slug)
    subject = (
        PLAN_SUBJECTS.visible(access)
        .filter(relationship_id=pk, membership_id=mentee_pk)
        .select_related(
            "relationship__program",
            "relationship__wave",
            "relationship__track",
            "relationship__mentor__user",
            "membership__user",
        )
        .first()
    )
    if subject is None:
        raise Http404
    can_edit = PLAN_SUBJECTS.changeable(access).filter(pk=subject.pk).exists()
    if write and not can_edit:
        raise PermissionDenied
    ra = relationship_access(access, subject.relationship)
    return PlanAccess(ra=ra, mentee=subject.membership, can_edit=can_edit)
