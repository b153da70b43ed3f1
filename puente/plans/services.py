"""Writes of growth plans. Keyword-only, atomic, validated with ``full_clean``."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.instruments import services as instruments
from puente.instruments.models import Instrument, InstrumentVersion, Submission
from puente.mentoring.models import Meeting, Relationship
from puente.plans.gaps import TEMPLATE_AREAS
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
from puente.programs import services as programs
from puente.programs.models import BuyerOrganization, FocusArea, Membership, Program


@transaction.atomic
def assessment_setup(*, program: Program, template_key: str, by: User) -> Instrument:
    """The program's published copy of a shipped assessment, each scored question mapped to the
    focus area it measures (the program's area of that name, created when missing). Once per
    template: a second call returns the copy made first."""
    mapping = TEMPLATE_AREAS[template_key]
    existing = (
        Instrument.objects.filter(program=program, template_key=template_key)
        .filter(area_questions__isnull=False)
        .distinct()
        .first()
    )
    if existing is not None:
        return existing
    instrument = instruments.instrument_from_template(
        program=program, template_key=template_key, language=by.language or "es"
    )
    instruments.version_publish(version=instrument.versions.get(), by=by)
    for key, (name, kind) in mapping.items():
        area, _created = FocusArea.objects.get_or_create(
            program=program, name=name, defaults={"kind": kind}
        )
        AreaQuestion.objects.create(instrument=instrument, question_key=key, focus_area=area)
    return instrument


@transaction.atomic
def targets_save(*, program: Program, levels: dict[tuple[int, int | None], Decimal | None]) -> None:
    """Set the target levels of the program's focus areas, keyed (area id, buyer id or None for
    the program's default); an empty level removes the target."""
    areas = set(FocusArea.objects.filter(program=program).values_list("pk", flat=True))
    buyers = set(program.buyers.values_list("pk", flat=True))
    for (area_id, buyer_id), level in levels.items():
        if area_id not in areas or (buyer_id is not None and buyer_id not in buyers):
            raise ValidationError(_("This focus area or buyer is not part of the program."))
        if level is None:
            AreaTarget.objects.filter(focus_area_id=area_id, buyer_id=buyer_id).delete()
            continue
        target = AreaTarget.objects.filter(focus_area_id=area_id, buyer_id=buyer_id).first()
        target = target or AreaTarget(focus_area_id=area_id, buyer_id=buyer_id)
        target.level = level
        target.full_clean(validate_unique=False, validate_constraints=False)
        target.save()


@transaction.atomic
def plan_open(*, relationship: Relationship, mentee: Membership) -> GrowthPlan:
    """The mentee's plan in the relationship, made on first use. A new plan is measured against
    the first buyer (by name) its business targets, if any, else the program's defaults."""
    if not relationship.mentees.filter(pk=mentee.pk).exists():
        raise ValidationError(_("This person is not a mentee of the relationship."))
    plan, created = GrowthPlan.objects.get_or_create(relationship=relationship, mentee=mentee)
    if created:
        targeted = (
            mentee.buyers.filter(programs=relationship.program_id, archived_at__isnull=True)
            .order_by("name", "pk")
            .first()
        )
        if targeted is not None:
            plan.buyer = targeted
            plan.save(update_fields=["buyer", "updated_at"])
    return plan


@transaction.atomic
def plan_buyer_set(*, plan: GrowthPlan, buyer: BuyerOrganization | None) -> GrowthPlan:
    """Measure the plan against this buyer's requirements (None: the program's defaults). An
    archived buyer is kept by a plan already measured against it, never newly chosen."""
    if buyer is not None and not plan.relationship.program.buyers.filter(pk=buyer.pk).exists():
        raise ValidationError({"buyer": _("This buyer is not part of the program.")})
    if buyer is not None and buyer.is_archived and plan.buyer_id != buyer.pk:
        raise ValidationError({"buyer": _("This buyer is archived: choose another one.")})
    plan.buyer = buyer
    plan.save(update_fields=["buyer", "updated_at"])
    return plan


@transaction.atomic
def plan_buyers_save(
    *,
    plan: GrowthPlan,
    targets: Iterable[BuyerOrganization],
    buyer: BuyerOrganization | None,
) -> GrowthPlan:
    """From the plan: the buyers the plan's business targets, and the one whose requirements
    the gap assessment compares against (which the business then targets too)."""
    targets = list(targets)
    if buyer is not None and buyer.pk not in {b.pk for b in targets}:
        targets.append(buyer)
    programs.business_buyers_set(membership=plan.mentee, buyers=targets)
    return plan_buyer_set(plan=plan, buyer=buyer)


@transaction.atomic
def buyer_requirements_save(
    *,
    program: Program,
    buyer: BuyerOrganization,
    requirements: Mapping[int, tuple[Decimal | None, str]],
) -> None:
    """The buyer's requirement in each focus area given (by id): the level it asks for (1 to 5)
    and what it asks for, in words. Neither level nor words removes the requirement; words need
    a level (the gap is measured against it). Areas not given are left as they are."""
    if not program.buyers.filter(pk=buyer.pk).exists():
        raise ValidationError(_("This buyer is not part of the program."))
    areas = set(FocusArea.objects.filter(program=program).values_list("pk", flat=True))
    current = {t.focus_area_id: t for t in AreaTarget.objects.filter(buyer=buyer)}
    for area_id, (level, text) in requirements.items():
        if area_id not in areas:
            raise ValidationError(_("This focus area is not part of the program."))
        text = text.strip()
        target = current.get(area_id)
        if level is None:
            if text:
                raise ValidationError(_("Give the level each written requirement asks for."))
            if target is not None:
                target.delete()
            continue
        target = target or AreaTarget(focus_area_id=area_id, buyer=buyer)
        if target.pk and target.level == level and target.requirement == text:
            continue
        target.level, target.requirement = level, text
        target.full_clean(validate_unique=False, validate_constraints=False)
        target.save()


@transaction.atomic
def buyer_save(
    *,
    program: Program,
    buyer: BuyerOrganization | None = None,
    requirements: Mapping[int, tuple[Decimal | None, str]],
    businesses: Iterable[Membership] | None = None,
    **fields: str,
) -> BuyerOrganization:
    """Add a buyer to the program (``buyer`` None) or change it: what it is (``fields``: name,
    sector, location, what it buys, how it selects suppliers, technical requirements), its
    requirements per focus area and, when given, the program's businesses that target it.
    A business that newly targets it and has a plan measured against no buyer gets its plan
    measured against this one."""
    if buyer is None:
        buyer = programs.buyer_create(program=program, **fields)
    else:
        buyer = programs.buyer_update(buyer=buyer, **fields)
    buyer_requirements_save(program=program, buyer=buyer, requirements=requirements)
    if businesses is not None:
        businesses = list(businesses)
        before = set(buyer.businesses.values_list("pk", flat=True))
        programs.buyer_businesses_set(buyer=buyer, program=program, businesses=businesses)
        added = {b.pk for b in businesses} - before
        if added and not buyer.is_archived:
            for plan in GrowthPlan.objects.filter(
                mentee__in=added, relationship__program=program, buyer__isnull=True
            ):
                plan.buyer = buyer
                plan.save(update_fields=["buyer", "updated_at"])
    return buyer


@transaction.atomic
def assessment_start(*, plan: GrowthPlan, instrument: Instrument) -> GapAssessment:
    """The plan's assessment with this instrument (one per instrument: started once)."""
    mapped = AreaQuestion.objects.filter(instrument=instrument).exists()
    if instrument.program_id != plan.relationship.program_id or not mapped:
        raise ValidationError(_("This assessment cannot be used here."))
    assessment, _created = GapAssessment.objects.get_or_create(plan=plan, instrument=instrument)
    return assessment


def latest_version(instrument: Instrument) -> InstrumentVersion:
    version = instruments.published_version(instrument)
    if version is None:
        raise ValidationError(_("This assessment has no published version yet."))
    return version


@transaction.atomic
def assessment_answer(
    *,
    assessment: GapAssessment,
    side: str,
    by: User,
    cleaned: dict[str, Any],
    submit: bool,
) -> Submission:
    """Save (or submit) one side's own answers: ``side`` is "mentor" or "mentee". Each side
    answers in its own submission; a submitted one is not changed again."""
    if side not in ("mentor", "mentee"):
        raise ValidationError(_("Only the mentor and the mentee answer the assessment."))
    assessment = GapAssessment.objects.select_for_update().get(pk=assessment.pk)
    field = f"{side}_submission"
    submission: Submission | None = getattr(assessment, field)
    version = submission.version if submission else latest_version(assessment.instrument)
    submission = instruments.submission_save(
        version=version, cleaned=cleaned, submit=submit, submission=submission, respondent=by
    )
    if getattr(assessment, f"{field}_id") != submission.pk:
        setattr(assessment, field, submission)
        assessment.save(update_fields=[field, "updated_at"])
    return submission


@transaction.atomic
def area_prioritise(
    *, plan: GrowthPlan, focus_area: FocusArea, impact: int, urgency: int, note: str = ""
) -> ImprovementArea:
    """Choose (or re-rate) an area to improve; priority is impact × urgency."""
    if focus_area.program_id != plan.relationship.program_id:
        raise ValidationError({"focus_area": _("This focus area belongs to another program.")})
    area = ImprovementArea.objects.filter(plan=plan, focus_area=focus_area).first()
    area = area or ImprovementArea(plan=plan, focus_area=focus_area)
    area.impact, area.urgency, area.note = impact, urgency, note
    area.full_clean(validate_unique=False)
    area.save()
    return area


@transaction.atomic
def area_update(
    *, area: ImprovementArea, impact: int, urgency: int, note: str = ""
) -> ImprovementArea:
    """Re-rate an area and rewrite why it matters; its focus area stays (to work on another
    one, remove this area and choose the other)."""
    area.impact, area.urgency, area.note = impact, urgency, note
    area.full_clean()
    area.save(update_fields=["impact", "urgency", "note", "updated_at"])
    return area


@transaction.atomic
def area_delete(*, area: ImprovementArea) -> None:
    """Take an area off the plan. Its goals stay, no longer tied to an area: a goal and its
    progress are the plan's record, the area only how it was prioritised. Deleting an area
    already gone does nothing."""
    ImprovementArea.objects.filter(pk=area.pk).delete()


@transaction.atomic
def goal_create(
    *,
    plan: GrowthPlan,
    title: str,
    indicator: str,
    target_value: Decimal,
    target_date: dt.date,
    start_value: Decimal = Decimal(0),
    area: ImprovementArea | None = None,
    starts_on: dt.date | None = None,
) -> Goal:
    if area is not None and area.plan_id != plan.pk:
        raise ValidationError({"area": _("This improvement area belongs to another plan.")})
    goal = Goal(
        plan=plan,
        area=area,
        title=title,
        indicator=indicator,
        start_value=start_value,
        current_value=start_value,
        target_value=target_value,
        starts_on=starts_on or timezone.localdate(),
        target_date=target_date,
    )
    _check_goal_dates(goal)
    goal.full_clean()
    goal.save()
    return goal


def _check_goal_dates(goal: Goal) -> None:
    # Before full_clean, which would otherwise answer with the constraint's generic message.
    if goal.target_date < goal.starts_on:
        raise ValidationError({"target_date": _("The target date cannot be before the start.")})


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    title: str,
    indicator: str,
    target_value: Decimal,
    target_date: dt.date,
    start_value: Decimal,
    area: ImprovementArea | None = None,
) -> Goal:
    """Change a goal's wording, area, values or date. Its current value follows a new starting
    value only while no progress was recorded; after that it is the latest update's."""
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if area is not None and area.plan_id != goal.plan_id:
        raise ValidationError({"area": _("This improvement area belongs to another plan.")})
    if not goal.updates.exists():
        goal.current_value = start_value
    goal.area = area
    goal.title, goal.indicator = title, indicator
    goal.start_value, goal.target_value, goal.target_date = start_value, target_value, target_date
    _check_goal_dates(goal)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    """Delete a goal that has no progress updates: those are the plan's history, so a goal with
    any is refused (change it instead). Its actions stay in the plan, without a goal, to be
    kept or deleted one by one. Deleting a goal already gone does nothing."""
    locked = Goal.objects.select_for_update().filter(pk=goal.pk).first()
    if locked is None:
        return
    if locked.updates.exists():
        raise ValidationError(
            _(
                "This goal has progress updates, kept as the plan's history, so it cannot be "
                "deleted. Change it instead."
            )
        )
    locked.delete()


@transaction.atomic
def action_create(
    *,
    plan: GrowthPlan,
    title: str,
    owner: str,
    due_on: dt.date,
    goal: Goal | None = None,
    resource_title: str = "",
    resource_url: str = "",
) -> PlanAction:
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": _("This goal belongs to another plan.")})
    action = PlanAction(
        plan=plan,
        goal=goal,
        title=title,
        owner=owner,
        due_on=due_on,
        resource_title=resource_title,
        resource_url=resource_url,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_update(
    *,
    action: PlanAction,
    title: str,
    owner: str,
    due_on: dt.date,
    status: str,
    goal: Goal | None = None,
    resource_title: str = "",
    resource_url: str = "",
) -> PlanAction:
    if goal is not None and goal.plan_id != action.plan_id:
        raise ValidationError({"goal": _("This goal belongs to another plan.")})
    action.title, action.owner, action.due_on, action.status = title, owner, due_on, status
    action.goal = goal
    action.resource_title, action.resource_url = resource_title, resource_url
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_delete(*, action: PlanAction) -> None:
    """Delete an action (to keep a trace of one given up, set it to "Dropped" instead).
    Deleting an action already gone does nothing."""
    PlanAction.objects.filter(pk=action.pk).delete()


@transaction.atomic
def action_status_set(*, action: PlanAction, status: str) -> PlanAction:
    action.status = status
    action.full_clean()
    action.save(update_fields=["status", "updated_at"])
    return action


@transaction.atomic
def progress_record(
    *,
    goal: Goal,
    by: User,
    value: Decimal | None = None,
    percent: Decimal | None = None,
    note: str = "",
    meeting: Meeting | None = None,
    at: dt.datetime | None = None,
) -> ProgressUpdate:
    """Move a goal's indicator: to a new value, or to a percentage of the way from its start to
    its target. The meeting, if given, must be a held meeting of the goal's relationship."""
    goal = Goal.objects.select_for_update().select_related("plan").get(pk=goal.pk)
    if value is None and percent is None:
        raise ValidationError({"value": _("Give the new value or the percentage reached.")})
    if value is None:
        span = goal.target_value - goal.start_value
        value = (goal.start_value + span * Decimal(percent or 0) / 100).quantize(Decimal("0.01"))
    if meeting is not None and (
        meeting.relationship_id != goal.plan.relationship_id
        or meeting.status != Meeting.Status.HELD
    ):
        raise ValidationError({"meeting": _("Choose a held meeting of this relationship.")})
    update = ProgressUpdate(
        goal=goal,
        value=value,
        note=note,
        meeting=meeting,
        written_by=by,
        written_at=at or timezone.now(),
    )
    update.full_clean()
    update.save()
    goal.current_value = value
    goal.save(update_fields=["current_value", "updated_at"])
    return update
