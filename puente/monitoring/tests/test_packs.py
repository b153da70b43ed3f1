"""Indicator packs: each kind of program gets its indicators (targets to fill in) with the
baseline survey that asks exactly their questions, in one click from the M&E page."""

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import OrganizationFactory, UserFactory
from puente.instruments import catalog, registry
from puente.instruments.models import Instrument, InstrumentVersion
from puente.monitoring import packs, services
from puente.monitoring.forms import RoundOpenForm
from puente.monitoring.models import Indicator
from puente.programs import services as programs
from puente.programs.models import FocusArea, Program

pytestmark = pytest.mark.django_db


def _measured(questions):
    """The keys of the questions an indicator can read (not free text)."""
    return {q["key"] for q in questions if not registry.get(q["type"]).free_text}


@pytest.mark.parametrize("pack", packs.PACKS, ids=lambda pack: pack.key)
def test_each_pack_survey_asks_exactly_what_its_indicators_read(pack):
    baseline = catalog.get(pack.survey_key)
    assert _measured(baseline.questions) == pack.question_keys
    # Anything else is an optional comment.
    for question in baseline.questions:
        if question["key"] not in pack.question_keys:
            assert not question["required"]
    # Midline and endline ask the same questions, so the indicators compare across rounds.
    for kind in ("midline", "endline"):
        later = catalog.get(catalog.survey_key(pack.survey_prefix, kind))
        assert [q["key"] for q in later.questions] == [q["key"] for q in baseline.questions]
    # Means read numbers or scales, shares of yes read yes/no questions.
    types = {q["key"]: q["type"] for q in baseline.questions}
    for indicator in pack.indicators:
        expected = {
            Indicator.Computation.ANSWER_MEAN: {"scale", "number"},
            Indicator.Computation.ANSWER_SHARE_YES: {"yes_no"},
        }[indicator.computation]
        assert types[indicator.question_key] in expected, indicator.question_key


def _new_program(format: str, *, business_areas: bool = False) -> tuple[Program, object]:
    organization = OrganizationFactory()
    admin = UserFactory(language="en")
    program = programs.program_create(
        organization=organization,
        created_by=admin,
        name=f"Piloto {format}",
        purpose="Un piloto",
        starts_on=dt.date(2027, 1, 4),
        ends_on=dt.date(2027, 6, 30),
        format=format,
    )
    if business_areas:
        programs.focus_area_create(program=program, name="Finanzas", kind=FocusArea.Kind.BUSINESS)
    return program, admin


@pytest.mark.parametrize(
    ("format", "business_areas", "expected"),
    [
        (Program.Format.ONE_TO_ONE, True, "suppliers"),
        (Program.Format.ONE_TO_ONE, False, "community"),
        (Program.Format.GROUP, True, "suppliers"),
        (Program.Format.REVERSE, False, "reverse"),
        (Program.Format.PEER, False, "community"),
    ],
)
def test_a_new_program_gets_its_pack_and_baseline_survey_in_one_click(
    format, business_areas, expected
):
    program, coordinator = _new_program(format, business_areas=business_areas)
    client = client_for(coordinator)
    url = reverse("monitoring:indicators", args=[program.slug])
    page = client.get(url).text
    assert "Create the indicator pack for this program" in page
    # The pack of the program's kind is chosen already; the coordinator only confirms.
    (chosen,) = re.findall(r'name="pack" value="([a-z]+)"[^>]*checked', page)
    assert chosen == expected
    posted = client.post(
        reverse("monitoring:indicator-pack", args=[program.slug]),
        {"pack": chosen, "submit_key": str(uuid.uuid4())},
    )
    assert posted.status_code == 302
    pack = packs.get(expected)
    made = list(program.indicators.order_by("position"))
    assert [i.question_key for i in made] == [i.question_key for i in pack.indicators]
    assert all(i.target is None for i in made)
    survey = Instrument.objects.get(program=program, kind=Instrument.Kind.SURVEY)
    version = survey.versions.get()
    assert version.status == InstrumentVersion.Status.PUBLISHED
    asked = {q.key for q in version.questions.all() if not registry.of(q).free_text}
    assert asked == {i.question_key for i in made}
    # Each indicator without a target says so and links to its edit page.
    page = client.get(url).text
    for indicator in made:
        edit = reverse("monitoring:indicator-edit", args=[program.slug, indicator.pk])
        assert re.search(rf'href="{re.escape(edit)}#id_target"[^>]*>target to fill in<', page)


def test_creating_the_pack_again_adds_nothing_twice(world):
    pack = packs.get("suppliers")
    first = services.indicator_pack_create(program=world.program, pack=pack, by=world.coordinator)
    assert first.survey_created and len(first.indicators) == len(pack.indicators)
    again = services.indicator_pack_create(program=world.program, pack=pack, by=world.coordinator)
    assert (again.survey, again.survey_created, again.indicators) == (first.survey, False, [])
    assert world.program.indicators.count() == len(pack.indicators)
    assert Instrument.objects.filter(program=world.program).count() == 1


def test_a_draft_copied_from_the_template_is_left_to_the_coordinator(world):
    from puente.instruments.services import instrument_from_template

    draft = instrument_from_template(program=world.program, template_key="baseline-survey")
    made = services.indicator_pack_create(
        program=world.program, pack=packs.get("suppliers"), by=world.coordinator
    )
    assert made.survey != draft and made.survey_created
    assert draft.versions.get().status == InstrumentVersion.Status.DRAFT


def test_the_pack_is_named_in_the_coordinators_language(world):
    made = services.indicator_pack_create(
        program=world.program, pack=packs.get("community"), by=world.coordinator, language="en"
    )
    assert made.survey.name == "Baseline survey (community)"
    assert made.indicators[1].name == "First job or promotion"
    spanish = services.indicator_pack_create(
        program=world.other_program,
        pack=packs.get("community"),
        by=world.other_coordinator,
        language="es",
    )
    assert spanish.survey.name == "Encuesta de línea de base (comunidad)"
    assert spanish.indicators[1].name == "Primer empleo o ascenso"


def test_only_who_runs_monitoring_creates_a_pack(world):
    url = reverse("monitoring:indicator-pack", args=[world.program.slug])
    data = {"pack": "suppliers", "submit_key": str(uuid.uuid4())}
    for person, status in (
        (world.observer, 403),
        (world.mentee, 403),
        (world.outsider, 404),
        (world.other_coordinator, 404),
    ):
        assert client_for(person).post(url, data).status_code == status
    assert client_for(world.coordinator).get(url).status_code == 405
    assert not world.program.indicators.exists()
    refused = client_for(world.coordinator).post(url, {"pack": "nope", "submit_key": uuid.uuid4()})
    assert refused.status_code == 422
    assert not world.program.indicators.exists()


def test_the_observer_sees_no_pack_form(world):
    page = client_for(world.observer).get(
        reverse("monitoring:indicators", args=[world.program.slug])
    )
    assert page.status_code == 200
    assert "pack-form" not in page.text
    assert "its coordinators define them" in page.text or "coordinators define" in page.text


def test_rounds_of_a_reverse_pack_ask_both_sides_by_default(world):
    services.indicator_pack_create(
        program=world.program, pack=packs.get("reverse"), by=world.coordinator
    )
    form = RoundOpenForm(program=world.program)
    assert form["roles"].value() == [Role.MENTEE.value, Role.MENTOR.value]
    assert packs.get("reverse").roles == [Role.MENTEE, Role.MENTOR]
