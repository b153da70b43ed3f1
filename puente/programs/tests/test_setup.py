"""The set-up page forgives: waves, tracks and focus areas are added once however often the
button is pressed, renamed, reordered, archived, and deleted only while nothing refers to them."""

import datetime as dt
import uuid

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import FocusAreaFactory, MembershipFactory, TrackFactory, WaveFactory
from puente.instruments.models import Question, QuestionType
from puente.instruments.registry import AnswerContext, FocusAreas
from puente.programs import services
from puente.programs.archived import hide_archived
from puente.programs.forms import DirectoryFilterForm, InvitationForm
from puente.programs.models import FocusArea, Track, Wave

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
ADD = {
    "waves": {"wave-name": "Ola 2", "wave-starts_on": "2026-07-01", "wave-ends_on": "2026-12-15"},
    "tracks": {"track-name": "Liderar equipos", "track-description": ""},
    "focus-areas": {"area-name": "Finanzas", "area-kind": "business"},
}
PREFIX = {"waves": "wave", "tracks": "track", "focus-areas": "area"}
MODELS = {"waves": Wave, "tracks": Track, "focus-areas": FocusArea}


def _url(name, world, *args):
    return reverse(f"programs:{name}", args=[world.program.slug, *args])


def _with_key(part, key=None):
    return {**ADD[part], f"{PREFIX[part]}-submit_key": str(key or uuid.uuid4())}


# Adding once


@pytest.mark.parametrize("part", ["waves", "tracks", "focus-areas"])
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_the_same_add_sent_twice_adds_one(world, part, htmx):
    """Two quick clicks on Add (or a request sent again) carry the same submit key: one entry,
    and the second answer says it was added, as the first did, instead of an error."""
    client = client_for(world.coordinator)
    data = _with_key(part)
    headers = HTMX if htmx else {}
    before = MODELS[part].objects.filter(program=world.program).count()
    first = client.post(_url("program-part-add", world, part), data, **headers)
    second = client.post(_url("program-part-add", world, part), data, **headers)
    assert MODELS[part].objects.filter(program=world.program).count() == before + 1
    if htmx:
        for response in (first, second):
            assertContains(response, "added.")
            assertNotContains(response, 'class="error-summary"')
    else:
        assert first.status_code == second.status_code == 302
        assert first["Location"] == second["Location"]


def test_two_adds_with_their_own_keys_add_two_waves_numbered_in_turn(world):
    client = client_for(world.coordinator)
    for name in ("Ola 2", "Ola 3"):
        data = {**_with_key("waves"), "wave-name": name}
        assert (
            client.post(_url("program-part-add", world, "waves"), data, **HTMX).status_code == 200
        )
    assert list(world.program.waves.values_list("number", "name")) == [
        (1, ""),
        (2, "Ola 2"),
        (3, "Ola 3"),
    ]


def test_an_add_refused_may_be_sent_again_with_the_same_key(world):
    """A refused form keeps its key: once corrected, sending it adds the entry."""
    client = client_for(world.coordinator)
    data = {**_with_key("tracks"), "track-name": world.track.name}
    assert client.post(_url("program-part-add", world, "tracks"), data, **HTMX).status_code == 422
    data["track-name"] = "Otra ruta"
    response = client.post(_url("program-part-add", world, "tracks"), data, **HTMX)
    assert response.status_code == 200
    assert world.program.tracks.filter(name="Otra ruta").exists()


def test_new_tracks_and_focus_areas_come_last(world):
    services.track_create(program=world.program, name="Segunda")
    services.focus_area_create(program=world.program, name="Zeta", kind="business")
    services.focus_area_create(program=world.program, name="Alfa", kind="business")
    assert [t.name for t in world.program.tracks.all()] == ["Entrar a la industria", "Segunda"]
    assert [a.name for a in world.program.focus_areas.all()] == ["Zeta", "Alfa"]


def test_the_add_form_carries_its_submit_key(world):
    response = client_for(world.coordinator).get(_url("program-edit", world))
    for prefix in PREFIX.values():
        assertContains(response, f'name="{prefix}-submit_key"')


# Renaming


def test_a_track_is_renamed_in_place_with_htmx(world):
    client = client_for(world.coordinator)
    url = _url("program-part-edit", world, "tracks", world.track.pk)
    form = client.get(url, **HTMX)
    assert form.status_code == 200
    assertContains(form, f'name="track-{world.track.pk}-name"')
    assertContains(form, f'value="{world.track.name}"')
    data = {
        f"track-{world.track.pk}-name": "Primer empleo",
        f"track-{world.track.pk}-description": "Para quien empieza.",
    }
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    assertContains(response, "Primer empleo")
    world.track.refresh_from_db()
    assert (world.track.name, world.track.description) == ("Primer empleo", "Para quien empieza.")
    # The people in the track are still in it.
    assert world.track.memberships.count() == 6


def test_renaming_without_javascript_goes_through_the_set_up_page(world):
    client = client_for(world.coordinator)
    url = _url("program-part-edit", world, "tracks", world.track.pk)
    response = client.get(url)
    expected = f"{_url('program-edit', world)}?edit=tracks-{world.track.pk}#tracks-{world.track.pk}"
    assertRedirects(response, expected, fetch_redirect_response=False)
    page = client.get(expected)
    assertContains(page, f'name="track-{world.track.pk}-name"')
    assertContains(page, f'action="{url}"')
    saved = client.post(url, {f"track-{world.track.pk}-name": "Primer empleo"})
    assertRedirects(saved, _url("program-edit", world) + "#tracks", fetch_redirect_response=False)
    world.track.refresh_from_db()
    assert world.track.name == "Primer empleo"


def test_a_rename_to_a_name_in_use_is_refused_and_keeps_what_was_typed(world):
    other = TrackFactory(program=world.program, name="Otra")
    url = _url("program-part-edit", world, "tracks", other.pk)
    response = client_for(world.coordinator).post(
        url, {f"track-{other.pk}-name": world.track.name}, **HTMX
    )
    assert response.status_code == 422
    assertContains(response, f'value="{world.track.name}"', status_code=422)
    other.refresh_from_db()
    assert other.name == "Otra"


def test_a_wave_is_renamed_and_its_dates_changed_keeping_its_number(world):
    url = _url("program-part-edit", world, "waves", world.wave.number)
    prefix = f"wave-{world.wave.pk}"
    data = {
        f"{prefix}-name": "Piloto",
        f"{prefix}-starts_on": "2026-02-01",
        f"{prefix}-ends_on": "2026-05-31",
    }
    response = client_for(world.coordinator).post(url, data, **HTMX)
    assert response.status_code == 200
    world.wave.refresh_from_db()
    assert (world.wave.number, world.wave.name) == (1, "Piloto")
    assert (world.wave.starts_on, world.wave.ends_on) == (dt.date(2026, 2, 1), dt.date(2026, 5, 31))


def test_a_wave_cannot_be_moved_outside_the_program(world):
    url = _url("program-part-edit", world, "waves", world.wave.number)
    prefix = f"wave-{world.wave.pk}"
    data = {f"{prefix}-starts_on": "2025-01-01", f"{prefix}-ends_on": "2026-05-31"}
    response = client_for(world.coordinator).post(url, data, **HTMX)
    assert response.status_code == 422
    world.wave.refresh_from_db()
    assert world.wave.starts_on == world.program.starts_on


def test_waves_are_listed_by_date(world):
    later = WaveFactory(program=world.program, number=2, starts_on=dt.date(2026, 6, 1))
    earlier = WaveFactory(program=world.program, number=3, starts_on=world.program.starts_on)
    world.wave.starts_on = dt.date(2026, 3, 1)
    world.wave.save()
    assert list(world.program.waves.all()) == [earlier, world.wave, later]


def test_a_focus_area_is_renamed_and_its_kind_changed(world):
    area = FocusAreaFactory(program=world.program, name="Finanza", kind="business")
    url = _url("program-part-edit", world, "focus-areas", area.pk)
    data = {f"area-{area.pk}-name": "Finanzas personales", f"area-{area.pk}-kind": "personal"}
    assert client_for(world.coordinator).post(url, data, **HTMX).status_code == 200
    area.refresh_from_db()
    assert (area.name, area.kind) == ("Finanzas personales", "personal")


# Reordering


def _areas(world):
    return [a.name for a in world.program.focus_areas.all()]


def test_focus_areas_move_up_and_down(world):
    for name in ("Ventas", "Finanzas", "Liderazgo"):
        services.focus_area_create(program=world.program, name=name, kind="business")
    liderazgo = world.program.focus_areas.get(name="Liderazgo")
    client = client_for(world.coordinator)
    url = _url("program-part-move", world, "focus-areas", liderazgo.pk)
    response = client.post(url, {"direction": "up"}, **HTMX)
    assert response.status_code == 200
    assertContains(response, "“Liderazgo” is now number 2.")
    assert _areas(world) == ["Ventas", "Liderazgo", "Finanzas"]
    client.post(url, {"direction": "up"})
    client.post(url, {"direction": "up"})  # already first: stays
    assert _areas(world) == ["Liderazgo", "Ventas", "Finanzas"]
    client.post(url, {"direction": "down"})
    assert _areas(world) == ["Ventas", "Liderazgo", "Finanzas"]
    # The new order is the one applicants read.
    assert list(AnswerContext.of_program(world.program.pk).focus_areas.values()) == _areas(world)


def test_a_move_without_javascript_returns_to_the_list(world):
    second = services.track_create(program=world.program, name="Segunda")
    response = client_for(world.coordinator).post(
        _url("program-part-move", world, "tracks", second.pk), {"direction": "up"}
    )
    assertRedirects(
        response, _url("program-edit", world) + "#tracks", fetch_redirect_response=False
    )
    assert [t.name for t in world.program.tracks.all()] == ["Segunda", "Entrar a la industria"]


def test_a_move_needs_a_direction(world):
    url = _url("program-part-move", world, "tracks", world.track.pk)
    assert client_for(world.coordinator).post(url, {"direction": "sideways"}).status_code == 400


def test_waves_are_not_moved_but_dated(world):
    url = _url("program-part-move", world, "waves", world.wave.number)
    assert client_for(world.coordinator).post(url, {"direction": "up"}).status_code == 404


def test_the_move_buttons_work_without_javascript(world):
    services.track_create(program=world.program, name="Segunda")
    response = client_for(world.coordinator).get(_url("program-edit", world))
    move = _url("program-part-move", world, "tracks", world.track.pk)
    assertContains(response, f'<form method="post" action="{move}"')
    assertContains(response, 'name="direction" value="down"')


# Archiving


def test_an_archived_wave_leaves_new_choices_and_stays_where_chosen(world):
    second = WaveFactory(program=world.program, number=2)
    response = client_for(world.coordinator).post(
        _url("program-part-archive", world, "waves", world.wave.number), {"archive": "yes"}, **HTMX
    )
    assert response.status_code == 200
    assertContains(response, "archived")
    world.wave.refresh_from_db()
    assert world.wave.archived_at is not None
    # The invitation form no longer offers it; the directory filter keeps it when chosen.
    invite = InvitationForm(program=world.program)
    assert str(world.wave.pk) not in invite["wave"].as_widget()
    assert f'value="{second.pk}"' in invite["wave"].as_widget()
    chosen = DirectoryFilterForm(
        {"wave": str(world.wave.pk)}, program=world.program, roles=[("mentor", "Mentor")]
    )
    assert chosen.is_valid()
    assert f'value="{world.wave.pk}" selected' in chosen["wave"].as_widget()
    # Its people are still in it.
    assert world.wave.memberships.count() == 6


def test_an_archived_item_is_restored(world):
    services.part_archive(item=world.track, archived=True)
    response = client_for(world.coordinator).post(
        _url("program-part-archive", world, "tracks", world.track.pk), {"archive": "no"}
    )
    assert response.status_code == 302
    world.track.refresh_from_db()
    assert world.track.archived_at is None


def test_archived_items_are_listed_apart_on_the_set_up_page(world):
    services.part_archive(item=world.track, archived=True)
    response = client_for(world.coordinator).get(_url("program-edit", world))
    assertContains(response, "1 archived")
    restore = _url("program-part-archive", world, "tracks", world.track.pk)
    assertContains(response, f'action="{restore}"')
    assertContains(response, 'name="archive" value="no"')


def test_an_archived_track_cannot_be_moved(world):
    services.part_archive(item=world.track, archived=True)
    response = client_for(world.coordinator).post(
        _url("program-part-move", world, "tracks", world.track.pk), {"direction": "up"}, **HTMX
    )
    assertContains(response, "restore it first")


def test_an_archived_focus_area_is_not_offered_to_applicants_but_kept_in_their_answers(world):
    kept = FocusAreaFactory(program=world.program, name="Ventas")
    old = FocusAreaFactory(program=world.program, name="Exportar")
    services.part_archive(item=old, archived=True)
    context = AnswerContext.of_program(world.program.pk)
    question = Question(key="areas", label="Áreas", type=QuestionType.FOCUS_AREAS)
    field = FocusAreas().field(question, required=False, context=context)
    fresh = field.widget.render("areas", [])
    assert "Ventas" in fresh
    assert "Exportar" not in fresh
    draft = field.widget.render("areas", [str(old.pk)])
    assert "Exportar" in draft
    # The answer still reads as its name, in the program's order.
    names = FocusAreas().names(question, [str(kept.pk), str(old.pk)], context)
    assert names == ["Exportar", "Ventas"]


def test_adding_a_name_that_is_archived_says_to_restore_it(world):
    services.part_archive(item=world.track, archived=True)
    data = {**_with_key("tracks"), "track-name": world.track.name}
    response = client_for(world.coordinator).post(
        _url("program-part-add", world, "tracks"), data, **HTMX
    )
    assertContains(response, "exists but is archived: restore it", status_code=422)
    assert world.program.tracks.count() == 1


def test_hide_archived_leaves_other_choice_fields_alone():
    field = forms.CharField()
    assert hide_archived(field) is field
    assert type(field.widget) is forms.TextInput


# Deleting


def test_a_track_nothing_uses_is_deleted(world):
    mistake = services.track_create(program=world.program, name="Por error")
    response = client_for(world.coordinator).post(
        _url("program-part-delete", world, "tracks", mistake.pk), **HTMX
    )
    assert response.status_code == 200
    assertContains(response, "“Por error” deleted.")
    assert not Track.objects.filter(pk=mistake.pk).exists()


def test_a_wave_with_members_is_not_deleted_and_the_reason_says_what_depends_on_it(world):
    response = client_for(world.coordinator).post(
        _url("program-part-delete", world, "waves", world.wave.number), **HTMX
    )
    assert response.status_code == 200
    assertContains(response, 'role="alert"')
    assertContains(response, "cannot be deleted: 6 memberships depend on it")
    assertContains(response, "Archive it instead")
    assert Wave.objects.filter(pk=world.wave.pk).exists()


def test_the_reason_counts_what_every_app_keeps_in_the_wave(world):
    from puente.mentoring.models import Relationship

    mentor = world.program.memberships.get(role=Role.MENTOR)
    Relationship.objects.create(
        program=world.program,
        wave=world.wave,
        mentor=mentor,
        starts_on=world.wave.starts_on,
        ends_on=world.wave.ends_on,
    )
    with pytest.raises(services.ValidationError) as refused:
        services.part_delete(item=world.wave)
    assert refused.value.messages == [
        "“Wave 1” cannot be deleted: 6 memberships and 1 mentoring relationship depend on it. "
        "Archive it instead: it leaves the choices for anything new and stays where it is used."
    ]


def test_the_reason_is_in_the_coordinators_language(world):
    area = FocusAreaFactory(program=world.program, name="Finanzas")
    world.program.memberships.get(role=Role.MENTEE).focus_areas.add(area)
    with translation.override("es"), pytest.raises(services.ValidationError) as refused:
        services.part_delete(item=area)
    assert "1 membresía" in refused.value.messages[0]


def test_a_refused_delete_without_javascript_says_why_on_the_set_up_page(world):
    client = client_for(world.coordinator)
    response = client.post(_url("program-part-delete", world, "tracks", world.track.pk))
    assertRedirects(
        response, _url("program-edit", world) + "#tracks", fetch_redirect_response=False
    )
    page = client.get(response["Location"])
    assertContains(page, "6 memberships depend on it")


def test_an_archived_item_nothing_uses_may_still_be_deleted(world):
    area = FocusAreaFactory(program=world.program)
    services.part_archive(item=area, archived=True)
    client_for(world.coordinator).post(_url("program-part-delete", world, "focus-areas", area.pk))
    assert not FocusArea.objects.filter(pk=area.pk).exists()


# Who may


@pytest.mark.parametrize("name", ["reviewer", "tutor", "mentor", "mentee", "observer"])
@pytest.mark.parametrize("action", ["edit", "move", "archive", "delete"])
def test_only_coordinators_change_the_set_up(world, name, action):
    url = _url(f"program-part-{action}", world, "tracks", world.track.pk)
    data = {"direction": "up", "archive": "yes", f"track-{world.track.pk}-name": "X"}
    assert client_for(getattr(world, name)).post(url, data).status_code == 403
    world.track.refresh_from_db()
    assert (world.track.name, world.track.archived_at) == ("Entrar a la industria", None)


def test_another_programs_items_are_not_found_under_this_address(world):
    other = TrackFactory(program=world.other_program)
    response = client_for(world.coordinator).post(
        _url("program-part-delete", world, "tracks", other.pk)
    )
    assert response.status_code == 404
    assert Track.objects.filter(pk=other.pk).exists()


def test_the_set_up_page_without_items_still_offers_the_forms(world):
    MembershipFactory(program=world.other_program, role=Role.COORDINATOR)
    response = client_for(world.other_coordinator).get(
        reverse("programs:program-edit", args=[world.other_program.slug])
    )
    assertContains(response, "No tracks yet.")
    assertNotContains(response, "archived")
