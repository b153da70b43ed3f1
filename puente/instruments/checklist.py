"""The forms' step of the next-steps checklist on the program home (core.hooks.on_checklist)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.core.hooks import ChecklistStep
from puente.core.permissions import Action
from puente.instruments.models import Instrument, InstrumentVersion
from puente.programs.models import Program


def steps(program: Program) -> list[ChecklistStep]:
    """Application forms published (a call may also start them from the shipped templates).
    One query."""
    counts = Instrument.objects.filter(program=program, kind=Instrument.Kind.APPLICATION).aggregate(
        forms=Count("pk", distinct=True),
        published=Count(
            "pk", filter=Q(versions__status=InstrumentVersion.Status.PUBLISHED), distinct=True
        ),
    )
    if counts["forms"]:
        found = _("application forms: %(forms)s; published: %(published)s") % counts
    else:
        found = _("no application form yet; a call can start from the shipped templates")
    return [
        ChecklistStep(
            order=30,
            key="forms",
            title=_("Publish the application forms"),
            done=counts["published"] > 0,
            found=found,
            url=reverse("instruments:instrument-list", args=[program.slug]),
            action=Action.MANAGE_FORMS,
        )
    ]
