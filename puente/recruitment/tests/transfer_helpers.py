"""Test data for importing and exporting applications: a call with published forms, and files."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from puente.accounts.models import User
from puente.instruments.models import Instrument
from puente.instruments.services import instrument_from_template, version_publish
from puente.programs.models import FocusArea, Program
from puente.recruitment import services
from puente.recruitment.models import Call

MENTEE_HEADERS = [
    "email",
    "full_name",
    "city",
    "goals",
    "focus_areas",
    "hours",
    "availability",
    "motivation",
]


def published(program: Program, template_key: str, by: User) -> Instrument:
    instrument = instrument_from_template(program=program, template_key=template_key)
    version_publish(version=instrument.versions.get(), by=by)
    return instrument


def transfer_call(
    program: Program,
    by: User,
    *,
    slug: str = "convocatoria-importada",
    rubric: bool = True,
    criteria: bool = True,
) -> Call:
    """An open call for mentors and mentees (the shipped templates, published), the program's
    focus areas Finanzas and Liderazgo, a screening rubric and one automatic criterion
    (2 points for giving 2 hours a week)."""
    FocusArea.objects.get_or_create(program=program, name="Finanzas", kind=FocusArea.Kind.BUSINESS)
    FocusArea.objects.get_or_create(program=program, name="Liderazgo", kind=FocusArea.Kind.PERSONAL)
    now = timezone.now()
    call = services.call_create(
        program=program,
        title="Convocatoria 2027",
        slug=slug,
        introduction="Buscamos personas con ganas de aprender.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        confirmation_message="Gracias.",
        is_published=True,
        forms={
            "mentee": published(program, "mentee-application", by),
            "mentor": published(program, "mentor-application", by),
        },
        rubric=published(program, "screening-rubric", by) if rubric else None,
    )
    if criteria:
        services.auto_criterion_add(
            call=call,
            label="Dos horas",
            question_key="hours",
            expected="2",
            weight=Decimal(2),
        )
    return call


def mentee_row(email: str, **changes: str) -> list[str]:
    values = {
        "email": email,
        "full_name": "Ana Pérez",
        "city": "Bogotá",
        "goals": "Vender a grandes empresas",
        "focus_areas": "Finanzas; Liderazgo",
        "hours": "2 horas a la semana",
        "availability": "mon-morning; wed-evening",
        "motivation": "4",
    }
    values.update(changes)
    return [values[h] for h in MENTEE_HEADERS]


def csv_file(
    rows: list[list[str]],
    headers: list[str] = MENTEE_HEADERS,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    name: str = "postulantes.csv",
) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def xlsx_file(
    rows: list[list[object]], headers: list[str], *, name: str = "postulantes.xlsx"
) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
