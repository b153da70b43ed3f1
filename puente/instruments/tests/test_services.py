"""Instruments, versions and questions against the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from puente.factories import ProgramFactory, UserFactory
from puente.instruments import catalog, services
from puente.instruments.engine import AnswersForm, initial_answers
from puente.instruments.models import Instrument, InstrumentVersion, Question, QuestionType

pytestmark = pytest.mark.django_db

T = QuestionType
COPIED = ["key", "type", "label", "label_en", "help_text", "help_text_en", "required", "choices"]


@pytest.fixture
def program():
    return ProgramFactory()


@pytest.fixture
def coordinator():
    return UserFactory()


def _keys(version):
    return list(version.questions.order_by("position").values_list("key", flat=True))


def _survey(program, *keys):
    instrument = services.instrument_create(program=program, name="Encuesta", kind="survey")
    version = instrument.versions.get()
    for key in keys:
        services.question_add(version=version, key=key, type=T.SHORT_TEXT, label=key.title())
    return instrument, version


@pytest.mark.parametrize("template", catalog.TEMPLATES, ids=lambda t: t.key)
def test_instrument_from_template_copies_every_question(program, template):
    instrument = services.instrument_from_template(program=program, template_key=template.key)
    assert instrument.program == program
    assert instrument.kind == template.kind
    assert instrument.template_key == template.key
    assert instrument.name == template.name
    version = instrument.versions.get()
    assert version.number == 1
    assert version.status == InstrumentVersion.Status.DRAFT
    questions = list(version.questions.order_by("position"))
    assert len(questions) == len(template.questions)
    for question, spec in zip(questions, template.questions, strict=True):
        for name, value in spec.items():
            assert getattr(question, name) == value, (spec["key"], name)


def test_instrument_from_template_takes_the_english_name_for_english(program):
    instrument = services.instrument_from_template(
        program=program, template_key="mentor-application", language="en-gb"
    )
    assert instrument.name == "Mentor application"


def test_editing_a_published_version_copies_its_questions_into_the_next(program, coordinator):
    instrument = services.instrument_from_template(program=program, template_key="screening-rubric")
    first = instrument.versions.get()
    services.version_publish(version=first, by=coordinator)

    second = services.version_edit(instrument=instrument)
    assert second.number == 2
    assert second.status == InstrumentVersion.Status.DRAFT
    old = list(first.questions.order_by("position"))
    new = list(second.questions.order_by("position"))
    assert [q.position for q in new] == [q.position for q in old]
    assert not {q.pk for q in new} & {q.pk for q in old}
    for before, after in zip(old, new, strict=True):
        for name in [*COPIED, "scale", "weight", "min_value", "max_value", "max_length"]:
            assert getattr(after, name) == getattr(before, name)


def test_a_submission_keeps_its_version_and_answers_after_a_new_version(program, coordinator):
    instrument, first = _survey(program, "name", "city")
    services.version_publish(version=first, by=coordinator)
    questions = list(first.questions.all())
    form = AnswersForm({"name": "Ana", "city": "Quito"}, questions=questions)
    assert form.is_valid()
    submission = services.submission_save(version=first, cleaned=form.cleaned_data, submit=True)

    second = services.version_edit(instrument=instrument)
    renamed = second.questions.get(key="name")
    services.question_update(question=renamed, label="Nombre completo")
    services.question_delete(question=second.questions.get(key="city"))
    services.question_add(version=second, key="phone", type=T.SHORT_TEXT, label="Teléfono")
    services.version_publish(version=second, by=coordinator)

    submission.refresh_from_db()
    assert submission.version == first
    assert _keys(first) == ["name", "city"]
    assert first.questions.get(key="name").label == "Name"
    assert initial_answers(submission) == {"name": "Ana", "city": "Quito"}
    assert set(submission.answers.values_list("question__version", flat=True)) == {first.pk}
    assert services.published_version(instrument) == second
    assert _keys(second) == ["name", "phone"]


def test_publishing_an_empty_version_fails(program, coordinator):
    instrument = services.instrument_create(program=program, name="Vacía", kind="survey")
    version = instrument.versions.get()
    with pytest.raises(ValidationError):
        services.version_publish(version=version, by=coordinator)
    version.refresh_from_db()
    assert version.status == InstrumentVersion.Status.DRAFT
    assert version.published_at is None


def test_publishing_records_who_and_when(program, coordinator):
    _instrument, version = _survey(program, "name")
    services.version_publish(version=version, by=coordinator)
    version.refresh_from_db()
    assert version.is_published
    assert version.published_by == coordinator
    assert version.published_at is not None


def test_only_one_draft_at_a_time(program, coordinator):
    instrument, first = _survey(program, "name")
    # While a draft is open, editing returns it instead of opening another.
    assert services.version_edit(instrument=instrument) == first
    services.version_publish(version=first, by=coordinator)
    second = services.version_edit(instrument=instrument)
    assert services.version_edit(instrument=instrument) == second
    assert instrument.versions.count() == 2
    with pytest.raises(IntegrityError):
        InstrumentVersion.objects.create(instrument=instrument, number=3)


def test_question_move_reorders_and_stops_at_the_ends(program):
    _instrument, version = _survey(program, "a", "b", "c", "d")
    services.question_move(question=version.questions.get(key="c"), offset=-1)
    assert _keys(version) == ["a", "c", "b", "d"]
    services.question_move(question=version.questions.get(key="a"), offset=1)
    assert _keys(version) == ["c", "a", "b", "d"]
    services.question_move(question=version.questions.get(key="c"), offset=-1)
    services.question_move(question=version.questions.get(key="d"), offset=1)
    assert _keys(version) == ["c", "a", "b", "d"]
    positions = list(version.questions.order_by("position").values_list("position", flat=True))
    assert positions == [0, 1, 2, 3]


def test_a_published_version_refuses_every_change(program, coordinator):
    _instrument, version = _survey(program, "a", "b")
    services.version_publish(version=version, by=coordinator)
    question = version.questions.get(key="a")
    with pytest.raises(ValidationError):
        services.question_add(version=version, key="c", type=T.SHORT_TEXT, label="C")
    with pytest.raises(ValidationError):
        services.question_update(question=question, label="Otra")
    with pytest.raises(ValidationError):
        services.question_move(question=question, offset=1)
    with pytest.raises(ValidationError):
        services.question_delete(question=question)
    assert _keys(version) == ["a", "b"]
    assert Question.objects.get(pk=question.pk).label == "A"


def test_a_repeated_key_is_refused_within_a_version(program):
    _instrument, version = _survey(program, "name")
    with pytest.raises(ValidationError):
        services.question_add(version=version, key="name", type=T.LONG_TEXT, label="Otra")
    assert version.questions.count() == 1


def test_instrument_create_validates_the_kind(program):
    with pytest.raises(ValidationError):
        services.instrument_create(program=program, name="X", kind="poll")
    assert not Instrument.objects.exists()
