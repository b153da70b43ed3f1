"""Each question type end to end: validation, typed storage, and back as initial values."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.utils import translation

from puente.factories import FocusAreaFactory, ProgramFactory
from puente.instruments import services
from puente.instruments.engine import FILE_MAX_BYTES, AnswersForm, initial_answers
from puente.instruments.models import Answer, AnswerChoice, QuestionType, Submission

pytestmark = pytest.mark.django_db

T = QuestionType


@pytest.fixture(autouse=True)
def english():
    # Requests in other tests may leave Spanish active; messages here are compared in English.
    with translation.override("en"):
        yield


@pytest.fixture
def program():
    return ProgramFactory()


def make_version(program, *questions):
    instrument = services.instrument_create(program=program, name="Prueba", kind="survey")
    version = instrument.versions.get()
    for spec in questions:
        services.question_add(version=version, label=spec["key"], **spec)
    return version


def answers_form(version, data, files=None, *, draft=False, focus_areas=(), initial=None):
    return AnswersForm(
        data,
        files,
        questions=list(version.questions.all()),
        focus_areas=focus_areas,
        draft=draft,
        initial=initial,
    )


def save(version, data, files=None, *, submit=True, submission=None, focus_areas=()):
    form = answers_form(version, data, files, draft=not submit, focus_areas=focus_areas)
    assert form.is_valid(), form.errors
    return services.submission_save(
        version=version, cleaned=form.cleaned_data, submit=submit, submission=submission
    )


def answer(submission, key):
    return Answer.objects.get(submission=submission, question__key=key)


def error_codes(form, key):
    return [error.code for error in form.errors.as_data().get(key, [])]


# text


def test_short_text_keeps_its_maximum_length_and_round_trips(program):
    version = make_version(
        program,
        {"key": "name", "type": T.SHORT_TEXT},
        {"key": "nick", "type": T.SHORT_TEXT, "max_length": 5},
    )
    too_long = answers_form(version, {"name": "x" * 301, "nick": "abcdef"})
    assert not too_long.is_valid()
    assert error_codes(too_long, "name") == ["max_length"]
    assert error_codes(too_long, "nick") == ["max_length"]

    submission = save(version, {"name": "x" * 300, "nick": "Ana"})
    assert answer(submission, "name").text == "x" * 300
    assert initial_answers(submission) == {"name": "x" * 300, "nick": "Ana"}


def test_long_text_is_a_textarea_and_stored_as_text(program):
    version = make_version(program, {"key": "why", "type": T.LONG_TEXT})
    form = answers_form(version, None)
    assert 'textarea name="why"' in str(form["why"])
    assert not answers_form(version, {"why": "x" * 5001}).is_valid()

    text = "Quiero aprender.\nY enseñar."
    submission = save(version, {"why": text})
    assert answer(submission, "why").text == text
    assert initial_answers(submission)["why"] == text


# choices


CHOICES = [
    {"value": "python", "label": "Python", "label_en": "Python"},
    {"value": "sql", "label": "SQL", "label_en": "SQL"},
    {"value": "excel", "label": "Hojas de cálculo", "label_en": "Spreadsheets"},
]


def test_single_choice_rejects_an_unknown_value_and_stores_the_value(program):
    version = make_version(program, {"key": "tool", "type": T.SINGLE_CHOICE, "choices": CHOICES})
    form = answers_form(version, {"tool": "cobol"})
    assert not form.is_valid()
    assert error_codes(form, "tool") == ["invalid_choice"]

    submission = save(version, {"tool": "excel"})
    assert answer(submission, "tool").text == "excel"
    assert initial_answers(submission) == {"tool": "excel"}


def test_multiple_choice_is_stored_as_rows_that_sql_can_count(program):
    version = make_version(program, {"key": "tools", "type": T.MULTIPLE_CHOICE, "choices": CHOICES})
    assert not answers_form(version, {"tools": ["python", "cobol"]}).is_valid()

    first = save(version, {"tools": ["python", "sql"]})
    save(version, {"tools": ["python"]})
    save(version, {"tools": ["python", "excel"]})

    counts = dict(
        AnswerChoice.objects.filter(answer__question__version=version)
        .values("value")
        .annotate(n=Count("id"))
        .values_list("value", "n")
    )
    assert counts == {"python": 3, "sql": 1, "excel": 1}
    assert sorted(initial_answers(first)["tools"]) == ["python", "sql"]
    # The text column keeps the labels for people reading an export.
    assert answer(first, "tools").text == "Python, SQL"


def test_resaving_a_multiple_choice_draft_replaces_the_chosen_rows(program):
    version = make_version(program, {"key": "tools", "type": T.MULTIPLE_CHOICE, "choices": CHOICES})
    draft = save(version, {"tools": ["python", "sql"]}, submit=False)
    save(version, {"tools": ["sql", "excel"]}, submit=False, submission=draft)
    values = set(
        AnswerChoice.objects.filter(answer__submission=draft).values_list("value", flat=True)
    )
    assert values == {"sql", "excel"}


# scales and numbers


def test_scale_one_to_five_rejects_six_and_zero(program):
    version = make_version(program, {"key": "fit", "type": T.SCALE, "scale": "1-5"})
    for wrong in ("6", "0"):
        form = answers_form(version, {"fit": wrong})
        assert not form.is_valid()
        assert error_codes(form, "fit") == ["invalid_choice"]

    submission = save(version, {"fit": "5"})
    assert answer(submission, "fit").number == Decimal(5)
    assert initial_answers(submission) == {"fit": 5}


def test_scale_zero_to_ten_accepts_zero_and_keeps_it(program):
    version = make_version(program, {"key": "ease", "type": T.SCALE, "scale": "0-10"})
    assert not answers_form(version, {"ease": "11"}).is_valid()

    submission = save(version, {"ease": "0"})
    assert answer(submission, "ease").number == Decimal(0)
    assert initial_answers(submission) == {"ease": 0}


def test_nps_runs_from_zero_to_ten(program):
    version = make_version(program, {"key": "nps", "type": T.SCALE, "scale": "nps"})
    assert not answers_form(version, {"nps": "-1"}).is_valid()
    assert not answers_form(version, {"nps": "11"}).is_valid()
    low = save(version, {"nps": "0"})
    high = save(version, {"nps": "10"})
    assert answer(low, "nps").number == 0
    assert answer(high, "nps").number == 10


def test_number_keeps_to_its_minimum_and_maximum(program):
    version = make_version(
        program, {"key": "years", "type": T.NUMBER, "min_value": 0, "max_value": 60}
    )
    below = answers_form(version, {"years": "-1"})
    above = answers_form(version, {"years": "61"})
    assert not below.is_valid() and error_codes(below, "years") == ["min_value"]
    assert not above.is_valid() and error_codes(above, "years") == ["max_value"]

    submission = save(version, {"years": "12.5"})
    assert answer(submission, "years").number == Decimal("12.50")
    assert initial_answers(submission) == {"years": Decimal("12.50")}


# dates and yes/no


def test_date_rejects_an_impossible_day_and_round_trips(program):
    version = make_version(program, {"key": "start", "type": T.DATE})
    assert not answers_form(version, {"start": "2026-02-30"}).is_valid()

    submission = save(version, {"start": "2026-03-15"})
    assert answer(submission, "start").date == dt.date(2026, 3, 15)
    assert initial_answers(submission) == {"start": dt.date(2026, 3, 15)}


def test_yes_no_is_stored_as_a_boolean(program):
    version = make_version(
        program, {"key": "before", "type": T.YES_NO}, {"key": "formal", "type": T.YES_NO}
    )
    assert not answers_form(version, {"before": "maybe", "formal": "yes"}).is_valid()

    submission = save(version, {"before": "no", "formal": "yes"})
    assert answer(submission, "before").boolean is False
    assert answer(submission, "formal").boolean is True
    assert Answer.objects.filter(submission=submission, boolean=True).count() == 1
    assert initial_answers(submission) == {"before": "no", "formal": "yes"}


# the program's own lists


def test_focus_areas_are_limited_to_the_program_areas(program):
    mine = [FocusAreaFactory(program=program, name=n) for n in ("Finanzas", "Ventas")]
    theirs = FocusAreaFactory(name="Otra")
    areas = [(str(a.pk), a.name) for a in mine]
    version = make_version(program, {"key": "areas", "type": T.FOCUS_AREAS})

    form = answers_form(version, {"areas": [str(theirs.pk)]}, focus_areas=areas)
    assert not form.is_valid()
    assert error_codes(form, "areas") == ["invalid_choice"]

    submission = save(version, {"areas": [str(mine[1].pk)]}, focus_areas=areas)
    stored = list(
        AnswerChoice.objects.filter(answer__submission=submission).values_list("value", flat=True)
    )
    assert stored == [str(mine[1].pk)]
    assert initial_answers(submission) == {"areas": [str(mine[1].pk)]}


def test_availability_keeps_weekday_and_time_band_slots(program):
    version = make_version(program, {"key": "when", "type": T.AVAILABILITY})
    assert not answers_form(version, {"when": ["mon-night"]}).is_valid()
    html = str(answers_form(version, None)["when"])
    assert 'class="availability"' in html
    assert html.count('type="checkbox"') == 21

    submission = save(version, {"when": ["mon-morning", "fri-evening"]})
    assert sorted(initial_answers(submission)["when"]) == ["fri-evening", "mon-morning"]
    resumed = answers_form(version, None, initial=initial_answers(submission))
    assert str(resumed["when"]).count("checked") == 2


# files


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_file_of_the_wrong_type_is_refused_with_the_reason(program, media):
    version = make_version(program, {"key": "cv", "type": T.FILE})
    upload = SimpleUploadedFile("cv.exe", b"MZ...", content_type="application/octet-stream")
    form = answers_form(version, {}, {"cv": upload})
    assert not form.is_valid()
    assert form.errors["cv"][0].startswith("Files of type .exe are not accepted. Use one of:")


def test_a_file_over_the_limit_is_refused_with_the_limit(program, media):
    version = make_version(program, {"key": "cv", "type": T.FILE})
    upload = SimpleUploadedFile("cv.pdf", b"x" * (FILE_MAX_BYTES + 1))
    form = answers_form(version, {}, {"cv": upload})
    assert not form.is_valid()
    assert form.errors["cv"] == ["The file is 5.0 MB; the limit is 5 MB."]


def test_a_valid_file_is_stored_and_kept_when_a_draft_is_saved_again(program, media):
    version = make_version(
        program, {"key": "cv", "type": T.FILE}, {"key": "note", "type": T.SHORT_TEXT}
    )
    upload = SimpleUploadedFile("hoja-de-vida.pdf", b"%PDF-1.4 contenido")
    draft = save(version, {"note": "uno"}, {"cv": upload}, submit=False)
    stored = answer(draft, "cv").file
    assert stored.name.startswith(f"answers/{version.instrument_id}/{draft.pk}/hoja-de-vida")
    assert (media / stored.name).read_bytes() == b"%PDF-1.4 contenido"

    # Resuming without choosing the file again keeps the one uploaded before.
    save(version, {"note": "dos"}, submit=False, submission=draft)
    assert answer(draft, "cv").file.name == stored.name
    assert answer(draft, "note").text == "dos"


# drafts


def test_required_questions_may_be_empty_in_a_draft_but_not_on_submit(program):
    version = make_version(
        program,
        {"key": "name", "type": T.SHORT_TEXT, "required": True},
        {"key": "fit", "type": T.SCALE, "scale": "1-5", "required": True},
    )
    assert answers_form(version, {"name": "Ana"}, draft=True).is_valid()
    submitted = answers_form(version, {"name": "Ana"})
    assert not submitted.is_valid()
    assert error_codes(submitted, "fit") == ["required"]


def test_a_draft_is_resumed_with_its_answers_and_then_submitted(program):
    version = make_version(
        program,
        {"key": "name", "type": T.SHORT_TEXT, "required": True},
        {"key": "fit", "type": T.SCALE, "scale": "1-5", "required": True},
        {"key": "before", "type": T.YES_NO, "required": True},
    )
    draft = save(version, {"name": "Ana", "before": "no"}, submit=False)
    assert draft.status == Submission.Status.DRAFT
    assert draft.submitted_at is None

    resumed = answers_form(version, None, initial=initial_answers(draft))
    assert resumed["name"].value() == "Ana"
    assert resumed["before"].value() == "no"
    assert resumed["fit"].value() is None

    final = save(version, {"name": "Ana", "before": "no", "fit": "4"}, submission=draft)
    assert final.pk == draft.pk
    assert final.status == Submission.Status.SUBMITTED
    assert final.submitted_at is not None
    assert Submission.objects.count() == 1


def test_emptying_an_answer_in_a_draft_removes_it(program):
    version = make_version(program, {"key": "name", "type": T.SHORT_TEXT})
    draft = save(version, {"name": "Ana"}, submit=False)
    save(version, {"name": ""}, submit=False, submission=draft)
    assert not Answer.objects.filter(submission=draft).exists()


def test_a_submitted_submission_is_not_changed_by_a_later_save(program):
    version = make_version(
        program,
        {"key": "name", "type": T.SHORT_TEXT},
        {"key": "tools", "type": T.MULTIPLE_CHOICE, "choices": CHOICES},
    )
    submitted = save(version, {"name": "Ana", "tools": ["python"]})
    submitted_at = submitted.submitted_at

    again = save(version, {"name": "Otra", "tools": ["sql"]}, submission=submitted)
    assert again.pk == submitted.pk
    assert again.submitted_at == submitted_at
    assert initial_answers(submitted) == {"name": "Ana", "tools": ["python"]}


def test_help_text_written_by_a_coordinator_is_escaped(program):
    version = make_version(
        program, {"key": "name", "type": T.SHORT_TEXT, "help_text": "<script>x()</script>"}
    )
    html = answers_form(version, None)["name"].as_field_group()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
