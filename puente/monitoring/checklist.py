"""Monitoring's step of the next-steps checklist on the program home (core.hooks.on_checklist):
indicators defined, so the funder sees something from the first round."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from puente.core.hooks import ChecklistStep
from puente.core.permissions import Action
from puente.monitoring.models import Indicator
from puente.programs.models import Program


def steps(program: Program) -> list[ChecklistStep]:
    """One query."""
    count = Indicator.objects.filter(program=program).count()
    return [
        ChecklistStep(
            order=80,
            key="indicators",
            title=_("Define the indicators the funder follows"),
            done=count > 0,
            found=ngettext("%(count)s indicator defined", "%(count)s indicators defined", count)
            % {"count": count}
            if count
            else _("none yet: the dashboard has no figure to show"),
            url=reverse("monitoring:indicators", args=[program.slug]),
            action=Action.MANAGE_MONITORING,
        )
    ]
