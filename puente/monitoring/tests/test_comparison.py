"""The comparison group and the change per participant: inviting waitlisted applicants,
answering through a private link, paired change beside the unpaired means (worked out by
hand), the difference in differences, suppression, the design's caveat and the sentences."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.core.tokens import token_hash
from puente.monitoring import comparison, services, statistics
from puente.monitoring import indicators as computing
from puente.monitoring.models import RoundInvitation
from puente.recruitment.models import Application, Call, Lottery

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
# Confidence (1–5) of the six mentees at baseline and endline: changes 2, 2, 1, 2, 1, 1.
MENTEES_BASELINE = [2, 2, 3, 3, 2, 3]
MENTEES_ENDLINE = [4, 4, 4, 5, 3, 4]
# Six comparison applicants: five answer both rounds (changes 0, 1, 0, 1, 0), the sixth only
# the baseline (not paired).
COMPARISON_BASELINE = [2, 3, 2, 3, 3, 2]
COMPARISON_ENDLINE = [2, 4, 2, 4, 3, None]


def _call(world, n=6, status=Application.Status.WAITLISTED):
    now = timezone.now()
    call = Call.objects.create(
        program=world.program,
        wave=world.wave,
        title="Convocatoria",
        slug="convocatoria",
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
    )
    applications = [
        Application.objects.create(
            call=call,
            role=Role.MENTEE,
            email=f"espera{k}@example.org",
            full_name=f"Espera {k}",
            language="en" if k == 0 else "es",
            status=status,
            token_hash=f"{k:064d}",
        )
        for k in range(n)
    ]
    return call, applications


def _round(world, kind):
    return services.round_open(
        program=world.program,
        wave=world.wave,
        kind=kind,
        instrument=world.surveys[kind],
        roles=[Role.MENTEE],
        by=world.coordinator,
        today=TODAY,
        notify=False,
    )


def _answer_members(round_, world, values):
    for membership, value in zip(world.mentees, values, strict=True):
        services.round_answer(
            invitation=RoundInvitation.objects.get(round=round_, user=membership.user),
            cleaned={"confidence": value},
        )


def _answer_comparison(round_, values):
    invitations = RoundInvitation.objects.filter(round=round_, comparison=True).order_by(
        "application_id"
    )
    for invitation, value in zip(invitations, values, strict=True):
        if value is not None:
            services.round_answer(invitation=invitation, cleaned={"confidence": value})


def _indicator(world, **fields):
    data = {"name": "Confianza", "computation": "answer_mean", "question_key": "confidence"}
    return services.indicator_save(program=world.program, data={**data, **fields})


def _both_rounds(world, *, with_comparison=True):
    if with_comparison:
        _call(world)
    baseline = _round(world, "baseline")
    _answer_members(baseline, world, MENTEES_BASELINE)
    if with_comparison:
        comparison.comparison_invite(round_=baseline, by=world.coordinator, notify=False)
        _answer_comparison(baseline, COMPARISON_BASELINE)
    endline = _round(world, "endline")
    _answer_members(endline, world, MENTEES_ENDLINE)
    if with_comparison:
        comparison.comparison_invite(round_=endline, by=world.coordinator, notify=False)
        _answer_comparison(endline, COMPARISON_ENDLINE)
    return baseline, endline


def test_invites_waitlisted_applicants_of_the_wave_once_each_with_a_private_link(me_world):
    call, applications = _call(me_world, n=2)
    Application.objects.filter(pk=applications[1].pk).update(status=Application.Status.REJECTED)
    accepted = Application.objects.create(
        call=call,
        role=Role.MENTEE,
        email="elegida@example.org",
        status=Application.Status.ACCEPTED,
        token_hash="a" * 64,
    )
    round_ = _round(me_world, "baseline")
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert comparison.comparison_invite(round_=round_, by=me_world.coordinator) == 1
    assert comparison.comparison_invite(round_=round_, by=me_world.coordinator) == 0
    invitation = RoundInvitation.objects.get(round=round_, comparison=True)
    assert invitation.application == applications[0]
    assert invitation.user is None and invitation.membership is None
    assert not RoundInvitation.objects.filter(application=accepted).exists()
    (email,) = [m for m in mail.outbox if "espera0@example.org" in m.to]
    # In the applicant's language (English), with a link that needs no account.
    assert "You applied to" in email.body
    token = re.search(r"/surveys/([^/\s]+)/", email.body).group(1)
    assert invitation.token_hash == token_hash(token)
    # The link opens the survey for anyone holding it, and answers it once.
    anonymous = Client()
    url = reverse("monitoring:comparison-answer", args=[token])
    assert anonymous.get(url).status_code == 200
    data = {
        "confidence": "3",
        "formally_registered": "yes",
        "po_process": "no",
        "sold_to_corporate": "no",
        "corporate_sales": "0",
        "monthly_sales": "80",
    }
    response = anonymous.post(url, data)
    assert response.status_code == 302
    assert anonymous.post(url, {**data, "confidence": "4"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    assert invitation.submission.answers.get(question__key="confidence").number == 4
    assert anonymous.get(reverse("monitoring:comparison-answer", args=["nope"])).status_code == 404
    # Closed: the answers no longer change.
    services.round_close(round_=round_, by=me_world.coordinator)
    anonymous.post(url, {**data, "confidence": "1"})
    assert invitation.submission.answers.get(question__key="confidence").number == 4


def test_comparison_answers_stay_out_of_the_indicators_unpaired_means(me_world):
    _both_rounds(me_world)
    indicator = _indicator(me_world)
    (result,) = computing.compute([indicator], today=TODAY, labels={"wave": {}, "track": {}})
    # The six mentees only: 15 / 6 and 24 / 6.
    assert result.overall.at("baseline").value == Decimal("2.50")
    assert result.overall.at("endline").value == Decimal("4.00")
    assert result.overall.at("baseline").people == 6


def test_paired_change_and_difference_in_differences_worked_by_hand(me_world):
    _both_rounds(me_world)
    indicator = _indicator(me_world)
    evidence = comparison.evidence(me_world.program, [indicator])[indicator.pk]
    (mentored,) = evidence.changes
    # Mentees' changes 2, 2, 1, 2, 1, 1: mean 1.5; deviations ±0.5 → variance 6 × 0.25 / 5 =
    # 0.3; sd 0.5477; d_z = 1.5 / 0.5477 = 2.7386; t(0.975; 5) = 2.5706, se 0.2236,
    # interval 1.5 ± 0.5748 = 0.9252 to 2.0748.
    assert mentored.kind == "endline" and mentored.stats.n == 6
    assert mentored.stats.mean == pytest.approx(1.5)
    assert mentored.stats.effect_size == pytest.approx(2.7386, abs=1e-4)
    assert mentored.stats.interval.low == pytest.approx(0.9252, abs=1e-4)
    assert mentored.stats.interval.high == pytest.approx(2.0748, abs=1e-4)
    assert mentored.figure.shown == Decimal("1.500")
    (other,) = evidence.comparison
    # Comparison: the five who answered both rounds, changes 0, 1, 0, 1, 0 (mean 0.4).
    assert other.stats.n == 5 and other.stats.mean == pytest.approx(0.4)
    (did,) = evidence.differences
    assert did.stats.difference == pytest.approx(1.1)
    reference = statistics.welch_difference([2, 2, 1, 2, 1, 1], [0, 1, 0, 1, 0])
    assert did.stats.interval == reference.interval
    assert did.figure.shown is not None
    assert evidence.design is not None and not evidence.design.randomized
    assert "Not randomized" in evidence.design.caveat or "No aleatorizado" in (
        evidence.design.caveat
    )


def test_sentence_in_plain_words_in_each_language(me_world):
    _both_rounds(me_world, with_comparison=False)
    indicator = _indicator(me_world)
    with translation.override("en"):
        (change,) = comparison.evidence(me_world.program, [indicator])[indicator.pk].changes
        assert change.sentence == (
            "Confianza rose 1.5 points on a 5-point scale (95% CI 0.9–2.1), n = 6."
        )
        assert change.effect_text == "2.74"
    with translation.override("es"):
        (change,) = comparison.evidence(me_world.program, [indicator])[indicator.pk].changes
        assert change.sentence == (
            "«Confianza» subió 1,5 puntos en una escala de 5 puntos (IC 95 % 0,9–2,1), n = 6."
        )
        assert change.effect_text == "2,74"


def test_small_groups_are_hidden_and_take_the_difference_with_them(me_world):
    _call(me_world, n=4)
    baseline = _round(me_world, "baseline")
    _answer_members(baseline, me_world, MENTEES_BASELINE)
    comparison.comparison_invite(round_=baseline, by=me_world.coordinator, notify=False)
    _answer_comparison(baseline, [2, 3, 2, 3])
    endline = _round(me_world, "endline")
    _answer_members(endline, me_world, MENTEES_ENDLINE)
    comparison.comparison_invite(round_=endline, by=me_world.coordinator, notify=False)
    _answer_comparison(endline, [3, 3, 2, 4])
    indicator = _indicator(me_world)
    evidence = comparison.evidence(me_world.program, [indicator])[indicator.pk]
    assert evidence.changes[0].figure.shown is not None  # six mentees
    (other,) = evidence.comparison
    assert other.figure.hidden == "few" and other.figure.shown is None
    (did,) = evidence.differences
    # Four comparison people: the difference would describe them, so it goes too.
    assert did.figure.shown is None
    assert "fewer than" in other.sentence or "menos de" in other.sentence


def test_a_lottery_makes_the_comparison_randomized_with_its_seed(me_world):
    _both_rounds(me_world)
    indicator = _indicator(me_world)
    call = Call.objects.get(slug="convocatoria")
    waitlisted = list(call.applications.values_list("pk", flat=True))
    lottery = Lottery.objects.create(
        call=call, role=Role.MENTEE, places=1, seed=4242, eligible=waitlisted, selected=[]
    )
    evidence = comparison.evidence(me_world.program, [indicator])[indicator.pk]
    assert evidence.design is not None and evidence.design.randomized
    assert evidence.design.seeds == [4242]
    assert "4242" in evidence.design.caveat
    # A comparison applicant who was not in the draw: the design is no longer randomized.
    lottery.eligible = waitlisted[1:]
    lottery.save()
    evidence = comparison.evidence(me_world.program, [indicator])[indicator.pk]
    assert evidence.design is not None and not evidence.design.randomized


def test_pages_show_the_paired_change_beside_the_means(me_world):
    baseline, _endline = _both_rounds(me_world)
    _indicator(me_world)
    coordinator = client_for(me_world.coordinator)
    for url in (
        reverse("monitoring:indicators", args=[me_world.program.slug]),
        reverse("reports:funder-dashboard", args=[me_world.program.slug]),
        reverse("reports:program-final", args=[me_world.program.slug]),
    ):
        page = coordinator.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert "Change per participant" in html, url
        assert "Difference in differences" in html, url
        assert "Not randomized" in html, url
    round_page = coordinator.get(
        reverse("monitoring:round", args=[me_world.program.slug, baseline.pk])
    )
    assert 'id="comparison-invitations"' in round_page.content.decode()
    observer = client_for(me_world.observer)
    page = observer.get(reverse("monitoring:indicators", args=[me_world.program.slug]))
    assert "paired-did" in page.content.decode()


def test_inviting_from_the_round_page(me_world):
    _call(me_world, n=3)
    round_ = _round(me_world, "baseline")
    url = reverse("monitoring:round-comparison", args=[me_world.program.slug, round_.pk])
    assert client_for(me_world.mentee).post(url).status_code == 403
    response = client_for(me_world.coordinator).post(url)
    assert response.status_code == 302
    assert RoundInvitation.objects.filter(round=round_, comparison=True).count() == 3


def test_survey_answers_export_carries_the_comparison_group_pseudonymously(me_world):
    import io
    import uuid

    from openpyxl import load_workbook

    _both_rounds(me_world)
    response = client_for(me_world.coordinator).post(
        f"/p/{me_world.program.slug}/exports/",
        {"file_format": "xlsx", "submit_key": str(uuid.uuid4()), "tables": ["survey_answers"]},
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content))["Survey answers"].values)
    roles = [row[2] for row in rows[1:]]
    assert roles.count("Comparison group") == 11  # six baseline answers, five endline
    people = {row[3] for row in rows[1:] if row[2] == "Comparison group"}
    assert len(people) == 6 and all(person.startswith("P-") for person in people)
    assert "espera" not in repr(rows)
