"""Turning an instrument version into a form, and a valid form into typed answers.

What differs between question types (the field, how a value is stored and read back) is the
types' own, in ``instruments.registry``; this module only runs over the questions.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict

from puente.instruments import registry
from puente.instruments.fields import (  # noqa: F401 - re-exported for the apps that use them
    AVAILABILITY_SLOTS,
    DAY_PARTS,
    FILE_EXTENSIONS,
    FILE_MAX_BYTES,
    LONG_TEXT_MAX,
    NO,
    SHORT_TEXT_MAX,
    WEEKDAYS,
    YES,
    AvailabilityWidget,
    validate_upload,
)
from puente.instruments.models import Answer, AnswerChoice, Question, Submission
from puente.instruments.registry import AnswerContext, scale_bounds  # noqa: F401


def form_field(
    question: Question, *, required: bool, focus_areas: Iterable[tuple[str, str]] = ()
) -> forms.Field:
    """The form field for a question; ``required`` is off while saving a draft."""
    context = AnswerContext.of_pairs(focus_areas)
    return registry.of(question).field(question, required=required, context=context)


def _plain(value: Any) -> Any:
    """A posted-like value: text, or a list of texts."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple | set):
        return [v if isinstance(v, str) else "" if v is None else str(v) for v in value]
    return str(value)


def _as_posted(data: Any, multiple: set[str]) -> Any:
    """Data given as Python values (the API, tests, code) made to look like a posted form, so
    that any value is validated as text and ends in a field error rather than an exception."""
    if data is None or isinstance(data, MultiValueDict):
        return data
    plain: dict[str, Any] = {}
    for key, value in dict(data).items():
        value = _plain(value)
        if key in multiple and isinstance(value, str):
            value = [value] if value else []
        elif key not in multiple and isinstance(value, list):
            value = value[0] if len(value) == 1 else str(value) if value else ""
        plain[key] = value
    return plain


class AnswersForm(forms.Form):
    """The questions of one instrument version as a form."""

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        focus_areas: Iterable[tuple[str, str]] = (),
        draft: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.data = _as_posted(self.data, {q.key for q in questions if registry.of(q).multiple})
        context = AnswerContext.of_pairs(focus_areas)
        for question in questions:
            kind = registry.of(question)
            if kind.is_available(context):
                self.fields[question.key] = kind.field(
                    question, required=not draft, context=context
                )


def _answers(submission: Submission) -> Iterable[Answer]:
    return submission.answers.select_related("question").prefetch_related("chosen")


def initial_answers(submission: Submission) -> dict[str, Any]:
    """The stored answers as a form's initial data, keyed by question key."""
    initial: dict[str, Any] = {}
    for answer in _answers(submission):
        value = registry.of(answer.question).initial(answer)
        if value is not None:
            initial[answer.question.key] = value
    return initial


def store_answers(
    submission: Submission,
    cleaned: Mapping[str, Any],
    questions: list[Question],
    *,
    context: AnswerContext | None = None,
) -> None:
    """Write the form's values as typed answers; an empty value removes a stored answer.

    Questions missing from ``cleaned`` (invalid ones) keep their stored answer, and a file
    question left empty keeps the file uploaded before (drafts are resumed). ``context`` (the
    program's focus areas) is read from the submission's program when not given.
    """
    answered = [q for q in questions if q.key in cleaned]
    if context is None:
        context = registry.context_for(answered, version_id=submission.version_id)
    existing = {a.question_id: a for a in submission.answers.all()}
    for question in answered:
        value = cleaned[question.key]
        kind = registry.of(question)
        answer = existing.get(question.pk)
        if kind.is_file and not value:
            continue
        if registry.is_empty(value):
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            answer = Answer(submission=submission, question=question)
        answer.text, answer.number, answer.date, answer.boolean = "", None, None, None
        chosen = kind.store(answer, value, context=context)
        answer.save()
        if kind.multiple:
            answer.chosen.exclude(value__in=chosen).delete()
            have = set(answer.chosen.values_list("value", flat=True))
            AnswerChoice.objects.bulk_create(
                AnswerChoice(answer=answer, value=v) for v in chosen if v not in have
            )


def typed_answers(submission: Submission) -> dict[str, Any]:
    """The stored answers by question key, as Python values (bool, Decimal, date, list, str)."""
    return {
        answer.question.key: registry.of(answer.question).value(answer)
        for answer in _answers(submission)
    }
