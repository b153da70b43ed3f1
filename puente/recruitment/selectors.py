"""Reads for calls and selection, scoped to the person asking."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Lower
from django.http import Http404

from puente.accounts.models import User
from puente.core.permissions import Role
from puente.instruments import registry
from puente.instruments.models import (
    Answer,
    InstrumentVersion,
    Question,
    QuestionType,
    Submission,
)
from puente.instruments.selectors import shown_answers
from puente.instruments.services import published_version
from puente.programs.access import ProgramAccess
from puente.programs.models import Membership, Program
from puente.recruitment import scoring
from puente.recruitment.models import Application, ApplicationEvent, Call, ReviewAssignment
from puente.recruitment.scopes import APPLICATIONS, REVIEWS


def get_call_for_access(access: ProgramAccess, pk: int) -> Call:
    """A call of the program in hand; 404 for another program's call."""
    call = Call.objects.filter(program=access.program, pk=pk).select_related("wave").first()
    if call is None:
        raise Http404
    return call


def get_application_for_access(access: ProgramAccess, pk: int) -> Application:
    application = (
        APPLICATIONS.visible(access)
        .filter(pk=pk)
        .select_related("call", "call__wave", "submission__version__instrument", "track")
        .first()
    )
    if application is None:
        raise Http404
    return application


def get_assignment_for_reviewer(access: ProgramAccess, pk: int) -> ReviewAssignment:
    """A review assigned to the person asking, in this program; 404 for anyone else's."""
    # One's own review only, whoever else may read it.
    assignment = (
        REVIEWS.changeable(access)
        .filter(pk=pk)
        .select_related("application", "application__call", "submission__version")
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def calls_for_program(access: ProgramAccess) -> QuerySet[Call]:
    return Call.objects.filter(program=access.program).select_related("wave").order_by("-opens_at")


# Selection: the coordinator's list and detail, and the reviewer's own assignments.

NOT_YET_APPLIED = Application.Status.STARTED
SORTS = ("total", "submitted", "name")
DONE = Q(reviews__completed_at__isnull=False)


def program_reviewers(program: Program) -> QuerySet[User]:
    """Who may be asked to review: the program's reviewers and coordinators."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__program=program,
            memberships__role__in=[Role.REVIEWER, Role.COORDINATOR],
        )
        .distinct()
        .order_by("full_name", "email")
    )


def _weighted_total(rubric_weight: Decimal, auto_weight: Decimal) -> Expression:
    """``scoring.application_total`` as SQL over the annotated mean, for sorting by it.

    Like the Python version it is NULL until someone reviewed (when the call has a rubric)."""
    denominator = rubric_weight + auto_weight
    decimal: DecimalField[Decimal, Decimal] = DecimalField(max_digits=12, decimal_places=4)
    if not denominator:
        return Value(None, output_field=decimal)
    points: Combinable = F("auto_points")
    if rubric_weight:
        points = F("review_mean") * Value(rubric_weight) / Value(100) + points
    return ExpressionWrapper(points * Value(100) / Value(denominator), output_field=decimal)


def applications_for_call(
    access: ProgramAccess,
    call: Call,
    *,
    weights: tuple[Decimal, Decimal],
    status: str = "",
    role: str = "",
    reviewer: User | None = None,
    query: str = "",
    order: str = "total",
) -> QuerySet[Application]:
    """A call's applications with their review figures, in one query whatever their number.

    Each row carries ``reviews_assigned``, ``reviews_done``, ``review_mean``, ``review_spread``
    and ``sort_total`` (the weighted total, computed in SQL so sorting by it can paginate).
    """
    applications = APPLICATIONS.visible(access).filter(call=call)
    if status:
        applications = applications.filter(status=status)
    else:
        applications = applications.exclude(status=NOT_YET_APPLIED)
    if role:
        applications = applications.filter(role=role)
    if reviewer is not None:
        # A subquery rather than a join, so the counts below still see every reviewer.
        applications = applications.filter(
            Exists(ReviewAssignment.objects.filter(application=OuterRef("pk"), reviewer=reviewer))
        )
    if query:
        applications = applications.filter(
            Q(full_name__icontains=query) | Q(email__icontains=query)
        )
    applications = applications.annotate(
        # "Alumni": the applicant was a mentee of this program in a wave that began before the
        # call opened (derived from memberships; those accepted through this call are not).
        was_mentee=Exists(
            Membership.objects.filter(
                program=access.program,
                role=Role.MENTEE,
                wave__starts_on__lt=call.opens_at.date(),
                user__email__iexact=OuterRef("email"),
            )
        ),
        reviews_assigned=Count("reviews"),
        reviews_done=Count("reviews", filter=DONE),
        review_mean=Avg("reviews__total", filter=DONE),
        review_max=Max("reviews__total", filter=DONE),
        review_min=Min("reviews__total", filter=DONE),
    ).annotate(
        review_spread=F("review_max") - F("review_min"),
        sort_total=_weighted_total(*weights),
    )
    if order == "submitted":
        return applications.order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    if order == "name":
        return applications.order_by(Lower("full_name"), "email", "pk")
    return applications.order_by(
        F("sort_total").desc(nulls_last=True), F("submitted_at").asc(nulls_last=True), "pk"
    )


@dataclass(frozen=True)
class ApplicationRow:
    """One application of the selection list with its figures (from the annotations above)."""

    application: Application
    reviews_assigned: int
    reviews_done: int
    review_mean: Decimal | None
    review_spread: Decimal | None
    total: Decimal | None


def application_rows(
    applications: Iterable[Application], weights: tuple[Decimal, Decimal]
) -> list[ApplicationRow]:
    """Rows for the page in hand; the total shown is exactly ``scoring.application_total``."""
    rubric_weight, auto_weight = weights
    return [
        ApplicationRow(
            application=application,
            reviews_assigned=getattr(application, "reviews_assigned", 0),
            reviews_done=getattr(application, "reviews_done", 0),
            review_mean=getattr(application, "review_mean", None),
            review_spread=getattr(application, "review_spread", None),
            total=scoring.application_total(
                rubric_weights=rubric_weight,
                auto_weights=auto_weight,
                mean_review=getattr(application, "review_mean", None),
                auto_points=application.auto_points,
            ),
        )
        for application in applications
    ]


def application_row(
    access: ProgramAccess, application: Application, weights: tuple[Decimal, Decimal]
) -> ApplicationRow:
    """The same figures for one application (its detail page)."""
    annotated = applications_for_call(
        access, application.call, weights=weights, status=application.status
    ).get(pk=application.pk)
    (row,) = application_rows([annotated], weights)
    return row


@dataclass(frozen=True)
class AnswerRow:
    """A question and its answer as text, for reading an application."""

    label: str
    value: str
    kind: str
    answer_id: int | None = None

    @property
    def is_file(self) -> bool:
        return registry.get(self.kind).is_file and self.answer_id is not None


def answer_rows(submission: Submission | None, program: Program) -> list[AnswerRow]:
    """Every question of the version answered, with its answer as a person reads it in the
    current language (empty if unanswered)."""
    if submission is None:
        return []
    return [
        AnswerRow(
            label=shown.question.display_label,
            value=shown.text,
            kind=shown.question.type,
            answer_id=shown.answer.pk if shown.answer else None,
        )
        for shown in shown_answers(submission, program_id=program.pk)
    ]


def get_file_answer(application: Application, answer_id: int) -> Answer:
    """A file answered in this application; 404 for any other answer."""
    answer = (
        Answer.objects.filter(
            pk=answer_id,
            submission__application=application,
            question__type__in=registry.types_where(lambda kind: kind.is_file),
        )
        .exclude(file="")
        .first()
    )
    if answer is None:
        raise Http404
    return answer


@dataclass(frozen=True)
class ReviewRow:
    """One reviewer's review: their scores aligned with the rubric's criteria, and comments."""

    assignment: ReviewAssignment
    scores: list[str]
    comments: list[tuple[str, str]]


def application_reviews(application: Application) -> tuple[list[Question], list[ReviewRow]]:
    """Every review of an application with each reviewer's scores — for coordinators only.

    Scores are shown once a review is submitted; a draft only says it is under way."""
    assignments = list(
        application.reviews.select_related("reviewer", "submission__version").order_by(
            "assigned_at", "pk"
        )
    )
    submitted = [a.submission_id for a in assignments if a.completed_at and a.submission_id]
    answers: dict[int, dict[str, Answer]] = {}
    submitted_answers = Answer.objects.filter(submission__in=submitted)
    for answer in submitted_answers.select_related("question").prefetch_related("chosen"):
        answers.setdefault(answer.submission_id, {})[answer.question.key] = answer
    version = next(
        (a.submission.version for a in assignments if a.completed_at and a.submission), None
    )
    if version is None and application.call.rubric is not None:
        version = published_version(application.call.rubric)
    questions = list(version.questions.all()) if version else []
    criteria = scoring.scored_questions(questions)
    others = [q for q in questions if q not in criteria]
    context = registry.context_for(questions, program_id=application.call.program_id)
    rows = []
    for assignment in assignments:
        given = answers.get(assignment.submission_id or 0, {})
        rows.append(
            ReviewRow(
                assignment=assignment,
                scores=[
                    registry.answer_text(given[q.key], context=context) if q.key in given else ""
                    for q in criteria
                ],
                comments=[
                    (q.display_label, registry.answer_text(given[q.key], context=context))
                    for q in others
                    if q.key in given
                ],
            )
        )
    return criteria, rows


def application_events(application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor").order_by("at", "pk")


def assignments_for_reviewer(access: ProgramAccess) -> QuerySet[ReviewAssignment]:
    """The reviews asked of the person asking, in this program — never anyone else's."""
    return (
        REVIEWS.reached(access)
        .select_related("application", "application__call")
        .order_by(F("completed_at").desc(nulls_first=True), "assigned_at", "pk")
    )


def review_version(assignment: ReviewAssignment) -> InstrumentVersion | None:
    """The rubric version a review answers: its draft's, else the call's published one."""
    if assignment.submission is not None:
        return assignment.submission.version
    rubric = assignment.application.call.rubric
    return published_version(rubric) if rubric is not None else None


# The question types an automatic criterion can compare with an expected answer
# (``scoring.criterion_met``): yes / no, an option's value, a minimum.
CRITERION_QUESTION_TYPES = (
    QuestionType.YES_NO,
    QuestionType.SINGLE_CHOICE,
    QuestionType.MULTIPLE_CHOICE,
    QuestionType.SCALE,
    QuestionType.NUMBER,
    QuestionType.SHORT_TEXT,
)


def criterion_questions(call: Call) -> list[tuple[str, list[tuple[str, str]]]]:
    """The questions an automatic criterion of this call may read, grouped by application form
    (its role and name), from each form's published version: ``[(group, [(key, label)])]``."""
    groups = []
    for call_form in call.forms.select_related("instrument").order_by("role"):
        version = published_version(call_form.instrument)
        if version is None:
            continue
        questions = version.questions.filter(type__in=CRITERION_QUESTION_TYPES).order_by(
            "position", "pk"
        )
        group = f"{call_form.get_role_display()}: {call_form.instrument.name}"
        groups.append((group, [(q.key, q.display_label) for q in questions]))
    return groups
