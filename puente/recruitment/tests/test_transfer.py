"""Importing applicants from CSV/XLSX (preview, all or nothing) and exporting applications."""

import csv
import io
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from puente.conftest import client_for
from puente.core.spreadsheets import MAX_UPLOAD_BYTES, Table, TableRow
from puente.instruments.engine import typed_answers
from puente.instruments.models import Answer, Instrument, QuestionType, Submission
from puente.instruments.services import instrument_create, question_add, version_publish
from puente.recruitment import importing, services
from puente.recruitment.models import Application, ApplicationEvent, ReviewAssignment
from puente.recruitment.tests.transfer_helpers import (
    MENTEE_HEADERS,
    csv_file,
    mentee_row,
    transfer_call,
    xlsx_file,
)
from puente.recruitment.views_transfer import SESSION_KEY

pytestmark = pytest.mark.django_db

MEMBERS_WITHOUT_THE_RIGHT = ["reviewer", "tutor", "mentor", "mentee", "observer"]
MENTOR_HEADERS = [
    "Email",
    "Full name",
    "years_experience",
    "why_mentor",
    "offer",
    "focus_areas",
    "mentored_before",
    "hours",
    "availability",
    "cv",
    "notes",
]


@pytest.fixture(autouse=True)
def english(world):
    """Messages are checked in English: the coordinator reads Puente in English."""
    world.coordinator.language = "en"
    world.coordinator.save(update_fields=["language"])
    with translation.override("en"):
        yield


@pytest.fixture
def call(world):
    return transfer_call(world.program, world.coordinator)


@pytest.fixture
def coordinator(world):
    return client_for(world.coordinator)


def import_url(call):
    return reverse("recruitment:application-import", args=[call.program.slug, call.pk])


def confirm_url(call):
    return reverse("recruitment:application-import-confirm", args=[call.program.slug, call.pk])


def export_url(call, fmt):
    return reverse("recruitment:application-export", args=[call.program.slug, call.pk, fmt])


def preview(client, call, upload, role="mentee"):
    return client.post(import_url(call), {"role": role, "file": upload})


def confirm(client, call, response):
    return client.post(
        confirm_url(call), {"token": str(response.context["confirm_form"]["token"].value())}
    )


def table(rows, headers=MENTEE_HEADERS):
    return Table(list(headers), [TableRow(n, list(r)) for n, r in enumerate(rows, start=2)])


def imported(call, by, rows, role="mentee"):
    return importing.import_commit(call=call, role=role, table=table(rows), by=by)


def errors_of(call, rows, headers=MENTEE_HEADERS, role="mentee"):
    return importing.validate_table(call=call, role=role, table=table(rows, headers)).error_messages


# importing: preview and commit


def test_a_valid_csv_is_previewed_then_imported_without_email(world, call, coordinator):
    upload = csv_file(
        [mentee_row("Ana@Example.org"), mentee_row("luis@example.org", hours="1", motivation="5")],
        delimiter=";",
        encoding="cp1252",
    )
    response = preview(coordinator, call, upload)
    assert response.status_code == 200
    assert response.context["preview"].is_valid
    assert b"ana@example.org" in response.content
    assert Application.objects.count() == 0
    assert SESSION_KEY in coordinator.session

    response = confirm(coordinator, call, response)
    assert response.status_code == 302
    assert response.url == import_url(call)
    assert SESSION_KEY not in coordinator.session
    ana, luis = (Application.objects.get(email=e) for e in ("ana@example.org", "luis@example.org"))
    for application in (ana, luis):
        assert application.source == "import"
        assert application.status == Application.Status.SUBMITTED
        assert application.email_confirmed_at is not None
        assert application.submitted_at is not None
        assert application.token_hash
        assert application.submission.status == Submission.Status.SUBMITTED
        (event,) = application.events.all()
        assert event.action == ApplicationEvent.Action.IMPORTED
        assert event.actor == world.coordinator
        assert "postulantes.csv" in event.note
    assert ana.full_name == "Ana Pérez"
    assert ana.auto_points == Decimal(2)  # two hours a week meets the criterion
    assert luis.auto_points == Decimal(0)
    answers = {a.question.key: a for a in ana.submission.answers.select_related("question")}
    assert answers["hours"].text == "2"
    assert answers["motivation"].number == 4
    assert answers["city"].text == "Bogotá"
    assert sorted(c.value for c in answers["availability"].chosen.all()) == [
        "mon-morning",
        "wed-evening",
    ]
    areas = {str(a.pk) for a in world.program.focus_areas.all()}
    assert {c.value for c in answers["focus_areas"].chosen.all()} == areas
    assert mail.outbox == []


def test_a_valid_xlsx_is_imported_with_labels_words_and_numbers(world, call, coordinator):
    rows = [
        [
            "marta@example.org",
            "Marta Gómez",
            12,
            "Devolver lo aprendido",
            "Finanzas y ventas",
            "liderazgo",
            "Sí",
            "3 or more hours a week",
            "tue-evening, SAT-MORNING",
            "cv.pdf",
            "not a question",
        ],
        [
            "pedro@example.org",
            "Pedro Ruiz",
            "7,5",
            "Compartir",
            "Contactos",
            "Finanzas",
            0,
            "2",
            "fri-afternoon",
            "",
            "",
        ],
    ]
    response = preview(coordinator, call, xlsx_file(rows, MENTOR_HEADERS), role="mentor")
    assert response.status_code == 200, response.context["errors"]
    assert response.context["preview"].ignored == ["cv", "notes"]
    confirm(coordinator, call, response)
    marta = Application.objects.get(email="marta@example.org")
    assert marta.role == "mentor"
    assert marta.full_name == "Marta Gómez"
    values = typed_answers(marta.submission)
    assert values["years_experience"] == Decimal(12)
    assert values["mentored_before"] is True
    assert values["hours"] == "3"
    assert sorted(values["availability"]) == ["sat-morning", "tue-evening"]
    assert "cv" not in values
    pedro = typed_answers(Application.objects.get(email="pedro@example.org").submission)
    assert pedro["years_experience"] == Decimal("7.5")
    assert pedro["mentored_before"] is False


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row_and_why(call, coordinator):
    upload = csv_file(
        [
            mentee_row("ana@example.org"),
            mentee_row("not-an-email"),
            mentee_row("luis@example.org"),
            mentee_row("eva@example.org", hours="cinco horas"),
        ]
    )
    response = preview(coordinator, call, upload)
    assert response.status_code == 422
    errors = response.context["errors"]
    assert "Row 3: email is not valid" in errors
    assert any(e.startswith("Row 5: “hours” must be one of: 1 hour a week;") for e in errors)
    assert len(errors) == 2
    assert "confirm_form" not in response.context or not response.context["preview"].is_valid
    assert b"application-import-confirm" not in response.content
    assert SESSION_KEY not in coordinator.session

    rows = [mentee_row("ana@example.org"), mentee_row("not-an-email")]
    with pytest.raises(ValidationError) as caught:
        imported(call, None, rows)
    assert "Row 3: email is not valid" in caught.value.messages
    assert Application.objects.count() == 0
    assert Submission.objects.count() == 0
    assert Answer.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"motivation": "6"}, "Row 2: “motivation”: "),
        ({"motivation": "mucho"}, "Row 2: “motivation”: "),
        ({"city": ""}, "Row 2: “city” is required"),
        (
            {"focus_areas": "Finanzas; Cocina"},
            "Row 2: “focus_areas” must be one of: Finanzas; Liderazgo",
        ),
        ({"availability": "monday"}, "Row 2: “availability” takes slots such as mon-morning"),
        ({"goals": "x" * 5001}, "Row 2: “goals”: Ensure this value has at most 5000 characters"),
    ],
)
def test_each_bad_cell_is_named_with_its_question(call, changes, expected):
    errors = errors_of(call, [mentee_row("ana@example.org", **changes)])
    assert len(errors) == 1
    assert errors[0].startswith(expected)


def test_yes_no_takes_spanish_and_english_words(world, call):
    headers = [h.lower() for h in MENTOR_HEADERS[:9]]
    base = ["a@example.org", "A", "3", "x", "y", "Finanzas", "", "1", "mon-morning"]
    for word, value in [("sí", "yes"), ("SI", "yes"), ("true", "yes"), ("No", "no"), ("0", "no")]:
        result = importing.validate_table(
            call=call, role="mentor", table=table([base[:6] + [word] + base[7:]], headers)
        )
        assert result.is_valid, result.error_messages
        assert result.rows[0].cleaned["mentored_before"] == value
    errors = errors_of(call, [base[:6] + ["quizás"] + base[7:]], headers, role="mentor")
    assert errors == ["Row 2: “mentored_before” must be yes or no"]


def test_duplicate_emails_in_the_file_are_refused(call):
    errors = errors_of(
        call,
        [
            mentee_row("ana@example.org"),
            mentee_row("x@example.org"),
            mentee_row(" ANA@example.org"),
        ],
    )
    assert errors == ["Row 4: this email is also in row 2"]


def test_an_email_that_already_applied_is_refused(call, world):
    imported(call, world.coordinator, [mentee_row("ana@example.org")])
    errors = errors_of(call, [mentee_row("luis@example.org"), mentee_row("Ana@Example.org")])
    assert errors == ["Row 3: this email already applied to this call"]


def test_an_internal_call_refuses_other_domains(call):
    call.allowed_email_domains = "empresa.com"
    call.save()
    errors = errors_of(call, [mentee_row("ana@empresa.com"), mentee_row("ana@example.org")])
    assert errors == ["Row 3: this call only takes addresses of: empresa.com"]


def test_missing_email_or_required_columns_are_reported_for_the_file(call):
    headers = ["correo", "full_name", "goals", "focus_areas", "hours", "availability", "motivation"]
    errors = errors_of(
        call, [["a@example.org", "A", "x", "Finanzas", "1", "mon-morning", "3"]], headers
    )
    assert errors == ["The file has no column for the required question “City” (city)."]
    errors = errors_of(call, [mentee_row("a@example.org")[1:]], MENTEE_HEADERS[1:])
    assert errors == ["The file has no email column: add one named “email”."]


def test_columns_may_be_named_by_the_question_text(call):
    headers = [
        "E-mail",
        "Nombre completo",
        "CIUDAD",
        "What do you want to achieve through mentoring?",
        "focus_areas",
        "Time you can give",
        "availability",
        "motivation",
    ]
    result = importing.validate_table(
        call=call, role="mentee", table=table([mentee_row("a@example.org")], headers)
    )
    assert result.is_valid, result.error_messages
    assert result.rows[0].cleaned["goals"] == "Vender a grandes empresas"


def test_a_file_over_the_import_limit_imports_nothing(call, monkeypatch):
    monkeypatch.setattr(importing, "MAX_IMPORT_ROWS", 2)
    rows = [mentee_row(f"p{n}@example.org") for n in range(3)]
    assert errors_of(call, rows) == ["The file has 3 applicants; import at most 2 at a time."]
    assert errors_of(call, rows[:2]) == []


def test_automatic_points_are_those_a_rescore_gives(world, call):
    created = imported(
        call,
        world.coordinator,
        [mentee_row("a@example.org"), mentee_row("b@example.org", hours="3")],
    )
    before = [a.auto_points for a in created]
    services.call_rescore(call=call)
    assert [Application.objects.get(pk=a.pk).auto_points for a in created] == before == [2, 0]


def test_the_email_column_also_answers_a_question_named_email(world, call):
    form = instrument_create(program=world.program, name="Corta", kind=Instrument.Kind.APPLICATION)
    version = form.versions.get()
    question_add(version=version, key="email", type=QuestionType.SHORT_TEXT, label="Correo")
    question_add(version=version, key="full_name", type=QuestionType.SHORT_TEXT, label="Nombre")
    version_publish(version=version, by=world.coordinator)
    services.call_form_set(call=call, role="mentee", instrument=form)
    result = importing.validate_table(
        call=call,
        role="mentee",
        table=table([["a@example.org", "Ana", "x"]], ["Email", "Nombre", "other"]),
    )
    assert result.is_valid, result.error_messages
    assert result.rows[0].email == "a@example.org"
    assert result.rows[0].cleaned == {"email": "a@example.org", "full_name": "Ana"}
    assert result.ignored == ["other"]
    errors = errors_of(call, [["a@example.org", "b@example.org"]], ["email", "correo"])
    assert errors == ["The file has more than one email column."]


def test_a_header_only_file_imports_nothing(call):
    assert errors_of(call, []) == ["The file has a header row but no applicants."]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("postulantes.txt", b"email\na@example.org\n", "file_type"),
        (
            "postulantes.csv",
            b"email\n" + b"a@example.org\n" * (MAX_UPLOAD_BYTES // 14 + 1),
            "too_big",
        ),
        ("postulantes.xlsx", bytes(range(256)) * 8, "malformed"),
        ("postulantes.csv", bytes(range(256)) * 8, "encoding"),
        ("postulantes.csv", b"", "empty"),
    ],
    ids=["wrong-type", "oversize", "garbage-xlsx", "garbage-csv", "empty"],
)
def test_unreadable_files_are_refused_with_a_message(call, coordinator, name, content, code):
    response = preview(coordinator, call, SimpleUploadedFile(name, content))
    assert response.status_code == 422
    form = response.context["form"]
    assert form.has_error("file", code) or (code == "empty" and form.has_error("file"))
    assert form.errors["file"][0] in response.content.decode()
    assert SESSION_KEY not in coordinator.session
    assert Application.objects.count() == 0


def test_a_role_the_call_does_not_take_is_refused(world, coordinator):
    call = transfer_call(world.program, world.coordinator, slug="solo-mentees")
    call.forms.filter(role="mentor").delete()
    response = preview(coordinator, call, csv_file([mentee_row("a@example.org")]), role="mentor")
    assert response.status_code == 422
    assert response.context["form"].has_error("role")


def test_a_role_whose_form_is_not_published_is_refused(world, call, coordinator):
    draft = instrument_create(
        program=world.program, name="Borrador", kind=Instrument.Kind.APPLICATION
    )
    services.call_form_set(call=call, role="mentee", instrument=draft)
    response = preview(coordinator, call, csv_file([mentee_row("a@example.org")]))
    assert response.status_code == 422
    assert response.context["form"].has_error("role", "role")


def test_confirming_twice_imports_once(call, coordinator):
    response = preview(
        coordinator, call, csv_file([mentee_row("a@example.org"), mentee_row("b@example.org")])
    )
    first = confirm(coordinator, call, response)
    second = confirm(coordinator, call, response)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Application.objects.count() == 2
    assert ApplicationEvent.objects.filter(action="imported").count() == 2


def test_a_confirmation_without_its_preview_imports_nothing(call, coordinator):
    response = coordinator.post(confirm_url(call), {"token": str(uuid.uuid4())}, follow=True)
    assert response.redirect_chain == [(import_url(call), 302)]
    assert "no longer available" in response.content.decode()
    assert Application.objects.count() == 0


def test_a_preview_is_for_its_own_call(world, call, coordinator):
    other = transfer_call(world.program, world.coordinator, slug="otra-convocatoria")
    response = preview(coordinator, call, csv_file([mentee_row("a@example.org")]))
    token = str(response.context["confirm_form"]["token"].value())
    coordinator.post(confirm_url(other), {"token": token})
    assert Application.objects.count() == 0


def test_the_confirmation_checks_again_and_imports_nothing_if_someone_applied_since(
    call, coordinator
):
    response = preview(
        coordinator, call, csv_file([mentee_row("a@example.org"), mentee_row("b@example.org")])
    )
    Application.objects.create(call=call, email="b@example.org", role="mentee", token_hash="x" * 64)
    response = confirm(coordinator, call, response)
    assert response.status_code == 409
    assert "Row 3: this email already applied to this call" in response.content.decode()
    assert Application.objects.filter(source="import").count() == 0


# exporting


@pytest.fixture
def applications(world, call):
    """Ana (2 hours: 2 automatic points, reviewed 80, accepted), Luis (a formula as his goals),
    a mentor, and a person who never confirmed their email (not exported)."""
    ana, luis = imported(
        call,
        world.coordinator,
        [
            mentee_row("ana@example.org"),
            mentee_row("luis@example.org", full_name="Luis", goals="=1+1", hours="1"),
        ],
    )
    (marta,) = importing.import_commit(
        call=call,
        role="mentor",
        table=table(
            [
                [
                    "marta@example.org",
                    "Marta",
                    "10",
                    "x",
                    "y",
                    "Liderazgo",
                    "yes",
                    "3",
                    "sun-evening",
                ]
            ],
            [h.lower() for h in MENTOR_HEADERS[:9]],
        ),
        by=world.coordinator,
    )
    ReviewAssignment.objects.create(
        application=ana, reviewer=world.reviewer, total=Decimal(80), completed_at=timezone.now()
    )
    ReviewAssignment.objects.create(application=ana, reviewer=world.coordinator)  # not done
    Application.objects.filter(pk=ana.pk).update(
        status=Application.Status.ACCEPTED, decided_at=timezone.now(), decided_by=world.coordinator
    )
    Application.objects.create(
        call=call, email="started@example.org", role="mentee", token_hash="s" * 64
    )
    return ana, luis, marta


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_export_has_figures_answers_and_escaped_formulas(
    world, call, coordinator, applications
):
    response = coordinator.get(export_url(call, "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{call.slug}-applications.csv"'
    assert "no-store" in response["Cache-Control"]
    rows = {row["Email"]: row for row in csv_rows(response)}
    assert set(rows) == {"ana@example.org", "luis@example.org", "marta@example.org"}
    ana, luis, marta = rows["ana@example.org"], rows["luis@example.org"], rows["marta@example.org"]
    # Rubric weights 3+2+2+1 = 8, automatic 2: 100 × (8 × 0.80 + 2) / 10 = 84.
    assert ana["Total"] == "84"
    assert ana["Reviewers' mean"] == "80"
    assert ana["Automatic points"] == "2"
    assert ana["Status"] == "Accepted"
    assert ana["Source"] == "Imported"
    assert ana["Role"] == "Mentee"
    assert ana["Decided by"] == world.coordinator.full_name
    assert ana["Decided"]
    assert ana["hours"] == "2 hours a week"
    assert ana["focus_areas"] == "Finanzas; Liderazgo"
    assert ana["availability"] == "mon-morning; wed-evening"
    assert ana["motivation"] == "4"
    assert luis["goals"] == "'=1+1"
    assert luis["Total"] == ""  # not reviewed yet
    assert luis["Reviewers' mean"] == ""
    assert marta["mentored_before"] == "Yes"
    assert marta["years_experience"] == "10"
    assert marta["motivation"] == ""  # a mentee question, in the same file
    assert list(csv_rows(response)[0])[:11] == [
        "Email",
        "Name",
        "Role",
        "Status",
        "Submitted",
        "Source",
        "Total",
        "Reviewers' mean",
        "Automatic points",
        "Decided",
        "Decided by",
    ]


def test_xlsx_export_has_a_sheet_per_role_a_readme_and_formulas_as_text(
    call, coordinator, applications
):
    response = coordinator.get(export_url(call, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["README", "Mentor", "Mentee"]
    mentees = workbook["Mentee"]
    headers = [c.value for c in mentees[1]]
    assert headers[:2] == ["Email", "Name"]
    rows = {
        r[0]: dict(zip(headers, r, strict=True))
        for r in mentees.iter_rows(min_row=2, values_only=True)
    }
    assert set(rows) == {"ana@example.org", "luis@example.org"}
    assert rows["ana@example.org"]["Total"] == 84
    assert rows["ana@example.org"]["motivation"] == 4
    luis_goals = mentees.cell(
        row=list(rows).index("luis@example.org") + 2, column=headers.index("goals") + 1
    )
    assert luis_goals.data_type == "s"
    assert luis_goals.value == "'=1+1"
    mentor_headers = [c.value for c in workbook["Mentor"][1]]
    assert "years_experience" in mentor_headers and "motivation" not in mentor_headers
    readme = [tuple(c.value for c in row) for row in workbook["README"].iter_rows(min_row=2)]
    assert ("Mentee", "motivation", "How committed are you? (Scale)") in readme
    assert any(r[1] == "Total" for r in readme)


def test_export_follows_the_list_filters(call, coordinator, applications):
    rows = csv_rows(coordinator.get(export_url(call, "csv"), {"status": "accepted"}))
    assert [r["Email"] for r in rows] == ["ana@example.org"]
    rows = csv_rows(coordinator.get(export_url(call, "csv"), {"role": "mentor"}))
    assert [r["Email"] for r in rows] == ["marta@example.org"]
    assert "motivation" not in rows[0]
    workbook = load_workbook(
        io.BytesIO(coordinator.get(export_url(call, "xlsx"), {"role": "mentee"}).content)
    )
    assert workbook.sheetnames == ["README", "Mentee"]
    rows = csv_rows(coordinator.get(export_url(call, "csv"), {"status": "started"}))
    assert rows == []


def test_an_export_imports_again_into_another_call(world, call, coordinator, applications):
    content = coordinator.get(export_url(call, "csv"), {"role": "mentee"}).content
    other = transfer_call(world.program, world.coordinator, slug="segunda-convocatoria")
    response = preview(coordinator, other, SimpleUploadedFile("export.csv", content))
    assert response.status_code == 200, response.context["errors"]
    confirm(coordinator, other, response)
    luis = other.applications.get(email="luis@example.org")
    values = typed_answers(luis.submission)
    assert values["goals"] == "=1+1"
    assert values["hours"] == "1"
    assert luis.full_name == "Luis"


def _export_queries(client, call, fmt):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(export_url(call, fmt))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_the_applications(world, call, coordinator, fmt):
    def add(first, count):
        created = imported(
            call,
            world.coordinator,
            [mentee_row(f"p{n}@example.org") for n in range(first, first + count)],
        )
        for application in created:
            ReviewAssignment.objects.create(
                application=application,
                reviewer=world.reviewer,
                total=Decimal(60),
                completed_at=timezone.now(),
            )
        Application.objects.filter(pk=created[0].pk).update(
            status=Application.Status.REJECTED,
            decided_by=world.coordinator,
            decided_at=timezone.now(),
        )

    add(0, 3)
    coordinator.get(export_url(call, fmt))
    three = _export_queries(coordinator, call, fmt)
    add(3, 7)
    ten = _export_queries(coordinator, call, fmt)
    assert three == ten
    assert call.applications.count() == 10


# who may


def _pages(call):
    return [
        ("get", import_url(call)),
        ("get", export_url(call, "csv")),
        ("get", export_url(call, "xlsx")),
        ("post", confirm_url(call)),
    ]


@pytest.mark.parametrize("name", MEMBERS_WITHOUT_THE_RIGHT)
def test_members_without_the_right_are_forbidden(world, call, name):
    client = client_for(getattr(world, name))
    for method, url in _pages(call):
        assert getattr(client, method)(url).status_code == 403, url


@pytest.mark.parametrize("name", ["outsider", "other_coordinator"])
def test_outsiders_and_other_programs_coordinators_get_404(world, call, name):
    client = client_for(getattr(world, name))
    for method, url in _pages(call):
        assert getattr(client, method)(url).status_code == 404, url


def test_the_coordinator_may(call, coordinator):
    assert coordinator.get(import_url(call)).status_code == 200
    assert coordinator.get(export_url(call, "csv")).status_code == 200
    assert coordinator.get(export_url(call, "xlsx")).status_code == 200
    assert coordinator.post(confirm_url(call), {"token": str(uuid.uuid4())}).status_code == 302


def test_another_programs_call_is_not_found(world, call):
    other = transfer_call(world.other_program, world.other_coordinator, slug="ajena")
    client = client_for(world.coordinator)
    for url in (import_url(other), export_url(other, "csv")):
        url = url.replace(world.other_program.slug, world.program.slug)
        assert client.get(url).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(call):
    client = client_for(None)
    for method, url in _pages(call):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_wrong_methods_are_not_allowed(call, coordinator):
    assert coordinator.put(import_url(call)).status_code == 405
    assert coordinator.delete(import_url(call)).status_code == 405
    assert coordinator.get(confirm_url(call)).status_code == 405
    assert coordinator.post(export_url(call, "csv")).status_code == 405
    assert coordinator.post(export_url(call, "xlsx")).status_code == 405


def test_other_export_formats_do_not_exist(call, coordinator):
    url = export_url(call, "csv").replace(".csv", ".pdf")
    assert coordinator.get(url).status_code == 404


def test_the_import_page_explains_the_columns_and_links_the_exports(call, coordinator):
    response = coordinator.get(import_url(call))
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert "<code>motivation</code>" in content
    assert "a whole number from 1 to 5" in content
    assert export_url(call, "xlsx") in content
    assert export_url(call, "csv") in content


def test_a_spanish_export_has_spanish_headers_and_imports_again(world, call, applications):
    world.coordinator.language = "es"
    world.coordinator.save(update_fields=["language"])
    client = client_for(world.coordinator)
    content = client.get(export_url(call, "csv"), {"role": "mentee"}).content
    text = content.decode("utf-8-sig")
    headers = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert headers[:11] == [
        "Correo electrónico",
        "Nombre",
        "Rol",
        "Estado",
        "Enviada",
        "Origen",
        "Total",
        "Promedio de las evaluaciones",
        "Puntos automáticos",
        "Decidida",
        "Decidida por",
    ]
    assert "goals" in headers  # answers keep their question's key: it imports again
    other = transfer_call(world.program, world.coordinator, slug="tercera-convocatoria")
    response = preview(client, other, SimpleUploadedFile("exportado.csv", content))
    assert response.status_code == 200, response.context["errors"]
    confirm(client, other, response)
    assert other.applications.get(email="luis@example.org").full_name == "Luis"


@pytest.mark.slow
def test_spanish_excel_reads_the_call_export_in_columns_with_numbers(world, call, applications):
    from puente.core.tests.libreoffice import by_header, open_in_spreadsheet

    world.coordinator.language = "es"
    world.coordinator.save(update_fields=["language"])
    content = client_for(world.coordinator).get(export_url(call, "csv")).content
    rows = by_header(open_in_spreadsheet({"applications": content}, "es")["applications"])
    ana = next(row for row in rows if row["Correo electrónico"] == "ana@example.org")
    assert ana["Total"] == 84 and ana["Promedio de las evaluaciones"] == 80
    assert ana["Puntos automáticos"] == 2 and ana["motivation"] == 4
    assert ana["Estado"] == "Aceptada"
    luis = next(row for row in rows if row["Correo electrónico"] == "luis@example.org")
    assert luis["goals"] == "'=1+1" and luis["Total"] is None
