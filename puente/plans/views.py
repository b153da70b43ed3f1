"""Growth-plan pages: a mentee's plan (gap report and chart, improvement areas, goals, actions,
progress), filling the assessment, "my plan" with the learning path, and the coordinator's
overview, set-up and buyers' targets."""

from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core import charts
from puente.core.forms import posted, previous_result, run_once
from puente.core.permissions import Action, Role
from puente.instruments.engine import AnswersForm, initial_answers
from puente.instruments.models import Submission
from puente.mentoring.models import Relationship
from puente.plans import panels, selectors, services
from puente.plans.access import PlanAccess, get_plan_for_user, visible_mentees
from puente.plans.forms import (
    ActionStatusForm,
    AreaForm,
    AreaRatingForm,
    AssessmentStartForm,
    BuyerForm,
    GoalEditForm,
    GoalForm,
    PlanActionEditForm,
    PlanActionForm,
    ProgressForm,
    SetupForm,
    TargetsForm,
)
from puente.plans.gaps import AreaGap
from puente.plans.models import (
    LEVEL_MAX,
    GapAssessment,
    Goal,
    GrowthPlan,
    ImprovementArea,
    PlanAction,
)
from puente.plans.scopes import PLAN_SUBJECTS
from puente.programs.access import get_program_for_user


def _plan_url(pa: PlanAccess, anchor: str = "") -> str:
    url = reverse(
        "plans:plan",
        args=[pa.ra.access.program.slug, pa.ra.relationship.pk, pa.mentee.pk],
    )
    return f"{url}#{anchor}" if anchor else url


def gap_chart(rows: list[AreaGap]) -> str:
    """The gap report as a horizontal SVG bar chart with the targets marked."""
    return charts.hbar_chart(
        title=_("Gap assessment by area"),
        description=_(
            "Score from 1 to 5 per area, by the mentee, the mentor and their mean; the dashed "
            "mark is the target. The table gives the same figures."
        ),
        categories=[row.name for row in rows],
        series=[
            charts.Series(_("Mentee"), [row.mentee for row in rows]),
            charts.Series(_("Mentor"), [row.mentor for row in rows]),
            charts.Series(
                _("Mean"),
                [
                    row.score if row.mentee is not None and row.mentor is not None else None
                    for row in rows
                ],
            ),
        ],
        max_value=LEVEL_MAX,
        targets=[row.target for row in rows],
        target_label=_("Target"),
    )


def _plan_context(pa: PlanAccess, **bound: Any) -> dict[str, Any]:
    relationship = pa.ra.relationship
    program = pa.ra.access.program
    plan = selectors.plan_for(relationship, pa.mentee)
    assessments = selectors.plan_assessments(plan) if plan else []
    report = selectors.gap_report(plan, assessments) if plan else selectors.GapReport()
    chart = gap_chart(report.rows) if report.has_scores else ""
    goals = selectors.plan_goals(plan) if plan else []
    actions = list(selectors.plan_actions(plan)) if plan else []
    per_goal = Counter(action.goal_id for action in actions)
    today = timezone.localdate()
    for goal in goals:
        goal.on_track = goal.is_on_track(today)  # type: ignore[attr-defined]
        goal.action_count = per_goal[goal.pk]  # type: ignore[attr-defined]
        goal.has_updates = bool(goal.updates.all())  # type: ignore[attr-defined]
    instruments = selectors.assessment_instruments(program)
    started = {a.instrument_id for a in assessments}
    meetings = selectors.held_meetings(relationship)
    context: dict[str, Any] = {
        "access": pa.ra.access,
        "program": program,
        "pa": pa,
        "relationship": relationship,
        "mentee": pa.mentee,
        "mentees": visible_mentees(pa.ra.access, relationship.pk),
        "plan": plan,
        "assessments": assessments,
        "report": report,
        "chart": chart,
        "areas": list(selectors.improvement_areas(plan)) if plan else [],
        "goals": goals,
        "actions": actions,
        "statuses": PlanAction.Status.choices,
        "targeted": list(pa.mentee.buyers.order_by("name", "pk")),
    }
    if pa.can_edit:
        context.update(
            buyer_form=bound.get("buyer_form") or _buyer_form(pa, plan),
            start_form=bound.get("start_form")
            or AssessmentStartForm(instruments=instruments.exclude(pk__in=started)),
            area_form=bound.get("area_form") or AreaForm(program=program),
            goal_form=bound.get("goal_form") or GoalForm(plan=plan),
            action_form=bound.get("action_form") or PlanActionForm(plan=plan),
            progress_form=bound.get("progress_form") or ProgressForm(plan=plan, meetings=meetings),
        )
    return context


def _buyer_form(pa: PlanAccess, plan: GrowthPlan | None, data: Any = None) -> BuyerForm:
    def offered(keep: list[int | None]) -> Any:
        return selectors.buyers_offered(pa.ra.access, keep=keep)

    return BuyerForm(data, plan=plan, mentee=pa.mentee, offered=offered)


def _render_plan(
    request: HttpRequest, pa: PlanAccess, status: int = 200, **bound: Any
) -> HttpResponse:
    return render(request, "plans/plan.html", _plan_context(pa, **bound), status=status)


@require_GET
@login_required
def relationship_plan(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The relationship's plan: its (first visible) mentee's."""
    mentees = visible_mentees(get_program_for_user(request, slug), pk)
    if not mentees:
        raise Http404
    return redirect("plans:plan", slug=slug, pk=pk, mentee_pk=mentees[0].pk)


@require_GET
@login_required
def open_actions(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The open actions of the relationship's plans the person may see, as a fragment for the
    relationship's page (loaded by htmx); asked for without htmx, the relationship's plan."""
    access = get_program_for_user(request, slug)
    if not visible_mentees(access, pk):
        raise Http404
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("plans:relationship", slug=slug, pk=pk)
    context = {
        "program": access.program,
        "relationship_id": pk,
        **panels.open_actions_context(access, pk, timezone.localdate()),
    }
    response = render(request, "plans/_open_actions.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
@login_required
def plan_detail(request: HttpRequest, slug: str, pk: int, mentee_pk: int) -> HttpResponse:
    return _render_plan(request, get_plan_for_user(request, slug, pk, mentee_pk))


def _open(pa: PlanAccess) -> GrowthPlan:
    return services.plan_open(relationship=pa.ra.relationship, mentee=pa.mentee)


@require_POST
@login_required
def plan_buyer(request: HttpRequest, slug: str, pk: int, mentee_pk: int) -> HttpResponse:
    """The buyers the plan's business targets and the one its gap is measured against (the
    mentor's and the business's own choice; the coordinator links businesses from the buyers'
    pages). With htmx, the gap section alone is swapped (``hx-select``)."""
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    form = _buyer_form(pa, selectors.plan_for(pa.ra.relationship, pa.mentee), request.POST)
    if form.is_valid():
        try:
            services.plan_buyers_save(
                plan=_open(pa),
                targets=form.cleaned_data["targets"],
                buyer=form.cleaned_data["buyer"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Targets updated."))
            return redirect(_plan_url(pa, "gaps"))
    return _render_plan(request, pa, 422, buyer_form=form)


@require_POST
@login_required
def assessment_start(request: HttpRequest, slug: str, pk: int, mentee_pk: int) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    form = AssessmentStartForm(
        request.POST, instruments=selectors.assessment_instruments(pa.ra.access.program)
    )
    if form.is_valid():
        assessment = services.assessment_start(
            plan=_open(pa), instrument=form.cleaned_data["instrument"]
        )
        return redirect(
            "plans:assessment",
            slug=slug,
            pk=pk,
            mentee_pk=mentee_pk,
            assessment_pk=assessment.pk,
        )
    return _render_plan(request, pa, 422, start_form=form)


def _assessment_form(
    pa: PlanAccess, assessment: GapAssessment, data: Any = None, *, draft: bool = False
) -> tuple[AnswersForm, Submission | None]:
    submission: Submission | None = getattr(assessment, f"{pa.side}_submission")
    version = submission.version if submission else services.latest_version(assessment.instrument)
    form = AnswersForm(
        data,
        questions=list(version.questions.order_by("position", "pk")),
        draft=draft,
        initial=initial_answers(submission) if submission else {},
        prefix="answers",
    )
    return form, submission


@require_http_methods(["GET", "POST"])
@login_required
def assessment_fill(
    request: HttpRequest, slug: str, pk: int, mentee_pk: int, assessment_pk: int
) -> HttpResponse:
    """One side's own answers to the assessment: the mentor's or this mentee's, never another's."""
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    assessment = (
        GapAssessment.objects.filter(
            pk=assessment_pk, plan__relationship=pa.ra.relationship, plan__mentee=pa.mentee
        )
        .select_related("instrument", "mentee_submission", "mentor_submission")
        .first()
    )
    if assessment is None:
        raise Http404
    submit = request.POST.get("action") == "submit"
    form, submission = _assessment_form(pa, assessment, posted(request), draft=not submit)
    done = submission is not None and submission.status == Submission.Status.SUBMITTED
    status = 200
    if request.method == "POST":
        if done:  # a second click on "send": the first one counted
            return redirect(_plan_url(pa, "gaps"))
        if form.is_valid():
            services.assessment_answer(
                assessment=assessment,
                side=pa.side,
                by=pa.ra.access.user,
                cleaned=form.cleaned_data,
                submit=submit,
            )
            if submit:
                messages.success(request, _("Your assessment was sent."))
                return redirect(_plan_url(pa, "gaps"))
            messages.success(request, _("Draft saved."))
            return redirect(request.path)
        status = 422
    return render(
        request,
        "plans/assessment.html",
        {
            "access": pa.ra.access,
            "program": pa.ra.access.program,
            "pa": pa,
            "relationship": pa.ra.relationship,
            "mentee": pa.mentee,
            "assessment": assessment,
            "form": form,
            "done": done,
        },
        status=status,
    )


@require_POST
@login_required
def area_save(request: HttpRequest, slug: str, pk: int, mentee_pk: int) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    form = AreaForm(request.POST, program=pa.ra.access.program)
    if form.is_valid():
        services.area_prioritise(plan=_open(pa), **form.cleaned_data)
        messages.success(request, _("Improvement area saved."))
        return redirect(_plan_url(pa, "areas"))
    return _render_plan(request, pa, 422, area_form=form)


def _create(
    request: HttpRequest, pa: PlanAccess, form: Any, name: str, make: Any, anchor: str
) -> HttpResponse:
    """A create form: validated, then run once per submit key (a double submit makes one)."""
    done = previous_result({"submit_key": request.POST.get(form.add_prefix("submit_key"), "")})
    if done:
        return redirect(done)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "submit_key"}
        try:
            url = run_once(
                form.cleaned_data["submit_key"],
                lambda: (make(plan=_open(pa), **data), _plan_url(pa, anchor))[1],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(url)
    return _render_plan(request, pa, 422, **{name: form})


@require_POST
@login_required
def goal_add(request: HttpRequest, slug: str, pk: int, mentee_pk: int) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    plan = selectors.plan_for(pa.ra.relationship, pa.mentee)
    form = GoalForm(request.POST, plan=plan)
    return _create(request, pa, form, "goal_form", services.goal_create, "goals")


@require_POST
@login_required
def action_add(request: HttpRequest, slug: str, pk: int, mentee_pk: int) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    plan = selectors.plan_for(pa.ra.relationship, pa.mentee)
    form = PlanActionForm(request.POST, plan=plan)
    return _create(request, pa, form, "action_form", services.action_create, "actions")


@require_POST
@login_required
def action_status(
    request: HttpRequest, slug: str, pk: int, mentee_pk: int, action_pk: int
) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    action = PlanAction.objects.filter(
        pk=action_pk, plan__relationship=pa.ra.relationship, plan__mentee=pa.mentee
    ).first()
    if action is None:
        raise Http404
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_status_set(action=action, status=form.cleaned_data["status"])
        messages.success(request, _("Action updated."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect(_plan_url(pa, "actions"))


@require_POST
@login_required
def progress_add(request: HttpRequest, slug: str, pk: int, mentee_pk: int) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    plan = selectors.plan_for(pa.ra.relationship, pa.mentee)
    form = ProgressForm(
        request.POST, plan=plan, meetings=selectors.held_meetings(pa.ra.relationship)
    )

    def record(*, plan: GrowthPlan, **data: Any) -> Any:
        return services.progress_record(by=pa.ra.access.user, **data)

    return _create(request, pa, form, "progress_form", record, "goals")


# --- Changing and deleting an area, a goal or an action -----------------------------------------

M = TypeVar("M", bound=Model)


def _in_plan(pa: PlanAccess, queryset: QuerySet[M], pk: int) -> M | None:
    """The plan's object with this id, or None (one of another plan is never reached)."""
    return queryset.filter(
        pk=pk, plan__relationship=pa.ra.relationship, plan__mentee=pa.mentee
    ).first()


def _get_in_plan(pa: PlanAccess, queryset: QuerySet[M], pk: int) -> M:
    found = _in_plan(pa, queryset, pk)
    if found is None:
        raise Http404
    return found


def _edit_page(
    request: HttpRequest,
    pa: PlanAccess,
    form: forms.Form,
    save: Callable[..., object],
    *,
    heading: str,
    anchor: str,
    delete_url: str,
    kind: str,
    item: Model,
) -> HttpResponse:
    """GET: the form filled in. POST: saved and back to the plan, or shown again with what was
    typed and the errors (422)."""
    if request.method == "POST":
        if form.is_valid():
            try:
                save(**form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect(_plan_url(pa, anchor))
    return render(
        request,
        "plans/edit.html",
        {
            "access": pa.ra.access,
            "program": pa.ra.access.program,
            "pa": pa,
            "relationship": pa.ra.relationship,
            "mentee": pa.mentee,
            "heading": heading,
            "form": form,
            "back_url": _plan_url(pa, anchor),
            "delete_url": delete_url,
            "kind": kind,
            "item": item,
        },
        status=422 if request.method == "POST" else 200,
    )


def _delete(
    request: HttpRequest,
    pa: PlanAccess,
    model: type[Model],
    pk: int,
    delete: Callable[[Any], None],
    *,
    anchor: str,
    done: str,
    refused_anchor: str = "",
) -> HttpResponse:
    """Delete the plan's object. One of another plan is a 404; one no longer anywhere (the
    second click of a double submit) is taken as already deleted. A refusal is shown next to
    the object (``refused_anchor``)."""
    found = _in_plan(pa, model._default_manager.all(), pk)
    if found is None:
        if model._default_manager.filter(pk=pk).exists():
            raise Http404
        messages.info(request, _("This was already deleted."))
        return redirect(_plan_url(pa, anchor))
    try:
        delete(found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_plan_url(pa, refused_anchor or anchor))
    messages.success(request, done)
    return redirect(_plan_url(pa, anchor))


def _item_url(pa: PlanAccess, name: str, pk: int) -> str:
    program, relationship = pa.ra.access.program, pa.ra.relationship
    return reverse(f"plans:{name}", args=[program.slug, relationship.pk, pa.mentee.pk, pk])


@require_http_methods(["GET", "POST"])
@login_required
def area_edit(
    request: HttpRequest, slug: str, pk: int, mentee_pk: int, area_pk: int
) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    area = _get_in_plan(pa, ImprovementArea.objects.select_related("focus_area"), area_pk)
    form = AreaRatingForm(
        posted(request),
        initial={"impact": area.impact, "urgency": area.urgency, "note": area.note},
    )

    def save(**data: Any) -> Any:
        return services.area_update(area=area, **data)

    return _edit_page(
        request,
        pa,
        form,
        save,
        heading=_("Change the improvement area “%(name)s”") % {"name": area.focus_area.name},
        anchor=f"area-{area.pk}",
        delete_url=_item_url(pa, "area-delete", area.pk),
        kind="area",
        item=area,
    )


@require_POST
@login_required
def area_delete(
    request: HttpRequest, slug: str, pk: int, mentee_pk: int, area_pk: int
) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    return _delete(
        request,
        pa,
        ImprovementArea,
        area_pk,
        lambda area: services.area_delete(area=area),
        anchor="areas",
        done=_("Improvement area deleted. Its goals stay in the plan."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def goal_edit(
    request: HttpRequest, slug: str, pk: int, mentee_pk: int, goal_pk: int
) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    goal = _get_in_plan(pa, Goal.objects.select_related("plan"), goal_pk)
    goal.action_count = goal.actions.count()  # type: ignore[attr-defined]
    goal.has_updates = goal.updates.exists()  # type: ignore[attr-defined]
    fields = ("title", "indicator", "start_value", "target_value", "target_date")
    form = GoalEditForm(
        posted(request),
        plan=goal.plan,
        initial={"area": goal.area_id, **{name: getattr(goal, name) for name in fields}},
    )

    def save(**data: Any) -> Any:
        return services.goal_update(goal=goal, **data)

    return _edit_page(
        request,
        pa,
        form,
        save,
        heading=_("Change the goal “%(title)s”") % {"title": goal.title},
        anchor=f"goal-{goal.pk}",
        delete_url=_item_url(pa, "goal-delete", goal.pk),
        kind="goal",
        item=goal,
    )


@require_POST
@login_required
def goal_delete(
    request: HttpRequest, slug: str, pk: int, mentee_pk: int, goal_pk: int
) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    return _delete(
        request,
        pa,
        Goal,
        goal_pk,
        lambda goal: services.goal_delete(goal=goal),
        anchor="goals",
        done=_("Goal deleted."),
        refused_anchor=f"goal-{goal_pk}",
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_edit(
    request: HttpRequest, slug: str, pk: int, mentee_pk: int, action_pk: int
) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    action = _get_in_plan(pa, PlanAction.objects.select_related("plan"), action_pk)
    fields = ("title", "owner", "due_on", "status", "resource_title", "resource_url")
    form = PlanActionEditForm(
        posted(request),
        plan=action.plan,
        initial={"goal": action.goal_id, **{name: getattr(action, name) for name in fields}},
    )

    def save(**data: Any) -> Any:
        return services.action_update(action=action, **data)

    return _edit_page(
        request,
        pa,
        form,
        save,
        heading=_("Change the action “%(title)s”") % {"title": action.title},
        anchor=f"action-{action.pk}",
        delete_url=_item_url(pa, "action-delete", action.pk),
        kind="action",
        item=action,
    )


@require_POST
@login_required
def action_delete(
    request: HttpRequest, slug: str, pk: int, mentee_pk: int, action_pk: int
) -> HttpResponse:
    pa = get_plan_for_user(request, slug, pk, mentee_pk, write=True)
    return _delete(
        request,
        pa,
        PlanAction,
        action_pk,
        lambda action: services.action_delete(action=action),
        anchor="actions",
        done=_("Action deleted."),
    )


@require_GET
@login_required
def mine(request: HttpRequest, slug: str) -> HttpResponse:
    """The plans one takes part in (mentor, mentee, tutor) and, for a mentee, their learning
    path: the resources of their actions and the themes of their meetings."""
    access = get_program_for_user(request, slug, Action.VIEW_OWN_MENTORING)
    # The plans one writes or follows (a coordinator's "all" is the overview's).
    subjects = list(
        PLAN_SUBJECTS.reached(access)
        .select_related("relationship__mentor__user", "membership__user")
        .order_by("relationship__mentor__user__full_name", "relationship_id", "membership_id")
    )
    plans = selectors.plans_of(
        Relationship.objects.filter(pk__in={s.relationship_id for s in subjects})
    )
    own_mentee = access.program.memberships.filter(user=access.user, role=Role.MENTEE).first()
    rows = [
        {
            "relationship": subject.relationship,
            "mentee": subject.membership,
            "plan": plans.get((subject.relationship_id, subject.membership_id)),
        }
        for subject in subjects
    ]
    actions, meetings = selectors.learning_path(own_mentee) if own_mentee else ([], [])
    return render(
        request,
        "plans/mine.html",
        {
            "access": access,
            "program": access.program,
            "rows": rows,
            "is_mentee": own_mentee is not None,
            "path_actions": actions,
            "path_meetings": meetings,
        },
    )


@require_GET
@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_PLANS)
    rows = selectors.overview(access.program, timezone.localdate())
    return render(
        request,
        "plans/overview.html",
        {
            "access": access,
            "program": access.program,
            "rows": rows,
            "instruments": list(selectors.assessment_instruments(access.program)),
            "setup_form": SetupForm(),
        },
    )


@require_POST
@login_required
def setup(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_PLANS)
    form = SetupForm(request.POST)
    if form.is_valid():
        instrument = services.assessment_setup(
            program=access.program, template_key=form.cleaned_data["template"], by=access.user
        )
        messages.success(
            request, _("“%(name)s” is ready for the plans.") % {"name": instrument.name}
        )
        return redirect("plans:overview", slug=slug)
    rows = selectors.overview(access.program, timezone.localdate())
    return render(
        request,
        "plans/overview.html",
        {
            "access": access,
            "program": access.program,
            "rows": rows,
            "instruments": list(selectors.assessment_instruments(access.program)),
            "setup_form": form,
        },
        status=422,
    )


@require_http_methods(["GET", "POST"])
@login_required
def targets(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator's table of target levels: the program's default and each buyer's."""
    access = get_program_for_user(request, slug, Action.MANAGE_PLANS)
    form = TargetsForm(posted(request), program=access.program)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.targets_save(program=access.program, levels=form.levels())
            messages.success(request, _("Target levels saved."))
            return redirect("plans:targets", slug=slug)
        status = 422
    return render(
        request,
        "plans/targets.html",
        {"access": access, "program": access.program, "form": form},
        status=status,
    )
