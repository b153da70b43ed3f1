import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.mentoring.models import Relationship
from puente.reports import services
from puente.reports.models import Certificate, MentorReport
from puente.reports.tests.conftest import ANSWERS

OCTOBER = dt.date(2026, 10, 1)


def edit_url(relationship, month=OCTOBER):
    return reverse(
        "reports:report-edit",
        args=[relationship.program.slug, relationship.pk, month.year, month.month],
    )


def filed(world, relationship, month=OCTOBER, submit=True) -> MentorReport:
    return services.report_save(
        relationship=relationship,
        kind="monthly",
        month=month,
        by=world.mentor,
        cleaned=ANSWERS,
        submit=submit,
    )


def complete(relationship: Relationship) -> Relationship:
    Relationship.objects.filter(pk=relationship.pk).update(status=Relationship.Status.COMPLETED)
    relationship.refresh_from_db()
    return relationship


# --- My reports ------------------------------------------------------------------------------


def test_reports_page_lists_the_mentors_months_and_the_tutors_queue(world, october):
    url = reverse("reports:mine", args=["programa-piloto"])
    page = client_for(world.mentor).get(url).content.decode()
    assert edit_url(october) in page and "Missing" in page
    filed(world, october)
    tutor_page = client_for(world.tutor).get(url).content.decode()
    report = MentorReport.objects.get()
    assert reverse("reports:report-detail", args=["programa-piloto", report.pk]) in tutor_page


def test_reports_page_outsider_404_anonymous_redirect_post_405(world, relationship):
    url = reverse("reports:mine", args=["programa-piloto"])
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert client_for(world.mentor).post(url).status_code == 405


# --- Filing a report -------------------------------------------------------------------------


def test_the_form_shows_the_month_prefilled_from_the_logs(world, october):
    response = client_for(world.mentor).get(edit_url(october))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="summary-held">2<' in page and 'id="summary-missed">1<' in page
    assert 'id="summary-hours">2.3<' in page
    assert "Precios de temporada" in page and "Cotizar con dos proveedores" in page


def test_report_form_outsider_404_anonymous_redirect_405(world, october):
    assert client_for(world.outsider).get(edit_url(october)).status_code == 404
    assert client_for(None).get(edit_url(october)).status_code == 302
    assert client_for(world.mentor).put(edit_url(october)).status_code == 405
    # A month outside the relationship is not found.
    assert client_for(world.mentor).get(edit_url(october, dt.date(2026, 6, 1))).status_code == 404
    bad = f"/p/programa-piloto/reports/relationships/{october.pk}/2026-13/"
    assert client_for(world.mentor).get(bad).status_code == 404


def test_saving_a_draft_then_submitting(world, october):
    client = client_for(world.mentor)
    response = client.post(edit_url(october), {"progress": "A medias", "save_draft": "1"})
    assert response.status_code == 302
    report = MentorReport.objects.get()
    assert report.status == MentorReport.Status.DRAFT
    assert "A medias" in client.get(edit_url(october)).content.decode()
    response = client.post(edit_url(october), {**ANSWERS, "submit_report": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == MentorReport.Status.SUBMITTED
    assert report.snapshot["held"] == 2
    # Submitting twice keeps one report.
    client.post(edit_url(october), {**ANSWERS, "submit_report": "1"})
    assert MentorReport.objects.count() == 1


def test_an_incomplete_submission_keeps_what_was_typed(world, october):
    response = client_for(world.mentor).post(
        edit_url(october), {"progress": "Escrito a mano", "submit_report": "1"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Escrito a mano" in page and "This field is required" in page
    assert not MentorReport.objects.exists()


# --- Review ----------------------------------------------------------------------------------


def detail_url(report):
    return reverse("reports:report-detail", args=["programa-piloto", report.pk])


def review_url(report):
    return reverse("reports:report-review", args=["programa-piloto", report.pk])


@pytest.mark.parametrize("role", ["tutor", "coordinator", "mentor"])
def test_the_report_is_read_by_mentor_tutor_and_coordinator(world, october, role):
    report = filed(world, october)
    response = client_for(getattr(world, role)).get(detail_url(report))
    assert response.status_code == 200
    assert "Definimos precios" in response.content.decode()
    assert ('id="review-form"' in response.content.decode()) is (role != "mentor")


def test_report_detail_mentee_403_outsider_404_anonymous_405(world, october):
    report = filed(world, october)
    assert client_for(world.mentee).get(detail_url(report)).status_code == 403
    assert client_for(world.observer).get(detail_url(report)).status_code == 404
    assert client_for(world.outsider).get(detail_url(report)).status_code == 404
    assert client_for(None).get(detail_url(report)).status_code == 302
    assert client_for(world.tutor).post(detail_url(report)).status_code == 405


def test_the_tutor_sends_back_then_accepts(world, october):
    report = filed(world, october)
    tutor = client_for(world.tutor)
    response = tutor.post(review_url(report), {"decision": "return", "comment": ""})
    assert response.status_code == 422
    assert "Say what should change" in response.content.decode()
    tutor.post(review_url(report), {"decision": "return", "comment": "Más detalle"})
    report.refresh_from_db()
    assert report.status == MentorReport.Status.RETURNED
    mentor_page = client_for(world.mentor).get(edit_url(october)).content.decode()
    assert "Más detalle" in mentor_page
    client_for(world.mentor).post(edit_url(october), {**ANSWERS, "submit_report": "1"})
    tutor.post(review_url(report), {"decision": "accept", "comment": "Gracias"})
    report.refresh_from_db()
    assert report.status == MentorReport.Status.ACCEPTED
    # An accepted report is no longer editable: the form leads to the report.
    assert client_for(world.mentor).get(edit_url(october)).status_code == 302


def test_review_by_mentor_or_mentee_is_refused(world, october):
    report = filed(world, october)
    assert (
        client_for(world.mentor).post(review_url(report), {"decision": "accept"}).status_code == 403
    )
    assert (
        client_for(world.mentee).post(review_url(report), {"decision": "accept"}).status_code == 403
    )
    assert client_for(world.tutor).get(review_url(report)).status_code == 405


def test_a_tutor_not_following_the_relationship_cannot_review(world, october):
    other_tutor = UserFactory()
    MembershipFactory(user=other_tutor, program=world.program, role=Role.TUTOR)
    report = filed(world, october)
    assert client_for(other_tutor).get(detail_url(report)).status_code == 404


# --- Who has not filed -----------------------------------------------------------------------


def filing_url(**query):
    return reverse("reports:filing", args=["programa-piloto"]), query


def test_the_filing_table_marks_filed_reviewed_and_missing(world, october):
    report = filed(world, october, month=dt.date(2026, 9, 1))
    services.report_review(report=report, by=world.tutor, accept=True, comment="")
    filed(world, october)
    url, _query = filing_url()
    page = client_for(world.coordinator).get(url, {"until": "2026-10"}).content.decode()
    assert 'name="signer_name"' not in page  # filters only: signing is the certificates' form
    assert page.count('class="filing-accepted"') == 1
    assert page.count('class="filing-submitted"') == 1
    assert page.count('class="filing-missing"') == 0
    page = client_for(world.coordinator).get(url, {"until": "2026-11"}).content.decode()
    assert page.count('class="filing-missing"') == 0  # November is not over
    # Filtered by another tutor: nothing to show.
    other = MembershipFactory(program=world.program, role=Role.TUTOR)
    page = client_for(world.coordinator).get(url, {"tutor": other.pk}).content.decode()
    assert "No relationship matches" in page


def test_the_filing_table_counts_missing_months(world, october):
    url, _query = filing_url()
    page = client_for(world.coordinator).get(url, {"until": "2026-10"}).content.decode()
    assert page.count('class="filing-missing"') == 2  # September and October


def test_the_filing_table_outsider_404_anonymous_post_405(world, relationship):
    url, _query = filing_url()
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert client_for(world.coordinator).post(url).status_code == 405


def _more_relationships(world, count: int) -> None:
    for index in range(count):
        mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=world.wave)
        mentee = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
        relationship = Relationship.objects.create(
            program=world.program,
            wave=world.wave,
            mentor=mentor,
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 12, 31),
        )
        relationship.mentees.add(mentee)
        MentorReport.objects.create(
            relationship=relationship,
            month=OCTOBER,
            status="submitted" if index % 2 else "accepted",
        )


def test_the_filing_table_query_count_does_not_grow(world, relationship, django_assert_num_queries):
    client = client_for(world.coordinator)
    url, _query = filing_url()
    _more_relationships(world, 2)
    client.get(url)  # warm the session
    with django_assert_num_queries(11) as small:
        assert client.get(url, {"wave": world.wave.pk}).status_code == 200
    _more_relationships(world, 8)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url, {"wave": world.wave.pk})
    assert response.content.decode().count('<tr id="relationship-') == 11


# --- Certificates ----------------------------------------------------------------------------


@pytest.fixture
def certificates(world, october) -> dict[str, Certificate]:
    complete(october)
    issued = services.certificates_issue(program=world.program, by=world.coordinator)
    return {c.role: c for c in issued}


def pdf_url(certificate):
    return reverse("reports:certificate-pdf", args=["programa-piloto", certificate.pk])


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_mentee_downloads_their_certificate(world, certificates):
    certificate = certificates["mentee"]
    response = client_for(world.mentee).get(pdf_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert world.mentee.full_name in text
    assert "3 meetings held, 3.3 hours" in text
    assert certificate.code in text


def test_certificate_pdf_draws_accents(world, october):
    world.mentee.full_name = "María Ñúñez Peña"
    world.mentee.save()
    complete(october)
    certificate = next(
        c
        for c in services.certificates_issue(program=world.program, by=world.coordinator)
        if c.role == "mentee"
    )
    response = client_for(world.mentee).get(pdf_url(certificate))
    assert "María Ñúñez Peña" in pdf_text(response.content)


def test_certificate_pdf_holder_and_coordinator_only(world, certificates):
    url = pdf_url(certificates["mentee"])
    assert client_for(world.coordinator).get(url).status_code == 200
    assert client_for(world.mentor).get(url).status_code == 404  # someone else's
    assert client_for(world.tutor).get(url).status_code == 404
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert client_for(world.mentee).post(url).status_code == 405


def test_the_mentee_finds_the_certificate_on_the_reports_page(world, certificates):
    page = client_for(world.mentee).get(reverse("reports:mine", args=["programa-piloto"]))
    assert pdf_url(certificates["mentee"]) in page.content.decode()


def test_verification_valid_unknown_revoked(world, certificates):
    certificate = certificates["mentor"]
    url = reverse("reports:certificate-verify", args=[certificate.code])
    response = client_for(None).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert world.mentor.full_name in page and "This certificate is valid" in page
    assert "Programa piloto" in page and ">3<" in page and "3.3" in page
    assert f'id="certificate-issuer">{world.program.organization.name}<' in page
    assert client_for(None).get(url.lower()).status_code == 200  # typed in lower case
    unknown = reverse("reports:certificate-verify", args=["NOPE" + "X" * 12])
    assert client_for(None).get(unknown).status_code == 404
    services.certificate_revoke(certificate=certificate, by=world.coordinator, reason="Error")
    page = client_for(None).get(url).content.decode()
    assert "was revoked" in page and "This certificate is valid" not in page
    assert client_for(world.mentor).get(pdf_url(certificate)).status_code == 404


def test_coordinator_issues_certificates_once(world, october):
    complete(october)
    client = client_for(world.coordinator)
    url = reverse("reports:certificates-issue", args=["programa-piloto"])
    assert client.post(url, {"wave": world.wave.pk}).status_code == 302
    assert client.post(url, {"wave": world.wave.pk}).status_code == 302
    assert Certificate.objects.count() == 2
    page = client.get(reverse("reports:certificates", args=["programa-piloto"])).content.decode()
    assert world.mentee.full_name in page
    assert client.post(url, {"wave": 999999}).status_code == 422


def test_certificates_outsider_404_anonymous_405(world, certificates):
    url = reverse("reports:certificates", args=["programa-piloto"])
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    issue = reverse("reports:certificates-issue", args=["programa-piloto"])
    assert client_for(world.coordinator).get(issue).status_code == 405


def test_coordinator_revokes(world, certificates):
    certificate = certificates["mentee"]
    url = reverse("reports:certificate-revoke", args=["programa-piloto", certificate.pk])
    client_for(world.coordinator).post(url, {"reason": ""})
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    client_for(world.coordinator).post(url, {"reason": "Datos equivocados"})
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert client_for(world.mentee).post(url, {"reason": "x"}).status_code == 403


def _certify_more(world, count: int) -> None:
    for _index in range(count):
        mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=world.wave)
        mentee = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
        relationship = Relationship.objects.create(
            program=world.program,
            wave=world.wave,
            mentor=mentor,
            status=Relationship.Status.COMPLETED,
            starts_on=dt.date(2026, 1, 5),
            ends_on=dt.date(2026, 5, 1),
        )
        relationship.mentees.add(mentee)
    services.certificates_issue(program=world.program, by=world.coordinator)


def test_the_certificates_list_query_count_does_not_grow(world, django_assert_num_queries):
    client = client_for(world.coordinator)
    url = reverse("reports:certificates", args=["programa-piloto"])
    _certify_more(world, 2)
    client.get(url)
    with django_assert_num_queries(7) as small:
        client.get(url)
    _certify_more(world, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('<tr id="certificate-') == 16


def test_the_review_queue_query_count_does_not_grow(world, django_assert_num_queries):
    client = client_for(world.coordinator)
    url = reverse("reports:mine", args=["programa-piloto"])
    _more_relationships(world, 2)
    client.get(url)
    with django_assert_num_queries(7) as small:
        client.get(url)
    _more_relationships(world, 8)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("/reports/") >= 5


def test_an_unpublished_report_form_is_not_published_behind_the_coordinator(world, october):
    from puente.instruments.services import instrument_from_template

    instrument_from_template(program=world.program, template_key="monthly-mentor-report")
    response = client_for(world.mentor).get(edit_url(october))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:mine", args=["programa-piloto"])
    assert not world.program.instruments.filter(versions__status="published").exists()


def test_the_final_report_opens_once_the_relationship_is_completed(world, october):
    url = reverse("reports:report-final", args=["programa-piloto", october.pk])
    client = client_for(world.mentor)
    assert client.get(url).status_code == 404  # still running
    complete(october)
    response = client.get(url)
    assert response.status_code == 200
    assert 'id="summary-held">3<' in response.content.decode()  # every meeting, not a month
    response = client.post(
        url, {"achievements": "Primera venta", "goals_met": "5", "submit_report": "1"}
    )
    assert response.status_code == 302
    final = MentorReport.objects.get(kind="final")
    assert final.status == MentorReport.Status.SUBMITTED and final.snapshot["minutes"] == 195
    page = client.get(reverse("reports:mine", args=["programa-piloto"])).content.decode()
    assert url in page
