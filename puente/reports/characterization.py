"""A business and its buyer on one page, for its mentor to read before the first meeting: the
business profile's key facts, the answers of its application the profile does not already hold,
the areas it wants to strengthen, the buyer its plan is measured against (what it buys, how it
selects suppliers, its requirement in each area) and the current gap.

Read through the plan's access (``plans.access.get_plan_for_user``): the mentor and the business
itself, the business's tutor and the coordinators. The application's answers are shown to them
here on purpose (the coordinator's application page stays the coordinator's); files never.
A fixed number of queries whatever the size of the program."""

from dataclasses import dataclass, field

from django.db.models import F

from puente.accounts.models import BusinessProfile
from puente.instruments import registry
from puente.instruments.selectors import ShownAnswer, shown_answers
from puente.mentoring.models import Meeting
from puente.plans import selectors as plans
from puente.plans.access import PlanAccess
from puente.programs.models import BuyerOrganization, FocusArea
from puente.recruitment.models import Application
from puente.recruitment.services import BUSINESS_PROFILE_KEYS


@dataclass
class Characterization:
    pa: PlanAccess
    business: BusinessProfile | None
    answers: list[ShownAnswer]
    focus_areas: list[FocusArea]
    targeted: list[BuyerOrganization]
    buyer: BuyerOrganization | None  # the plan's, else the first the business targets
    buyer_is_the_plans: bool
    has_buyers: bool  # the program has corporate buyers (its buyer's part is shown)
    requirements: list[plans.Requirement] = field(default_factory=list)
    report: plans.GapReport = field(default_factory=plans.GapReport)
    first_meeting: Meeting | None = None

    @property
    def name(self) -> str:
        """The business's name, or its owner's before the profile exists."""
        return self.business.legal_name if self.business else self.pa.mentee.user.full_name


def _answers(pa: PlanAccess, *, has_profile: bool) -> list[ShownAnswer]:
    """The answers of the business's application worth reading next to its profile: answered,
    not files, not the areas (shown from the membership), not the owner's name, and not what
    became the business profile (when there is one)."""
    left_out = BUSINESS_PROFILE_KEYS if has_profile else {"full_name"}
    application = (
        Application.objects.filter(membership=pa.mentee, submission__isnull=False)
        .select_related("submission__version")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if application is None or application.submission is None:
        return []
    return [
        row
        for row in shown_answers(application.submission, program_id=pa.ra.access.program.pk)
        if row.text
        and row.question.key not in left_out
        and not registry.of(row.question).is_file
        and not registry.of(row.question).needs_focus_areas
    ]


def characterization(pa: PlanAccess) -> Characterization:
    mentee, relationship = pa.mentee, pa.ra.relationship
    program = pa.ra.access.program
    business = BusinessProfile.objects.filter(owner_id=mentee.user_id).first()
    targeted = list(
        mentee.buyers.filter(programs=program).order_by(
            F("archived_at").asc(nulls_first=True), "name", "pk"
        )
    )
    plan = plans.plan_for(relationship, mentee)
    buyer = plan.buyer if plan is not None else None
    first_choice = next((b for b in targeted if not b.is_archived), None)
    shown = buyer or first_choice
    assessments = plans.plan_assessments(plan) if plan is not None else []
    return Characterization(
        pa=pa,
        business=business,
        answers=_answers(pa, has_profile=business is not None),
        focus_areas=list(mentee.focus_areas.order_by("kind", "name")),
        targeted=targeted,
        buyer=shown,
        buyer_is_the_plans=buyer is not None,
        has_buyers=program.buyers.exists(),
        requirements=plans.buyer_requirements(shown, program) if shown is not None else [],
        report=plans.gap_report(plan, assessments) if plan is not None else plans.GapReport(),
        first_meeting=relationship.meetings.filter(number=1).first(),
    )
