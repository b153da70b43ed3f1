"""Writes of the form engine. Published versions are never changed: editing makes a new draft."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.instruments import catalog
from puente.instruments.engine import store_answers
from puente.instruments.models import Instrument, InstrumentVersion, Question, Submission
from puente.programs.models import Program

QUESTION_FIELDS = [
    "key",
    "type",
    "label",
    "label_en",
    "help_text",
    "help_text_en",
    "required",
    "choices",
    "scale",
    "min_value",
    "max_value",
    "max_length",
    "weight",
]


@transaction.atomic
def instrument_create(
    *, program: Program, name: str, kind: str, description: str = "", template_key: str = ""
) -> Instrument:
    """A new instrument with an empty draft version 1."""
    instrument = Instrument(
        program=program, name=name, kind=kind, description=description, template_key=template_key
    )
    instrument.full_clean()
    instrument.save()
    InstrumentVersion.objects.create(instrument=instrument, number=1)
    return instrument


@transaction.atomic
def instrument_from_template(
    *, program: Program, template_key: str, language: str = "es"
) -> Instrument:
    """A program's own copy of a shipped template, as a draft the coordinator can adapt."""
    template = catalog.get(template_key)
    english = language.startswith("en")
    instrument = instrument_create(
        program=program,
        name=template.name_en if english else template.name,
        kind=template.kind,
        description=(template.description_en or template.description)
        if english
        else template.description,
        template_key=template.key,
    )
    version = instrument.versions.get()
    for position, spec in enumerate(template.questions):
        question = Question(version=version, position=position, **spec)
        question.full_clean()
        question.save()
    return instrument


def draft_version(instrument: Instrument) -> InstrumentVersion | None:
    return instrument.versions.filter(status=InstrumentVersion.Status.DRAFT).first()


def published_version(instrument: Instrument) -> InstrumentVersion | None:
    return (
        instrument.versions.filter(status=InstrumentVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def version_edit(*, instrument: Instrument) -> InstrumentVersion:
    """The draft to edit: the open one, or a new version copied from the latest published one."""
    Instrument.objects.select_for_update().filter(pk=instrument.pk).first()
    draft = draft_version(instrument)
    if draft is not None:
        return draft
    source = published_version(instrument)
    last = instrument.versions.aggregate(n=Max("number"))["n"] or 0
    draft = InstrumentVersion.objects.create(instrument=instrument, number=last + 1)
    if source is not None:
        Question.objects.bulk_create(
            Question(
                version=draft,
                position=q.position,
                **{name: getattr(q, name) for name in QUESTION_FIELDS},
            )
            for q in source.questions.all()
        )
    return draft


@transaction.atomic
def version_publish(*, version: InstrumentVersion, by: User) -> InstrumentVersion:
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        return version
    if not version.questions.exists():
        raise ValidationError(_("Add at least one question before publishing."))
    version.status = InstrumentVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    version.save(update_fields=["status", "published_at", "published_by"])
    return version


def _ensure_draft(version: InstrumentVersion) -> None:
    # Ask the database, locking the row against a publish in flight: the object may be stale.
    status = (
        InstrumentVersion.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=version.pk)
    )
    if status == InstrumentVersion.Status.PUBLISHED:
        raise ValidationError(_("A published version cannot change; edit a new version instead."))


@transaction.atomic
def question_add(*, version: InstrumentVersion, **fields: Any) -> Question:
    _ensure_draft(version)
    last = version.questions.aggregate(n=Max("position"))["n"]
    question = Question(version=version, position=0 if last is None else last + 1, **fields)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_update(*, question: Question, **fields: Any) -> Question:
    _ensure_draft(question.version)
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    _ensure_draft(question.version)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1) by renumbering its version's questions."""
    _ensure_draft(question.version)
    ordered = list(question.version.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    for position, item in enumerate(ordered):
        item.position = position
    Question.objects.bulk_update(ordered, ["position"])


@transaction.atomic
def submission_save(
    *,
    version: InstrumentVersion,
    cleaned: dict[str, Any],
    submit: bool,
    submission: Submission | None = None,
    respondent: User | None = None,
) -> Submission:
    """Save answers as a draft, or submit them. A submitted submission is not changed again."""
    if submission is None:
        submission = Submission.objects.create(version=version, respondent=respondent)
    else:
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status == Submission.Status.SUBMITTED:
            return submission
    questions = list(submission.version.questions.all())
    store_answers(submission, cleaned, questions)
    if submit:
        submission.status = Submission.Status.SUBMITTED
        submission.submitted_at = timezone.now()
    submission.save()
    return submission
