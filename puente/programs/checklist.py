"""The program's own step of the next-steps checklist (core.hooks.on_checklist): its plan."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from puente.core.hooks import ChecklistStep
from puente.core.permissions import Action
from puente.programs.models import Program


def steps(program: Program) -> list[ChecklistStep]:
    """Dates and format are asked when the program is created; the step is done once it has a
    wave (people join a wave). One query."""
    waves = program.waves.active().count()
    facts = {
        "format": program.get_format_display(),
        "starts": date_format(program.starts_on, "SHORT_DATE_FORMAT"),
        "ends": date_format(program.ends_on, "SHORT_DATE_FORMAT"),
        "count": waves,
    }
    if waves:
        found = ngettext(
            "%(format)s, %(starts)s to %(ends)s, %(count)s wave",
            "%(format)s, %(starts)s to %(ends)s, %(count)s waves",
            waves,
        )
    else:
        found = _("%(format)s, %(starts)s to %(ends)s, no wave yet")
    return [
        ChecklistStep(
            order=10,
            key="plan",
            title=_("Plan the program: dates, format and waves"),
            done=waves > 0,
            found=found % facts,
            url=reverse("programs:program-edit", args=[program.slug]) + "#waves",
            action=Action.MANAGE_PROGRAM,
        )
    ]
