"""The question types: one class per type, registered once. Every part of Puente that reads,
writes, shows or moves an answer asks its question's type here instead of testing
``question.type``.

For a question of its type, a type knows how to

- **parse and validate** what a form posts or a person typed: ``field`` is the form field that
  does both (required, options, bounds, length, a file's checks), ``parse`` and ``validate`` are
  its two halves and ``clean`` the whole. The web form, the importer and the API go through it,
  so an answer keeps the same rules wherever it comes from;
- **store** a cleaned value in the typed columns of an ``Answer`` (text, number, date, boolean,
  file; a list's options one ``AnswerChoice`` row each, so SQL can count them); ``value`` reads
  the typed value back (text, Decimal, date, bool, list), ``initial`` the form's initial value
  and ``typed`` the value a cleaned one will read back as, without storing it;
- **format** a value for a person: in the current language, options as their labels, focus
  areas as their names, never the values stored for them;
- **export** a value to a CSV/XLSX cell and **import** such a cell back (``import_cell``; it also
  takes what a person types: labels in either language, "sí", "1,5"…); ``accepts`` says in words
  what a cell may hold, for the import guide.

Types are looked up with ``of(question)`` or ``get(type)``. Adding one is writing a subclass of
``QuestionKind`` with its ``type`` and ``label`` and decorating it with ``@register``:
``Question.type`` takes its choices from here (docs/architecture.md, "Adding a question type").
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, ClassVar, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from puente.core.numbers import format_number
from puente.instruments.fields import (
    AVAILABILITY_SLOTS,
    LONG_TEXT_MAX,
    NO,
    SHORT_TEXT_MAX,
    SLOT_LABELS,
    YES,
    AvailabilityWidget,
    validate_upload,
)
from puente.instruments.models import Answer, Question, QuestionType
from puente.programs.archived import hide_archived
from puente.programs.models import FocusArea

T = QuestionType
TRUE_WORDS = {"yes", "y", "sí", "si", "s", "true", "verdadero", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "falso", "0"}
DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
CELL_SEPARATOR = "; "  # between the items of a list in an exported cell


@dataclass(frozen=True)
class AnswerContext:
    """What a type needs besides the question: the program's focus areas (id → name, in the
    program's order), and which of them are archived (named in answers, no longer offered).
    Built once for a page or a file, never once per answer."""

    focus_areas: Mapping[str, str] = field(default_factory=dict)
    archived_areas: frozenset[str] = frozenset()

    @classmethod
    def of_pairs(cls, pairs: Iterable[tuple[str, str]]) -> "AnswerContext":
        return cls(dict(pairs))

    @classmethod
    def of_areas(cls, areas: Iterable[tuple[int, str, Any]]) -> "AnswerContext":
        rows = list(areas)
        return cls(
            {str(pk): name for pk, name, _archived in rows},
            frozenset(str(pk) for pk, _name, archived in rows if archived is not None),
        )

    @classmethod
    def of_program(cls, program_id: int | None) -> "AnswerContext":
        if program_id is None:
            return EMPTY
        areas = FocusArea.objects.filter(program_id=program_id)
        return cls.of_areas(areas.values_list("pk", "name", "archived_at"))

    @classmethod
    def of_version(cls, version_id: int) -> "AnswerContext":
        areas = FocusArea.objects.filter(program__instruments__versions=version_id)
        return cls.of_areas(areas.values_list("pk", "name", "archived_at"))


EMPTY = AnswerContext()


def context_for(
    questions: Iterable[Question], *, program_id: int | None = None, version_id: int | None = None
) -> AnswerContext:
    """The context the questions need: the program's focus areas, read only if one of them
    asks for focus areas (from the program, else from the version's program)."""
    if not any(of(question).needs_focus_areas for question in questions):
        return EMPTY
    if program_id is not None:
        return AnswerContext.of_program(program_id)
    return AnswerContext.of_version(version_id) if version_id is not None else EMPTY


def is_empty(value: Any) -> bool:
    """No answer: nothing, blank text or an empty list (0, False and a date are answers)."""
    if value is None:
        return True
    if isinstance(value, str | list | tuple | set):
        return not value
    return False


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _language_is_english() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("en")


def _ordered(values: Iterable[str], order: Sequence[str]) -> list[str]:
    """The values in the order of ``order`` (the options', the program's), unknown ones last."""
    rank = {value: index for index, value in enumerate(order)}
    unique = list(dict.fromkeys(str(v) for v in values))
    return sorted(unique, key=lambda v: rank.get(v, len(rank)))


def _items(text: str, match: Callable[[str], str | None]) -> list[str | None]:
    """The items of a list cell, each matched to a stored value (None: matches nothing).

    Items are separated by ";" if the cell has one, else by ","; an item may hold the separator
    itself (an option "Ventas, costos"), so the longest run of parts that matches is taken."""
    whole = match(text.strip())
    if whole is not None:
        return [whole]
    separator = ";" if ";" in text else ","
    parts = text.split(separator)
    found: list[str | None] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            candidate = separator.join(parts[start:end]).strip()
            value = match(candidate) if candidate else None
            if value is not None:
                found.append(value)
                start = end
                break
        else:
            if parts[start].strip():
                found.append(None)
            start += 1
    return found


def _number_text(value: Decimal) -> str:
    """12.50 → "12,5" in Spanish, "12.5" in English; 5.00 → "5"; 2500000 → "2 500 000"
    (``core.numbers``: every decimal the person typed is kept)."""
    value = Decimal(value)
    return format_number(value, max(-int(value.normalize().as_tuple().exponent), 0))


class QuestionKind:
    """One question type. Subclasses set ``type`` and ``label`` and override what differs."""

    type: ClassVar[str]
    label: ClassVar[str | Promise]
    # How the answer is kept, in the words of the form builder's preview.
    stored_as: ClassVar[str | Promise] = _("text")
    # A list of options: stored one AnswerChoice row each, posted as several values.
    multiple: ClassVar[bool] = False
    # An uploaded file: kept when a draft is saved again without it.
    is_file: ClassVar[bool] = False
    # A spreadsheet cell can answer it (files are uploaded on the web form only).
    importable: ClassVar[bool] = True
    # Free text a person wrote (privacy redacts it).
    free_text: ClassVar[bool] = False
    # Needs the program's focus areas (``AnswerContext``).
    needs_focus_areas: ClassVar[bool] = False
    # The settings of the form builder the type uses.
    has_options: ClassVar[bool] = False
    has_scale: ClassVar[bool] = False
    has_bounds: ClassVar[bool] = False
    text_limit: ClassVar[int | None] = None

    # --- parse and validate ---------------------------------------------------------------

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        """The form field; ``required`` is off while saving a draft."""
        raise NotImplementedError

    def common(self, question: Question, *, required: bool) -> dict[str, Any]:
        """The arguments every field takes."""
        return {
            "label": question.display_label,
            # Django prints help text unescaped; this one is written by coordinators.
            "help_text": escape(question.display_help),
            "required": required and question.required,
        }

    def is_available(self, context: AnswerContext) -> bool:
        """Whether the question can be asked at all (focus areas need a program that has some)."""
        return True

    def parse(self, question: Question, raw: Any, *, context: AnswerContext = EMPTY) -> Any:
        """What a form posted (text, or a list of texts) as a Python value, or ValidationError;
        the question's rules are checked by ``validate``."""
        return self.field(question, required=False, context=context).to_python(raw)

    def validate(
        self,
        question: Question,
        value: Any,
        *,
        context: AnswerContext = EMPTY,
        required: bool = True,
    ) -> None:
        """ValidationError unless a parsed value keeps the question's rules."""
        form_field = self.field(question, required=required, context=context)
        form_field.validate(value)
        form_field.run_validators(value)

    def clean(
        self, question: Question, raw: Any, *, context: AnswerContext = EMPTY, required: bool = True
    ) -> Any:
        """Parse and validate: the value a form's ``cleaned_data`` holds."""
        return self.field(question, required=required, context=context).clean(raw)

    # --- store ------------------------------------------------------------------------------

    def store(self, answer: Answer, value: Any, *, context: AnswerContext = EMPTY) -> list[str]:
        """Write a cleaned, non-empty value in the answer's columns (emptied before); return the
        options chosen, for list types (one AnswerChoice row each)."""
        answer.text = str(value)
        return []

    def value(self, answer: Answer) -> Any:
        """The stored answer as a Python value (text, Decimal, date, bool, list)."""
        return answer.text

    def initial(self, answer: Answer) -> Any:
        """The stored answer as the form's initial value."""
        return self.value(answer)

    def typed(self, question: Question, cleaned: Any) -> Any:
        """The value ``value`` will read back once a cleaned value is stored."""
        return str(cleaned)

    # --- format -----------------------------------------------------------------------------

    def format(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> str:
        """A non-empty value as a person reads it, in the current language."""
        return str(value)

    # --- export and import ------------------------------------------------------------------

    def export(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> Any:
        """A non-empty value for a CSV or XLSX cell (text, number or date)."""
        return self.format(question, value, context=context)

    def from_cell(self, question: Question, text: str, *, context: AnswerContext) -> Any:
        """A cell's text (stripped, not empty) as the form would post it; ValidationError for
        text that names no option."""
        return text

    def import_cell(self, question: Question, text: str, *, context: AnswerContext = EMPTY) -> Any:
        """A cell's text as a cleaned value (None for an empty cell of an optional question),
        held to the web form's rules; ValidationError with a message naming the question."""
        text = str(text).strip()
        if not text:
            if question.required:
                raise ValidationError(_("“%(key)s” is required"), params={"key": question.key})
            return None
        posted = self.from_cell(question, text, context=context)
        try:
            return self.clean(question, posted, context=context, required=True)
        except ValidationError as error:
            raise ValidationError(
                _("“%(key)s”: %(error)s"),
                params={"key": question.key, "error": " ".join(error.messages)},
            ) from error

    def accepts(self, question: Question, *, context: AnswerContext = EMPTY) -> str:
        """What a cell of this question may hold, in words (the import guide)."""
        return gettext("text")


K = TypeVar("K", bound=type[QuestionKind])
TYPES: dict[str, QuestionKind] = {}


def register(kind: K) -> K:
    """Add a type (a class decorator); its ``type`` must be new."""
    if kind.type in TYPES:
        raise ImproperlyConfigured(f"The question type {kind.type!r} is registered twice.")
    if len(kind.type) > (Question._meta.get_field("type").max_length or 0):
        raise ImproperlyConfigured(f"The question type {kind.type!r} is too long.")
    TYPES[kind.type] = kind()
    return kind


def get(type_: str) -> QuestionKind:
    try:
        return TYPES[type_]
    except KeyError:
        raise ValueError(f"Unknown question type {type_!r}") from None


def find(type_: Any) -> QuestionKind | None:
    return TYPES.get(type_) if isinstance(type_, str) else None


def of(question: Question) -> QuestionKind:
    return get(question.type)


def choices() -> list[tuple[str, str | Promise]]:
    """Every registered type as (value, label), for ``Question.type``."""
    return [(value, kind.label) for value, kind in TYPES.items()]


def types_where(test: Callable[[QuestionKind], bool]) -> list[str]:
    """The types for which ``test`` holds, e.g. ``types_where(lambda k: k.is_file)``, for a
    query on ``question__type__in``."""
    return [value for value, kind in TYPES.items() if test(kind)]


def answer_text(answer: Answer, *, context: AnswerContext = EMPTY) -> str:
    """A stored answer as a person reads it ("" when empty)."""
    return value_text(answer.question, of(answer.question).value(answer), context=context)


def answer_cell(answer: Answer, *, context: AnswerContext = EMPTY) -> Any:
    """A stored answer for a CSV or XLSX cell (None when empty)."""
    return value_cell(answer.question, of(answer.question).value(answer), context=context)


def value_text(question: Question, value: Any, *, context: AnswerContext = EMPTY) -> str:
    if is_empty(value):
        return ""
    return of(question).format(question, value, context=context)


def value_cell(question: Question, value: Any, *, context: AnswerContext = EMPTY) -> Any:
    if is_empty(value):
        return None
    return of(question).export(question, value, context=context)


def cleaned_text(question: Question, cleaned: Any, *, context: AnswerContext = EMPTY) -> str:
    """A form's cleaned value as a person will read it once stored ("" when empty)."""
    if is_empty(cleaned):
        return ""
    return value_text(question, of(question).typed(question, cleaned), context=context)


def scale_bounds(question: Question) -> tuple[int, int]:
    return (1, 5) if question.scale == Question.Scale.ONE_TO_FIVE else (0, 10)


# --- The types ------------------------------------------------------------------------------


@register
class ShortText(QuestionKind):
    type = T.SHORT_TEXT
    label = T.SHORT_TEXT.label
    free_text = True
    text_limit = SHORT_TEXT_MAX

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        return forms.CharField(
            max_length=question.max_length or self.text_limit,
            **self.common(question, required=required),
        )

    def export(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> Any:
        return str(value)


@register
class LongText(ShortText):
    type = T.LONG_TEXT
    label = T.LONG_TEXT.label
    text_limit = LONG_TEXT_MAX

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        return forms.CharField(
            max_length=question.max_length or self.text_limit,
            widget=forms.Textarea(attrs={"rows": 4}),
            **self.common(question, required=required),
        )


class OptionsMixin:
    """Options a coordinator wrote ({value, label, label_en}), read in either language."""

    def option_value(self, question: Question, text: str) -> str | None:
        """An option's value from its label in the current language, else its label in the other
        one, else its value."""
        wanted = _norm(text)
        keys = ("label_en", "label") if _language_is_english() else ("label", "label_en")
        for key in (*keys, "value"):
            for option in question.choices:
                name = option.get(key, "")
                if name and _norm(str(name)) == wanted:
                    return str(option["value"])
        return None

    def one_of(self, question: Question) -> ValidationError:
        return ValidationError(
            _("“%(key)s” must be one of: %(options)s"),
            params={
                "key": question.key,
                "options": "; ".join(label for _value, label in question.display_choices),
            },
        )

    def labels(self, question: Question, values: Iterable[str]) -> list[str]:
        order = [str(option.get("value")) for option in question.choices]
        return [question.choice_label(value) for value in _ordered(values, order)]


@register
class SingleChoice(OptionsMixin, QuestionKind):
    type = T.SINGLE_CHOICE
    label = T.SINGLE_CHOICE.label
    has_options = True

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        return forms.ChoiceField(
            choices=question.display_choices,
            widget=forms.RadioSelect,
            **self.common(question, required=required),
        )

    def format(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> str:
        return question.choice_label(str(value))

    def from_cell(self, question: Question, text: str, *, context: AnswerContext) -> Any:
        value = self.option_value(question, text)
        if value is None:
            raise self.one_of(question)
        return value

    def accepts(self, question: Question, *, context: AnswerContext = EMPTY) -> str:
        return gettext("one of: %(options)s") % {
            "options": "; ".join(label for _value, label in question.display_choices)
        }


class ListKind(QuestionKind):
    """A list of options, one AnswerChoice row each; the text column keeps them as a person
    reads them (in the language of the one who answered), for reading the data as stored."""

    multiple = True
    stored_as = _("options, one row each")

    def store(self, answer: Answer, value: Any, *, context: AnswerContext = EMPTY) -> list[str]:
        chosen = list(dict.fromkeys(str(v) for v in value))
        answer.text = self.format(answer.question, chosen, context=context)
        return chosen

    def value(self, answer: Answer) -> list[str]:
        return [choice.value for choice in answer.chosen.all()]

    def typed(self, question: Question, cleaned: Any) -> list[str]:
        return [str(v) for v in cleaned]

    def names(self, question: Question, values: Iterable[str], context: AnswerContext) -> list[str]:
        """What a person reads for each value chosen, in a fixed order (the options')."""
        raise NotImplementedError

    def format(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> str:
        return ", ".join(str(name) for name in self.names(question, value, context))

    def export(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> Any:
        return CELL_SEPARATOR.join(str(name) for name in self.names(question, value, context))


@register
class MultipleChoice(OptionsMixin, ListKind):
    type = T.MULTIPLE_CHOICE
    label = T.MULTIPLE_CHOICE.label
    has_options = True

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        return forms.MultipleChoiceField(
            choices=question.display_choices,
            widget=forms.CheckboxSelectMultiple,
            **self.common(question, required=required),
        )

    def names(self, question: Question, values: Iterable[str], context: AnswerContext) -> list[str]:
        return self.labels(question, values)

    def from_cell(self, question: Question, text: str, *, context: AnswerContext) -> Any:
        values = _items(text, lambda item: self.option_value(question, item))
        if None in values:
            raise self.one_of(question)
        return list(dict.fromkeys(values))

    def accepts(self, question: Question, *, context: AnswerContext = EMPTY) -> str:
        return gettext("one or more, separated by “;”: %(options)s") % {
            "options": "; ".join(label for _value, label in question.display_choices)
        }


@register
class Scale(QuestionKind):
    type = T.SCALE
    label = T.SCALE.label
    stored_as = _("number")
    has_scale = True

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        low, high = scale_bounds(question)
        return forms.TypedChoiceField(
            choices=[(str(n), str(n)) for n in range(low, high + 1)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            **self.common(question, required=required),
        )

    def store(self, answer: Answer, value: Any, *, context: AnswerContext = EMPTY) -> list[str]:
        answer.number = Decimal(value)
        return []

    def value(self, answer: Answer) -> Decimal | None:
        return answer.number

    def initial(self, answer: Answer) -> int | None:
        return int(answer.number) if answer.number is not None else None

    def typed(self, question: Question, cleaned: Any) -> Decimal:
        return Decimal(cleaned)

    def format(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> str:
        _low, high = scale_bounds(question)
        return f"{_number_text(value)} / {high}"

    def export(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> Any:
        return int(value)

    def from_cell(self, question: Question, text: str, *, context: AnswerContext) -> Any:
        return text[:-2] if text.endswith(".0") else text

    def accepts(self, question: Question, *, context: AnswerContext = EMPTY) -> str:
        low, high = scale_bounds(question)
        return gettext("a whole number from %(low)s to %(high)s") % {"low": low, "high": high}


@register
class Number(QuestionKind):
    type = T.NUMBER
    label = T.NUMBER.label
    stored_as = _("number")
    has_bounds = True

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        return forms.DecimalField(
            min_value=question.min_value,
            max_value=question.max_value,
            max_digits=14,
            decimal_places=2,
            **self.common(question, required=required),
        )

    def store(self, answer: Answer, value: Any, *, context: AnswerContext = EMPTY) -> list[str]:
        answer.number = Decimal(value)
        return []

    def value(self, answer: Answer) -> Decimal | None:
        return answer.number

    def typed(self, question: Question, cleaned: Any) -> Decimal:
        return Decimal(cleaned)

    def format(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> str:
        return _number_text(value)

    def export(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> Any:
        return Decimal(value)

    def from_cell(self, question: Question, text: str, *, context: AnswerContext) -> Any:
        return text.replace(",", ".") if DECIMAL_COMMA.match(text) else text

    def accepts(self, question: Question, *, context: AnswerContext = EMPTY) -> str:
        return gettext("a number")


@register
class Date(QuestionKind):
    type = T.DATE
    label = T.DATE.label
    stored_as = _("date")

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **self.common(question, required=required),
        )

    def store(self, answer: Answer, value: Any, *, context: AnswerContext = EMPTY) -> list[str]:
        answer.date = value
        return []

    def value(self, answer: Answer) -> dt.date | None:
        return answer.date

    def typed(self, question: Question, cleaned: Any) -> Any:
        return cleaned

    def format(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> str:
        return formats.date_format(value, "DATE_FORMAT")

    def export(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> Any:
        return value

    def accepts(self, question: Question, *, context: AnswerContext = EMPTY) -> str:
        return gettext("a date, such as 2026-03-31")


@register
class YesNo(QuestionKind):
    type = T.YES_NO
    label = T.YES_NO.label
    stored_as = _("yes or no")

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        return forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))],
            widget=forms.RadioSelect,
            **self.common(question, required=required),
        )

    def store(self, answer: Answer, value: Any, *, context: AnswerContext = EMPTY) -> list[str]:
        answer.boolean = self.typed(answer.question, value)
        return []

    def value(self, answer: Answer) -> bool | None:
        return answer.boolean

    def initial(self, answer: Answer) -> str | None:
        if answer.boolean is None:
            return None
        return YES if answer.boolean else NO

    def typed(self, question: Question, cleaned: Any) -> bool:
        # The form gives "yes" or "no"; code (the API, surveys) may give a bool.
        return cleaned is True or cleaned == YES

    def format(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> str:
        return gettext("Yes") if self.typed(question, value) else gettext("No")

    def from_cell(self, question: Question, text: str, *, context: AnswerContext) -> Any:
        word = _norm(text)
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise ValidationError(_("“%(key)s” must be yes or no"), params={"key": question.key})
        return YES if word in TRUE_WORDS else NO

    def accepts(self, question: Question, *, context: AnswerContext = EMPTY) -> str:
        return gettext("yes or no (also sí, true, false, 1, 0)")


@register
class FocusAreas(ListKind):
    type = T.FOCUS_AREAS
    label = T.FOCUS_AREAS.label
    needs_focus_areas = True

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        # Archived areas are no longer offered, but a draft or an answer that chose one keeps it.
        return hide_archived(
            forms.MultipleChoiceField(
                choices=list(context.focus_areas.items()),
                widget=forms.CheckboxSelectMultiple,
                **self.common(question, required=required),
            ),
            archived=context.archived_areas,
        )

    def is_available(self, context: AnswerContext) -> bool:
        # A program without focus areas (or with only archived ones) cannot ask for them.
        return bool(set(context.focus_areas) - context.archived_areas)

    def names(self, question: Question, values: Iterable[str], context: AnswerContext) -> list[str]:
        areas = context.focus_areas
        return [areas.get(value, value) for value in _ordered(values, list(areas))]

    def from_cell(self, question: Question, text: str, *, context: AnswerContext) -> Any:
        by_name = {_norm(name): pk for pk, name in context.focus_areas.items()}

        def match(item: str) -> str | None:
            return by_name.get(_norm(item)) or (item if item in context.focus_areas else None)

        values = _items(text, match)
        if None in values:
            raise ValidationError(
                _("“%(key)s” must be one of: %(options)s"),
                params={"key": question.key, "options": "; ".join(context.focus_areas.values())},
            )
        return list(dict.fromkeys(values))

    def accepts(self, question: Question, *, context: AnswerContext = EMPTY) -> str:
        return gettext("one or more, separated by “;”: %(options)s") % {
            "options": "; ".join(context.focus_areas.values())
        }


@register
class Availability(ListKind):
    type = T.AVAILABILITY
    label = T.AVAILABILITY.label

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        return forms.MultipleChoiceField(
            choices=[(slot, slot) for slot in AVAILABILITY_SLOTS],
            widget=AvailabilityWidget,
            **self.common(question, required=required),
        )

    def names(self, question: Question, values: Iterable[str], context: AnswerContext) -> list[str]:
        return [str(SLOT_LABELS.get(v, v)) for v in _ordered(values, AVAILABILITY_SLOTS)]

    def export(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> Any:
        # The slots as the importer takes them (mon-morning), the same in every language.
        return CELL_SEPARATOR.join(_ordered(value, AVAILABILITY_SLOTS))

    def from_cell(self, question: Question, text: str, *, context: AnswerContext) -> Any:
        values = _items(text, lambda item: item.lower() if item.lower() in SLOT_LABELS else None)
        if None in values:
            raise ValidationError(
                _("“%(key)s” takes slots such as mon-morning, wed-evening (days %(days)s)"),
                params={"key": question.key, "days": "mon, tue, wed, thu, fri, sat, sun"},
            )
        return list(dict.fromkeys(values))

    def accepts(self, question: Question, *, context: AnswerContext = EMPTY) -> str:
        return gettext("slots separated by “;”, such as mon-morning; wed-evening")


@register
class FileUpload(QuestionKind):
    type = T.FILE
    label = T.FILE.label
    stored_as = _("file")
    is_file = True
    importable = False

    def field(
        self, question: Question, *, required: bool, context: AnswerContext = EMPTY
    ) -> forms.Field:
        return forms.FileField(
            validators=[validate_upload], **self.common(question, required=required)
        )

    def store(self, answer: Answer, value: Any, *, context: AnswerContext = EMPTY) -> list[str]:
        answer.file = value
        return []

    def value(self, answer: Answer) -> str:
        return answer.file.name if answer.file else ""

    def initial(self, answer: Answer) -> Any:
        return answer.file or None

    def typed(self, question: Question, cleaned: Any) -> Any:
        return cleaned  # the upload itself, until it is stored

    def format(self, question: Question, value: Any, *, context: AnswerContext = EMPTY) -> str:
        name = PurePosixPath(str(getattr(value, "name", value) or "")).name
        if isinstance(value, File) and not isinstance(value, FieldFile) and value.size:
            return f"{name} ({filesizeformat(value.size)})"
        return name

    def import_cell(self, question: Question, text: str, *, context: AnswerContext = EMPTY) -> Any:
        raise ValidationError(
            _("“%(key)s”: %(error)s"),
            params={"key": question.key, "error": self.accepts(question, context=context)},
        )

    def accepts(self, question: Question, *, context: AnswerContext = EMPTY) -> str:
        return gettext("not imported (files are uploaded on the web form)")
