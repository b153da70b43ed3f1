"""The registry of question types: every type has its class, every class round-trips (what a
form posts → stored → shown, and exported → imported), and a new type is one class."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from puente.core.spreadsheets import read_csv, read_xlsx, write_csv, write_xlsx
from puente.factories import FocusAreaFactory, ProgramFactory
from puente.instruments import registry, services
from puente.instruments.engine import AnswersForm, store_answers, typed_answers
from puente.instruments.fields import AVAILABILITY_SLOTS
from puente.instruments.forms import QuestionForm
from puente.instruments.models import Answer, Question, QuestionType, Submission
from puente.instruments.registry import AnswerContext, ShortText
from puente.tests.module_data import rolled_back

pytestmark = pytest.mark.django_db

T = QuestionType
# Labels that a careless reader or writer would get wrong: commas and semicolons inside a label
# (the separators of a list cell), labels that look like formulas, a value that is another
# option's label in the other language.
CHOICES = [
    {"value": "1", "label": "Uno, dos", "label_en": "One, two"},
    {"value": "2", "label": "Dos", "label_en": "Two"},
    {"value": "3", "label": "=Tres", "label_en": "@Three"},
    {"value": "4", "label": "Cuatro; cinco", "label_en": "Four; five"},
    {"value": "five", "label": "Ñandú", "label_en": "1"},
]
AREAS = ["Ventas", "Finanzas, costos", "Liderazgo; equipos", "-Riesgo"]
SPECS: dict[str, dict[str, Any]] = {
    T.SHORT_TEXT: {},
    T.LONG_TEXT: {},
    T.SINGLE_CHOICE: {"choices": CHOICES},
    T.MULTIPLE_CHOICE: {"choices": CHOICES},
    T.SCALE: {"scale": Question.Scale.ZERO_TO_TEN},
    T.NUMBER: {},
    T.DATE: {},
    T.YES_NO: {},
    T.FOCUS_AREAS: {},
    T.AVAILABILITY: {},
    T.FILE: {},
}
LINE = st.characters(exclude_categories=["Cs", "Cc"])
VALUES = [option["value"] for option in CHOICES]


@pytest.fixture(scope="module")
def kinds(django_db_setup, django_db_blocker):
    """One question of every type, in a program with awkward focus area names."""
    with rolled_back(django_db_blocker):
        program = ProgramFactory(slug="tipos-de-pregunta")
        for name in AREAS:
            FocusAreaFactory(program=program, name=name)
        instrument = services.instrument_create(program=program, name="Todo", kind="survey")
        version = instrument.versions.get()
        questions = {
            kind: services.question_add(
                version=version, key=kind.replace("_", "-"), label=kind, type=kind, **extra
            )
            for kind, extra in SPECS.items()
        }
        context = AnswerContext.of_program(program.pk)
        yield version, questions, context


# What a browser may post for a question of each type (valid or not: the type's field decides).
STRATEGIES: dict[str, Any] = {
    T.SHORT_TEXT: lambda areas: st.text(LINE, min_size=1, max_size=300),
    T.LONG_TEXT: lambda areas: st.lists(st.text(LINE, max_size=80), min_size=1, max_size=6).map(
        "\n".join
    ),
    T.SINGLE_CHOICE: lambda areas: st.sampled_from(VALUES),
    T.MULTIPLE_CHOICE: lambda areas: st.lists(st.sampled_from(VALUES), min_size=1, unique=True),
    T.SCALE: lambda areas: st.integers(0, 10).map(str),
    T.NUMBER: lambda areas: st.decimals(
        min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2
    ).map(str),
    T.DATE: lambda areas: st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)).map(
        dt.date.isoformat
    ),
    T.YES_NO: lambda areas: st.sampled_from(["yes", "no"]),
    T.FOCUS_AREAS: lambda areas: st.lists(st.sampled_from(areas), min_size=1, unique=True),
    T.AVAILABILITY: lambda areas: st.lists(
        st.sampled_from(AVAILABILITY_SLOTS), min_size=1, unique=True
    ),
}


def shown_as(kind: str, raw: Any, language: str, context: AnswerContext) -> str | None:
    """How a choice is to be read, worked out here from the options themselves."""
    english = language == "en"
    if kind in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
        chosen = [raw] if isinstance(raw, str) else raw
        key = "label_en" if english else "label"
        return ", ".join(o[key] for o in CHOICES if o["value"] in chosen)
    if kind == T.FOCUS_AREAS:
        return ", ".join(name for pk, name in context.focus_areas.items() if pk in raw)
    if kind == T.YES_NO:
        if raw == "no":
            return "No"
        return "Yes" if english else "Sí"
    return None


def same(left: Any, right: Any) -> bool:
    if isinstance(left, list) and isinstance(right, list):
        return sorted(left) == sorted(right)
    return left == right


ROUND_TRIP_TYPES = [kind for kind, handler in registry.TYPES.items() if handler.importable]


def test_every_question_type_has_its_registered_class():
    for value, label in T.choices:
        kind = registry.get(value)
        assert kind.type == value and str(kind.label) == str(label)
    assert [value for value, _label in Question._meta.get_field("type").choices] == list(
        registry.TYPES
    )


def test_every_type_is_round_tripped_below():
    """A type added to the registry needs its strategy here (a file is tested on its own)."""
    assert set(STRATEGIES) == set(ROUND_TRIP_TYPES) == set(registry.TYPES) - {T.FILE}


@pytest.mark.parametrize("kind", ROUND_TRIP_TYPES)
@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), language=st.sampled_from(["es", "en"]))
def test_each_type_round_trips(kinds, kind, data, language):
    version, questions, context = kinds
    question, handler = questions[kind], registry.get(kind)
    raw = data.draw(STRATEGIES[kind](list(context.focus_areas)), label="posted")
    with translation.override(language):
        try:
            cleaned = handler.clean(question, raw, context=context)
        except ValidationError:
            assume(False)
        assume(not registry.is_empty(cleaned))
        typed = handler.typed(question, cleaned)

        # parse → store → format
        submission = Submission.objects.create(version=version)
        store_answers(submission, {question.key: cleaned}, [question], context=context)
        answer = Answer.objects.select_related("question").get(submission=submission)
        stored = handler.value(answer)
        assert same(stored, typed)
        assert same(typed_answers(submission)[question.key], typed)
        shown = registry.answer_text(answer, context=context)
        assert shown == registry.value_text(question, typed, context=context)
        if (expected := shown_as(kind, raw, language, context)) is not None:
            assert shown == expected  # labels and names, never the values stored

        # export → a real CSV and XLSX cell → import, in the same and in the other language
        cell = registry.answer_cell(answer, context=context)
        csv_cell = read_csv(write_csv([[cell]], ["answer"])).rows[0].cells[0]
        xlsx_cell = read_xlsx(write_xlsx([("S", ["answer"], [[cell]])])).rows[0].cells[0]
        for text in (csv_cell, xlsx_cell):
            for reader in (language, "en" if language == "es" else "es"):
                with translation.override(reader):
                    imported = handler.import_cell(question, text, context=context)
                    assert same(handler.typed(question, imported), stored), (text, reader)
        submission.delete()


def test_a_file_is_stored_shown_by_its_name_and_never_imported(kinds, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    version, questions, context = kinds
    question, handler = questions[T.FILE], registry.get(T.FILE)
    upload = SimpleUploadedFile("hoja-de-vida.pdf", b"%PDF-1.4 " + b"x" * 2000)
    cleaned = handler.clean(question, upload, context=context)
    assert registry.cleaned_text(question, cleaned) == "hoja-de-vida.pdf (2.0\xa0KB)"
    submission = Submission.objects.create(version=version)
    store_answers(submission, {question.key: cleaned}, [question], context=context)
    answer = Answer.objects.get(submission=submission)
    assert registry.answer_text(answer) == "hoja-de-vida.pdf"
    assert registry.answer_cell(answer) == "hoja-de-vida.pdf"
    with pytest.raises(ValidationError):
        handler.import_cell(question, "hoja-de-vida.pdf", context=context)
    assert not handler.importable
    submission.delete()


def test_an_empty_answer_is_shown_and_exported_as_nothing(kinds):
    _version, questions, context = kinds
    for question in questions.values():
        for empty in (None, "", []):
            assert registry.value_text(question, empty, context=context) == ""
            assert registry.value_cell(question, empty, context=context) is None


def test_a_list_cell_takes_labels_that_hold_the_separator(kinds):
    _version, questions, context = kinds
    question, handler = questions[T.MULTIPLE_CHOICE], registry.get(T.MULTIPLE_CHOICE)
    with translation.override("es"):
        assert handler.import_cell(question, "Uno, dos", context=context) == ["1"]
        assert handler.import_cell(question, "Uno, dos; Cuatro; cinco", context=context) == [
            "1",
            "4",
        ]
        # Labels first: "1" is the English label of "five" and the value of "Uno, dos".
        with translation.override("en"):
            assert handler.import_cell(question, "1", context=context) == ["five"]
        with pytest.raises(ValidationError, match="multiple-choice"):
            handler.import_cell(question, "Dos; Seis", context=context)


def test_a_yes_no_answer_given_as_a_bool_is_stored_as_that_bool(kinds):
    # Surveys answered from code (the API, the demo) give True/False, not "yes"/"no": True was
    # once stored as False.
    version, questions, context = kinds
    question = questions[T.YES_NO]
    submission = Submission.objects.create(version=version)
    store_answers(submission, {question.key: True}, [question], context=context)
    assert typed_answers(submission) == {question.key: True}
    submission.delete()


class Email(ShortText):
    """A type added later: a short text that must be an email address."""

    type = "email"
    label = "Email"

    def field(self, question, *, required, context=registry.EMPTY):
        return forms.EmailField(**self.common(question, required=required))

    def accepts(self, question, *, context=registry.EMPTY):
        return "an email address"


@pytest.fixture
def with_email_type(monkeypatch):
    monkeypatch.setattr(registry, "TYPES", dict(registry.TYPES))
    registry.register(Email)


def test_a_new_type_is_one_registered_class(kinds, with_email_type):
    version, _questions, context = kinds
    assert ("email", "Email") in registry.choices()
    builder = QuestionForm(
        {"type": "email", "key": "correo", "label": "Correo", "weight": "1"},
        version=version,
    )
    assert builder.is_valid(), builder.errors
    question = services.question_add(version=version, **builder.question_fields())

    form = AnswersForm({"correo": "no es un correo"}, questions=[question])
    assert not form.is_valid() and "correo" in form.errors
    form = AnswersForm({"correo": "ana@example.org"}, questions=[question])
    assert form.is_valid()
    submission = services.submission_save(version=version, cleaned=form.cleaned_data, submit=True)
    answer = Answer.objects.get(submission=submission)
    assert registry.answer_text(answer) == "ana@example.org"
    assert registry.get("email").import_cell(question, " ana@example.org ") == "ana@example.org"
    with pytest.raises(ValidationError):
        registry.get("email").import_cell(question, "ana")
    submission.delete()
    question.delete()


def test_a_type_is_registered_once(with_email_type):
    with pytest.raises(Exception, match="twice"):
        registry.register(Email)


@pytest.mark.parametrize(
    "text", ["=1+1", "'=1+1", "''=1", "-5 es negativo", "'hola", "@todos", "Sí; no, quizá"]
)
def test_text_that_looks_like_a_formula_comes_back_as_written(kinds, text):
    _version, questions, context = kinds
    question, handler = questions[T.SHORT_TEXT], registry.get(T.SHORT_TEXT)
    cell = registry.value_cell(question, handler.clean(question, text), context=context)
    for back in (
        read_csv(write_csv([[cell]], ["answer"])).rows[0].cells[0],
        read_xlsx(write_xlsx([("S", ["answer"], [[cell]])])).rows[0].cells[0],
    ):
        assert handler.import_cell(question, back, context=context) == text
