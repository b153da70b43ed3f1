"""A business and its buyer on one page: what it holds, who reads it, and its PDF."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import BusinessProfileFactory, MembershipFactory, UserFactory
from puente.mentoring.access import relationship_access
from puente.plans import services as plans
from puente.plans.access import PlanAccess
from puente.plans.models import AreaQuestion
from puente.programs.access import ProgramAccess, program_roles
from puente.recruitment.models import Application
from puente.recruitment.tests.helpers import make_call_with_rubric, submitted_application
from puente.reports.characterization import characterization

pytestmark = pytest.mark.django_db
D = Decimal


def _mentee(world):
    return world.program.memberships.get(user=world.mentee, role=Role.MENTEE)


def _url(world, relationship, name="characterization", mentee=None):
    mentee = mentee or _mentee(world)
    return reverse(f"reports:{name}", args=[world.program.slug, relationship.pk, mentee.pk])


@pytest.fixture
def business(world):
    return BusinessProfileFactory(
        owner=world.mentee,
        legal_name="Dulces Doña Rosa SAS",
        economic_activity="Panadería y repostería",
        city="Cali",
        years_operating=6,
        women_owned=True,
        sold_to_corporates=True,
        prior_corporate_sales="Refrigerios para una aseguradora, 2025.",
    )


@pytest.fixture
def application(world):
    """The mentee's accepted application, with answers the profile does not hold."""
    call = make_call_with_rubric(world.program, by=world.coordinator)
    application = submitted_application(
        call,
        email=world.mentee.email,
        city="Cali",
        goals="Quiero venderle a una cadena de supermercados.",
    )
    Application.objects.filter(pk=application.pk).update(membership=_mentee(world))
    return application


@pytest.fixture
def business_assessment(world):
    return plans.assessment_setup(
        program=world.program, template_key="business-gap-assessment", by=world.coordinator
    )


@pytest.fixture
def buyer(world, relationship, business_assessment):
    areas = {m.question_key: m.focus_area for m in AreaQuestion.objects.all()}
    buyer = plans.buyer_save(
        program=world.program,
        buyer=None,
        name="Supermercados El Trigal",
        sector="Comercio minorista de alimentos",
        location="Colombia y Ecuador",
        needs="Salsas, conservas y panadería",
        selection_criteria="Facturación electrónica; pago a 60 días",
        requirements={areas["formal_registration"].pk: (D(5), "Registro sanitario vigente")},
        businesses=[_mentee(world)],
    )
    return buyer


def test_the_page_holds_the_business_its_answers_its_buyer_and_the_gap(
    world, relationship, business, application, buyer, business_assessment
):
    plan = plans.plan_open(relationship=relationship, mentee=_mentee(world))
    assert plan.buyer == buyer
    assessment = plans.assessment_start(plan=plan, instrument=business_assessment)
    plans.assessment_answer(
        assessment=assessment,
        side="mentee",
        by=world.mentee,
        cleaned={"formal_registration": 2},
        submit=True,
    )
    page = client_for(world.mentor).get(_url(world, relationship))
    assert page.status_code == 200
    text = page.text
    assert "<h1>Dulces Doña Rosa SAS</h1>" in text
    assert "Panadería y repostería" in text and "Refrigerios para una aseguradora" in text
    # The application's answers that the profile does not hold; never the name twice or a file.
    answers = re.search(r'<section[^>]*id="application".*?</section>', text, re.S).group(0)
    assert "Quiero venderle a una cadena de supermercados." in answers
    assert "2 hours a week" in answers  # options as their labels
    assert "Cali" not in answers and "Ana Torres" not in answers
    # Its buyer and what it asks for, with the current gap (5 − 2 = 3.0).
    assert "Its buyer: Supermercados El Trigal" in text
    assert "Facturación electrónica; pago a 60 días" in text
    gap = re.search(r'<table id="characterization-gap">.*?</table>', text, re.S).group(0)
    assert "Registro sanitario vigente" in gap and "<strong>3</strong>" in gap
    assert _url(world, relationship, "characterization-pdf") in text


def test_before_any_assessment_the_buyers_requirements_are_shown(world, relationship, buyer):
    page = client_for(world.mentor).get(_url(world, relationship))
    gap = re.search(r'<table id="characterization-gap">.*?</table>', page.text, re.S).group(0)
    assert "Registro sanitario vigente" in gap
    assert "Not assessed yet" in page.text
    assert "No business profile yet" in page.text


def test_without_buyers_the_page_leaves_the_buyer_out(world, relationship):
    page = client_for(world.mentor).get(_url(world, relationship))
    assert page.status_code == 200 and 'id="buyer"' not in page.text


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor", 200),
        ("mentee", 200),
        ("tutor", 200),
        ("coordinator", 200),
        ("reviewer", 404),
        ("observer", 404),
        ("outsider", 404),
    ],
)
def test_who_reads_it(world, relationship, persona, status):
    client = client_for(getattr(world, persona))
    assert client.get(_url(world, relationship)).status_code == status
    first = client.get(
        reverse("reports:relationship-characterization", args=[world.program.slug, relationship.pk])
    )
    assert first.status_code == (302 if status == 200 else 404)
    if status == 200:
        assert first["Location"] == _url(world, relationship)


def test_in_a_circle_a_mentee_never_reads_another_mentees(world, relationship):
    other = MembershipFactory(
        user=UserFactory(email="segunda@example.org", full_name="Segunda Empresa"),
        program=world.program,
        role=Role.MENTEE,
    )
    relationship.mentees.add(other)
    assert client_for(world.mentee).get(_url(world, relationship, mentee=other)).status_code == 404
    page = client_for(world.mentor).get(_url(world, relationship, mentee=other))
    assert page.status_code == 200
    assert _url(world, relationship) in page.text  # the circle's other business, one click away


def test_the_relationship_page_and_the_plan_link_to_it(world, relationship):
    first = reverse(
        "reports:relationship-characterization", args=[world.program.slug, relationship.pk]
    )
    page = client_for(world.mentor).get(
        reverse("mentoring:relationship", args=[world.program.slug, relationship.pk])
    )
    assert f'href="{first}" id="characterization-link"' in page.text
    plan = client_for(world.mentor).get(
        reverse("plans:plan", args=[world.program.slug, relationship.pk, _mentee(world).pk])
    )
    assert _url(world, relationship) in plan.text


def test_the_pdf_is_one_a4_page(world, relationship, business, application, buyer):
    response = client_for(world.mentor).get(_url(world, relationship, "characterization-pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "dulces-dona-rosa-sas-characterization.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Dulces Doña Rosa SAS" in text and "Registro sanitario vigente" in text
    assert "Supermercados El Trigal" in text


def test_it_is_read_in_a_fixed_number_of_queries(
    world, relationship, business, application, buyer, django_assert_max_num_queries
):
    user = world.mentor
    access = ProgramAccess(
        program=world.program, user=user, roles=program_roles(user, world.program)
    )
    pa = PlanAccess(
        ra=relationship_access(access, relationship), mentee=_mentee(world), can_edit=True
    )
    with django_assert_max_num_queries(16):
        characterization(pa)
