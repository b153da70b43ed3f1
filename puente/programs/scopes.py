"""Who sees which entries of a program's directory (see ``puente.core.scopes``): every entry for
those who work with everyone (coordinators, tutors); otherwise the coordinators, tutors and
mentors (``PUBLIC_ROLES``), and one's own entries. Mentees' and reviewers' entries are not listed
to other mentees."""

from django.db.models import Q, QuerySet

from puente.core.permissions import PUBLIC_ROLES, Action
from puente.core.scopes import Access, Scope
from puente.programs.models import Membership


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
