"""Reads of growth plans, each in a fixed number of queries whatever the size of the program."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet

from puente.core.permissions import Role
from puente.core.scopes import Access
from puente.instruments.models import Answer, Instrument
from puente.mentoring.models import Meeting, Relationship
from puente.plans.gaps import AreaGap, Scored, compute_gaps, targets_for
from puente.plans.models import (
    AreaQuestion,
    AreaTarget,
    GapAssessment,
    Goal,
    GrowthPlan,
    ImprovementArea,
    PlanAction,
    ProgressUpdate,
)
from puente.programs.models import BuyerOrganization, FocusArea, Membership, Program
from puente.programs.scopes import BUYERS


def plan_for(relationship: Relationship, mentee: Membership) -> GrowthPlan | None:
    return (
        GrowthPlan.objects.filter(relationship=relationship, mentee=mentee)
        .select_related("buyer")
        .first()
    )


def assessment_instruments(program: Program) -> QuerySet[Instrument]:
    """The program's assessments that score focus areas (set up from a template, or mapped)."""
    return (
        Instrument.objects.filter(program=program, area_questions__isnull=False)
        .distinct()
        .order_by("name", "pk")
    )


def plan_assessments(plan: GrowthPlan) -> list[GapAssessment]:
    return list(
        plan.assessments.select_related(
            "instrument", "mentee_submission", "mentor_submission"
        ).order_by("pk")
    )


@dataclass
class GapReport:
    rows: list[AreaGap] = field(default_factory=list)
    # What the plan's buyer asks for, in words, in each area (by focus area id).
    requirements: dict[int, str] = field(default_factory=dict)

    @property
    def has_scores(self) -> bool:
        return any(row.score is not None for row in self.rows)

    @property
    def lines(self) -> list[tuple[AreaGap, str]]:
        """Each row with what the buyer asks for in its area ("" when it says nothing)."""
        return [(row, self.requirements.get(row.area_id, "")) for row in self.rows]


def gap_report(plan: GrowthPlan, assessments: list[GapAssessment]) -> GapReport:
    """Per focus area of the plan's assessments: each side's score, their mean, the target (the
    plan's buyer's requirement, else the program's default) and the gap."""
    if not assessments:
        return GapReport()
    mapped = list(
        AreaQuestion.objects.filter(instrument__in=[a.instrument_id for a in assessments])
        .select_related("focus_area")
        .order_by("instrument_id", "pk")
    )
    submissions = {
        side: [s for a in assessments if (s := getattr(a, f"{side}_submission_id"))]
        for side in ("mentee", "mentor")
    }
    answers: dict[str, dict[str, Decimal | None]] = {"mentee": {}, "mentor": {}}
    weights: dict[tuple[int, str], Decimal] = {}
    for answer in Answer.objects.filter(
        submission__in=submissions["mentee"] + submissions["mentor"], number__isnull=False
    ).select_related("question__version"):
        side = "mentee" if answer.submission_id in submissions["mentee"] else "mentor"
        key = f"{answer.question.version.instrument_id}:{answer.question.key}"
        answers[side][key] = answer.number
        weights[(answer.question.version.instrument_id, answer.question.key)] = (
            answer.question.weight
        )
    scored = [
        Scored(
            key=f"{m.instrument_id}:{m.question_key}",
            area_id=m.focus_area_id,
            weight=weights.get((m.instrument_id, m.question_key), Decimal(1)),
        )
        for m in mapped
    ]
    areas: dict[int, str] = {}
    for m in mapped:
        areas.setdefault(m.focus_area_id, m.focus_area.name)
    levels = AreaTarget.objects.filter(focus_area__in=list(areas))
    defaults = {t.focus_area_id: t.level for t in levels if t.buyer_id is None}
    buyers = [t for t in levels if plan.buyer_id is not None and t.buyer_id == plan.buyer_id]
    rows = compute_gaps(
        areas.items(),
        scored,
        mentee_answers=answers["mentee"],
        mentor_answers=answers["mentor"],
        targets=targets_for(defaults, {t.focus_area_id: t.level for t in buyers}),
    )
    return GapReport(
        rows=rows, requirements={t.focus_area_id: t.requirement for t in buyers if t.requirement}
    )


def improvement_areas(plan: GrowthPlan) -> QuerySet[ImprovementArea]:
    """Highest priority (impact × urgency) first; ties by impact, then name."""
    return (
        plan.areas.select_related("focus_area")
        .annotate(score=F("impact") * F("urgency"))
        .order_by("-score", "-impact", "focus_area__name", "pk")
    )


def plan_goals(plan: GrowthPlan) -> list[Goal]:
    return list(
        plan.goals.select_related("area__focus_area").prefetch_related(
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("meeting", "written_by"),
            )
        )
    )


def plan_actions(plan: GrowthPlan) -> QuerySet[PlanAction]:
    return plan.actions.select_related("goal")


def held_meetings(relationship: Relationship) -> QuerySet[Meeting]:
    """The meetings a progress update may refer to: those held."""
    return relationship.meetings.filter(status=Meeting.Status.HELD).order_by("number")


@dataclass
class OverviewRow:
    relationship: Relationship
    mentee: Membership
    plan: GrowthPlan | None
    assessed: bool
    areas: int
    goals: int
    on_track: int


def overview(program: Program, today: dt.date) -> list[OverviewRow]:
    """Every mentee of the program's relationships: assessed or not, with a plan or not, and
    how many goals are on track. Five queries whatever the number of relationships."""
    relationships = list(
        Relationship.objects.filter(program=program)
        .select_related("mentor__user")
        .prefetch_related(Prefetch("mentees", queryset=Membership.objects.select_related("user")))
        .order_by("mentor__user__full_name", "pk")
    )
    plans = {
        (p.relationship_id, p.mentee_id): p
        for p in GrowthPlan.objects.filter(relationship__program=program)
        .select_related("buyer")
        .prefetch_related("assessments", "areas", "goals")
    }
    rows = []
    for relationship in relationships:
        for mentee in relationship.mentees.all():
            plan = plans.get((relationship.pk, mentee.pk))
            goals = list(plan.goals.all()) if plan else []
            rows.append(
                OverviewRow(
                    relationship=relationship,
                    mentee=mentee,
                    plan=plan,
                    assessed=bool(
                        plan
                        and any(
                            a.mentee_submission_id or a.mentor_submission_id
                            for a in plan.assessments.all()
                        )
                    ),
                    areas=len(plan.areas.all()) if plan else 0,
                    goals=len(goals),
                    on_track=sum(1 for g in goals if g.is_on_track(today)),
                )
            )
    rows.sort(key=lambda r: (r.mentee.user.full_name, r.relationship.pk))
    return rows


def plans_of(relationships: QuerySet[Relationship]) -> dict[tuple[int, int], GrowthPlan]:
    return {
        (p.relationship_id, p.mentee_id): p
        for p in GrowthPlan.objects.filter(relationship__in=relationships).prefetch_related("goals")
    }


def learning_path(mentee: Membership) -> tuple[list[PlanAction], list[Meeting]]:
    """What a mentee is assigned: the actions of their plans that come with a resource, and the
    themes of their relationships' meetings (the session plan's transversal skills)."""
    actions = list(
        PlanAction.objects.filter(plan__mentee=mentee)
        .exclude(resource_title="", resource_url="")
        .exclude(status=PlanAction.Status.DROPPED)
        .select_related("goal")
        .order_by("due_on", "pk")
    )
    meetings = list(
        Meeting.objects.filter(relationship__mentees=mentee)
        .exclude(theme="")
        .order_by("planned_on", "number")
    )
    return actions, meetings


# --- Corporate buyers -----------------------------------------------------------------------------


@dataclass
class BuyerRow:
    buyer: BuyerOrganization
    businesses: int
    plans: int
    requirements: int


def buyer_rows(access: Access) -> list[BuyerRow]:
    """The program's buyers this person sees (active first, then archived, each by name), with
    how many of the program's businesses target each, how many plans are measured against it
    and in how many areas it states a requirement: three queries whatever their number."""
    program = access.program
    buyers = list(
        BUYERS.visible(access)
        .annotate(
            n_businesses=Count("businesses", filter=Q(businesses__program=program), distinct=True)
        )
        .order_by(F("archived_at").asc(nulls_first=True), "name", "pk")
    )
    ids = [b.pk for b in buyers]
    plans = dict(
        GrowthPlan.objects.filter(buyer__in=ids, relationship__program=program)
        .values("buyer")
        .annotate(n=Count("pk"))
        .values_list("buyer", "n")
    )
    requirements = dict(
        AreaTarget.objects.filter(buyer__in=ids, focus_area__program=program)
        .values("buyer")
        .annotate(n=Count("pk"))
        .values_list("buyer", "n")
    )
    return [
        BuyerRow(
            buyer=b,
            businesses=b.n_businesses,
            plans=plans.get(b.pk, 0),
            requirements=requirements.get(b.pk, 0),
        )
        for b in buyers
    ]


def buyers_offered(
    access: Access, *, keep: Iterable[int | None] = ()
) -> QuerySet[BuyerOrganization]:
    """The buyers a plan or a business may choose: the program's buyers this person sees that
    are not archived, and those in ``keep`` (already chosen) even when archived."""
    kept = [pk for pk in keep if pk is not None]
    return (
        BUYERS.visible(access)
        .filter(Q(archived_at__isnull=True) | Q(pk__in=kept))
        .order_by("name", "pk")
    )


def buyer_form_areas(program: Program, buyer: BuyerOrganization | None) -> list[FocusArea]:
    """The focus areas a buyer's form asks requirements in: the program's areas that are not
    archived (programs.archived), and the archived ones this buyer already asks in, so that its
    requirement stays in view and can still be changed. One query."""
    offered = Q(archived_at__isnull=True)
    if buyer is not None:
        offered |= Q(pk__in=AreaTarget.objects.filter(buyer=buyer).values("focus_area"))
    return list(
        FocusArea.objects.filter(program=program).filter(offered).order_by("kind", "name", "pk")
    )


@dataclass
class Requirement:
    focus_area: FocusArea
    level: Decimal
    text: str


def buyer_requirements(buyer: BuyerOrganization, program: Program) -> list[Requirement]:
    """The buyer's requirements in the program's focus areas, in the areas' order."""
    return [
        Requirement(focus_area=t.focus_area, level=t.level, text=t.requirement)
        for t in AreaTarget.objects.filter(buyer=buyer, focus_area__program=program)
        .select_related("focus_area")
        .order_by("focus_area__kind", "focus_area__name", "pk")
    ]


def businesses(program: Program) -> QuerySet[Membership]:
    """The program's businesses (its mentees), by wave then name, with their business."""
    return (
        Membership.objects.filter(program=program, role=Role.MENTEE)
        .select_related("user__business", "wave")
        .order_by(F("wave__number").asc(nulls_last=True), "user__full_name", "pk")
    )
