"""Editing an event: invitees who have not declined are emailed a new time or place (once, in
their language), other edits send nothing, and the .ics revision (SEQUENCE) goes up so that
calendar apps update the event instead of adding a second one."""

import datetime as dt
import uuid
import zoneinfo

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from puente.conftest import client_for
from puente.events import services
from puente.events.models import Event, EventInvitation
from puente.mentoring import services as mentoring_services

pytestmark = pytest.mark.django_db

BOGOTA = zoneinfo.ZoneInfo("America/Bogota")
STARTS = dt.datetime(2026, 12, 10, 10, 0, tzinfo=BOGOTA)
ENDS = STARTS + dt.timedelta(hours=2)
BEFORE = STARTS - dt.timedelta(days=5)
AFTER = ENDS + dt.timedelta(days=1)
DATA = {
    "kind": Event.Kind.KICK_OFF,
    "title": "Lanzamiento",
    "description": "Bienvenida y presentación del programa.",
    "wave": None,
    "track": None,
    "starts_at": STARTS,
    "ends_at": ENDS,
    "time_zone": "America/Bogota",
    "mode": Event.Mode.IN_PERSON,
    "place": "Cámara de Comercio, Bogotá",
    "video_link": "",
}


@pytest.fixture
def invited(world) -> Event:
    """An event with everyone of the world's program invited (the observer never is), the
    mentee having declined and the mentor reading English; no email sent yet."""
    return invited_event(world, DATA)


def invited_event(world, data) -> Event:
    """The ``invited`` fixture's event, made from ``data`` (also used by test_event_cancel)."""
    world.mentor.language = "en"
    world.mentor.time_zone = "America/Bogota"
    world.mentor.save()
    world.tutor.language = "es"
    world.tutor.save()
    with time_machine.travel(BEFORE, tick=False):
        event = services.event_save(program=world.program, by=world.coordinator, data=data)
        services.event_invite(event=event, by=world.coordinator)
        services.event_rsvp(
            invitation=EventInvitation.objects.get(event=event, user=world.mentee),
            by=world.mentee,
            answer="no",
        )
    mail.outbox.clear()
    return event


def _update(world, event, capture, **changes):
    with capture(execute=True), time_machine.travel(BEFORE, tick=False):
        return services.event_update(
            event=Event.objects.get(pk=event.pk), by=world.coordinator, data={**DATA, **changes}
        )


def _sequence(world, event) -> int:
    url = reverse("events:event-ics", args=[world.program.slug, event.pk])
    with time_machine.travel(BEFORE, tick=False):
        response = client_for(world.mentor).get(url)
    (component,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(component["uid"]) == f"event-{event.pk}@testserver"
    return int(component.decoded("sequence"))


def _expected_recipients(world, event) -> set[str]:
    return {
        i.user.email
        for i in EventInvitation.objects.filter(event=event).select_related("user")
        if i.rsvp != EventInvitation.Rsvp.NO and i.user != world.coordinator
    }


# --- Services -----------------------------------------------------------------------------------


def test_a_new_time_is_emailed_once_to_each_invitee_who_has_not_declined(
    world, invited, django_capture_on_commit_callbacks
):
    later = STARTS + dt.timedelta(hours=4)  # 14:00 in Bogotá
    change = _update(
        world,
        invited,
        django_capture_on_commit_callbacks,
        starts_at=later,
        ends_at=ENDS + dt.timedelta(hours=4),
    )
    assert change.changed == {"starts_at", "ends_at"}
    addresses = [m.to[0] for m in mail.outbox]
    assert sorted(addresses) == sorted(_expected_recipients(world, invited))
    assert len(addresses) == len(set(addresses)) == len(change.told) >= 3
    # The mentee declined, the observer was never invited, the coordinator made the change.
    assert not {world.mentee.email, world.observer.email, world.coordinator.email} & set(addresses)
    by_address = {m.to[0]: m for m in mail.outbox}
    english, spanish = by_address[world.mentor.email], by_address[world.tutor.email]
    assert english.subject == f"Event changed: Lanzamiento ({world.program.name})"
    assert "has changed" in english.body and "Before the change:" in english.body
    assert "2 p.m." in english.body or "14:00" in english.body  # the new start...
    assert "10 a.m." in english.body or "10:00" in english.body  # ...and the old one
    # Said with the strings already translated (the new ones wait in var/i18n-pending).
    assert "Hola" in spanish.body and "Empieza" in spanish.body and "Hello" not in spanish.body
    assert "Lanzamiento" in spanish.subject
    ics = reverse("events:event-ics", args=[world.program.slug, invited.pk])
    assert ics in english.body and ics in spanish.body


def test_a_new_place_is_emailed_with_the_old_one(
    world, invited, django_capture_on_commit_callbacks
):
    _update(world, invited, django_capture_on_commit_callbacks, place="Auditorio principal")
    english = next(m for m in mail.outbox if m.to == [world.mentor.email])
    assert "Place: Auditorio principal" in english.body
    assert "Cámara de Comercio, Bogotá" in english.body.split("Before the change:")[1]
    assert "Starts" not in english.body.split("Before the change:")[1]


def test_an_edit_of_neither_time_nor_place_sends_nothing(
    world, invited, django_capture_on_commit_callbacks
):
    change = _update(
        world,
        invited,
        django_capture_on_commit_callbacks,
        description="Bienvenida y presentación del programa (con café).",
        kind=Event.Kind.TRAINING,
        title="Lanzamiento oficial",
    )
    assert change.changed == {"description", "kind", "title"}
    assert change.told == []
    assert mail.outbox == []


def test_a_quiet_fix_or_an_event_already_over_sends_nothing(
    world, invited, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(BEFORE, tick=False):
        services.event_update(
            event=invited, by=world.coordinator, data={**DATA, "place": "Sala 2"}, notify=False
        )
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(AFTER, tick=False):
        services.event_update(event=invited, by=world.coordinator, data={**DATA, "place": "Sala 3"})
    assert mail.outbox == []
    invited.refresh_from_db()
    assert (invited.place, invited.sequence) == ("Sala 3", 2)


# --- Calendars ----------------------------------------------------------------------------------


def test_each_change_calendars_show_raises_the_ics_sequence(
    world, invited, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert _sequence(world, invited) == 0
    _update(world, invited, capture, starts_at=STARTS + dt.timedelta(hours=1))
    assert _sequence(world, invited) == 1
    _update(world, invited, capture, starts_at=STARTS + dt.timedelta(hours=1), place="Sala 2")
    assert _sequence(world, invited) == 2
    # The description shows in calendars (raised, no email); the kind and wave do not.
    _update(
        world,
        invited,
        capture,
        starts_at=STARTS + dt.timedelta(hours=1),
        place="Sala 2",
        description="Con café.",
    )
    assert _sequence(world, invited) == 3
    _update(
        world,
        invited,
        capture,
        starts_at=STARTS + dt.timedelta(hours=1),
        place="Sala 2",
        description="Con café.",
        kind=Event.Kind.TRAINING,
        wave=world.wave,
    )
    assert _sequence(world, invited) == 3
    # Saving the same details again changes nothing.
    _update(
        world,
        invited,
        capture,
        starts_at=STARTS + dt.timedelta(hours=1),
        place="Sala 2",
        description="Con café.",
        kind=Event.Kind.TRAINING,
        wave=world.wave,
    )
    assert _sequence(world, invited) == 3
    (component,) = icalendar.Calendar.from_ical(
        client_for(world.mentor)
        .get(reverse("events:event-ics", args=[world.program.slug, invited.pk]))
        .content
    ).walk("VEVENT")
    assert component.decoded("dtstart") == STARTS + dt.timedelta(hours=1)
    assert str(component["location"]) == "Sala 2"


def test_the_private_feed_carries_the_sequence_too(
    world, invited, django_capture_on_commit_callbacks
):
    _update(world, invited, django_capture_on_commit_callbacks, place="Sala 2")
    token = mentoring_services.calendar_feed_renew(user=world.mentor)
    response = client_for(None).get(reverse("mentoring:calendar-feed", args=[token]))
    (component,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert int(component.decoded("sequence")) == 1


# --- The edit page ------------------------------------------------------------------------------


def _form(**overrides):
    data = {
        "submit_key": str(uuid.uuid4()),
        "kind": "kick_off",
        "title": "Lanzamiento",
        "description": "Bienvenida y presentación del programa.",
        "wave": "",
        "track": "",
        "on": "2026-12-10",
        "starts": "10:00",
        "ends": "12:00",
        "time_zone": "America/Bogota",
        "mode": "in_person",
        "place": "Cámara de Comercio, Bogotá",
        "video_link": "",
        "notify": "on",
    }
    data.update(overrides)
    return data


def test_the_edit_page_offers_to_email_the_invitees_ticked_and_the_new_page_does_not(
    world, invited
):
    client = client_for(world.coordinator)
    edit = client.get(reverse("events:event-edit", args=[world.program.slug, invited.pk]))
    assert edit.status_code == 200
    assert 'name="notify"' in edit.text
    assert 'id="id_notify" checked' in edit.text or 'checked id="id_notify"' in edit.text
    new = client.get(reverse("events:event-create", args=[world.program.slug]))
    assert 'name="notify"' not in new.text


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_edit_page_fills_the_date_and_times_as_browsers_read_them(world, invited, language):
    world.coordinator.language = language
    world.coordinator.save()
    url = reverse("events:event-edit", args=[world.program.slug, invited.pk])
    text = client_for(world.coordinator).get(url).text
    assert '<input type="date" name="on" value="2026-12-10"' in text
    assert '<input type="time" name="starts" value="10:00"' in text
    assert '<input type="time" name="ends" value="12:00"' in text


def test_moving_the_event_from_the_page_emails_the_invitees_and_says_how_many(
    world, invited, django_capture_on_commit_callbacks
):
    client = client_for(world.coordinator)
    url = reverse("events:event-edit", args=[world.program.slug, invited.pk])
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(BEFORE, tick=False):
        response = client.post(url, _form(starts="15:00", ends="17:00"), follow=True)
    assert response.status_code == 200
    told = _expected_recipients(world, invited)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(told)
    assert f"{len(told)} invitees were emailed the change." in response.text
    invited.refresh_from_db()
    assert invited.starts_at == dt.datetime(2026, 12, 10, 15, 0, tzinfo=BOGOTA)
    assert invited.sequence == 1


def test_the_same_edit_sent_twice_emails_once(world, invited, django_capture_on_commit_callbacks):
    client = client_for(world.coordinator)
    url = reverse("events:event-edit", args=[world.program.slug, invited.pk])
    data = _form(place="Auditorio principal")
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(BEFORE, tick=False):
        first = client.post(url, data)
        second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert len(mail.outbox) == len(_expected_recipients(world, invited))
    invited.refresh_from_db()
    assert invited.sequence == 1


def test_unticking_the_box_saves_the_change_quietly(
    world, invited, django_capture_on_commit_callbacks
):
    data = _form(starts="15:00", ends="17:00")
    del data["notify"]  # an unticked checkbox is not sent
    url = reverse("events:event-edit", args=[world.program.slug, invited.pk])
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(BEFORE, tick=False):
        response = client_for(world.coordinator).post(url, data)
    assert response.status_code == 302
    assert mail.outbox == []
    invited.refresh_from_db()
    assert (invited.starts_at.astimezone(BOGOTA).hour, invited.sequence) == (15, 1)


def test_a_description_typo_fixed_from_the_page_sends_nothing(
    world, invited, django_capture_on_commit_callbacks
):
    url = reverse("events:event-edit", args=[world.program.slug, invited.pk])
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(BEFORE, tick=False):
        response = client_for(world.coordinator).post(
            url, _form(description="Bienvenida y presentación del programa!")
        )
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_refused_edit_keeps_the_box_as_it_was_and_sends_nothing(
    world, invited, django_capture_on_commit_callbacks
):
    data = _form(starts="15:00", ends="14:00")
    del data["notify"]
    url = reverse("events:event-edit", args=[world.program.slug, invited.pk])
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(BEFORE, tick=False):
        response = client_for(world.coordinator).post(url, data)
    assert response.status_code == 422
    assert 'id="id_notify" checked' not in response.text
    assert 'value="15:00"' in response.text
    assert mail.outbox == []
    invited.refresh_from_db()
    assert invited.sequence == 0


def test_an_empty_post_to_the_event_pages_shows_the_errors(world, invited):
    client = client_for(world.coordinator)
    for name, args in [("event-create", []), ("event-edit", [invited.pk])]:
        response = client.post(reverse(f"events:{name}", args=[world.program.slug, *args]), {})
        assert response.status_code == 422
        assert {"title", "on", "starts", "ends"} <= set(response.context["form"].errors)
        assert 'class="field has-error"' in response.text
    invited.refresh_from_db()
    assert (invited.title, invited.sequence) == ("Lanzamiento", 0)
