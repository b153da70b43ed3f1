"""Scopes of the programs app (see ``puente.core.scopes``).

- Directory entries: every entry for those who work with everyone (coordinators, tutors);
  otherwise the coordinators, tutors and mentors (``PUBLIC_ROLES``), and one's own entries.
  Mentees' and reviewers' entries are not listed to other mentees.
- Corporate buyers: every buyer of the program (archived ones too: plans may still be measured
  against them) for those who read them (``VIEW_BUYERS``: who takes part in plans or follows
  them, and coordinators); changed by who manages them (``MANAGE_BUYERS``)."""

from django.db.models import Q, QuerySet

from puente.core.permissions import PUBLIC_ROLES, Action
from puente.core.scopes import Access, PathScope, Scope
from puente.programs.models import BuyerOrganization, Membership


class Memberships(Scope[Membership]):
    kind = "programs.membership"
    model = Membership

    def visible(self, access: Access) -> QuerySet[Membership]:
        memberships = Membership.objects.filter(program=access.program)
        if not access.can(Action.VIEW_DIRECTORY):
            return memberships.none()
        if not access.can(Action.VIEW_ALL_MEMBERS):
            memberships = memberships.filter(Q(role__in=PUBLIC_ROLES) | Q(user=access.user))
        return memberships

    def changeable(self, access: Access) -> QuerySet[Membership]:
        if access.can(Action.INVITE):
            return Membership.objects.filter(program=access.program)
        return Membership.objects.none()


MEMBERSHIPS = Memberships()
MEMBERSHIPS.register()


BUYERS: PathScope[BuyerOrganization] = PathScope(
    kind="programs.buyer",
    model=BuyerOrganization,
    program="programs",
    all_with=Action.VIEW_BUYERS,
    change_all_with=Action.MANAGE_BUYERS,
)
