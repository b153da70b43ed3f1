"""A program's calendar: its country (from the organization's free text when it names one), its
working days on the set-up form, and the breaks its coordinators declare."""

import datetime as dt
import importlib
import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from puente.conftest import client_for
from puente.factories import OrganizationFactory, ProgramFactory, WaveFactory
from puente.programs import selectors, services
from puente.programs.calendar import (
    ClosedSpan,
    WorkCalendar,
    country_choices,
    country_code,
    weekday_names,
)
from puente.programs.forms import ProgramCreateForm
from puente.programs.models import Break, Organization, Program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Colombia", "CO"),
        ("  panamá ", "PA"),
        ("Panama", "PA"),
        ("México", "MX"),
        ("Perú", "PE"),
        ("España", "ES"),
        ("Spain", "ES"),
        ("EE. UU.", "US"),
        ("co", "CO"),
        ("Narnia", ""),
        ("", ""),
    ],
)
def test_an_organizations_free_text_country_maps_to_a_code(text, code):
    assert country_code(text) == code


def test_countries_are_listed_by_name_in_the_readers_language():
    with translation.override("es"):
        names = [name for _, name in country_choices()]
        assert names.index("Alemania") < names.index("Brasil") < names.index("Panamá")
        assert weekday_names("15") == "lunes, viernes"
        assert weekday_names("12345") == "lunes a viernes"
    with translation.override("en"):
        names = [name for _, name in country_choices()]
        assert names.index("Brazil") < names.index("Germany") < names.index("Panama")
        assert weekday_names("67") == "Saturday, Sunday"
        assert weekday_names("123456") == "Monday to Saturday"
        assert weekday_names("1356") == "Monday, Wednesday, Friday, Saturday"


def test_a_new_program_takes_its_organizations_country_unless_told(world):
    organization = OrganizationFactory(country="Panamá")
    common = {
        "organization": organization,
        "created_by": world.coordinator,
        "purpose": "Proveedoras.",
        "starts_on": dt.date(2027, 1, 1),
        "ends_on": dt.date(2027, 12, 31),
    }
    program = services.program_create(name="Uno", **common)
    assert (program.country, program.working_days) == ("PA", "12345")
    other = services.program_create(name="Dos", country="CO", **common)
    assert other.country == "CO"
    unknown = OrganizationFactory(country="Atlántida")
    assert services.program_create(name="Tres", **{**common, "organization": unknown}).country == ""


def test_the_new_program_form_suggests_the_organizations_country(world):
    world.program.organization.country = "Colombia"
    world.program.organization.save()
    form = ProgramCreateForm(
        organizations=Organization.objects.filter(pk=world.program.organization.pk)
    )
    assert form["country"].value() == "CO"
    assert form["working_days"].value() == ["1", "2", "3", "4", "5"]


def test_the_set_up_form_needs_a_working_day_and_a_known_country(world):
    url = reverse("programs:program-edit", args=[world.program.slug])
    data = {
        "name": world.program.name,
        "purpose": world.program.purpose,
        "format": "one_to_one",
        "delivery": "virtual",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "hours_per_week": "2",
        "country": "XX",
        "tutor_caseload": "10",
        "status": "running",
    }
    response = client_for(world.coordinator).post(url, data)
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"country", "working_days"}
    response = client_for(world.coordinator).post(
        url, {**data, "country": "MX", "working_days": ["6", "1", "3"]}
    )
    assert response.status_code == 302
    world.program.refresh_from_db()
    assert (world.program.country, world.program.working_days) == ("MX", "136")


def test_working_days_are_validated_on_the_model(world):
    world.program.working_days = "31"
    with pytest.raises(ValidationError):
        world.program.full_clean()
    world.program.working_days = ""
    with pytest.raises(ValidationError):
        world.program.full_clean()


def test_existing_programs_take_their_organizations_country_in_the_migration(world):
    migration = importlib.import_module(
        "puente.programs.migrations.0005_program_country_working_days_breaks"
    )
    world.program.organization.country = "Argentina"
    world.program.organization.save()
    chosen = ProgramFactory(country="CL", organization=world.program.organization)
    Program.objects.filter(pk=world.program.pk).update(country="")
    migration.country_from_organization(apps, None)
    world.program.refresh_from_db()
    chosen.refresh_from_db()
    assert (world.program.country, chosen.country) == ("AR", "CL")


def test_a_break_is_checked_and_belongs_to_its_programs_waves(world):
    with pytest.raises(ValidationError) as error:
        services.break_add(
            program=world.program,
            by=world.coordinator,
            name="Al revés",
            starts_on=dt.date(2026, 4, 5),
            ends_on=dt.date(2026, 3, 30),
        )
    assert "ends_on" in error.value.message_dict
    foreign = WaveFactory(program=world.other_program, number=1)
    with pytest.raises(ValidationError) as error:
        services.break_add(
            program=world.program,
            by=world.coordinator,
            wave=foreign,
            name="Ajeno",
            starts_on=dt.date(2026, 3, 30),
            ends_on=dt.date(2026, 4, 5),
        )
    assert "wave" in error.value.message_dict


def test_the_calendar_of_a_wave_holds_the_programs_breaks_and_its_own(world):
    world.program.country = "CO"
    world.program.save()
    second = WaveFactory(program=world.program, number=2)
    Break.objects.create(
        program=world.program,
        name="Fin de año",
        starts_on=dt.date(2026, 12, 21),
        ends_on=dt.date(2027, 1, 8),
    )
    Break.objects.create(
        program=world.program,
        wave=second,
        name="Semana Santa",
        starts_on=dt.date(2026, 3, 30),
        ends_on=dt.date(2026, 4, 5),
    )
    first_calendar = selectors.work_calendar(world.program, world.wave)
    assert [b.name for b in first_calendar.breaks] == ["Fin de año"]
    assert [b.name for b in selectors.work_calendar(world.program, second).breaks] == [
        "Semana Santa",
        "Fin de año",
    ]
    assert selectors.work_calendars(world.program)[second.pk] == selectors.work_calendar(
        world.program, second
    )
    assert not first_calendar.is_open(dt.date(2026, 12, 8))  # Immaculate Conception
    assert first_calendar.is_open(dt.date(2026, 12, 9))


def test_why_a_day_is_closed():
    rules = WorkCalendar(
        working_days="12345",
        country="CO",
        breaks=(ClosedSpan(dt.date(2026, 12, 21), dt.date(2027, 1, 8), "Fin de año"),),
    )
    with translation.override("es"):
        assert rules.closed_because(dt.date(2026, 12, 8)) == "La Inmaculada Concepción"
        assert rules.closed_because(dt.date(2026, 12, 25)) == "Fin de año"  # the break first
        assert rules.closed_because(dt.date(2026, 12, 13)) == "no es día hábil"
        assert rules.closed_because(dt.date(2026, 12, 14)) == ""


def test_the_coordinator_declares_and_removes_a_break_once(world):
    client = client_for(world.coordinator)
    url = reverse("mentoring:break-add", args=[world.program.slug])
    data = {
        "break-submit_key": str(uuid.uuid4()),
        "break-name": "Semana Santa",
        "break-wave": str(world.wave.pk),
        "break-starts_on": "2026-03-30",
        "break-ends_on": "2026-04-05",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a second click creates nothing
    pause = Break.objects.get(program=world.program)
    assert (pause.wave, pause.name) == (world.wave, "Semana Santa")
    page = client.get(reverse("mentoring:session-plans", args=[world.program.slug]))
    assert f'id="break-{pause.pk}"' in page.text

    wrong = client.post(
        url, {**data, "break-submit_key": str(uuid.uuid4()), "break-ends_on": "2026-03-01"}
    )
    assert wrong.status_code == 422
    assert 'value="Semana Santa"' in wrong.text
    assert Break.objects.filter(program=world.program).count() == 1

    remove = reverse("mentoring:break-remove", args=[world.program.slug, pause.pk])
    assert client.post(remove).status_code == 302
    assert not Break.objects.exists()
    assert client.post(remove).status_code == 404
