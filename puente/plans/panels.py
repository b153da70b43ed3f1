"""What the growth plan adds to a relationship's page (mentoring's), through the
``relationship_page`` hook: the plan's open actions under the next meeting. Mentoring comes
before plans and never imports it; plans reads its own plans through its scope."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from puente.plans.models import PlanAction
from puente.plans.scopes import GROWTH_PLANS

# The next actions shown on the relationship's page; the plan's page has them all.
SHOWN = 5


def open_actions(access: Any, relationship: Any) -> str:
    """The open actions (to do, in progress) of the plans of ``relationship`` the viewer may
    see (in a circle, a mentee only her own), soonest due first, in two queries."""
    plans = list(
        GROWTH_PLANS.visible(access)
        .filter(relationship_id=relationship.pk)
        .select_related("mentee__user")
        .order_by("mentee__user__full_name", "pk")
    )
    actions: list[PlanAction] = []
    total = 0
    if plans:
        pending = PlanAction.objects.filter(
            plan__in=plans, status__in=[PlanAction.Status.NOT_STARTED, PlanAction.Status.DOING]
        ).order_by("due_on", "pk")
        actions = list(pending.select_related("plan__mentee__user")[:SHOWN])
        total = pending.count() if len(actions) == SHOWN else len(actions)
    return render_to_string(
        "plans/_open_actions.html",
        {
            "program": access.program,
            "relationship": relationship,
            "plans": plans,
            "actions": actions,
            "more": total - len(actions),
            "several": len(plans) > 1,
            "today": timezone.localdate(),
        },
    )
