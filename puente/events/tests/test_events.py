"""Program events: inviting audiences once, answers until the start, attendance on the day,
lessons learned, who sees which page, calendars (.ics and the private feed) and the emails."""

import datetime as dt
import uuid
import zoneinfo

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.events import services
from puente.events.models import Event, EventInvitation
from puente.factories import MembershipFactory, TrackFactory, UserFactory, WaveFactory
from puente.mentoring import services as mentoring_services

pytestmark = pytest.mark.django_db

BOGOTA = zoneinfo.ZoneInfo("America/Bogota")
# 10:00 to 12:00 in Bogotá (UTC−5).
STARTS = dt.datetime(2026, 12, 10, 10, 0, tzinfo=BOGOTA)
ENDS = STARTS + dt.timedelta(hours=2)
BEFORE = STARTS - dt.timedelta(days=5)
DURING = STARTS + dt.timedelta(minutes=30)
AFTER = ENDS + dt.timedelta(hours=3)


@pytest.fixture(autouse=True)
def _five_days_before_the_event():
    """The event's dates are fixed: every test here runs 5 days before it (the world and the
    event made then too), unless it travels on to the day or after it itself. Otherwise a test
    inviting people would be refused once the real calendar passes the event."""
    with time_machine.travel(BEFORE, tick=True):
        yield


def _event(world, **fields) -> Event:
    data = {
        "kind": Event.Kind.KICK_OFF,
        "title": "Lanzamiento",
        "description": "Bienvenida y presentación del programa.",
        "starts_at": STARTS,
        "ends_at": ENDS,
        "time_zone": "America/Bogota",
        "mode": Event.Mode.IN_PERSON,
        "place": "Cámara de Comercio, Bogotá",
    }
    data.update(fields)
    return services.event_save(program=world.program, by=world.coordinator, data=data)


@pytest.fixture
def event(world) -> Event:
    return _event(world)


@pytest.fixture
def invited(world, event) -> Event:
    """The event with everyone of the world's program invited (the observer never is)."""
    with time_machine.travel(BEFORE, tick=False):
        services.event_invite(event=event, by=world.coordinator)
    return event


def _member(world, role, **fields):
    person = UserFactory()
    MembershipFactory(user=person, program=world.program, role=role, **fields)
    return person


def _url(world, name, *args):
    return reverse(f"events:{name}", args=[world.program.slug, *args])


def _invitation(event, user) -> EventInvitation:
    return EventInvitation.objects.get(event=event, user=user)


# --- Services -----------------------------------------------------------------------------------


def test_an_event_must_end_after_it_starts(world):
    with pytest.raises(ValidationError) as error:
        _event(world, ends_at=STARTS)
    assert "ends_at" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            program=world.program, title="Mal", starts_at=STARTS, ends_at=STARTS - dt.timedelta(1)
        )


def test_an_event_needs_a_known_time_zone(world):
    with pytest.raises(ValidationError) as error:
        _event(world, time_zone="Mars/Olympus_Mons")
    assert "time_zone" in error.value.message_dict


def test_an_event_cannot_be_scoped_to_another_programs_wave(world):
    other_wave = WaveFactory(program=world.other_program, number=1)
    with pytest.raises(ValidationError) as error:
        _event(world, wave=other_wave)
    assert "wave" in error.value.message_dict


def test_inviting_everyone_skips_observers_and_invites_each_person_once(world, event):
    # A person with two roles in the program gets one invitation (through their first role).
    MembershipFactory(user=world.mentor, program=world.program, role=Role.TUTOR)
    made = services.event_invite(event=event, by=world.coordinator)
    people = {i.user for i in made}
    assert people == {world.coordinator, world.reviewer, world.tutor, world.mentor, world.mentee}
    assert _invitation(event, world.mentor).membership.role == Role.TUTOR
    assert all(i.rsvp == EventInvitation.Rsvp.PENDING and not i.attended for i in made)


def test_inviting_a_wave_then_again_adds_only_the_new_people(world, event):
    wave2 = WaveFactory(program=world.program, number=2)
    mentor2 = _member(world, Role.MENTOR, wave=wave2)
    mentee2 = _member(world, Role.MENTEE, wave=wave2)
    made = services.event_invite(event=event, by=world.coordinator, waves=[wave2])
    assert {i.user for i in made} == {mentor2, mentee2}
    assert services.event_invite(event=event, by=world.coordinator, waves=[wave2]) == []
    late = _member(world, Role.MENTEE, wave=wave2)
    again = services.event_invite(event=event, by=world.coordinator, waves=[wave2])
    assert [i.user for i in again] == [late]
    assert event.invitations.count() == 3


def test_inviting_all_mentors_of_a_wave(world, event):
    wave2 = WaveFactory(program=world.program, number=2)
    mentor2 = _member(world, Role.MENTOR, wave=wave2)
    _member(world, Role.MENTEE, wave=wave2)
    made = services.event_invite(
        event=event, by=world.coordinator, waves=[wave2], roles=[Role.MENTOR]
    )
    assert [i.user for i in made] == [mentor2]


def test_inviting_a_track_and_several_roles(world, event):
    other_track = TrackFactory(program=world.program, name="Liderar equipos")
    leader = _member(world, Role.MENTEE, track=other_track)
    _member(world, Role.REVIEWER, track=other_track)
    made = services.event_invite(
        event=event,
        by=world.coordinator,
        tracks=[world.track],
        roles=[Role.MENTOR, Role.MENTEE],
    )
    assert {i.user for i in made} == {world.mentor, world.mentee}
    made = services.event_invite(
        event=event, by=world.coordinator, tracks=[other_track], roles=[Role.MENTEE]
    )
    assert [i.user for i in made] == [leader]


def test_even_a_chosen_observer_role_invites_no_observer(world, event):
    assert services.event_invite(event=event, by=world.coordinator, roles=[Role.OBSERVER]) == []


def test_an_invitee_answers_and_changes_their_mind_until_the_start(world, invited):
    invitation = _invitation(invited, world.mentee)
    services.event_rsvp(invitation=invitation, by=world.mentee, answer="yes", now=BEFORE)
    services.event_rsvp(invitation=invitation, by=world.mentee, answer="maybe", now=BEFORE)
    invitation.refresh_from_db()
    assert invitation.rsvp == EventInvitation.Rsvp.MAYBE
    assert invitation.rsvp_at == BEFORE
    with pytest.raises(ValidationError, match="already started"):
        services.event_rsvp(invitation=invitation, by=world.mentee, answer="no", now=DURING)
    invitation.refresh_from_db()
    assert invitation.rsvp == EventInvitation.Rsvp.MAYBE


def test_only_the_invitee_answers_and_only_yes_no_or_maybe(world, invited):
    invitation = _invitation(invited, world.mentee)
    with pytest.raises(ValidationError):
        services.event_rsvp(invitation=invitation, by=world.mentor, answer="yes", now=BEFORE)
    with pytest.raises(ValidationError):
        services.event_rsvp(invitation=invitation, by=world.mentee, answer="pending", now=BEFORE)


def test_attendance_is_taken_on_the_day_with_walk_ins(world, invited):
    mentee = _invitation(invited, world.mentee)
    with pytest.raises(ValidationError, match="day of the event"):
        services.event_attendance_take(
            event=invited, by=world.coordinator, attended=[mentee], now=BEFORE
        )
    # Early on the day itself (in the event's time zone) is fine.
    morning = dt.datetime(2026, 12, 10, 7, 0, tzinfo=BOGOTA)
    walker = _member(world, Role.MENTEE)
    walk_in = walker.memberships.get()
    came = services.event_attendance_take(
        event=invited, by=world.coordinator, attended=[mentee], walk_ins=[walk_in], now=morning
    )
    assert came == 2
    walked = _invitation(invited, walker)
    assert walked.walk_in and walked.attended
    invited.refresh_from_db()
    assert invited.attendance_taken_at == morning
    assert invited.attendance_taken_by == world.coordinator
    # Saving again corrects the list: the mentee was not there after all.
    came = services.event_attendance_take(
        event=invited, by=world.coordinator, attended=[walked], now=DURING
    )
    assert came == 1
    assert not _invitation(invited, world.mentee).attended


def test_lessons_are_written_after_the_start(world, event):
    data = {
        "lessons_who_came": "18 de 22 mentoras",
        "lessons_what_worked": "Las presentaciones en parejas",
        "lessons_to_change": "Empezar más tarde",
    }
    with pytest.raises(ValidationError):
        services.event_lessons_save(event=event, by=world.coordinator, data=data, now=BEFORE)
    services.event_lessons_save(event=event, by=world.coordinator, data=data, now=AFTER)
    event.refresh_from_db()
    assert event.lessons_what_worked == "Las presentaciones en parejas"
    assert event.lessons_written_by == world.coordinator
    assert event.lessons_written_at == AFTER
    assert event.has_lessons


# --- Emails -------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_invitation_email_is_in_each_recipients_language(world):
    world.mentee.language = "es"
    world.mentee.save()
    world.mentor.language = "en"
    world.mentor.time_zone = "America/Bogota"
    world.mentor.save()
    event = _event(world)
    with time_machine.travel(BEFORE, tick=False):
        services.event_invite(event=event, by=world.coordinator, roles=[Role.MENTOR, Role.MENTEE])
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {world.mentor.email, world.mentee.email}
    english, spanish = by_address[world.mentor.email], by_address[world.mentee.email]
    assert english.subject.startswith("Invitation: Lanzamiento")
    assert "Hello" in english.body and "Starts" in english.body
    assert "10:00" in english.body or "10 a.m." in english.body
    assert "Hola" in spanish.body and "Empieza" in spanish.body
    ics = _url(world, "event-ics", event.pk)
    assert ics in english.body and ics in spanish.body
    # Inviting again sends nothing more.
    with time_machine.travel(BEFORE, tick=False):
        services.event_invite(event=event, by=world.coordinator, roles=[Role.MENTOR, Role.MENTEE])
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_an_event_already_over_takes_no_invitation(world):
    # Invitees added afterwards could not come, yet would count as absent in its attendance.
    event = _event(world)
    with (
        time_machine.travel(AFTER + dt.timedelta(days=1), tick=False),
        pytest.raises(ValidationError, match="This event is over"),
    ):
        services.event_invite(event=event, by=world.coordinator)
    assert not event.invitations.exists() and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_invitees_of_an_event_under_way_are_told_answers_are_closed(world):
    event = _event(world)
    with time_machine.travel(DURING, tick=False):
        made = services.event_invite(event=event, by=world.coordinator, roles=[Role.MENTEE])
    assert [i.user for i in made] == [world.mentee]
    (email,) = mail.outbox
    assert "already started, so answers are closed" in email.body
    assert "Please tell us whether you will come" not in email.body


# --- Pages --------------------------------------------------------------------------------------


def test_a_member_sees_only_their_invitations_in_the_list(world, event):
    services.event_invite(event=event, by=world.coordinator, roles=[Role.MENTOR])
    with time_machine.travel(BEFORE, tick=False):
        mentee_page = client_for(world.mentee).get(_url(world, "events"))
        mentor_page = client_for(world.mentor).get(_url(world, "events"))
    assert "Lanzamiento" not in mentee_page.text
    assert "not invited to any upcoming event" in mentee_page.text
    assert "Lanzamiento" in mentor_page.text
    assert _url(world, "event-rsvp", event.pk) in mentor_page.text


# Who may open which event is the permission matrix's and the list matrix's (puente/tests);
# here, what the page shows to whom.
@pytest.mark.parametrize("role", ["coordinator", "mentor", "mentee", "tutor", "reviewer"])
def test_event_page_shows_the_invitations_only_to_the_coordinator(world, invited, role):
    client = client_for(getattr(world, role))
    with time_machine.travel(BEFORE, tick=False):
        page = client.get(_url(world, "event", invited.pk))
        ics = client.get(_url(world, "event-ics", invited.pk))
    assert page.status_code == ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    assert ('id="invitation-list"' in page.text) == (role == "coordinator")
    assert 'id="my-rsvp"' in page.text


def test_an_uninvited_member_does_not_find_the_event(world, invited):
    client = client_for(_member(world, Role.MENTOR))
    with time_machine.travel(BEFORE, tick=False):
        assert client.get(_url(world, "event", invited.pk)).status_code == 404
        assert client.get(_url(world, "event-ics", invited.pk)).status_code == 404


def test_an_event_of_another_program_is_404(world, invited):
    response = client_for(world.other_coordinator).get(
        reverse("events:event", args=[world.other_program.slug, invited.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("events", "post"),
        ("event", "post"),
        ("event-ics", "post"),
        ("event-create", "put"),
        ("event-edit", "delete"),
        ("event-invite", "get"),
        ("event-rsvp", "get"),
        ("event-attendance", "get"),
        ("event-lessons", "get"),
    ],
)
def test_wrong_method_is_405(world, invited, name, method):
    args = [] if name in ("events", "event-create") else [invited.pk]
    response = getattr(client_for(world.coordinator), method)(_url(world, name, *args))
    assert response.status_code == 405


def _form(**overrides):
    data = {
        "submit_key": str(uuid.uuid4()),
        "kind": "alignment",
        "title": "Taller de alineación de expectativas",
        "description": "",
        "wave": "",
        "track": "",
        "on": "2026-12-10",
        "starts": "09:00",
        "ends": "12:00",
        "time_zone": "America/Bogota",
        "mode": "hybrid",
        "place": "Sala 2",
        "video_link": "https://meet.example.org/taller",
    }
    data.update(overrides)
    return data


def test_the_coordinator_creates_an_event_once_even_when_submitting_twice(world):
    client = client_for(world.coordinator)
    data = _form(wave=str(world.wave.pk))
    first = client.post(_url(world, "event-create"), data)
    second = client.post(_url(world, "event-create"), data)
    event = Event.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert first["Location"].startswith(_url(world, "event", event.pk))
    assert event.starts_at == dt.datetime(2026, 12, 10, 9, 0, tzinfo=BOGOTA)
    assert event.ends_at == dt.datetime(2026, 12, 10, 12, 0, tzinfo=BOGOTA)
    assert event.wave == world.wave
    assert event.created_by == world.coordinator


def test_an_event_ending_before_it_starts_is_refused_next_to_the_field(world):
    response = client_for(world.coordinator).post(
        _url(world, "event-create"), _form(starts="12:00", ends="09:00")
    )
    assert response.status_code == 422
    assert "The event must end after it starts." in response.text
    assert "Taller de alineación de expectativas" in response.text
    assert not Event.objects.exists()


def test_a_hybrid_event_needs_a_place_and_a_link(world):
    response = client_for(world.coordinator).post(
        _url(world, "event-create"), _form(place="", video_link="")
    )
    assert response.status_code == 422
    assert "Say where the event takes place." in response.text
    assert "Give the video link" in response.text


def test_the_coordinator_edits_an_event(world, event):
    response = client_for(world.coordinator).post(
        _url(world, "event-edit", event.pk), _form(title="Lanzamiento oficial", mode="virtual")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Lanzamiento oficial"
    assert event.mode == Event.Mode.VIRTUAL


def test_the_coordinator_invites_a_role_from_the_page(world, event):
    response = client_for(world.coordinator).post(
        _url(world, "event-invite", event.pk), {"roles": ["mentor", "mentee"]}
    )
    assert response.status_code == 302
    assert set(event.invitations.values_list("user", flat=True)) == {
        world.mentor.pk,
        world.mentee.pk,
    }


def test_the_invitee_answers_from_the_list_and_not_after_the_start(world, invited):
    with time_machine.travel(BEFORE, tick=False):
        response = client_for(world.mentee).post(
            _url(world, "event-rsvp", invited.pk), {"rsvp": "yes", "back": "list"}
        )
    assert response.status_code == 302
    assert response["Location"].startswith(_url(world, "events"))
    assert _invitation(invited, world.mentee).rsvp == "yes"
    with time_machine.travel(DURING, tick=False):
        # Signed in on the day (a session does not outlive the two weeks travelled here).
        client = client_for(world.mentee)
        client.post(_url(world, "event-rsvp", invited.pk), {"rsvp": "no"})
        page = client.get(_url(world, "event", invited.pk))
    assert _invitation(invited, world.mentee).rsvp == "yes"
    assert "answers are closed" in page.text


def test_someone_not_invited_cannot_answer(world, event):
    response = client_for(world.mentee).post(_url(world, "event-rsvp", event.pk), {"rsvp": "yes"})
    assert response.status_code == 404


def test_attendance_and_lessons_from_the_page(world, invited):
    walker = _member(world, Role.MENTOR)
    with time_machine.travel(DURING, tick=False):
        client = client_for(world.coordinator)
        response = client.post(
            _url(world, "event-attendance", invited.pk),
            {
                "attended": [_invitation(invited, world.mentee).pk],
                "walk_ins": [walker.memberships.get().pk],
            },
        )
        assert response.status_code == 302
        assert set(invited.invitations.filter(attended=True).values_list("user", flat=True)) == {
            world.mentee.pk,
            walker.pk,
        }
        lessons = client.post(
            _url(world, "event-lessons", invited.pk), {"lessons_who_came": "x" * 3}
        )
        assert lessons.status_code == 302
    invited.refresh_from_db()
    assert invited.lessons_who_came == "xxx"


def test_attendance_before_the_day_shows_an_error(world, invited):
    with time_machine.travel(BEFORE, tick=False):
        response = client_for(world.coordinator).post(
            _url(world, "event-attendance", invited.pk),
            {"attended": [_invitation(invited, world.mentee).pk]},
        )
    assert response.status_code == 422
    assert not invited.invitations.filter(attended=True).exists()


def _add_invited_events(world, count: int, people: int) -> None:
    for index in range(count):
        event = _event(world, title=f"Sesión grupal {index}")
        for _ in range(people):
            _member(world, Role.MENTEE)
        services.event_invite(event=event, by=world.coordinator)


def _queries(client, url) -> tuple[int, str]:
    with time_machine.travel(BEFORE, tick=False), CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


@pytest.mark.parametrize("role", ["coordinator", "mentee"])
def test_event_list_query_count_does_not_grow(world, role):
    client = client_for(getattr(world, role))
    _add_invited_events(world, 1, 1)
    small, _ = _queries(client, _url(world, "events"))
    _add_invited_events(world, 6, 3)
    large, text = _queries(client, _url(world, "events"))
    assert large == small
    assert text.count("Sesión grupal") >= 7


def test_event_page_query_count_does_not_grow(world, invited):
    client = client_for(world.coordinator)
    small, _ = _queries(client, _url(world, "event", invited.pk))
    for _ in range(8):
        _member(world, Role.MENTEE)
    services.event_invite(event=invited, by=world.coordinator)
    large, text = _queries(client, _url(world, "event", invited.pk))
    assert large == small
    assert text.count("<tr>") >= 13


# --- Calendars ----------------------------------------------------------------------------------


def test_the_ics_carries_the_events_time_zone(world, invited):
    with time_machine.travel(BEFORE, tick=False):
        response = client_for(world.mentee).get(_url(world, "event-ics", invited.pk))
    calendar = icalendar.Calendar.from_ical(response.content)
    (component,) = calendar.walk("VEVENT")
    start = component.decoded("dtstart")
    assert start == STARTS
    assert str(start.tzinfo) == "America/Bogota"
    assert component["dtstart"].params["TZID"] == "America/Bogota"
    assert component.decoded("dtend") == ENDS
    assert str(component["summary"]) == "Lanzamiento"
    assert str(component["location"]) == "Cámara de Comercio, Bogotá"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Bogota"]


def test_the_private_feed_carries_invited_events_but_not_declined_ones(world, invited):
    declined = _event(world, title="Capacitación en metodología")
    services.event_invite(event=declined, by=world.coordinator)
    services.event_rsvp(
        invitation=_invitation(declined, world.mentee), by=world.mentee, answer="no", now=BEFORE
    )
    not_invited = _event(world, title="Solo mentoras")
    services.event_invite(event=not_invited, by=world.coordinator, roles=[Role.MENTOR])
    token = mentoring_services.calendar_feed_renew(user=world.mentee)
    response = client_for(None).get(reverse("mentoring:calendar-feed", args=[token]))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = [str(c["summary"]) for c in calendar.walk("VEVENT")]
    assert summaries == ["Lanzamiento"]
    (component,) = calendar.walk("VEVENT")
    assert component.decoded("dtstart") == STARTS


# --- Inviting once the event has started -----------------------------------------------------


def test_inviting_to_an_event_under_way_asks_first(world, event):
    url = _url(world, "event-invite", event.pk)
    with time_machine.travel(DURING, tick=False):
        client = client_for(world.coordinator)
        page = client.get(_url(world, "event", event.pk))
        assert "This event has started" in page.text
        warned = client.post(url, {"roles": [Role.MENTEE, Role.MENTOR]})
        assert warned.status_code == 200
        assert not event.invitations.exists()
        text = warned.content.decode()
        assert "2 people will be invited" in text and "can no longer answer" in text
        # The confirmation carries the same audience.
        assert 'name="roles" value="mentee"' in text and 'name="roles" value="mentor"' in text
        done = client.post(url, {"roles": [Role.MENTEE, Role.MENTOR], "confirmed": "true"})
    assert done.status_code == 302
    assert set(event.invitations.values_list("user", flat=True)) == {
        world.mentee.pk,
        world.mentor.pk,
    }


def test_inviting_before_the_start_needs_no_confirmation(world, event):
    with time_machine.travel(BEFORE, tick=False):
        response = client_for(world.coordinator).post(
            _url(world, "event-invite", event.pk), {"roles": [Role.MENTEE]}
        )
    assert response.status_code == 302
    assert event.invitations.count() == 1


def test_inviting_to_an_event_over_is_refused_with_the_reason(world, event):
    with time_machine.travel(AFTER, tick=False):
        client = client_for(world.coordinator)
        page = client.get(_url(world, "event", event.pk)).content.decode()
        refused = client.post(
            _url(world, "event-invite", event.pk), {"roles": [Role.MENTEE], "confirmed": "true"}
        )
    invite = page.split('id="invite"')[1].split("</section>")[0]
    assert 'id="invite-closed"' in invite and "/invite/" not in invite
    assert refused.status_code == 422
    assert "This event is over: nobody more can be invited." in refused.content.decode()
    assert not event.invitations.exists()


# --- Walk-ins: a list of checkboxes with a filter box, not a multiple select ------------------


def test_walk_ins_are_checkboxes_under_a_filter_box(world, invited):
    walker = _member(world, Role.MENTOR)
    with time_machine.travel(DURING, tick=False):
        page = client_for(world.coordinator).get(_url(world, "event", invited.pk))
    text = page.content.decode()
    attendance = text.split('id="attendance"')[1].split("</section>")[0]
    assert "<select" not in attendance and "Ctrl" not in attendance
    membership = walker.memberships.get()
    assert f'type="checkbox" name="walk_ins" value="{membership.pk}"' in attendance
    # The filter box is there for the script to reveal; without it every checkbox is listed.
    assert 'type="search" id="id_walk_ins_filter"' in attendance
    assert "data-filter-box hidden" in attendance
    assert "events/filter-list.js" in attendance
