"""Every page and file that shows a form's answers shows them as a person reads them: options as
their labels and focus areas as their names, in the language of the page; never the values
stored for them (a focus area's id, an option's value).

An applicant's own page once read "¿En qué áreas quieres crecer? 33, 37" and "Tiempo que puedes
dedicar: 2": the stored text of the answers, not what was chosen.
"""

import csv
import io
import json
import re
import uuid
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from puente.conftest import client_for
from puente.core.tokens import token_hash
from puente.factories import UserFactory
from puente.instruments.models import QuestionType
from puente.instruments.services import instrument_create, question_add, version_publish
from puente.monitoring import services as monitoring
from puente.monitoring.models import RoundInvitation
from puente.privacy.services import build_json
from puente.recruitment.models import Application
from puente.recruitment.tests.helpers import (
    focus_area,
    make_call_with_rubric,
    submitted_application,
    submitted_review,
)

pytestmark = pytest.mark.django_db

TOKEN = "el-enlace-de-ana"  # noqa: S105 - a test's private link


@pytest.fixture
def areas(world):
    return [focus_area(world.program, "Liderazgo"), focus_area(world.program, "Finanzas")]


@pytest.fixture
def call(world, areas):
    return make_call_with_rubric(world.program, by=world.coordinator, roles=("mentee", "mentor"))


@pytest.fixture
def mentee(world, call, areas):
    """Ana applied in Spanish: Liderazgo and Finanzas, 2 hours a week, Monday and Thursday
    evenings; her private link is TOKEN."""
    with translation.override("es"):
        application = submitted_application(
            call,
            email="ana@example.org",
            focus_areas=[str(area.pk) for area in areas],
            hours="2",
            availability=["mon-evening", "thu-evening"],
            motivation=4,
        )
    Application.objects.filter(pk=application.pk).update(token_hash=token_hash(TOKEN))
    return application


@pytest.fixture
def mentor(call, areas):
    return submitted_application(
        call,
        email="marta@example.org",
        role="mentor",
        focus_areas=[str(areas[1].pk)],
        mentored_before="yes",
        hours="1",
    )


def shown_answers(html: str) -> dict[str, str]:
    """The question → answer pairs of the page's answer lists, as text."""
    pairs: dict[str, str] = {}
    for block in re.findall(r'<dl class="[^"]*answers[^"]*">(.*?)</dl>', html, re.S):
        for label, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block, re.S):
            pairs[unescape(label).strip()] = unescape(re.sub(r"<[^>]+>", "", value)).strip()
    return pairs


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            {
                "¿En qué áreas quieres crecer?": "Finanzas, Liderazgo",
                "Tiempo que puedes dedicar": "2 horas a la semana",
                "¿Cuándo puedes reunirte?": "Lunes noche, Jueves noche",
                "¿Qué tan comprometida o comprometido estás?": "4 / 5",
            },
        ),
        (
            "en",
            {
                "Which areas do you want to grow in?": "Finanzas, Liderazgo",
                "Time you can give": "2 hours a week",
                "When can you meet?": "Monday evening, Thursday evening",
                "How committed are you?": "4 / 5",
            },
        ),
    ],
)
def test_the_applicants_own_page_shows_labels_in_the_pages_language(
    world, call, mentee, areas, language, expected
):
    client = client_for(None)
    url = reverse("recruitment:application", args=[call.slug, TOKEN])
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    shown = shown_answers(response.content.decode())
    for question, answer in expected.items():
        assert shown[question] == answer


def test_the_coordinators_application_page_shows_labels(world, mentee, mentor, areas):
    world.coordinator.language = "es"
    world.coordinator.save(update_fields=["language"])
    client = client_for(world.coordinator)
    page = client.get(
        reverse("recruitment:application-detail", args=[world.program.slug, mentor.pk])
    )
    shown = shown_answers(page.content.decode())
    assert shown["Áreas en las que puedes acompañar"] == "Finanzas"
    assert shown["¿Has sido mentora o mentor antes?"] == "Sí"
    assert shown["Tiempo que puedes dedicar"] == "1 hora a la semana"


def test_the_reviewers_page_shows_labels_in_their_language(world, mentee, areas):
    world.reviewer.language = "en"
    world.reviewer.save(update_fields=["language"])
    submitted_review(mentee, world.reviewer, by=world.coordinator, scores={"fit": 4})
    assignment = mentee.reviews.get(reviewer=world.reviewer)
    page = client_for(world.reviewer).get(
        reverse("recruitment:review-form", args=[world.program.slug, assignment.pk])
    )
    shown = shown_answers(page.content.decode())
    assert shown["Which areas do you want to grow in?"] == "Finanzas, Liderazgo"
    assert shown["Time you can give"] == "2 hours a week"


def test_the_call_export_shows_labels(world, call, mentee, mentor):
    world.coordinator.language = "es"
    world.coordinator.save(update_fields=["language"])
    response = client_for(world.coordinator).get(
        reverse("recruitment:application-export", args=[world.program.slug, call.pk, "csv"])
    )
    rows = {
        row["Correo electrónico"]: row
        for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    }
    assert rows["ana@example.org"]["focus_areas"] == "Finanzas; Liderazgo"
    assert rows["ana@example.org"]["hours"] == "2 horas a la semana"
    assert rows["marta@example.org"]["mentored_before"] == "Sí"


def test_the_privacy_download_keeps_the_names_of_the_chosen_focus_areas(world, mentee, areas):
    """The download lists each answer's stored text: for a list of options it is the options'
    labels (the focus areas' names), written when the answer was saved."""
    ana = UserFactory(email="ana@example.org")
    data = json.loads(build_json(ana))
    texts = {row["question__label"]: row["text"] for row in data["kinds"]["answers"]["rows"]}
    assert texts["¿En qué áreas quieres crecer?"] == "Finanzas, Liderazgo"
    assert texts["¿Cuándo puedes reunirte?"] == "Lunes noche, Jueves noche"


def test_the_survey_answers_export_shows_labels(world, areas):
    world.coordinator.language = "es"
    world.coordinator.save(update_fields=["language"])
    instrument = instrument_create(program=world.program, name="Encuesta", kind="survey")
    version = instrument.versions.get()
    question_add(
        version=version,
        key="channel",
        type=QuestionType.SINGLE_CHOICE,
        label="¿Por dónde vendes?",
        choices=[
            {"value": "1", "label": "Tienda propia", "label_en": "Own shop"},
            {"value": "2", "label": "En línea", "label_en": "Online"},
        ],
    )
    question_add(version=version, key="areas", type=QuestionType.FOCUS_AREAS, label="Áreas")
    version_publish(version=version, by=world.coordinator)
    round_ = monitoring.round_open(
        program=world.program,
        wave=world.wave,
        kind="baseline",
        instrument=instrument,
        roles=["mentee"],
        by=world.coordinator,
        today=timezone.localdate(),
        notify=False,
    )
    monitoring.round_answer(
        invitation=RoundInvitation.objects.get(round=round_, user=world.mentee),
        cleaned={"channel": "2", "areas": [str(areas[0].pk)]},
    )
    response = client_for(world.coordinator).post(
        reverse("reports:export", args=[world.program.slug]),
        {"file_format": "xlsx", "tables": ["survey_answers"], "submit_key": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[-1].iter_rows(values_only=True))
    answers = {row[4]: row[6] for row in rows[1:]}
    assert answers == {"channel": "En línea", "areas": "Liderazgo"}
