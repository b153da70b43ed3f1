"""Corporate buyers in the plans: their requirements per focus area are the targets the gap is
measured against; the coordinator's buyer pages; the plan's choice of buyer by its two sides."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import BusinessProfileFactory, MembershipFactory, UserFactory
from puente.plans import selectors, services
from puente.plans.models import AreaQuestion, AreaTarget, GrowthPlan
from puente.programs import services as programs
from puente.programs.models import BuyerOrganization, FocusArea

pytestmark = pytest.mark.django_db
D = Decimal


def _url(world, name, *args):
    return reverse(f"plans:{name}", args=[world.program.slug, *args])


def _mentee(world):
    return world.program.memberships.get(user=world.mentee, role=Role.MENTEE)


def _areas(instrument):
    return {
        m.question_key: m.focus_area for m in AreaQuestion.objects.filter(instrument=instrument)
    }


def _buyer(world, name="Supermercados El Trigal", **levels):
    """A buyer of the world's program with requirements {focus area: (level, words)}."""
    return services.buyer_save(
        program=world.program,
        buyer=None,
        name=name,
        requirements={area.pk: value for area, value in levels.get("levels", {}).items()},
    )


def _answer(plan, instrument, world, mentee_answers, mentor_answers):
    assessment = services.assessment_start(plan=plan, instrument=instrument)
    services.assessment_answer(
        assessment=assessment, side="mentee", by=world.mentee, cleaned=mentee_answers, submit=True
    )
    services.assessment_answer(
        assessment=assessment, side="mentor", by=world.mentor, cleaned=mentor_answers, submit=True
    )


# --- Services ---------------------------------------------------------------------------------


def test_a_buyers_requirements_are_target_levels_with_words(world, business_assessment):
    areas = _areas(business_assessment)
    reg, pri = areas["formal_registration"], areas["pricing"]
    buyer = _buyer(world, levels={reg: (D(5), "Registro sanitario vigente"), pri: (D("3.5"), "")})
    targets = {t.focus_area_id: t for t in AreaTarget.objects.filter(buyer=buyer)}
    assert targets[reg.pk].level == D(5)
    assert targets[reg.pk].requirement == "Registro sanitario vigente"
    assert targets[pri.pk].level == D("3.5") and targets[pri.pk].requirement == ""
    # The targets page reads the same rows: one model of targets.
    assert [
        (r.focus_area, r.level, r.text) for r in selectors.buyer_requirements(buyer, world.program)
    ] == [(pri, D("3.5"), ""), (reg, D(5), "Registro sanitario vigente")]  # by area name
    # Emptied, the requirement goes; an area left out stays.
    services.buyer_requirements_save(
        program=world.program, buyer=buyer, requirements={reg.pk: (None, "")}
    )
    assert list(AreaTarget.objects.filter(buyer=buyer).values_list("focus_area", flat=True)) == [
        pri.pk
    ]


def test_words_without_a_level_are_refused(world, business_assessment):
    area = _areas(business_assessment)["pricing"]
    with pytest.raises(ValidationError):
        _buyer(world, levels={area: (None, "Precios competitivos")})
    assert not BuyerOrganization.objects.exists()  # nothing half-made


def test_requirements_only_in_the_programs_own_areas(world, business_assessment):
    theirs = FocusArea.objects.create(program=world.other_program, name="Otra", kind="business")
    buyer = _buyer(world)
    with pytest.raises(ValidationError):
        services.buyer_requirements_save(
            program=world.program, buyer=buyer, requirements={theirs.pk: (D(3), "")}
        )


def test_a_new_plan_is_measured_against_the_buyer_its_business_targets(
    world, relationship, business_assessment
):
    buyer = _buyer(world, "Cadena Hotelera Mar Azul")
    programs.business_buyers_set(membership=_mentee(world), buyers=[buyer])
    plan = services.plan_open(relationship=relationship, mentee=_mentee(world))
    assert plan.buyer == buyer


def test_a_business_newly_linked_by_the_coordinator_gets_its_plan_measured(
    world, relationship, plan
):
    assert plan.buyer is None
    buyer = services.buyer_save(
        program=world.program,
        buyer=None,
        name="Andina",
        requirements={},
        businesses=[_mentee(world)],
    )
    plan.refresh_from_db()
    assert plan.buyer == buyer
    # A plan already measured against another buyer keeps it.
    other = services.buyer_save(
        program=world.program,
        buyer=None,
        name="Otra",
        requirements={},
        businesses=[_mentee(world)],
    )
    plan.refresh_from_db()
    assert plan.buyer == buyer and set(_mentee(world).buyers.all()) == {buyer, other}


def test_the_gap_follows_the_chosen_buyer(world, relationship, plan, business_assessment):
    """Worked by hand: pricing answered 2 by the mentee and 3 by the mentor (mean 2.5); the
    program's default target is 3 (gap 0.5), Andina asks 4.5 (gap 2.0), Mar Azul 2 (met)."""
    pricing = _areas(business_assessment)["pricing"]
    services.targets_save(program=world.program, levels={(pricing.pk, None): D(3)})
    andina = _buyer(world, "Andina", levels={pricing: (D("4.5"), "Lista de precios por volumen")})
    mar = _buyer(world, "Mar Azul", levels={pricing: (D(2), "")})
    _answer(plan, business_assessment, world, {"pricing": 2}, {"pricing": 3})

    def gap():
        plan.refresh_from_db()
        report = selectors.gap_report(plan, selectors.plan_assessments(plan))
        (row,) = [r for r in report.rows if r.area_id == pricing.pk]
        return row.target, row.gap, report.requirements.get(pricing.pk, "")

    assert gap() == (D(3), D("0.5"), "")
    services.plan_buyers_save(plan=plan, targets=[andina], buyer=andina)
    assert gap() == (D("4.5"), D("2.0"), "Lista de precios por volumen")
    services.plan_buyers_save(plan=plan, targets=[andina, mar], buyer=mar)
    assert gap() == (D(2), D("-0.5"), "")


def test_the_buyer_a_plan_is_measured_against_is_one_its_business_targets(
    world, relationship, plan
):
    andina, mar = _buyer(world, "Andina"), _buyer(world, "Mar Azul")
    services.plan_buyers_save(plan=plan, targets=[andina], buyer=mar)
    assert set(_mentee(world).buyers.all()) == {andina, mar}
    assert plan.buyer == mar


def test_an_archived_buyer_stays_with_its_plans_but_is_not_chosen_anew(world, relationship, plan):
    buyer = _buyer(world, "Andina")
    services.plan_buyer_set(plan=plan, buyer=buyer)
    programs.buyer_archive(buyer=buyer)
    buyer.refresh_from_db()
    services.plan_buyer_set(plan=plan, buyer=buyer)  # kept
    services.plan_buyer_set(plan=plan, buyer=None)
    with pytest.raises(ValidationError):
        services.plan_buyer_set(plan=plan, buyer=buyer)


def test_a_buyer_plans_are_measured_against_is_not_deleted(world, relationship, plan):
    buyer = _buyer(world, "Andina")
    services.plan_buyer_set(plan=plan, buyer=buyer)
    with pytest.raises(ValidationError) as error:
        programs.buyer_delete(buyer=buyer, program=world.program)
    assert "1 growth plan is measured against this buyer" in str(error.value)
    assert "Archive it instead" in str(error.value)
    plan.refresh_from_db()
    assert plan.buyer == buyer
    services.plan_buyer_set(plan=plan, buyer=None)
    programs.buyer_delete(buyer=buyer, program=world.program)
    assert not BuyerOrganization.objects.exists()


# --- The coordinator's pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("tutor", 403),
        ("mentor", 403),
        ("mentee", 403),
        ("reviewer", 403),
        ("observer", 403),
        ("outsider", 404),
    ],
)
def test_only_the_coordinator_manages_buyers(world, persona, status):
    buyer = _buyer(world)
    client = client_for(getattr(world, persona))
    assert client.get(_url(world, "buyers")).status_code == status
    assert client.get(_url(world, "buyer-add")).status_code == status
    assert client.get(_url(world, "buyer-edit", buyer.pk)).status_code == status
    assert client.post(_url(world, "buyer-delete", buyer.pk)).status_code in (
        {status} if status != 200 else {302}
    )


def test_wrong_methods_are_405(world):
    buyer = _buyer(world)
    client = client_for(world.coordinator)
    assert client.post(_url(world, "buyers")).status_code == 405
    assert client.get(_url(world, "buyer-archive", buyer.pk)).status_code == 405
    assert client.get(_url(world, "buyer-delete", buyer.pk)).status_code == 405


def test_another_programs_buyer_is_404_under_this_address(world):
    theirs = programs.buyer_create(program=world.other_program, name="Lejana")
    client = client_for(world.coordinator)
    assert client.get(_url(world, "buyer-edit", theirs.pk)).status_code == 404
    assert client.post(_url(world, "buyer-archive", theirs.pk), {"archived": "1"}).status_code == (
        404
    )
    assert client.post(_url(world, "buyer-delete", theirs.pk)).status_code == 404
    assert BuyerOrganization.objects.filter(pk=theirs.pk, archived_at__isnull=True).exists()


def _form_data(world, areas, **overrides):
    data = {
        "name": "Supermercados El Trigal",
        "sector": "Comercio minorista de alimentos",
        "location": "Colombia y Ecuador",
        "needs": "Salsas, conservas y panadería",
        "selection_criteria": "Facturación electrónica; pago a 60 días",
        "technical_specifications": "Registro sanitario; código de barras",
        "businesses": [str(_mentee(world).pk)],
    }
    for area in areas.values():
        data[f"level_{area.pk}"] = ""
        data[f"requirement_{area.pk}"] = ""
    data.update(overrides)
    return data


def test_the_coordinator_adds_a_buyer_with_requirements_and_businesses(
    world, relationship, plan, business_assessment
):
    areas = _areas(business_assessment)
    reg = areas["formal_registration"]
    client = client_for(world.coordinator)
    page = client.get(_url(world, "buyer-add"))
    assert f'name="level_{reg.pk}"' in page.text and "Registro formal" in page.text
    key = re.search(r'name="submit_key" value="([^"]+)"', page.text).group(1)
    data = _form_data(
        world,
        areas,
        submit_key=key,
        **{f"level_{reg.pk}": "5", f"requirement_{reg.pk}": "Facturación electrónica"},
    )
    response = client.post(_url(world, "buyer-add"), data)
    buyer = BuyerOrganization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url(world, "buyers") + f"#buyer-{buyer.pk}"
    assert buyer.location == "Colombia y Ecuador" and buyer.programs.get() == world.program
    target = AreaTarget.objects.get(buyer=buyer)
    assert (target.focus_area, target.level, target.requirement) == (
        reg,
        D(5),
        "Facturación electrónica",
    )
    assert list(buyer.businesses.all()) == [_mentee(world)]
    plan.refresh_from_db()
    assert plan.buyer == buyer  # its plan had no buyer: now measured against this one
    # A double submit makes one buyer.
    assert client.post(_url(world, "buyer-add"), data).status_code == 302
    assert BuyerOrganization.objects.count() == 1
    listing = client.get(_url(world, "buyers"))
    assert f'id="buyer-{buyer.pk}"' in listing.text
    assert "1 business targets it" in listing.text and "1 plan measured against it" in listing.text


def test_the_buyer_form_leaves_out_archived_focus_areas_unless_the_buyer_asks_in_them(
    world, business_assessment
):
    # Found by the new-program journey: an archived focus area was still offered for the
    # requirements of a new buyer, against the one rule for archived parts (programs.archived).
    areas = _areas(business_assessment)
    pricing, quality = areas["pricing"], areas["quality_certifications"]
    kept = _buyer(world, "Cadena Hotelera Mar Azul", levels={quality: (D(4), "Muestras")})
    for area in (pricing, quality):
        programs.part_archive(item=area, archived=True)
    client = client_for(world.coordinator)
    new = client.get(_url(world, "buyer-add")).text
    assert f'name="level_{pricing.pk}"' not in new
    assert f'name="level_{quality.pk}"' not in new
    assert f'name="level_{areas["formal_registration"].pk}"' in new
    # A buyer that already asks in an archived area keeps it on its form, with its level.
    edit = client.get(_url(world, "buyer-edit", kept.pk)).text
    assert f'name="level_{quality.pk}"' in edit and "Muestras" in edit
    assert f'name="level_{pricing.pk}"' not in edit


def test_a_refused_buyer_form_keeps_what_was_typed(world, business_assessment):
    areas = _areas(business_assessment)
    pricing = areas["pricing"]
    data = _form_data(
        world,
        areas,
        name="",
        **{f"requirement_{pricing.pk}": "Precios por volumen", f"level_{pricing.pk}": ""},
    )
    data["submit_key"] = "2f1c1e4e-3a0e-4c55-9a43-8b9f0b8f3a01"
    response = client_for(world.coordinator).post(_url(world, "buyer-add"), data)
    assert response.status_code == 422
    assert "Give the level this requirement asks for." in response.text
    assert "Precios por volumen" in response.text and "Salsas, conservas" in response.text
    assert not BuyerOrganization.objects.exists()


def test_a_taken_name_is_said_next_to_the_name(world, business_assessment):
    programs.buyer_create(program=world.program, name="Andina")
    data = _form_data(world, _areas(business_assessment), name="Andina", businesses=[])
    data["submit_key"] = "2f1c1e4e-3a0e-4c55-9a43-8b9f0b8f3a02"
    response = client_for(world.coordinator).post(_url(world, "buyer-add"), data)
    assert response.status_code == 422
    assert "already has a corporate buyer with this name" in response.text
    assert BuyerOrganization.objects.count() == 1


def test_the_coordinator_changes_a_buyer_and_its_businesses(world, business_assessment):
    areas = _areas(business_assessment)
    pricing = areas["pricing"]
    buyer = _buyer(world, "Andina", levels={pricing: (D(3), "Lista de precios")})
    programs.buyer_businesses_set(buyer=buyer, program=world.program, businesses=[_mentee(world)])
    client = client_for(world.coordinator)
    page = client.get(_url(world, "buyer-edit", buyer.pk))
    assert "Lista de precios" in page.text and 'value="3.0"' in page.text
    assert re.search(rf'value="{_mentee(world).pk}"[^>]*checked', page.text)
    data = _form_data(
        world,
        areas,
        name="Andina SA",
        businesses=[],
        **{f"level_{pricing.pk}": "4", f"requirement_{pricing.pk}": "Precios por volumen"},
    )
    response = client.post(_url(world, "buyer-edit", buyer.pk), data)
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert buyer.name == "Andina SA" and not buyer.businesses.exists()
    assert AreaTarget.objects.get(buyer=buyer).requirement == "Precios por volumen"


def test_archive_then_bring_back(world):
    buyer = _buyer(world, "Andina")
    client = client_for(world.coordinator)
    assert client.post(_url(world, "buyer-archive", buyer.pk), {"archived": "1"}).status_code == (
        302
    )
    buyer.refresh_from_db()
    assert buyer.is_archived
    listing = client.get(_url(world, "buyers"))
    assert 'id="archived-buyers"' in listing.text and f'id="buyer-{buyer.pk}"' in listing.text
    assert client.post(_url(world, "buyer-archive", buyer.pk), {}).status_code == 400
    client.post(_url(world, "buyer-archive", buyer.pk), {"archived": "0"})
    buyer.refresh_from_db()
    assert not buyer.is_archived


def test_deleting_a_buyer_measured_by_plans_is_refused_with_the_reason(world, relationship, plan):
    buyer = _buyer(world, "Andina")
    services.plan_buyer_set(plan=plan, buyer=buyer)
    client = client_for(world.coordinator)
    page = client.get(_url(world, "buyer-edit", buyer.pk))
    assert "1 growth plan is measured against this buyer" in page.text
    assert _url(world, "buyer-delete", buyer.pk) not in page.text  # no button, the reason
    response = client.post(_url(world, "buyer-delete", buyer.pk), follow=True)
    assert "1 growth plan is measured against this buyer" in response.text
    assert BuyerOrganization.objects.filter(pk=buyer.pk).exists()


def test_deleting_a_free_buyer_and_a_second_click(world):
    buyer = _buyer(world, "Andina")
    client = client_for(world.coordinator)
    response = client.post(_url(world, "buyer-delete", buyer.pk), follow=True)
    assert "“Andina” was deleted." in response.text
    again = client.post(_url(world, "buyer-delete", buyer.pk), follow=True)
    assert "This was already deleted." in again.text


def test_the_buyers_list_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries, business_assessment
):
    pricing = _areas(business_assessment)["pricing"]
    client = client_for(world.coordinator)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(world, "buyers")).status_code == 200
        return len(queries)

    _buyer(world, "Uno", levels={pricing: (D(3), "")})
    small = count()
    for n in range(6):
        buyer = _buyer(world, f"Comprador {n}", levels={pricing: (D(3), "")})
        business = MembershipFactory(program=world.program, role=Role.MENTEE, user=UserFactory())
        programs.buyer_businesses_set(buyer=buyer, program=world.program, businesses=[business])
    assert count() == small


def test_the_targets_page_offers_the_programs_active_buyers(world, business_assessment):
    active = _buyer(world, "Andina")
    archived = programs.buyer_archive(buyer=_buyer(world, "Vieja"))
    page = client_for(world.coordinator).get(_url(world, "targets"))
    assert '<th scope="col">Andina</th>' in page.text
    assert "Vieja" not in page.text
    assert _url(world, "buyers") in page.text
    assert active and archived


# --- The plan: its two sides choose ------------------------------------------------------------


def test_the_plan_offers_the_programs_buyers_and_says_which_the_business_targets(
    world, relationship, plan
):
    andina = _buyer(world, "Andina")
    _buyer(world, "Mar Azul")
    programs.buyer_archive(buyer=_buyer(world, "Vieja"))
    programs.business_buyers_set(membership=_mentee(world), buyers=[andina])
    page = client_for(world.mentor).get(_url(world, "plan", relationship.pk, _mentee(world).pk))
    form = re.search(r'<form[^>]*class="stack buyer-choice".*?</form>', page.text, re.S).group(0)
    assert "Andina" in form and "Mar Azul" in form and "Vieja" not in form
    assert "The program&#x27;s default targets" in form
    assert "Buyers this business targets: Andina." in page.text
    # Read-only sides see the choice, not the form.
    reader = client_for(world.tutor).get(_url(world, "plan", relationship.pk, _mentee(world).pk))
    assert "Buyers this business targets: Andina." in reader.text
    assert "buyer-choice" not in reader.text


@pytest.mark.parametrize("persona", ["mentor", "mentee"])
def test_changing_the_buyer_redraws_the_gap(
    world, relationship, plan, business_assessment, persona
):
    pricing = _areas(business_assessment)["pricing"]
    andina = _buyer(world, "Andina", levels={pricing: (D(5), "Lista de precios por volumen")})
    _answer(plan, business_assessment, world, {"pricing": 2}, {"pricing": 2})
    url = _url(world, "buyer", relationship.pk, _mentee(world).pk)
    client = client_for(getattr(world, persona))
    response = client.post(url, {"targets": [andina.pk], "buyer": andina.pk}, follow=True)
    assert "Targets: the requirements of Andina." in response.text
    table = re.search(r'<table id="gap-table">.*?</table>', response.text, re.S).group(0)
    assert "Lista de precios por volumen" in table and "<strong>3</strong>" in table
    plan.refresh_from_db()
    assert plan.buyer == andina and list(_mentee(world).buyers.all()) == [andina]
    # With htmx the same answer comes back; the page picks its gap section (hx-select).
    swapped = client.post(url, {"targets": [], "buyer": ""}, HTTP_HX_REQUEST="true", follow=True)
    assert 'id="gaps"' in swapped.text and "Targets: the program's default levels." in (
        swapped.text
    )
    plan.refresh_from_db()
    assert plan.buyer is None and not _mentee(world).buyers.exists()


def test_the_plan_refuses_another_programs_or_an_archived_buyer(world, relationship, plan):
    theirs = programs.buyer_create(program=world.other_program, name="Lejana")
    archived = programs.buyer_archive(buyer=_buyer(world, "Vieja"))
    url = _url(world, "buyer", relationship.pk, _mentee(world).pk)
    client = client_for(world.mentor)
    assert client.post(url, {"buyer": theirs.pk}).status_code == 422
    assert client.post(url, {"targets": [archived.pk]}).status_code == 422
    assert GrowthPlan.objects.get().buyer is None and not _mentee(world).buyers.exists()


def test_a_coordinator_reads_the_plans_buyer_but_does_not_choose_it(world, relationship, plan):
    buyer = _buyer(world, "Andina")
    response = client_for(world.coordinator).post(
        _url(world, "buyer", relationship.pk, _mentee(world).pk), {"buyer": buyer.pk}
    )
    assert response.status_code == 403


def test_the_overview_says_what_each_plan_is_measured_against(world, relationship, plan):
    services.plan_buyer_set(plan=plan, buyer=_buyer(world, "Andina"))
    BusinessProfileFactory(owner=world.mentee)
    page = client_for(world.coordinator).get(_url(world, "overview"))
    row = re.search(
        rf'<tr id="plan-{relationship.pk}-{_mentee(world).pk}">.*?</tr>', page.text, re.S
    )
    assert "Andina" in row.group(0)
