"""The data-quality page of a round: who opens it, deciding on a flag (input kept on error, the
same POST twice decides once), adding and removing rules, running the checks, and its queries."""

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.instruments.models import Answer
from puente.monitoring import services
from puente.monitoring.models import RoundInvitation
from puente.monitoring.quality_models import QualityFlag, QualityRule

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


def _answer(sales):
    return {
        "confidence": 3,
        "formally_registered": "yes",
        "po_process": "no",
        "sold_to_corporate": "no",
        "corporate_sales": 0,
        "monthly_sales": sales,
    }


def _round(world, sales):
    """A baseline round of the world's wave answered by its mentees with ``sales``."""
    round_ = services.round_open(
        program=world.program,
        wave=world.wave,
        kind="baseline",
        instrument=world.surveys["baseline"],
        roles=[Role.MENTEE],
        by=world.coordinator,
        today=TODAY,
    )
    for membership, value in zip(world.mentees, sales, strict=False):
        invitation = RoundInvitation.objects.get(round=round_, user=membership.user)
        services.round_answer(invitation=invitation, cleaned=_answer(value))
    return round_


def _url(world, round_, name="monitoring:round-quality", **extra):
    return reverse(name, kwargs={"slug": world.program.slug, "pk": round_.pk, **extra})


def test_the_coordinator_sees_the_flags_and_others_do_not(me_world):
    round_ = _round(me_world, [-5, 1000, 1000])
    flag = QualityFlag.objects.get(round=round_, kind="out_of_range")
    page = client_for(me_world.coordinator).get(_url(me_world, round_))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="quality_flag-{flag.pk}"' in html
    assert flag.invitation.user.full_name in html
    assert "−5 is outside 0 to 100,000,000." in html
    for person in (me_world.observer, me_world.tutor, me_world.mentee):
        assert client_for(person).get(_url(me_world, round_)).status_code == 403
    assert client_for(me_world.other_coordinator).get(_url(me_world, round_)).status_code == 404
    # The round's page links to it for who may open it.
    round_page = client_for(me_world.coordinator).get(
        reverse("monitoring:round", args=[me_world.program.slug, round_.pk])
    )
    assert 'id="round-quality-link"' in round_page.content.decode()


def test_a_decision_without_a_note_keeps_what_was_typed(me_world):
    round_ = _round(me_world, [-5])
    flag = QualityFlag.objects.get(round=round_, kind="out_of_range")
    prefix = f"flag-{flag.pk}"
    response = client_for(me_world.coordinator).post(
        _url(me_world, round_, "monitoring:quality-flag", flag=flag.pk),
        {
            f"{prefix}-submit_key": str(uuid.uuid4()),
            f"{prefix}-status": "resolved",
            f"{prefix}-corrected_value": "1234.5",
            f"{prefix}-note": "",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="1234.5"' in html
    assert re.search(r'value="resolved"[^>]*checked', html)
    flag.refresh_from_db()
    assert flag.status == "open"


def test_the_same_decision_posted_twice_decides_once(me_world):
    round_ = _round(me_world, [-5])
    flag = QualityFlag.objects.get(round=round_, kind="out_of_range")
    prefix = f"flag-{flag.pk}"
    data = {
        f"{prefix}-submit_key": str(uuid.uuid4()),
        f"{prefix}-status": "resolved",
        f"{prefix}-corrected_value": "500",
        f"{prefix}-note": "Confirmado por teléfono",
    }
    client = client_for(me_world.coordinator)
    url = _url(me_world, round_, "monitoring:quality-flag", flag=flag.pk)
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    flag.refresh_from_db()
    assert (flag.status, flag.corrected_value, flag.decided_by) == (
        "resolved",
        Decimal(500),
        me_world.coordinator,
    )
    assert Answer.objects.get(pk=flag.answer_id).number == 500
    html = client.get(_url(me_world, round_)).content.decode()
    assert "Confirmado por teléfono" in html and "corrected to 500" in html


def test_adding_a_rule_checks_the_round_again(me_world, django_capture_on_commit_callbacks):
    round_ = _round(me_world, [1000, 2000, 3000])
    client = client_for(me_world.coordinator)
    data = {
        "rule-submit_key": str(uuid.uuid4()),
        "rule-kind": "range",
        "rule-question_key": "monthly_sales",
        "rule-max_value": "2500",
    }
    bad = client.post(
        _url(me_world, round_, "monitoring:quality-rule-add"), {**data, "rule-max_value": ""}
    )
    assert bad.status_code == 422
    assert 'value="monthly_sales" selected' in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(_url(me_world, round_, "monitoring:quality-rule-add"), data)
    assert done.status_code == 302
    # The question had a range rule (from its bounds): adding one changes it.
    rule = QualityRule.objects.get(round=round_, kind="range", question_key="monthly_sales")
    assert (rule.min_value, rule.max_value) == (None, 2500)
    (flag,) = QualityFlag.objects.filter(rule=rule)
    assert flag.value == "3000"
    # Removing it removes its open flag.
    client.post(_url(me_world, round_, "monitoring:quality-rule-delete", rule=rule.pk))
    assert not QualityFlag.objects.filter(pk=flag.pk).exists()


def test_the_check_button_runs_the_whole_round(me_world, django_capture_on_commit_callbacks):
    round_ = _round(me_world, [1000, 1100, 950, 1050, 1020, 90000])
    assert not QualityFlag.objects.filter(round=round_, kind="outlier").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(me_world.coordinator).post(
            _url(me_world, round_, "monitoring:quality-check")
        )
    assert response.status_code == 302
    assert QualityFlag.objects.filter(round=round_, kind="outlier").count() == 1


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_reads_a_fixed_number_of_queries(me_world):
    round_ = _round(me_world, [-1, -2])
    client = client_for(me_world.coordinator)
    small = _queries(client, _url(me_world, round_))
    assert QualityFlag.objects.filter(round=round_).count() >= 2
    for n in range(8):
        # The first two are one person with two accounts: a duplicate flag too.
        user = UserFactory(
            email=f"extra{n}@example.org",
            full_name="Doble Persona" if n < 2 else f"Persona {n}",
            city="Lima",
        )
        membership = MembershipFactory(
            user=user, program=me_world.program, role=Role.MENTEE, wave=me_world.wave
        )
        invitation = RoundInvitation.objects.create(round=round_, user=user, membership=membership)
        services.round_answer(invitation=invitation, cleaned=_answer(-3 - n))
    flag = QualityFlag.objects.filter(round=round_, kind="out_of_range").first()
    from puente.monitoring import quality

    quality.flag_decide(flag=flag, status="accepted", note="ok", by=me_world.coordinator)
    assert QualityFlag.objects.filter(round=round_).count() >= 10
    assert QualityFlag.objects.filter(round=round_, kind="duplicate").exists()
    assert _queries(client, _url(me_world, round_)) == small


def test_the_funder_and_the_report_read_the_summary_and_what_was_left_out(me_world):
    from puente.monitoring import quality
    from puente.monitoring.models import Indicator

    Indicator.objects.create(
        program=me_world.program,
        name="Ventas",
        computation=Indicator.Computation.ANSWER_MEAN,
        question_key="monthly_sales",
    )
    round_ = _round(me_world, [-5, -6, 1000, 1000, 1000, 1000])
    first, _second = QualityFlag.objects.filter(round=round_, kind="out_of_range")
    quality.flag_decide(flag=first, status="accepted", note="Devolución", by=me_world.coordinator)
    named = first.invitation.user.full_name
    pages = [
        client_for(me_world.observer).get(
            reverse("reports:funder-dashboard", args=[me_world.program.slug])
        ),
        client_for(me_world.coordinator).get(
            reverse("reports:program-final", args=[me_world.program.slug])
        ),
    ]
    for page in pages:
        assert page.status_code == 200
        html = re.sub(r"\s+", " ", page.content.decode())
        row = re.search(rf'<tr id="quality-round-{round_.pk}">(.*?)</tr>', html).group(1)
        cells = re.findall(r"<td>(\d+)", row)
        assert cells == ["1", "0", "1", "1"]  # open, resolved, accepted, answers left out
        assert "1 answer left out: out of range (1)" in html
        assert named not in html and "Devolución" not in html
