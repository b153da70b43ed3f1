"""Recruitment's steps of the next-steps checklist on the program home (core.hooks.on_checklist):
a call, and reviewers assigned to its applications."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.core.hooks import ChecklistStep
from puente.core.permissions import Action
from puente.programs.models import Program
from puente.recruitment.models import Call, ReviewAssignment


def steps(program: Program) -> list[ChecklistStep]:
    """Two queries: the calls (done once one has opened, open now or closed since) and the
    reviews assigned."""
    now = timezone.now()
    calls = Call.objects.filter(program=program).aggregate(
        count=Count("pk"),
        opened=Count("pk", filter=Q(is_published=True, opens_at__lte=now)),
        open=Count("pk", filter=Q(is_published=True, opens_at__lte=now, closes_at__gt=now)),
    )
    reviews = ReviewAssignment.objects.filter(application__call__program=program).aggregate(
        count=Count("pk"),
        reviewers=Count("reviewer", distinct=True),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
    )
    calls_url = reverse("recruitment:call-list", args=[program.slug])
    return [
        ChecklistStep(
            order=20,
            key="call",
            title=_("Open a call for applications"),
            done=calls["opened"] > 0,
            found=_("calls: %(count)s; open now: %(open)s") % calls
            if calls["count"]
            else _("no call yet"),
            url=calls_url,
            action=Action.MANAGE_CALLS,
        ),
        ChecklistStep(
            order=50,
            key="reviewers",
            title=_("Assign reviewers to the applications"),
            done=reviews["count"] > 0,
            found=_("reviews assigned: %(count)s; reviewers: %(reviewers)s; done: %(completed)s")
            % reviews
            if reviews["count"]
            else _("no application assigned to a reviewer yet"),
            url=calls_url,
            action=Action.MANAGE_CALLS,
        ),
    ]
