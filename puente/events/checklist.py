"""Events' step of the next-steps checklist on the program home (core.hooks.on_checklist): a
kick-off planned."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from puente.core.hooks import ChecklistStep
from puente.core.permissions import Action
from puente.events.models import Event
from puente.programs.models import Program


def steps(program: Program) -> list[ChecklistStep]:
    """One query: the first kick-off not cancelled."""
    kick_off = (
        Event.objects.filter(program=program, kind=Event.Kind.KICK_OFF, cancelled_at__isnull=True)
        .order_by("starts_at")
        .only("starts_at")
        .first()
    )
    found = (
        _("kick-off on %(date)s")
        % {"date": date_format(timezone.localtime(kick_off.starts_at), "SHORT_DATE_FORMAT")}
        if kick_off is not None
        else _("no kick-off planned yet")
    )
    return [
        ChecklistStep(
            order=90,
            key="kick-off",
            title=_("Plan the kick-off"),
            done=kick_off is not None,
            found=found,
            url=reverse("events:events", args=[program.slug]),
            action=Action.MANAGE_EVENTS,
        )
    ]
