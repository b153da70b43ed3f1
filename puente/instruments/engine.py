"""Turning an instrument version into a form, and a valid form into typed answers.

Each question type is described once here: the form field it needs, how its value is stored and
how a stored answer comes back as the form's initial value.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from puente.instruments.models import Answer, AnswerChoice, Question, QuestionType, Submission

WEEKDAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
DAY_PARTS = [
    ("morning", _("morning")),
    ("afternoon", _("afternoon")),
    ("evening", _("evening")),
]
AVAILABILITY_SLOTS = [f"{day}-{part}" for day, _d in WEEKDAYS for part, _p in DAY_PARTS]

FILE_EXTENSIONS = {".pdf", ".doc", ".docx", ".odt", ".jpg", ".jpeg", ".png", ".xlsx", ".csv"}
FILE_MAX_BYTES = 5 * 1024 * 1024
_ZIP = (b"PK\x03\x04",)
# Extension → the magic numbers its files start with; text types (.csv) only must not be binary.
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".docx": _ZIP,
    ".odt": _ZIP,
    ".xlsx": _ZIP,
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
YES, NO = "yes", "no"


class AvailabilityWidget(forms.CheckboxSelectMultiple):
    """A weekday × part-of-day grid of checkboxes."""

    template_name = "instruments/widgets/availability.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = set(value or [])
        base_id = (attrs or {}).get("id", f"id_{name}")
        context["grid"] = [
            (
                label,
                [
                    {
                        "value": f"{day}-{part}",
                        "id": f"{base_id}_{day}_{part}",
                        "label": f"{label} {part_label}",
                        "checked": f"{day}-{part}" in chosen,
                    }
                    for part, part_label in DAY_PARTS
                ],
            )
            for day, label in WEEKDAYS
        ]
        context["parts"] = [label for _p, label in DAY_PARTS]
        return context


def validate_upload(upload: UploadedFile) -> None:
    extension = Path(upload.name or "").suffix.lower()
    if extension not in FILE_EXTENSIONS:
        raise ValidationError(
            _("Files of type %(ext)s are not accepted. Use one of: %(allowed)s."),
            params={"ext": extension or "?", "allowed": ", ".join(sorted(FILE_EXTENSIONS))},
            code="file_type",
        )
    if upload.size is not None and upload.size > FILE_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            params={
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": FILE_MAX_BYTES // 1024 // 1024,
            },
            code="file_size",
        )
    # The first bytes must match the extension: a renamed executable is not a PDF.
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    signatures = FILE_SIGNATURES.get(extension)
    looks_right = (
        b"\x00" not in head
        if signatures is None
        else any(head.startswith(signature) for signature in signatures)
    )
    if not looks_right:
        raise ValidationError(
            _("This file's content is not a %(ext)s file. Upload the original document."),
            params={"ext": extension.lstrip(".").upper()},
            code="file_content",
        )


def scale_bounds(question: Question) -> tuple[int, int]:
    return (1, 5) if question.scale == Question.Scale.ONE_TO_FIVE else (0, 10)


def form_field(
    question: Question, *, required: bool, focus_areas: Iterable[tuple[str, str]] = ()
) -> forms.Field:
    """The form field for a question; ``required`` is off while saving a draft."""
    common: dict[str, Any] = {
        "label": question.display_label,
        # Django prints help text unescaped; this one is written by coordinators.
        "help_text": escape(question.display_help),
        "required": required and question.required,
    }
    kind = question.type
    if kind == QuestionType.SHORT_TEXT:
        return forms.CharField(max_length=question.max_length or SHORT_TEXT_MAX, **common)
    if kind == QuestionType.LONG_TEXT:
        return forms.CharField(
            max_length=question.max_length or LONG_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
            **common,
        )
    if kind == QuestionType.SINGLE_CHOICE:
        return forms.ChoiceField(
            choices=question.display_choices, widget=forms.RadioSelect, **common
        )
    if kind == QuestionType.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=question.display_choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionType.SCALE:
        low, high = scale_bounds(question)
        return forms.TypedChoiceField(
            choices=[(str(n), str(n)) for n in range(low, high + 1)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            **common,
        )
    if kind == QuestionType.NUMBER:
        return forms.DecimalField(
            min_value=question.min_value,
            max_value=question.max_value,
            max_digits=14,
            decimal_places=2,
            **common,
        )
    if kind == QuestionType.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
        )
    if kind == QuestionType.YES_NO:
        return forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
        )
    if kind == QuestionType.FOCUS_AREAS:
        return forms.MultipleChoiceField(
            choices=list(focus_areas), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionType.AVAILABILITY:
        return forms.MultipleChoiceField(
            choices=[(slot, slot) for slot in AVAILABILITY_SLOTS],
            widget=AvailabilityWidget,
            **common,
        )
    if kind == QuestionType.FILE:
        return forms.FileField(validators=[validate_upload], **common)
    raise ValueError(f"Unknown question type {kind!r}")


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
        multiple = {
            q.key
            for q in questions
            if q.type
            in (QuestionType.MULTIPLE_CHOICE, QuestionType.FOCUS_AREAS, QuestionType.AVAILABILITY)
        }
        self.data = _as_posted(self.data, multiple)
        areas = list(focus_areas)
        for question in questions:
            if question.type == QuestionType.FOCUS_AREAS and not areas:
                continue  # a program without focus areas cannot ask for them
            self.fields[question.key] = form_field(question, required=not draft, focus_areas=areas)


def initial_answers(submission: Submission) -> dict[str, Any]:
    """The stored answers as a form's initial data, keyed by question key."""
    initial: dict[str, Any] = {}
    answers = submission.answers.select_related("question").prefetch_related("chosen")
    for answer in answers:
        question = answer.question
        kind = question.type
        if kind in (
            QuestionType.MULTIPLE_CHOICE,
            QuestionType.FOCUS_AREAS,
            QuestionType.AVAILABILITY,
        ):
            initial[question.key] = [c.value for c in answer.chosen.all()]
        elif kind in (QuestionType.SCALE, QuestionType.NUMBER):
            if answer.number is not None:
                initial[question.key] = (
                    int(answer.number) if kind == QuestionType.SCALE else answer.number
                )
        elif kind == QuestionType.DATE:
            initial[question.key] = answer.date
        elif kind == QuestionType.YES_NO:
            if answer.boolean is not None:
                initial[question.key] = YES if answer.boolean else NO
        elif kind == QuestionType.FILE:
            initial[question.key] = answer.file or None
        else:
            initial[question.key] = answer.text
    return initial


def store_answers(
    submission: Submission, cleaned: Mapping[str, Any], questions: list[Question]
) -> None:
    """Write the form's values as typed answers; an empty value removes a stored answer.

    Questions missing from ``cleaned`` (invalid ones) keep their stored answer, and a file
    question left empty keeps the file uploaded before (drafts are resumed).
    """
    existing = {a.question_id: a for a in submission.answers.all()}
    for question in questions:
        if question.key not in cleaned:
            continue  # not in this form, or invalid: what was stored before stays
        value = cleaned[question.key]
        answer = existing.get(question.pk)
        if question.type == QuestionType.FILE and not value:
            continue
        if value is None or value in ("", [], ()):
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            answer = Answer(submission=submission, question=question)
        answer.text, answer.number, answer.date, answer.boolean = "", None, None, None
        kind = question.type
        choices: list[str] = []
        if kind in (
            QuestionType.MULTIPLE_CHOICE,
            QuestionType.FOCUS_AREAS,
            QuestionType.AVAILABILITY,
        ):
            choices = [str(v) for v in value]
            answer.text = ", ".join(question.choice_label(v) for v in choices)
        elif kind in (QuestionType.SCALE, QuestionType.NUMBER):
            answer.number = Decimal(value)
        elif kind == QuestionType.DATE:
            answer.date = value
        elif kind == QuestionType.YES_NO:
            answer.boolean = value == YES
        elif kind == QuestionType.FILE:
            answer.file = value
        elif kind == QuestionType.SINGLE_CHOICE:
            answer.text = str(value)
        else:
            answer.text = str(value)
        answer.save()
        if kind in (
            QuestionType.MULTIPLE_CHOICE,
            QuestionType.FOCUS_AREAS,
            QuestionType.AVAILABILITY,
        ):
            answer.chosen.exclude(value__in=choices).delete()
            have = set(answer.chosen.values_list("value", flat=True))
            AnswerChoice.objects.bulk_create(
                AnswerChoice(answer=answer, value=v) for v in choices if v not in have
            )


def typed_answers(submission: Submission) -> dict[str, Any]:
    """The stored answers by question key, as Python values (bool, Decimal, date, list, str)."""
    values: dict[str, Any] = {}
    answers = submission.answers.select_related("question").prefetch_related("chosen")
    for answer in answers:
        kind = answer.question.type
        if kind in (
            QuestionType.MULTIPLE_CHOICE,
            QuestionType.FOCUS_AREAS,
            QuestionType.AVAILABILITY,
        ):
            values[answer.question.key] = [c.value for c in answer.chosen.all()]
        elif kind in (QuestionType.SCALE, QuestionType.NUMBER):
            values[answer.question.key] = answer.number
        elif kind == QuestionType.DATE:
            values[answer.question.key] = answer.date
        elif kind == QuestionType.YES_NO:
            values[answer.question.key] = answer.boolean
        elif kind == QuestionType.FILE:
            values[answer.question.key] = answer.file.name if answer.file else ""
        else:
            values[answer.question.key] = answer.text
    return values
