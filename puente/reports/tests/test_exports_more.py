"""The later export tables: plan goals and actions, survey answers (pseudonymous) and
indicators (suppressed as for observers), read back with openpyxl."""

import datetime as dt
import io
import uuid
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.instruments.services import instrument_from_template, version_publish
from puente.monitoring import services as monitoring
from puente.monitoring.models import Indicator, RoundInvitation
from puente.plans import services as plans
from puente.reports import exports

URL = "/p/programa-piloto/exports/"
TODAY = dt.date(2026, 11, 10)


def _export(world, tables):
    response = client_for(world.coordinator).post(
        URL, {"file_format": "xlsx", "submit_key": str(uuid.uuid4()), "tables": tables}
    )
    assert response.status_code == 200, response.content[:500]
    return load_workbook(io.BytesIO(response.content))


def test_plan_goals_and_actions(world, relationship):
    mentee = world.program.memberships.get(role=Role.MENTEE)
    plan = plans.plan_open(relationship=relationship, mentee=mentee)
    goal = plans.goal_create(
        plan=plan,
        title="Vender a dos empresas",
        indicator="empresas compradoras",
        target_value=Decimal(2),
        target_date=dt.date(2026, 12, 15),
        starts_on=dt.date(2026, 9, 15),
    )
    plans.action_create(
        plan=plan,
        title="Preparar la cotización",
        owner="mentee",
        due_on=dt.date(2026, 11, 30),
        goal=goal,
    )
    book = _export(world, ["goals", "plan_actions"])
    assert book.sheetnames == ["README", "Plan goals", "Plan actions"]
    goals = list(book["Plan goals"].iter_rows(values_only=True))
    assert goals[0][:4] == ("Relationship", "Mentee", "Focus area", "Goal")
    assert goals[1][0] == relationship.pk and goals[1][1] == world.mentee.full_name
    assert goals[1][3] == "Vender a dos empresas" and goals[1][6] == 2
    actions = list(book["Plan actions"].iter_rows(values_only=True))
    assert actions[1][2:5] == ("Vender a dos empresas", "Preparar la cotización", "Mentee")


@pytest.fixture
def surveyed(world):
    """Six mentees answered the baseline: the five women 2, 3, 4, 5 and 5 for confidence, the
    man 1."""
    mentees = [world.program.memberships.get(role=Role.MENTEE)]
    world.mentee.gender = "Mujer"
    world.mentee.save()
    for n, gender in enumerate(["Mujer", "Mujer", "Mujer", "Mujer", "Hombre"]):
        user = UserFactory(email=f"m{n}@example.org", gender=gender)
        mentees.append(
            MembershipFactory(user=user, program=world.program, role=Role.MENTEE, wave=world.wave)
        )
    instrument = instrument_from_template(program=world.program, template_key="baseline-survey")
    version_publish(version=instrument.versions.get(), by=world.coordinator)
    round_ = monitoring.round_open(
        program=world.program,
        wave=world.wave,
        kind="baseline",
        instrument=instrument,
        roles=[Role.MENTEE],
        by=world.coordinator,
        today=TODAY,
        notify=False,
    )
    for membership, confidence in zip(mentees, [2, 3, 4, 5, 5, 1], strict=True):
        monitoring.round_answer(
            invitation=RoundInvitation.objects.get(round=round_, user=membership.user),
            cleaned={
                "confidence": confidence,
                "po_process": True,
                "sold_to_corporate": False,
                "monthly_sales": Decimal(1000),
            },
        )
    world.mentees = mentees
    return world


def test_survey_answers_one_row_per_answer_with_a_pseudonym(surveyed):
    book = _export(surveyed, ["survey_answers"])
    rows = list(book["Survey answers"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:5] == ("Round", "Wave", "Role", "Person", "Question key")
    confidence = [r for r in body if r[4] == "confidence"]
    assert len(confidence) == 6
    assert sorted(r[6] for r in confidence) == [1, 2, 3, 4, 5, 5]
    people = {r[3] for r in body}
    assert len(people) == 6 and all(p.startswith("P-") for p in people)
    expected = exports.pseudonym(surveyed.program.pk, surveyed.mentee.pk)
    assert expected in people
    text = repr(rows)
    for membership in surveyed.mentees:
        assert membership.user.email not in text and membership.user.full_name not in text


def test_indicators_are_suppressed_as_for_observers(surveyed):
    Indicator.objects.create(
        program=surveyed.program,
        name="Confianza",
        computation=Indicator.Computation.ANSWER_MEAN,
        question_key="confidence",
        disaggregation=Indicator.Disaggregation.GENDER,
    )
    book = _export(surveyed, ["indicators"])
    rows = list(book["Indicators"].iter_rows(values_only=True))
    assert rows[0] == ("Indicator", "Unit", "Group", "Round", "Value", "People")
    baseline = {r[2]: r for r in rows[1:] if r[3] == "Baseline"}
    assert baseline["All"][4] == pytest.approx(3.33) and baseline["All"][5] == 6
    assert baseline["Hombre"][4] == "fewer than 5" and baseline["Hombre"][5] is None
    # Five women are enough, but with the man hidden their figure would give his away.
    assert baseline["Mujer"][4] == "withheld" and baseline["Mujer"][5] is None


def test_new_tables_are_offered_on_the_export_page(world):
    html = client_for(world.coordinator).get(URL).content.decode()
    for key in ["goals", "plan_actions", "survey_answers", "indicators"]:
        assert f'value="{key}"' in html
