"""What the growth plan adds to a relationship's page (mentoring's), through the
``relationship_page`` hook: the plan's open actions under the next meeting. Mentoring comes
before plans and never imports it; plans reads its own plans through its scope.

The panel is a placeholder that htmx fills when the page has loaded (``views.open_actions``,
the way the program home loads the waves comparison), so the page a mentor opens every week
does not wait for the plans' queries; without JavaScript it is a link to the plan."""

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse

from puente.plans.models import PlanAction
from puente.plans.scopes import GROWTH_PLANS

# The next actions shown on the relationship's page; the plan's page has them all.
SHOWN = 5


def open_actions_placeholder(access: Any, relationship: Any) -> str:
    """The hook's panel: no query, a link that htmx replaces with the open actions."""
    args = [access.program.slug, relationship.pk]
    return render_to_string(
        "plans/_open_actions_placeholder.html",
        {
            "url": reverse("plans:open-actions", args=args),
            "plan_url": reverse("plans:relationship", args=args),
        },
    )


def open_actions_context(access: Any, relationship_id: int, today: dt.date) -> dict[str, Any]:
    """The open actions (to do, in progress) of the relationship's plans the viewer may see (in
    a circle, a mentee only her own), soonest due first, in one query."""
    plans = GROWTH_PLANS.visible(access).filter(relationship_id=relationship_id)
    # All the open ones (a plan holds a few dozen at most), to say how many are not shown.
    pending = list(
        PlanAction.objects.filter(
            plan__in=plans, status__in=[PlanAction.Status.NOT_STARTED, PlanAction.Status.DOING]
        )
        .select_related("plan__mentee__user")
        .order_by("due_on", "pk")
    )
    actions = pending[:SHOWN]
    return {
        "actions": actions,
        "more": len(pending) - len(actions),
        # Whose plan, when the viewer reads several (a circle's mentor, its tutor).
        "several": len({action.plan_id for action in pending}) > 1,
        "today": today,
    }
