"""Matching's steps of the next-steps checklist on the program home (core.hooks.on_checklist): a
run confirmed, and tutors assigned when the program has tutors."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.core.hooks import ChecklistStep
from puente.core.permissions import Action, Role
from puente.matching.models import MatchRun
from puente.programs.models import Program


def steps(program: Program) -> list[ChecklistStep]:
    """Two queries."""
    runs = MatchRun.objects.filter(program=program).aggregate(
        count=Count("pk"), confirmed=Count("pk", filter=Q(status=MatchRun.Status.CONFIRMED))
    )
    people = program.memberships.aggregate(
        tutors=Count("pk", filter=Q(role=Role.TUTOR)),
        mentees=Count("pk", filter=Q(role=Role.MENTEE)),
        followed=Count("tutor_assignment", filter=Q(role=Role.MENTEE)),
    )
    result = [
        ChecklistStep(
            order=60,
            key="matching",
            title=_("Match mentors and mentees, and confirm a run"),
            done=runs["confirmed"] > 0,
            found=_("matching runs: %(count)s; confirmed: %(confirmed)s") % runs
            if runs["count"]
            else _("no matching run yet"),
            url=reverse("matching:overview", args=[program.slug]),
            action=Action.MANAGE_MATCHING,
        )
    ]
    if people["tutors"]:
        result.append(
            ChecklistStep(
                order=70,
                key="tutors",
                title=_("Assign a tutor to every mentee"),
                done=people["mentees"] > 0 and people["followed"] == people["mentees"],
                found=_("mentees with a tutor: %(followed)s of %(mentees)s; tutors: %(tutors)s")
                % people,
                url=reverse("matching:tutors", args=[program.slug]),
                action=Action.MANAGE_MATCHING,
            )
        )
    return result
