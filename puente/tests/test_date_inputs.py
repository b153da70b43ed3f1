"""Browsers' date and time pickers take only ISO values (2026-12-07, 18:00). A form rendered in
Spanish with Django's default format wrote "07/12/2026", which the browser shows as an empty
field: every edit then failed unless the date was picked again. Every date and time input of
every form must therefore write ISO."""

import datetime as dt
import importlib
import inspect
from collections.abc import Iterator

from django import forms
from django.apps import apps
from django.utils import translation

from puente.instruments.engine import form_field
from puente.instruments.models import Question, QuestionType
from puente.mentoring.forms import MeetingMoveForm
from puente.mentoring.models import Meeting

ISO = {"date": "%Y-%m-%d", "time": "%H:%M", "datetime-local": "%Y-%m-%dT%H:%M"}


def _form_classes() -> Iterator[type[forms.BaseForm]]:
    for app in apps.get_app_configs():
        if not app.name.startswith("puente."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def _kind(widget: forms.Widget) -> str:
    return getattr(widget, "input_type", "")  # Django moves attrs' "type" here


def _wrong(widget: forms.Widget) -> bool:
    kind = _kind(widget)
    return kind in ISO and getattr(widget, "format", None) != ISO[kind]


def test_every_date_and_time_input_of_every_form_writes_iso():
    checked = 0
    wrong = []
    for form in _form_classes():
        for name, field in form.base_fields.items():
            if _kind(field.widget) in ISO:
                checked += 1
                if _wrong(field.widget):
                    wrong.append(f"{form.__module__}.{form.__name__}.{name}")
    assert checked >= 8  # the walk found the forms (meetings, events, plans, rounds, calls...)
    assert wrong == []


def test_a_date_question_writes_iso():
    question = Question(key="day", type=QuestionType.DATE, label="Día")
    assert not _wrong(form_field(question, required=True).widget)


def test_the_meeting_form_in_spanish_shows_its_date_and_time():
    zone = "America/Bogota"
    starts = dt.datetime(2026, 12, 7, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    meeting = Meeting(
        number=2,
        planned_on=dt.date(2026, 12, 7),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        time_zone=zone,
    )
    with translation.override("es"):
        html = str(MeetingMoveForm.for_meeting(meeting, prefix="m2"))
    assert 'value="2026-12-07"' in html
    assert 'value="18:00"' in html and 'value="19:00"' in html
