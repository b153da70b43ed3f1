"""Property tests of the instrument engine's validation: whatever is posted to any question type
(random text, numbers, lists, None, huge values, wrong types), the form either stores a typed
answer or reports a field error; it never raises."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puente.factories import FocusAreaFactory, ProgramFactory
from puente.instruments import services
from puente.instruments.engine import AnswersForm, typed_answers
from puente.instruments.models import Question, QuestionType, Submission
from puente.tests.module_data import rolled_back

pytestmark = pytest.mark.django_db

T = QuestionType
CHOICES = [{"value": "a", "label": "A"}, {"value": "b", "label": "B <b>"}]

# What a browser can post: text without lone surrogates (they cannot come out of UTF-8).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=400)
HUGE_TEXT = st.builds(
    lambda ch, n: ch * n, st.sampled_from(["a", "ñ", "<", "\x00", "9"]), st.integers(0, 20_000)
)
NUMBERS = st.one_of(
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e999999", "-0", "NaN", "Infinity", "0x10", "1,5", "١٢", "12.345", " 7 "]),
)
DATES = st.one_of(
    st.dates(),
    st.sampled_from(["2026-02-30", "0000-01-01", "9999-12-31", "31/12/2026", "mañana", ""]),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    TEXT,
    HUGE_TEXT,
    NUMBERS,
    DATES,
    st.sampled_from(["a", "b", "yes", "no", "mon-morning", "zzz", "1", "5", "10", "11"]),
)
ANY_VALUE = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=8),
    st.dictionaries(TEXT, SCALARS, max_size=3),
    st.tuples(SCALARS, SCALARS),
)
POSTED = st.lists(
    st.one_of(TEXT, HUGE_TEXT, st.sampled_from(["a", "b", "yes", "3", "x"])), max_size=5
)

SPECS = {
    T.SHORT_TEXT: {},
    T.LONG_TEXT: {},
    T.SINGLE_CHOICE: {"choices": CHOICES},
    T.MULTIPLE_CHOICE: {"choices": CHOICES},
    T.SCALE: {"scale": Question.Scale.ONE_TO_FIVE},
    T.NUMBER: {"min_value": Decimal(0), "max_value": Decimal(1000)},
    T.DATE: {},
    T.YES_NO: {},
    T.FOCUS_AREAS: {},
    T.AVAILABILITY: {},
    T.FILE: {},
}


@pytest.fixture(scope="module")
def version(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        program = ProgramFactory(slug="propiedades")
        FocusAreaFactory(program=program, name="Ventas")
        instrument = services.instrument_create(program=program, name="Todo", kind="survey")
        version = instrument.versions.get()
        for kind, extra in SPECS.items():
            services.question_add(
                version=version, key=kind.replace("_", "-"), label=kind, type=kind, **extra
            )
        yield version


def _check(version, data, files=None, *, draft: bool) -> None:
    questions = list(version.questions.all())
    areas = [(str(a.pk), a.name) for a in version.instrument.program.focus_areas.all()]
    form = AnswersForm(data, files, questions=questions, focus_areas=areas, draft=draft)
    valid = form.is_valid()  # must not raise
    if not valid:
        assert form.errors
        for errors in form.errors.values():
            assert all(isinstance(message, str) and message for message in errors)
        str(form)  # the re-rendered form, with what was typed, must not raise either
    submission = Submission.objects.create(version=version)
    # Valid or not (a draft keeps what is valid), storing never raises.
    cleaned = form.cleaned_data
    services.submission_save(version=version, cleaned=cleaned, submit=False, submission=submission)
    stored = typed_answers(submission)
    for key, value in stored.items():
        assert key in cleaned
        if isinstance(value, Decimal):
            assert value.is_finite()
        if isinstance(value, dt.date):
            assert 1 <= value.year <= 9999
    submission.delete()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.dictionaries(st.sampled_from([k.replace("_", "-") for k in SPECS]), ANY_VALUE))
def test_any_python_value_gives_an_answer_or_a_field_error(version, values):
    _check(version, values, draft=False)
    _check(version, values, draft=True)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(posted=st.dictionaries(st.sampled_from([k.replace("_", "-") for k in SPECS]), POSTED))
def test_any_posted_form_gives_an_answer_or_a_field_error(version, posted):
    _check(version, MultiValueDict(posted), draft=False)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="/\\\x00"), max_size=120
    ),
    content=st.binary(max_size=2048),
)
def test_any_upload_gives_an_answer_or_a_field_error(version, name, content):
    files = MultiValueDict({"file": [SimpleUploadedFile(name or "x", content)]})
    _check(version, {}, files, draft=True)


def test_python_values_of_the_wrong_type_are_field_errors_not_exceptions(version):
    # Found by the property test: a bool or a list given to a date or number field raised
    # AttributeError inside Django's fields; they are now validated as the text they would be.
    questions = list(version.questions.all())
    form = AnswersForm(
        {"date": True, "number": ["1", "2"], "scale": None, "multiple-choice": "a"},
        questions=questions,
        draft=True,
    )
    assert not form.is_valid()
    assert "date" in form.errors and "number" in form.errors
    assert form.cleaned_data["multiple-choice"] == ["a"]
