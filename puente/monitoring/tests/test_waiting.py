"""A pilot's indicators before their figures exist: the funder's dashboard and the M&E page say
why each figure is not there yet and when it appears (no round yet, fewer than 5 asked, "n of N
answered so far", a round closed with too few answers, a survey that does not ask the question)."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.instruments.services import instrument_from_template, version_publish
from puente.monitoring import indicators as computing
from puente.monitoring import packs, services
from puente.monitoring.models import RoundInvitation

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
ANSWER = {
    "confidence": 3,
    "formally_registered": "yes",
    "po_process": "no",
    "sold_to_corporate": "no",
    "corporate_sales": 0,
    "monthly_sales": 100,
}


def _pilot(world, mentees: int):
    """The world's program as a new supplier pilot: its pack, and ``mentees`` businesses in
    the wave (the world's mentee among them)."""
    made = services.indicator_pack_create(
        program=world.program, pack=packs.get("suppliers"), by=world.coordinator, language="en"
    )
    for n in range(mentees - 1):
        MembershipFactory(
            user=UserFactory(email=f"empresa{n}@example.org"),
            program=world.program,
            role=Role.MENTEE,
            wave=world.wave,
        )
    return made.survey


def _baseline(world, survey, *, answers: int, close: bool = False):
    round_ = services.round_open(
        program=world.program,
        wave=world.wave,
        kind="baseline",
        instrument=survey,
        roles=[Role.MENTEE],
        by=world.coordinator,
        today=TODAY,
        notify=False,
    )
    for invitation in RoundInvitation.objects.filter(round=round_).order_by("pk")[:answers]:
        services.round_answer(invitation=invitation, cleaned=ANSWER)
    if close:
        services.round_close(round_=round_, by=world.coordinator)
    return round_


def _notes(world) -> list[dict[str, str]]:
    results, _at = computing.program_results(
        world.program, today=TODAY, labels={"wave": {}, "track": {}}
    )
    return [result.overall.notes for result in results]


def _dashboard(world, person=None) -> str:
    url = reverse("reports:funder-dashboard", args=[world.program.slug])
    response = client_for(person or world.observer).get(url)
    assert response.status_code == 200
    return html.unescape(response.text)


def test_before_any_round_every_figure_says_it_waits_for_the_round(world):
    _pilot(world, mentees=1)
    notes = _notes(world)
    assert len(notes) == len(packs.get("suppliers").indicators)
    for note in notes:
        assert note["baseline"] == "No round yet: appears once 5 people have answered it."
        assert set(note) == {"baseline", "midline", "endline"}


def test_the_pilots_dashboard_shows_its_indicators_with_the_reasons(world):
    # A pilot of one business: the program's own figures stay hidden, but the funder sees what
    # will be measured, that the targets are still to be set, and why nothing shows yet.
    _pilot(world, mentees=1)
    page = _dashboard(world)
    assert "The program has fewer than 5 mentees" in page
    for spec in packs.get("suppliers").indicators:
        assert str(spec.name) in page
    assert page.count("No round yet: appears once 5 people have answered it.") == 3 * len(
        packs.get("suppliers").indicators
    )
    assert "target to fill in" in page
    # The funder cannot edit: the words carry no link.
    assert "/monitoring/indicators/" not in page.split('id="indicators"')[1].split("</section>")[0]
    coordinator = _dashboard(world, world.coordinator)
    assert re.search(
        r'href="/p/programa-piloto/monitoring/indicators/\d+/edit/#id_target"', coordinator
    )


def test_an_open_round_says_how_many_answered_so_far(world):
    survey = _pilot(world, mentees=8)
    _baseline(world, survey, answers=3)
    for note in _notes(world):
        assert note["baseline"] == "3 of 8 answered so far: appears when 5 have answered."
        assert note["endline"] == "No round yet: appears once 5 people have answered it."
    assert "3 of 8 answered so far" in _dashboard(world)


def test_a_round_asking_fewer_than_five_never_tells_how_many(world):
    survey = _pilot(world, mentees=3)
    _baseline(world, survey, answers=2)
    for note in _notes(world):
        assert note["baseline"] == (
            "Fewer than 5 people were asked: this round's figure stays hidden."
        )
    page = _dashboard(world)
    assert "2 of 3" not in page and "Fewer than 5 people were asked" in page


def test_a_round_closed_with_too_few_answers_says_so(world):
    survey = _pilot(world, mentees=8)
    _baseline(world, survey, answers=4, close=True)
    for note in _notes(world):
        assert note["baseline"] == (
            "The round closed with fewer than 5 answers: this figure stays hidden."
        )


def test_with_five_answers_the_figures_show_and_nothing_is_said_instead(world):
    survey = _pilot(world, mentees=8)
    _baseline(world, survey, answers=5)
    results, _at = computing.program_results(
        world.program, today=TODAY, labels={"wave": {}, "track": {}}
    )
    by_key = {result.indicator.question_key: result for result in results}
    confidence = by_key["confidence"].overall
    assert (confidence.at("baseline").value, confidence.notes.get("baseline")) == (3, None)
    # Nobody answered yes: 0 % is shown, not a reason.
    sold = by_key["sold_to_corporate"].overall
    assert (sold.at("baseline").value, sold.notes.get("baseline")) == (0, None)
    # 5 answered yes, a share of people: shown too.
    formal = by_key["formally_registered"].overall
    assert formal.at("baseline").value == 100 and "baseline" not in formal.notes


def test_a_survey_that_does_not_ask_the_question_is_named(world):
    _pilot(world, mentees=6)
    other = instrument_from_template(
        program=world.program, template_key="community-baseline-survey"
    )
    version_publish(version=other.versions.get(), by=world.coordinator)
    round_ = _baseline(world, other, answers=0)
    for invitation in RoundInvitation.objects.filter(round=round_):
        services.round_answer(invitation=invitation, cleaned={"confidence": 4})
    notes = {
        result.indicator.question_key: result.overall.notes
        for result in computing.program_results(
            world.program, today=TODAY, labels={"wave": {}, "track": {}}
        )[0]
    }
    assert notes["confidence"] == {
        "midline": "No round yet: appears once 5 people have answered it.",
        "endline": "No round yet: appears once 5 people have answered it.",
    }
    assert notes["formally_registered"]["baseline"] == (
        "The survey of this round does not ask “formally_registered”."
    )


def test_a_round_that_did_not_ask_the_indicators_people_says_so(world):
    services.indicator_pack_create(
        program=world.program, pack=packs.get("reverse"), by=world.coordinator
    )
    survey = world.program.instruments.get()
    for n in range(5):
        MembershipFactory(
            user=UserFactory(email=f"joven{n}@example.org"),
            program=world.program,
            role=Role.MENTEE,
            wave=world.wave,
        )
    services.round_open(
        program=world.program,
        wave=world.wave,
        kind="baseline",
        instrument=survey,
        roles=[Role.MENTEE],
        by=world.coordinator,
        today=TODAY,
        notify=False,
    )
    mentees, mentors = _notes(world)
    assert mentees["baseline"] == "0 of 6 answered so far: appears when 5 have answered."
    assert mentors["baseline"] == (
        "This round did not ask the people this indicator counts (Mentor)."
    )


def test_activity_indicators_wait_for_a_round_too(world):
    services.indicator_save(
        program=world.program,
        data={"name": "Reuniones", "computation": "meetings_held", "level": "output"},
    )
    (notes,) = _notes(world)
    assert notes["baseline"] == "No round yet: counted from the day the round opens."


def test_a_pilot_with_fewer_than_five_mentees_still_shows_its_indicators(world):
    services.indicator_save(
        program=world.program,
        data={
            "name": "Confianza para vender",
            "computation": "answer_mean",
            "question_key": "confidence",
            "level": "outcome",
        },
    )
    page = _dashboard(world)
    section = page.split('id="indicators"')[1]
    assert "Confianza para vender" in section
    assert "No round yet: appears once 5 people have answered it." in section
    assert "target to fill in" in section


def test_no_chart_is_drawn_before_any_figure_can_be_shown(world):
    survey = _pilot(world, mentees=8)
    _baseline(world, survey, answers=3)
    results, _at = computing.program_results(
        world.program, today=TODAY, labels={"wave": {}, "track": {}}
    )
    assert all(computing.chart(result) == "" for result in results)
    for invitation in RoundInvitation.objects.filter(answered_at__isnull=True)[:2]:
        services.round_answer(invitation=invitation, cleaned=ANSWER)
    results, _at = computing.program_results(
        world.program, today=TODAY, labels={"wave": {}, "track": {}}
    )
    confidence = next(r for r in results if r.indicator.question_key == "confidence")
    assert "<svg" in computing.chart(confidence)
