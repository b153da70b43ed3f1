"""Who sees and edits which growth plans (see ``puente.core.scopes``).

A plan belongs to one mentee of a relationship. Its mentor and that mentee write it; that
mentee's tutor and the coordinators read it; in a circle, a mentee never sees another mentee's
plan. ``PLAN_SUBJECTS`` holds that rule over (relationship, mentee) pairs, so it
also covers plans not opened yet; ``GROWTH_PLANS`` is the same rule over opened plans."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from puente.core.permissions import Action
from puente.core.scopes import Access, PathScope, Scope, via
from puente.mentoring.models import Relationship
from puente.mentoring.scopes import MENTEE_TUTOR
from puente.plans.models import GrowthPlan

# A relationship's mentees: one row per (relationship, mentee membership).
PlanSubject: Any = Relationship.mentees.through

WRITERS = ("relationship__mentor__user", "membership__user")

PLAN_SUBJECTS = PathScope(
    kind="plans.plan",
    model=PlanSubject,
    program="relationship__program",
    all_with=Action.MANAGE_PLANS,
    sees={
        Action.EDIT_PLANS: WRITERS,
        # A tutor reads the plans of the mentees assigned to them (in a circle, not those of
        # mentees another tutor follows).
        Action.FOLLOW_RELATIONSHIPS: via("membership", MENTEE_TUTOR),
    },
    changes={Action.EDIT_PLANS: WRITERS},
)


class GrowthPlans(Scope[GrowthPlan]):
    """Opened plans, seen and changed exactly as their (relationship, mentee) pair."""

    kind = "plans.growth_plan"
    model = GrowthPlan

    @staticmethod
    def _matching(subjects: QuerySet[Any]) -> QuerySet[GrowthPlan]:
        pairs = subjects.filter(
            relationship_id=OuterRef("relationship_id"), membership_id=OuterRef("mentee_id")
        )
        return GrowthPlan.objects.filter(Exists(pairs))

    def visible(self, access: Access) -> QuerySet[GrowthPlan]:
        return self._matching(PLAN_SUBJECTS.visible(access))

    def changeable(self, access: Access) -> QuerySet[GrowthPlan]:
        return self._matching(PLAN_SUBJECTS.changeable(access))


GROWTH_PLANS = GrowthPlans()
GROWTH_PLANS.register()
