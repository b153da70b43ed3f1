"""Reads of growth plans, each in a fixed number of queries whatever the size of the program."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet

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
from puente.programs.models import Membership, Program


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

    @property
    def has_scores(self) -> bool:
        return any(row.score is not None for row in self.rows)


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
    buyer = {
        t.focus_area_id: t.level
        for t in levels
        if plan.buyer_id is not None and t.buyer_id == plan.buyer_id
    }
    rows = compute_gaps(
        areas.items(),
        scored,
        mentee_answers=answers["mentee"],
        mentor_answers=answers["mentor"],
        targets=targets_for(defaults, buyer),
    )
    return GapReport(rows=rows)


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
        for p in GrowthPlan.objects.filter(relationship__program=program).prefetch_related(
            "assessments", "areas", "goals"
        )
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
