"""A mentor's report as read by its tutor: each answer as a person reads it (an option's label,
yes or no in the reader's language, a focus area's name), never the value stored for it."""

import datetime as dt
import re
from html import unescape

from django.urls import reverse

from puente.conftest import client_for
from puente.factories import FocusAreaFactory
from puente.instruments.models import QuestionType
from puente.instruments.services import question_add, version_edit, version_publish
from puente.reports import services
from puente.reports.tests.conftest import ANSWERS

OCTOBER = dt.date(2026, 10, 1)


def shown_answers(html: str) -> dict[str, str]:
    block = re.search(r'<dl class="answers">(.*?)</dl>', html, re.S)
    assert block, html
    return {
        unescape(label).strip(): unescape(re.sub(r"<[^>]+>", "", value)).strip()
        for label, value in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block.group(1), re.S)
    }


def test_a_reports_answers_are_shown_as_labels_in_the_readers_language(world, october):
    """The coordinator adapted the report form with a yes/no, a choice and the focus areas."""
    sales = FocusAreaFactory(program=world.program, name="Ventas")
    version = services.report_instrument(
        program=world.program, kind="monthly", by=world.coordinator
    )
    draft = version_edit(instrument=version.instrument)
    question_add(
        version=draft,
        key="met_buyer",
        type=QuestionType.YES_NO,
        label="¿Se reunieron con un comprador?",
        label_en="Did you meet a buyer?",
    )
    question_add(
        version=draft,
        key="mood",
        type=QuestionType.SINGLE_CHOICE,
        label="¿Cómo va la relación?",
        label_en="How is the relationship going?",
        choices=[
            {"value": "1", "label": "Con dificultades", "label_en": "Struggling"},
            {"value": "2", "label": "Bien", "label_en": "Well"},
        ],
    )
    question_add(
        version=draft,
        key="areas",
        type=QuestionType.FOCUS_AREAS,
        label="Áreas trabajadas",
        label_en="Areas worked on",
    )
    version_publish(version=draft, by=world.coordinator)
    report = services.report_save(
        relationship=october,
        kind="monthly",
        month=OCTOBER,
        by=world.mentor,
        cleaned={**ANSWERS, "met_buyer": "yes", "mood": "2", "areas": [str(sales.pk)]},
        submit=True,
    )
    world.tutor.language = "en"
    world.tutor.save(update_fields=["language"])
    page = client_for(world.tutor).get(
        reverse("reports:report-detail", args=[world.program.slug, report.pk])
    )
    shown = shown_answers(page.content.decode())
    assert shown["Did you meet a buyer?"] == "Yes"
    assert shown["How is the relationship going?"] == "Well"
    assert shown["Areas worked on"] == "Ventas"
    assert shown["Progress toward the goals this month"] == "4 / 5"
