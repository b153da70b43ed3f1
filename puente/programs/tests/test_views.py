"""Program pages, per view and per role: allowed roles 200, outsiders 404, others 403."""

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from puente.accounts.models import User
from puente.conftest import PASSWORD, client_for
from puente.core.permissions import Role
from puente.factories import (
    BusinessProfileFactory,
    FocusAreaFactory,
    MembershipFactory,
    OrganizationFactory,
    TrackFactory,
    UserFactory,
    WaveFactory,
)
from puente.programs.models import FocusArea, Invitation, Membership, Program, Track, Wave

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "reviewer", "tutor", "mentor", "mentee", "observer"]
INVITATION_LINK = re.compile(r"http://testserver(/invitations/[\w-]+/)")


def said(user, text):
    """A message as this person sees it now, in the language saved in their profile."""
    with translation.override(User.objects.get(pk=user.pk).language):
        return escape(gettext(text))


def _url(name, world, *args):
    return reverse(f"programs:{name}", args=[world.program.slug, *args])


def _login_redirect(url):
    return f"{reverse('account_login')}?next={url}"


# my programs


@pytest.mark.parametrize("name", ROLES)
def test_my_programs_lists_the_program_with_the_role(world, name):
    response = client_for(getattr(world, name)).get(reverse("programs:my-programs"))
    assert response.status_code == 200
    assertContains(response, world.program.get_absolute_url())
    assertContains(response, world.program.name)
    assertNotContains(response, world.other_program.get_absolute_url())
    (item,) = response.context["items"]
    assert item.roles == [name]
    assert item.members == 6


def test_my_programs_for_an_outsider_is_empty(world):
    response = client_for(world.outsider).get(reverse("programs:my-programs"))
    assert response.status_code == 200
    assert response.context["items"] == []
    assertNotContains(response, world.program.name)
    assertNotContains(response, 'id="program-list"')


@pytest.mark.parametrize(
    ("name", "can_create"),
    [("coordinator", True), ("tutor", False), ("mentee", False), ("outsider", False)],
)
def test_my_programs_offers_a_new_program_only_to_those_who_may(world, name, can_create):
    response = client_for(getattr(world, name)).get(reverse("programs:my-programs"))
    assert response.context["can_create"] is can_create
    assert (reverse("programs:program-create") in response.content.decode()) is can_create


def test_my_programs_needs_sign_in():
    url = reverse("programs:my-programs")
    assertRedirects(client_for(None).get(url), _login_redirect(url), fetch_redirect_response=False)


# program create


def _program_data(world, **overrides):
    data = {
        "submit_key": str(uuid.uuid4()),
        "organization": str(world.program.organization.pk),
        "name": "Mentoría para emprendedoras",
        "purpose": "Acompañar a dueñas de pequeñas empresas.",
        "format": "group",
        "delivery": "hybrid",
        "starts_on": "2027-02-01",
        "ends_on": "2027-11-30",
        "hours_per_week": "2",
        "planned_meetings": "12",
        "cadence": "monthly",
        "country": "CO",
        "working_days": ["1", "2", "3", "4", "5"],
        "status": "draft",
    }
    data.update(overrides)
    return data


def test_a_coordinator_may_open_the_new_program_form(world):
    response = client_for(world.coordinator).get(reverse("programs:program-create"))
    assert response.status_code == 200
    assertContains(response, 'name="submit_key"')
    organizations = list(response.context["form"].fields["organization"].queryset)
    assert organizations == [world.program.organization]


def test_an_organization_admin_may_create_a_program_without_being_in_one(world):
    admin = UserFactory()
    organization = OrganizationFactory(name="Fundación Puente")
    organization.admins.add(admin)
    response = client_for(admin).get(reverse("programs:program-create"))
    assert response.status_code == 200
    assertContains(response, "Fundación Puente")


@pytest.mark.parametrize("name", ["reviewer", "tutor", "mentor", "mentee", "observer", "outsider"])
def test_others_may_not_create_programs(world, name):
    client = client_for(getattr(world, name))
    assert client.get(reverse("programs:program-create")).status_code == 403
    response = client.post(reverse("programs:program-create"), _program_data(world))
    assert response.status_code == 403
    assert not Program.objects.filter(name="Mentoría para emprendedoras").exists()


def test_program_create_needs_sign_in():
    url = reverse("programs:program-create")
    assertRedirects(client_for(None).get(url), _login_redirect(url), fetch_redirect_response=False)


def test_creating_a_program_makes_the_creator_its_coordinator(world):
    client = client_for(world.coordinator)
    response = client.post(reverse("programs:program-create"), _program_data(world))
    program = Program.objects.get(name="Mentoría para emprendedoras")
    assertRedirects(
        response,
        reverse("programs:program-edit", args=[program.slug]),
        fetch_redirect_response=False,
    )
    assert program.slug == "mentoria-para-emprendedoras"
    assert (program.format, program.delivery, program.starts_on) == (
        "group",
        "hybrid",
        dt.date(2027, 2, 1),
    )
    assert (program.country, program.working_days, program.planned_meetings) == ("CO", "12345", 12)
    assert Membership.objects.filter(
        user=world.coordinator, program=program, role=Role.COORDINATOR
    ).exists()
    setup = client.get(response["Location"])
    assertContains(setup, "Mentoría para emprendedoras")
    assertContains(
        setup,
        said(world.coordinator, "Program created. Now add its waves, tracks and focus areas."),
    )


def test_a_second_program_with_the_same_name_gets_its_own_address(world):
    client = client_for(world.coordinator)
    client.post(reverse("programs:program-create"), _program_data(world))
    client.post(reverse("programs:program-create"), _program_data(world))
    slugs = sorted(
        Program.objects.filter(name="Mentoría para emprendedoras").values_list("slug", flat=True)
    )
    assert slugs == ["mentoria-para-emprendedoras", "mentoria-para-emprendedoras-2"]


def test_a_duplicate_submit_creates_one_program(world):
    client = client_for(world.coordinator)
    data = _program_data(world)
    first = client.post(reverse("programs:program-create"), data)
    second = client.post(reverse("programs:program-create"), data)
    assert Program.objects.filter(name="Mentoría para emprendedoras").count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_an_invalid_program_form_shows_errors_and_keeps_what_was_typed(world):
    data = _program_data(
        world, name="Programa de prueba", starts_on="2027-05-01", ends_on="2027-01-01"
    )
    response = client_for(world.coordinator).post(reverse("programs:program-create"), data)
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"ends_on"}
    assertContains(
        response,
        said(world.coordinator, "The program cannot end before it starts."),
        status_code=422,
    )
    assertContains(response, 'value="Programa de prueba"', status_code=422)
    assertContains(response, 'value="2027-05-01"', status_code=422)
    assertContains(response, "Acompañar a dueñas de pequeñas empresas.", status_code=422)
    # The same submit key is kept, so fixing and resending still counts as one submission.
    assertContains(response, f'value="{data["submit_key"]}"', status_code=422)
    assert not Program.objects.filter(name="Programa de prueba").exists()


def test_a_program_cannot_be_created_in_someone_elses_organization(world):
    data = _program_data(world, organization=str(world.other_program.organization.pk))
    response = client_for(world.coordinator).post(reverse("programs:program-create"), data)
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"organization"}
    assert not Program.objects.filter(name="Mentoría para emprendedoras").exists()


# program home


def test_the_coordinator_home_shows_counts(world):
    MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
    response = client_for(world.coordinator).get(_url("program-home", world))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "programs/home_coordinator.html"
    overview = response.context["overview"]
    assert overview.total_members == 7
    assertContains(response, '<span class="value">7</span>')
    assertContains(response, '<span class="value">2</span>')  # mentees
    assertContains(response, "?role=mentee")
    assertContains(response, f"?wave={world.wave.pk}")
    assertContains(response, f"?track={world.track.pk}")
    assertContains(response, _url("invite", world))
    assertContains(response, _url("program-edit", world))


def test_an_organization_admin_gets_the_coordinator_home(world):
    admin = UserFactory()
    world.program.organization.admins.add(admin)
    response = client_for(admin).get(_url("program-home", world))
    assert response.status_code == 200
    assert "overview" in response.context


@pytest.mark.parametrize("name", ["reviewer", "tutor", "mentor", "mentee", "observer"])
def test_members_see_their_part_of_the_program(world, name):
    world.wave.name = "Cohorte de enero"
    world.wave.save()
    response = client_for(getattr(world, name)).get(_url("program-home", world))
    assert response.status_code == 200
    assert "overview" not in response.context
    (membership,) = response.context["memberships"]
    assert membership.role == name
    assertContains(response, world.track.name)
    assertContains(response, "Cohorte de enero")
    assertContains(response, world.coordinator.full_name)
    assertContains(response, "coordinator@example.org")
    assertNotContains(response, _url("invite", world))
    assertNotContains(response, _url("program-edit", world))


def test_the_directory_link_shows_only_to_those_who_may_open_it(world):
    assertContains(
        client_for(world.mentee).get(_url("program-home", world)), _url("directory", world)
    )
    assertNotContains(
        client_for(world.observer).get(_url("program-home", world)), _url("directory", world)
    )


@pytest.mark.parametrize("name", ["outsider", "other_coordinator"])
def test_program_home_is_404_to_outsiders(world, name):
    response = client_for(getattr(world, name)).get(_url("program-home", world))
    assert response.status_code == 404
    assertNotContains(response, world.program.name, status_code=404)


def test_program_home_of_an_unknown_program_is_404(world):
    response = client_for(world.coordinator).get(reverse("programs:program-home", args=["nope"]))
    assert response.status_code == 404


def test_program_home_redirects_anonymous_people_to_sign_in(world):
    url = _url("program-home", world)
    assertRedirects(client_for(None).get(url), _login_redirect(url), fetch_redirect_response=False)


# program edit


def _edit_data(**overrides):
    data = {
        "name": "Programa piloto 2026",
        "purpose": "Nuevo propósito.",
        "format": "one_to_one",
        "delivery": "virtual",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "hours_per_week": "1.5",
        "country": "",
        "working_days": ["1", "2", "3", "4", "5", "6"],
        "tutor_caseload": "10",
        "status": "running",
    }
    data.update(overrides)
    return data


def test_the_coordinator_may_set_up_the_program(world):
    response = client_for(world.coordinator).get(_url("program-edit", world))
    assert response.status_code == 200
    assertContains(response, f'value="{world.program.name}"')
    assertContains(response, 'id="waves"')
    assertContains(response, 'id="tracks"')
    assertContains(response, 'id="focus-areas"')
    assertContains(response, world.track.name)


@pytest.mark.parametrize("name", ["reviewer", "tutor", "mentor", "mentee", "observer"])
def test_other_members_may_not_set_up_the_program(world, name):
    client = client_for(getattr(world, name))
    assert client.get(_url("program-edit", world)).status_code == 403
    assert client.post(_url("program-edit", world), _edit_data()).status_code == 403
    world.program.refresh_from_db()
    assert world.program.name == "Programa piloto"


def test_program_edit_saves_the_changes(world):
    client = client_for(world.coordinator)
    response = client.post(_url("program-edit", world), _edit_data())
    assertRedirects(response, _url("program-edit", world), fetch_redirect_response=False)
    world.program.refresh_from_db()
    assert (world.program.name, str(world.program.hours_per_week)) == (
        "Programa piloto 2026",
        "1.5",
    )
    assert world.program.slug == "programa-piloto"
    assert (world.program.country, world.program.working_days) == ("", "123456")
    assertContains(client.get(response["Location"]), said(world.coordinator, "Changes saved."))


def test_program_edit_keeps_what_was_typed_on_error(world):
    data = _edit_data(name="Nombre nuevo", hours_per_week="99")
    response = client_for(world.coordinator).post(_url("program-edit", world), data)
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"hours_per_week"}
    assertContains(response, 'value="Nombre nuevo"', status_code=422)
    world.program.refresh_from_db()
    assert world.program.name == "Programa piloto"


# inline add of waves, tracks and focus areas (htmx)

HTMX = {"HTTP_HX_REQUEST": "true"}


def _keyed(data):
    """The inline forms' data with the submit key each form carries (one per form prefix)."""
    prefixes = {name.split("-", 1)[0] for name in data}
    return {**data, **{f"{prefix}-submit_key": str(uuid.uuid4()) for prefix in prefixes}}


def test_adding_a_wave_with_htmx_returns_the_refreshed_list(world):
    response = client_for(world.coordinator).post(
        _url("program-part-add", world, "waves"),
        _keyed(
            {
                "wave-name": "Segunda cohorte",
                "wave-starts_on": "2026-07-01",
                "wave-ends_on": "2026-12-15",
            }
        ),
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="section setup-part" id="waves"')
    assert "<html" not in html
    assert "Segunda cohorte" in html
    assert said(world.coordinator, "Wave added.") in html
    wave = Wave.objects.get(program=world.program, name="Segunda cohorte")
    assert (wave.number, wave.starts_on) == (2, dt.date(2026, 7, 1))
    # The form comes back empty for the next wave.
    assert 'value="Segunda cohorte"' not in html


def test_a_wave_outside_the_program_dates_is_refused_with_422(world):
    response = client_for(world.coordinator).post(
        _url("program-part-add", world, "waves"),
        _keyed(
            {
                "wave-name": "Demasiado pronto",
                "wave-starts_on": "2025-11-01",
                "wave-ends_on": "2026-03-01",
            }
        ),
        **HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" not in html
    assert 'class="field has-error"' in html
    assert "2026-01-01" in html  # the program's start, in the error
    assert 'value="Demasiado pronto"' in html
    assert 'value="2025-11-01"' in html
    assert 'value="2026-03-01"' in html
    assert not Wave.objects.filter(name="Demasiado pronto").exists()


def test_a_wave_ending_before_it_starts_is_refused(world):
    response = client_for(world.coordinator).post(
        _url("program-part-add", world, "waves"),
        _keyed({"wave-name": "", "wave-starts_on": "2026-06-01", "wave-ends_on": "2026-05-01"}),
        **HTMX,
    )
    assert response.status_code == 422
    assertContains(
        response, said(world.coordinator, "The wave cannot end before it starts."), status_code=422
    )
    assert world.program.waves.count() == 1


def test_adding_a_wave_without_htmx_redirects_to_the_setup_page(world):
    client = client_for(world.coordinator)
    response = client.post(
        _url("program-part-add", world, "waves"),
        _keyed(
            {"wave-name": "Sin htmx", "wave-starts_on": "2026-02-01", "wave-ends_on": "2026-04-01"}
        ),
    )
    assertRedirects(response, _url("program-edit", world) + "#waves", fetch_redirect_response=False)
    assert Wave.objects.filter(program=world.program, name="Sin htmx").exists()
    assertContains(client.get(response["Location"]), "Sin htmx")


def test_an_invalid_wave_without_htmx_rerenders_the_whole_page(world):
    response = client_for(world.coordinator).post(
        _url("program-part-add", world, "waves"),
        _keyed(
            {"wave-name": "Tarde", "wave-starts_on": "2026-02-01", "wave-ends_on": "2027-04-01"}
        ),
    )
    assert response.status_code == 422
    assertContains(response, "<html", status_code=422)
    assertContains(response, 'value="Tarde"', status_code=422)
    assertContains(response, f'value="{world.program.name}"', status_code=422)


def test_adding_a_track_with_htmx(world):
    response = client_for(world.coordinator).post(
        _url("program-part-add", world, "tracks"),
        _keyed({"track-name": "Liderar equipos", "track-description": "Para quienes ya dirigen."}),
        **HTMX,
    )
    assert response.status_code == 200
    assertContains(response, 'id="tracks"')
    assertContains(response, "Liderar equipos")
    assertContains(response, said(world.coordinator, "Track added."))
    assert Track.objects.filter(program=world.program, name="Liderar equipos").exists()


def test_a_track_needs_a_name(world):
    response = client_for(world.coordinator).post(
        _url("program-part-add", world, "tracks"),
        _keyed({"track-name": "", "track-description": "Sin nombre"}),
        **HTMX,
    )
    assert response.status_code == 422
    assertContains(response, 'value="Sin nombre"', status_code=422)
    assert world.program.tracks.count() == 1


def test_a_duplicate_track_name_is_refused_with_422(world):
    response = client_for(world.coordinator).post(
        _url("program-part-add", world, "tracks"),
        _keyed({"track-name": world.track.name, "track-description": ""}),
        **HTMX,
    )
    assert response.status_code == 422
    assertContains(response, 'class="error-summary"', status_code=422)
    assertContains(response, f'value="{world.track.name}"', status_code=422)
    assert world.program.tracks.count() == 1


def test_adding_a_focus_area_with_htmx(world):
    response = client_for(world.coordinator).post(
        _url("program-part-add", world, "focus-areas"),
        _keyed({"area-name": "Finanzas", "area-kind": "business"}),
        **HTMX,
    )
    assert response.status_code == 200
    assertContains(response, 'id="focus-areas"')
    assertContains(response, "Finanzas")
    assertContains(response, said(world.coordinator, "Focus area added."))
    area = FocusArea.objects.get(program=world.program)
    assert (area.name, area.kind) == ("Finanzas", "business")


def test_a_duplicate_focus_area_name_is_refused_with_422(world):
    FocusAreaFactory(program=world.program, name="Finanzas")
    response = client_for(world.coordinator).post(
        _url("program-part-add", world, "focus-areas"),
        _keyed({"area-name": "Finanzas", "area-kind": "personal"}),
        **HTMX,
    )
    assert response.status_code == 422
    assertContains(response, 'class="error-summary"', status_code=422)
    assertContains(response, 'value="Finanzas"', status_code=422)
    assert world.program.focus_areas.count() == 1


@pytest.mark.parametrize("part", ["waves", "tracks", "focus-areas"])
@pytest.mark.parametrize("name", ["reviewer", "tutor", "mentor", "mentee", "observer"])
def test_other_members_may_not_add_parts(world, name, part):
    data = {
        "wave-name": "X",
        "wave-starts_on": "2026-02-01",
        "wave-ends_on": "2026-03-01",
        "track-name": "X",
        "area-name": "X",
        "area-kind": "business",
    }
    response = client_for(getattr(world, name)).post(
        _url("program-part-add", world, part), data, **HTMX
    )
    assert response.status_code == 403
    assert not Track.objects.filter(name="X").exists()
    assert not FocusArea.objects.filter(name="X").exists()
    assert not Wave.objects.filter(name="X").exists()


@pytest.mark.parametrize("name", ["outsider", "other_coordinator"])
def test_outsiders_may_not_add_parts(world, name):
    response = client_for(getattr(world, name)).post(
        _url("program-part-add", world, "tracks"), _keyed({"track-name": "X"}), **HTMX
    )
    assert response.status_code == 404
    assert not Track.objects.filter(name="X").exists()


def test_an_unknown_part_is_404(world):
    response = client_for(world.coordinator).post(f"/p/{world.program.slug}/people/add/")
    assert response.status_code == 404


# directory


def _directory(client, world, **params):
    return client.get(_url("directory", world), params)


def _listed(response):
    return {(m.user.email, m.role) for m in response.context["page"].object_list}


ALL = {f"{name}@example.org" for name in ROLES}


@pytest.mark.parametrize("name", ["coordinator", "tutor"])
def test_coordinators_and_tutors_see_everyone_with_emails(world, name):
    response = _directory(client_for(getattr(world, name)), world)
    assert response.status_code == 200
    assert {email for email, _role in _listed(response)} == ALL
    for email in ALL:
        assertContains(response, f'href="mailto:{email}"')
    assertContains(response, world.observer.full_name)


@pytest.mark.parametrize("name", ["mentor", "mentee", "reviewer"])
def test_others_see_coordinators_tutors_mentors_and_themselves_without_emails(world, name):
    response = _directory(client_for(getattr(world, name)), world)
    assert response.status_code == 200
    expected = {"coordinator@example.org", "tutor@example.org", "mentor@example.org"}
    expected.add(f"{name}@example.org")
    assert {email for email, _role in _listed(response)} == expected
    assertNotContains(response, "mailto:")
    assertNotContains(response, "@example.org")
    hidden = {"reviewer", "mentee", "observer"} - {name}
    for other in hidden:
        assertNotContains(response, getattr(world, other).full_name)


def test_the_directory_needs_sign_in(world):
    url = _url("directory", world)
    assertRedirects(client_for(None).get(url), _login_redirect(url), fetch_redirect_response=False)


@pytest.fixture
def crowd(world):
    """More people in a second wave and track, to filter on."""
    wave2 = WaveFactory(program=world.program, number=2, name="Ola de otoño")
    track2 = TrackFactory(program=world.program, name="Liderar equipos")
    ana = UserFactory(email="ana@example.org", full_name="Ana Beltrán", organization="Banco Andino")
    MembershipFactory(user=ana, program=world.program, role=Role.MENTOR, wave=wave2, track=track2)
    beto = UserFactory(email="beto@example.org", full_name="Beto Cruz", city="Quito")
    MembershipFactory(user=beto, program=world.program, role=Role.MENTEE, wave=wave2, track=track2)
    return wave2, track2


def test_directory_search_finds_by_name_and_organization(world, crowd):
    client = client_for(world.coordinator)
    assert _listed(_directory(client, world, q="beltrán")) == {("ana@example.org", "mentor")}
    assert _listed(_directory(client, world, q="andino")) == {("ana@example.org", "mentor")}
    assert _listed(_directory(client, world, q="quito")) == {("beto@example.org", "mentee")}
    response = _directory(client, world, q="nadie-se-llama-asi")
    assert _listed(response) == set()
    assertContains(response, said(world.coordinator, "Nobody matches these filters."))
    assertContains(response, 'value="nadie-se-llama-asi"')


def test_directory_filters_by_role_wave_and_track(world, crowd):
    wave2, track2 = crowd
    client = client_for(world.tutor)
    assert _listed(_directory(client, world, role="mentee")) == {
        ("mentee@example.org", "mentee"),
        ("beto@example.org", "mentee"),
    }
    expected = {("ana@example.org", "mentor"), ("beto@example.org", "mentee")}
    assert _listed(_directory(client, world, wave=wave2.pk)) == expected
    assert _listed(_directory(client, world, track=track2.pk)) == expected
    assert _listed(_directory(client, world, wave=wave2.pk, role="mentor")) == {
        ("ana@example.org", "mentor")
    }


def test_mentees_cannot_filter_for_hidden_roles(world, crowd):
    response = _directory(client_for(world.mentee), world, role="mentee")
    role_choices = [value for value, _label in response.context["form"].fields["role"].choices]
    assert role_choices == ["", "coordinator", "tutor", "mentor"]
    assert ("beto@example.org", "mentee") not in _listed(response)


def test_mentees_cannot_find_people_by_email(world):
    response = _directory(client_for(world.mentee), world, q="coordinator@example.org")
    assert _listed(response) == set()


def test_directory_with_htmx_returns_only_the_results(world, crowd):
    response = client_for(world.coordinator).get(_url("directory", world), {"q": "beto"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Beto Cruz" in html
    assert "Ana Beltrán" not in html


def test_directory_pages_by_fifty(world):
    for _ in range(55):
        MembershipFactory(program=world.program, role=Role.MENTEE)
    client = client_for(world.coordinator)
    first = _directory(client, world)
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 61
    second = _directory(client, world, page=2)
    assert len(second.context["page"].object_list) == 11


# member detail


@pytest.mark.parametrize(
    ("viewer", "target", "sees_email"),
    [
        ("coordinator", "mentee", True),
        ("coordinator", "observer", True),
        ("tutor", "mentee", True),
        ("mentor", "tutor", False),
        ("mentee", "mentor", False),
        ("mentee", "coordinator", False),
        ("mentee", "mentee", True),  # their own page
        ("reviewer", "reviewer", True),
    ],
)
def test_member_detail_of_a_visible_person(world, viewer, target, sees_email):
    person = getattr(world, target)
    person.bio = "Me gusta enseñar."
    person.save()
    response = client_for(getattr(world, viewer)).get(_url("member-detail", world, person.pk))
    assert response.status_code == 200
    assertContains(response, f"<h1>{person.full_name}</h1>")
    assertContains(response, "Me gusta enseñar.")
    assert (f"mailto:{person.email}" in response.content.decode()) is sees_email


@pytest.mark.parametrize(
    ("viewer", "target"),
    [
        ("mentor", "mentee"),
        ("mentee", "reviewer"),
        ("mentee", "observer"),
        ("reviewer", "mentee"),
        ("coordinator", "outsider"),
        ("coordinator", "other_coordinator"),
    ],
)
def test_member_detail_of_a_hidden_person_is_404(world, viewer, target):
    person = getattr(world, target)
    response = client_for(getattr(world, viewer)).get(_url("member-detail", world, person.pk))
    assert response.status_code == 404
    assertNotContains(response, person.full_name, status_code=404)


def test_member_detail_shows_a_business(world):
    BusinessProfileFactory(owner=world.mentee, legal_name="Confecciones Luna")
    response = client_for(world.coordinator).get(_url("member-detail", world, world.mentee.pk))
    assertContains(response, "Confecciones Luna")


def test_member_detail_for_observers_and_outsiders(world):
    url = _url("member-detail", world, world.coordinator.pk)
    assert client_for(world.observer).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    assert (
        client_for(world.coordinator).get(_url("member-detail", world, 999999)).status_code == 404
    )


# invitations


def _invite_data(world, **overrides):
    data = {
        "submit_key": str(uuid.uuid4()),
        "email": "Nueva.Mentee@Example.org",
        "full_name": "Nora Vega",
        "role": "mentee",
        "wave": str(world.wave.pk),
        "track": str(world.track.pk),
        "language": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def send_invitation(world, django_capture_on_commit_callbacks):
    """Invite as the coordinator; returns the path of the link in the email."""

    def send(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(world.coordinator).post(
                _url("invite", world), _invite_data(world, **overrides)
            )
        assertRedirects(response, _url("invite", world), fetch_redirect_response=False)
        return INVITATION_LINK.search(mail.outbox[-1].body).group(1)

    return send


def test_the_coordinator_may_open_the_invite_page(world):
    Invitation.objects.create(
        program=world.program,
        email="pendiente@example.org",
        role=Role.MENTOR,
        language="es",
        token_hash="x" * 64,
        invited_by=world.coordinator,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    response = client_for(world.coordinator).get(_url("invite", world))
    assert response.status_code == 200
    assertContains(response, 'name="email"')
    assertContains(response, "pendiente@example.org")


@pytest.mark.parametrize("name", ["reviewer", "tutor", "mentor", "mentee", "observer"])
def test_only_coordinators_may_invite(world, name, django_capture_on_commit_callbacks):
    client = client_for(getattr(world, name))
    assert client.get(_url("invite", world)).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url("invite", world), _invite_data(world)).status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("name", ["outsider", "other_coordinator"])
def test_the_invite_page_is_404_to_outsiders(world, name):
    client = client_for(getattr(world, name))
    assert client.get(_url("invite", world)).status_code == 404
    assert client.post(_url("invite", world), _invite_data(world)).status_code == 404
    assert not Invitation.objects.exists()


def test_an_invitation_is_emailed_with_a_link(world, send_invitation):
    path = send_invitation()
    (message,) = mail.outbox
    assert message.to == ["nueva.mentee@example.org"]
    assert world.program.name in message.subject
    assert world.coordinator.full_name in message.body
    assert "Nora Vega" in message.body
    assert path.startswith("/invitations/")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.wave, invitation.track) == (
        "nueva.mentee@example.org",
        "mentee",
        world.wave,
        world.track,
    )
    assert invitation.language == settings.LANGUAGE_CODE
    assert invitation.invited_by == world.coordinator
    # Only the token's hash is kept.
    assert path.split("/")[-2] not in invitation.token_hash
    page = client_for(world.coordinator).get(_url("invite", world))
    assertContains(page, "nueva.mentee@example.org")


def _invitation_subject(language, program):
    with translation.override(language):
        return gettext("You are invited to %(program)s") % {"program": program.name}


@pytest.mark.parametrize("language", ["es", "en"])
def test_an_existing_person_is_invited_in_their_language(world, send_invitation, language):
    world.outsider.language = language
    world.outsider.save()
    send_invitation(email="outsider@example.org", role="mentor")
    assert Invitation.objects.get().language == language
    assert mail.outbox[0].subject == _invitation_subject(language, world.program)


def test_a_newcomer_is_invited_in_the_default_language(world, send_invitation):
    send_invitation()
    assert Invitation.objects.get().language == settings.LANGUAGE_CODE
    assert mail.outbox[0].subject == _invitation_subject(settings.LANGUAGE_CODE, world.program)


def test_the_coordinator_may_choose_the_language(world, send_invitation):
    send_invitation(language="en")
    assert Invitation.objects.get().language == "en"
    assert mail.outbox[0].subject == _invitation_subject("en", world.program)


def test_a_duplicate_invite_submit_sends_once(world, django_capture_on_commit_callbacks):
    client = client_for(world.coordinator)
    data = _invite_data(world)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("invite", world), data)
        client.post(_url("invite", world), data)
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_invitations_to_one_address_are_limited_like_every_link_email(
    world, django_capture_on_commit_callbacks, settings
):
    """A coordinator types the address in: inviting it in one role after another cannot flood
    it (one pending invitation per role, and link emails limited per address)."""
    client = client_for(world.coordinator)
    statuses = []
    for role in ["mentee", "mentor", "tutor", "reviewer"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url("invite", world), _invite_data(world, role=role))
        statuses.append(response.status_code)
    assert statuses == [302] * settings.LINK_EMAILS_PER_ADDRESS + [422]
    assert len(mail.outbox) == settings.LINK_EMAILS_PER_ADDRESS
    assertContains(response, "too often", status_code=422)


def test_inviting_someone_already_in_that_role_is_refused(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.coordinator).post(
            _url("invite", world), _invite_data(world, email="MENTOR@example.org", role="mentor")
        )
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assertContains(response, 'value="MENTOR@example.org"', status_code=422)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_invitation_cannot_use_another_programs_wave(world):
    other_wave = WaveFactory(program=world.other_program)
    response = client_for(world.coordinator).post(
        _url("invite", world), _invite_data(world, wave=str(other_wave.pk))
    )
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"wave"}
    assert not Invitation.objects.exists()


def _accept(client, path, **overrides):
    data = {"full_name": "Nora Vega", "password1": PASSWORD, "password2": PASSWORD}
    data.update(overrides)
    return client.post(path, data)


def test_a_new_person_accepts_and_is_signed_in(world, send_invitation):
    path = send_invitation()
    client = client_for(None)
    page = client.get(path)
    assert page.status_code == 200
    assertContains(page, world.program.name)
    assertContains(page, 'value="Nora Vega"')
    assertContains(page, 'name="password1"')

    response = _accept(client, path, full_name="Nora Vega Ríos")
    assertRedirects(response, world.program.get_absolute_url(), fetch_redirect_response=False)
    user = User.objects.get(email="nueva.mentee@example.org")
    assert user.full_name == "Nora Vega Ríos"
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get(user=user, program=world.program)
    assert (membership.role, membership.wave, membership.track) == (
        "mentee",
        world.wave,
        world.track,
    )
    assert client.session[SESSION_KEY] == str(user.pk)
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == user
    home = client.get(world.program.get_absolute_url())
    assert home.status_code == 200
    assertContains(home, world.track.name)


def test_a_new_person_must_repeat_the_password(world, send_invitation):
    path = send_invitation()
    response = _accept(client_for(None), path, password2="something-else-entirely")
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"password2"}
    assertContains(response, 'value="Nora Vega"', status_code=422)
    assert not User.objects.filter(email="nueva.mentee@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_new_person_needs_a_strong_password(world, send_invitation):
    path = send_invitation()
    response = _accept(client_for(None), path, password1="12345", password2="12345")
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"password1"}
    assert not User.objects.filter(email="nueva.mentee@example.org").exists()


def test_a_used_invitation_answers_404(world, send_invitation):
    path = send_invitation()
    _accept(client_for(None), path)
    for client in (
        client_for(None),
        client_for(User.objects.get(email="nueva.mentee@example.org")),
    ):
        assert client.get(path).status_code == 404
        assert _accept(client, path).status_code == 404
    assert Membership.objects.filter(user__email="nueva.mentee@example.org").count() == 1


def test_an_expired_invitation_answers_404(world, send_invitation):
    path = send_invitation()
    later = timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        response = client_for(None).get(path)
        assert response.status_code == 404
        assertContains(response, reverse("account_login"), status_code=404)
        assert _accept(client_for(None), path).status_code == 404
    assert not User.objects.filter(email="nueva.mentee@example.org").exists()


def test_an_unknown_invitation_link_answers_404(world):
    response = client_for(None).get(reverse("programs:invitation-accept", args=["made-up"]))
    assert response.status_code == 404


def test_an_existing_person_must_sign_in_first(world, send_invitation):
    path = send_invitation(email="outsider@example.org", role="mentor")
    client = client_for(None)
    page = client.get(path)
    assert page.status_code == 200
    assertContains(page, _login_redirect(path))
    assertNotContains(page, 'name="password1"')
    response = client.post(path)
    assertRedirects(response, _login_redirect(path), fetch_redirect_response=False)
    assert not Membership.objects.filter(user=world.outsider).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_person_signed_in_accepts(world, send_invitation):
    path = send_invitation(email="outsider@example.org", role="mentor")
    client = client_for(world.outsider)
    assertContains(client.get(path), world.program.name)
    response = client.post(path)
    assertRedirects(response, world.program.get_absolute_url(), fetch_redirect_response=False)
    membership = Membership.objects.get(user=world.outsider, program=world.program)
    assert membership.role == "mentor"
    assert client.get(world.program.get_absolute_url()).status_code == 200


def test_an_existing_member_invited_to_a_new_role_keeps_the_old_one(world, send_invitation):
    path = send_invitation(email="mentee@example.org", role="mentor", wave="", track="")
    response = client_for(world.mentee).post(path)
    assert response.status_code == 302
    assert sorted(
        Membership.objects.filter(user=world.mentee, program=world.program).values_list(
            "role", flat=True
        )
    ) == ["mentee", "mentor"]


@pytest.mark.parametrize("email", ["nueva.mentee@example.org", "outsider@example.org"])
def test_someone_else_signed_in_gets_403(world, send_invitation, email):
    path = send_invitation(email=email)
    client = client_for(world.mentor)
    assert client.get(path).status_code == 403
    response = _accept(client, path)
    assert response.status_code == 403
    assertContains(response, email, status_code=403)
    assert Invitation.objects.get().accepted_at is None
    assert not Membership.objects.filter(user=world.mentor, role="mentee").exists()
    assert not User.objects.filter(email="nueva.mentee@example.org").exists()


# wrong methods


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("my-programs", [], "post"),
        ("program-home", ["programa-piloto"], "post"),
        ("member-detail", ["programa-piloto", 1], "post"),
        ("directory", ["programa-piloto"], "post"),
        ("program-part-add", ["programa-piloto", "waves"], "get"),
        ("program-part-add", ["programa-piloto", "tracks"], "put"),
        ("program-create", [], "put"),
        ("program-edit", ["programa-piloto"], "delete"),
        ("invite", ["programa-piloto"], "patch"),
        ("invitation-accept", ["some-token"], "put"),
    ],
)
def test_wrong_method_is_405(world, name, args, method):
    response = getattr(client_for(world.coordinator), method)(
        reverse(f"programs:{name}", args=args)
    )
    assert response.status_code == 405


def test_an_invalid_directory_filter_does_not_drop_the_others(world):
    client = client_for(world.coordinator)
    response = client.get(
        reverse("programs:directory", args=[world.program.slug]),
        {"q": world.mentor.full_name.split()[0], "role": "mentor", "wave": "999999"},
    )
    entries = list(response.context["page"].object_list)
    assert entries, "the valid filters still apply"
    assert all(m.role == "mentor" for m in entries)


def test_a_pending_invitation_is_not_sent_twice(world):
    client = client_for(world.coordinator)
    url = reverse("programs:invite", args=[world.program.slug])
    data = {"email": "nueva@example.org", "role": "mentor", "language": ""}
    first = client.post(url, {**data, "submit_key": "5d5b7d46-4a4e-4f59-9b55-0f9a1f0e0001"})
    assert first.status_code == 302
    second = client.post(url, {**data, "submit_key": "5d5b7d46-4a4e-4f59-9b55-0f9a1f0e0002"})
    assert second.status_code == 422
    assert "already pending" in second.content.decode()
    assert world.program.invitations.filter(email="nueva@example.org").count() == 1


def test_program_dates_cannot_leave_a_wave_outside(world):
    client = client_for(world.coordinator)
    program = world.program
    response = client.post(
        reverse("programs:program-edit", args=[program.slug]),
        {
            "name": program.name,
            "purpose": program.purpose,
            "format": program.format,
            "delivery": program.delivery,
            "starts_on": "2026-03-01",
            "ends_on": str(program.ends_on),
            "hours_per_week": "1",
            "working_days": ["1", "2", "3", "4", "5"],
            "status": program.status,
        },
    )
    assert response.status_code == 422
    assert "would fall outside the program" in response.content.decode()
    program.refresh_from_db()
    assert str(program.starts_on) == "2026-01-01"


# An empty POST is a submitted form: bound, refused with its errors (422), nothing changed.


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("program-create", "name"),
        ("program-edit", "name"),
        ("invite", "email"),
    ],
)
def test_an_empty_post_is_refused_with_its_errors(world, name, field):
    url = reverse("programs:program-create") if name == "program-create" else _url(name, world)
    programs_before = Program.objects.count()
    response = client_for(world.coordinator).post(url, {})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.is_bound
    assert field in form.errors
    assertContains(response, said(world.coordinator, "This field is required."), status_code=422)
    assert Program.objects.count() == programs_before
    assert not Invitation.objects.exists()
    world.program.refresh_from_db()
    assert world.program.name == "Programa piloto"


def test_an_empty_wave_clone_post_is_refused_with_its_errors(world):
    response = client_for(world.coordinator).post(_url("wave-clone", world, world.wave.number), {})
    assert response.status_code == 422
    assert response.context["form"].is_bound
    assert response.context["form"].errors
    assertContains(response, said(world.coordinator, "This field is required."), status_code=422)
    assert Wave.objects.filter(program=world.program).count() == 1


def test_an_empty_invitation_accept_post_is_refused_with_its_errors(world, send_invitation):
    path = send_invitation()
    response = client_for(None).post(path, {})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.is_bound
    assert {"full_name", "password1", "password2"} <= set(form.errors)
    assertContains(response, "This field is required.", status_code=422)
    assert not User.objects.filter(email="nueva.mentee@example.org").exists()
    assert Invitation.objects.get().accepted_at is None
