"""Fetching a mentee's plan for the person asking, on top of the relationship's own rule: those
who see the relationship see its plans, except that a mentee sees only their own (in a circle,
never another mentee's). Its mentor and that mentee edit it; the tutor and coordinator read it."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from puente.core.permissions import Action
from puente.mentoring.access import RelationshipAccess, get_relationship_for_user
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


def visible_mentees(ra: RelationshipAccess) -> list[Membership]:
    """The relationship's mentees whose plans this person may see."""
    mentees = list(ra.relationship.mentees.select_related("user").order_by("user__full_name"))
    if ra.is_mentee and not ra.is_mentor:
        return [m for m in mentees if m.user_id == ra.access.user.pk]
    return mentees


def get_plan_for_user(
    request: HttpRequest, slug: str, pk: int, mentee_pk: int, write: bool = False
) -> PlanAccess:
    """404 to whoever may not see the relationship or this mentee's plan; with ``write``, 403 to
    those who only read it (tutor, coordinator, and mirroring mentoring's rule)."""
    ra = get_relationship_for_user(request, slug, pk)
    mentee = next((m for m in visible_mentees(ra) if m.pk == mentee_pk), None)
    if mentee is None:
        raise Http404
    own = mentee.user_id == ra.access.user.pk
    can_edit = (
        ra.access.can(Action.EDIT_PLANS)
        and ra.access.can(Action.LOG_MEETINGS)
        and (ra.is_mentor or own)
    )
    if write and not can_edit:
        raise PermissionDenied
    return PlanAccess(ra=ra, mentee=mentee, can_edit=can_edit)
