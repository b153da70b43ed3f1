"""Mentoring's steps of the next-steps checklist on the program home (core.hooks.on_checklist):
the session plan and the monthly-contact rule."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from puente.core.hooks import ChecklistStep
from puente.core.permissions import Action
from puente.mentoring.models import ContactRule, SessionPlan
from puente.programs.models import Program


def steps(program: Program) -> list[ChecklistStep]:
    """Two queries."""
    plans = SessionPlan.objects.filter(program=program).aggregate(count=Count("pk"))["count"]
    rule = ContactRule.objects.filter(program=program).first()
    return [
        ChecklistStep(
            order=15,
            key="session-plan",
            title=_("Lay out the session plan"),
            done=plans > 0,
            found=ngettext("%(count)s session plan", "%(count)s session plans", plans)
            % {"count": plans}
            if plans
            else _("none yet: meetings would follow the program's cadence"),
            url=reverse("mentoring:session-plans", args=[program.slug]),
            action=Action.MANAGE_MENTORING,
        ),
        ChecklistStep(
            order=40,
            key="contact-rule",
            title=_("Set the monthly-contact rule"),
            done=rule is not None,
            found=ngettext(
                "at least %(count)s meeting a month",
                "at least %(count)s meetings a month",
                rule.meetings_per_month,
            )
            % {"count": rule.meetings_per_month}
            if rule is not None
            else _("not set: one meeting a month by default"),
            url=reverse("mentoring:board", args=[program.slug]),
            action=Action.MANAGE_MENTORING,
        ),
    ]
