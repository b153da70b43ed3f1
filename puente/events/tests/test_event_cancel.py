"""Cancelling an event: only a coordinator, with a reason emailed once to every invitee who has
not declined; the event stays, its .ics says CANCELLED with a higher SEQUENCE, and it takes no
answer, attendance, invitation, edit or lessons any more; the next wave does without it."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.conftest import client_for
from puente.events import services
from puente.events.models import Event, EventInvitation
from puente.events.tests.test_event_changes import (
    AFTER,
    BEFORE,
    DATA,
    STARTS,
    invited_event,
)
from puente.mentoring import services as mentoring_services
from puente.programs.models import Membership
from puente.programs.services import wave_clone

pytestmark = pytest.mark.django_db

DURING = STARTS + dt.timedelta(hours=1)
REASON = "La sala no está disponible; les avisaremos la nueva fecha."


@pytest.fixture
def invited(world) -> Event:
    """An event of the world's wave with everyone of the program invited (the observer never
    is), the mentee having declined and the mentor reading English; no email sent yet."""
    return invited_event(world, {**DATA, "wave": world.wave})


def _cancel(world, event, capture, *, at=BEFORE, reason=REASON):
    with capture(execute=True), time_machine.travel(at, tick=False):
        return services.event_cancel(
            event=Event.objects.get(pk=event.pk), by=world.coordinator, reason=reason
        )


def _expected_recipients(world, event) -> set[str]:
    return {
        i.user.email
        for i in EventInvitation.objects.filter(event=event).select_related("user")
        if i.rsvp != EventInvitation.Rsvp.NO and i.user != world.coordinator
    }


def _url(world, event, name="event-cancel"):
    return reverse(f"events:{name}", args=[world.program.slug, event.pk])


def _vevent(content: bytes, uid: str):
    (component,) = [
        c for c in icalendar.Calendar.from_ical(content).walk("VEVENT") if str(c["uid"]) == uid
    ]
    return component


# --- The service --------------------------------------------------------------------------------


def test_cancelling_records_who_when_and_why_and_raises_the_sequence(
    world, invited, django_capture_on_commit_callbacks
):
    change = _cancel(world, invited, django_capture_on_commit_callbacks)
    invited.refresh_from_db()
    assert invited.cancelled_at == BEFORE
    assert invited.cancelled_by == world.coordinator
    assert invited.cancel_reason == REASON
    assert invited.sequence == 1
    assert invited.is_cancelled
    assert change.changed == {"cancelled_at", "cancelled_by", "cancel_reason"}


def test_each_invitee_who_has_not_declined_is_emailed_the_reason_once_in_their_language(
    world, invited, django_capture_on_commit_callbacks
):
    change = _cancel(world, invited, django_capture_on_commit_callbacks)
    addresses = [m.to[0] for m in mail.outbox]
    assert sorted(addresses) == sorted(_expected_recipients(world, invited))
    assert len(addresses) == len(set(addresses)) == len(change.told) >= 3
    # The mentee declined, the observer was never invited, the coordinator cancelled it.
    assert not {world.mentee.email, world.observer.email, world.coordinator.email} & set(addresses)
    by_address = {m.to[0]: m for m in mail.outbox}
    english, spanish = by_address[world.mentor.email], by_address[world.tutor.email]
    assert english.subject == f"Event cancelled: Lanzamiento ({world.program.name})"
    assert "is cancelled" in english.body and REASON in english.body
    assert "10 a.m." in english.body or "10:00" in english.body  # when it would have been
    # Said with the strings already translated (the new ones wait in var/i18n-pending).
    assert "Hola" in spanish.body and "Empieza" in spanish.body and "Hello" not in spanish.body
    assert REASON in spanish.body and "Lanzamiento" in spanish.subject
    ics = _url(world, invited, "event-ics")
    assert ics in english.body and ics in spanish.body


def test_an_inactive_invitee_is_not_emailed(world, invited, django_capture_on_commit_callbacks):
    world.tutor.is_active = False
    world.tutor.save()
    _cancel(world, invited, django_capture_on_commit_callbacks)
    assert mail.outbox
    assert world.tutor.email not in {m.to[0] for m in mail.outbox}


def test_a_second_cancel_changes_nothing_and_emails_nobody(
    world, invited, django_capture_on_commit_callbacks
):
    first = _cancel(world, invited, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    second = _cancel(
        world,
        invited,
        django_capture_on_commit_callbacks,
        at=BEFORE + dt.timedelta(hours=1),
        reason="Otra razón",
    )
    assert first.told and second.told == [] and second.changed == frozenset()
    assert len(mail.outbox) == sent
    invited.refresh_from_db()
    assert (invited.cancelled_at, invited.cancel_reason, invited.sequence) == (BEFORE, REASON, 1)


def test_an_event_already_over_cannot_be_cancelled(
    world, invited, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError, match="over"):
        _cancel(world, invited, django_capture_on_commit_callbacks, at=AFTER)
    invited.refresh_from_db()
    assert (invited.cancelled_at, invited.sequence) == (None, 0)
    assert mail.outbox == []


def test_an_event_under_way_can_still_be_cancelled(
    world, invited, django_capture_on_commit_callbacks
):
    _cancel(world, invited, django_capture_on_commit_callbacks, at=DURING)
    invited.refresh_from_db()
    assert invited.cancelled_at == DURING


def test_a_reason_is_required(world, invited, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as raised:
        _cancel(world, invited, django_capture_on_commit_callbacks, reason="   ")
    assert "cancel_reason" in raised.value.message_dict
    invited.refresh_from_db()
    assert invited.cancelled_at is None
    assert mail.outbox == []


# --- A cancelled event takes nothing more -------------------------------------------------------


@pytest.fixture
def cancelled(world, invited, django_capture_on_commit_callbacks) -> Event:
    _cancel(world, invited, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    invited.refresh_from_db()
    return invited


def test_a_cancelled_event_takes_no_answer(world, cancelled):
    invitation = EventInvitation.objects.get(event=cancelled, user=world.mentor)
    with time_machine.travel(BEFORE, tick=False), pytest.raises(ValidationError, match="cancel"):
        services.event_rsvp(invitation=invitation, by=world.mentor, answer="yes")
    invitation.refresh_from_db()
    assert invitation.rsvp == EventInvitation.Rsvp.PENDING


def test_a_cancelled_event_takes_no_attendance(world, cancelled):
    invitations = list(EventInvitation.objects.filter(event=cancelled))
    with time_machine.travel(DURING, tick=False), pytest.raises(ValidationError, match="cancel"):
        services.event_attendance_take(event=cancelled, by=world.coordinator, attended=invitations)
    cancelled.refresh_from_db()
    assert cancelled.attendance_taken_at is None
    assert not EventInvitation.objects.filter(event=cancelled, attended=True).exists()


def test_a_cancelled_event_takes_no_invitation(world, cancelled):
    newcomer = Membership.objects.create(
        program=world.program,
        user=world.outsider,
        role="mentee",
        wave=world.wave,
        track=world.track,
    )
    with time_machine.travel(BEFORE, tick=False), pytest.raises(ValidationError, match="cancel"):
        services.event_invite(event=cancelled, by=world.coordinator)
    assert not EventInvitation.objects.filter(event=cancelled, membership=newcomer).exists()


def test_a_cancelled_event_takes_no_edit_nor_lessons(world, cancelled):
    with time_machine.travel(BEFORE, tick=False), pytest.raises(ValidationError, match="cancel"):
        services.event_update(
            event=cancelled, by=world.coordinator, data={**DATA, "place": "Sala 2"}
        )
    with time_machine.travel(AFTER, tick=False), pytest.raises(ValidationError, match="cancel"):
        services.event_lessons_save(
            event=cancelled, by=world.coordinator, data={"lessons_what_worked": "Nada"}
        )
    cancelled.refresh_from_db()
    assert (cancelled.place, cancelled.sequence, cancelled.lessons_written_at) == (
        DATA["place"],
        1,
        None,
    )


def test_an_object_read_before_the_cancellation_is_refused_too(world, invited):
    """The guards read the event from the database: a page opened before the cancel cannot
    answer it afterwards."""
    stale = EventInvitation.objects.select_related("event").get(event=invited, user=world.mentor)
    Event.objects.filter(pk=invited.pk).update(cancelled_at=BEFORE, cancel_reason=REASON)
    with time_machine.travel(BEFORE, tick=False), pytest.raises(ValidationError):
        services.event_rsvp(invitation=stale, by=world.mentor, answer="yes")


# --- Calendars ----------------------------------------------------------------------------------


def test_the_ics_of_a_cancelled_event_says_cancelled_with_a_higher_sequence(world, invited):
    uid = f"event-{invited.pk}@testserver"
    before = _vevent(client_for(world.mentor).get(_url(world, invited, "event-ics")).content, uid)
    assert "status" not in before
    assert int(before.decoded("sequence")) == 0
    with time_machine.travel(BEFORE, tick=False):
        services.event_cancel(event=invited, by=world.coordinator, reason=REASON)
    after = _vevent(client_for(world.mentor).get(_url(world, invited, "event-ics")).content, uid)
    assert str(after["status"]) == "CANCELLED"
    assert int(after.decoded("sequence")) == 1
    assert after.decoded("dtstart") == STARTS  # the same event, so that apps match it


def test_the_private_feed_keeps_a_cancelled_event_marked_cancelled(world, cancelled):
    token = mentoring_services.calendar_feed_renew(user=world.mentor)
    response = client_for(None).get(reverse("mentoring:calendar-feed", args=[token]))
    component = _vevent(response.content, f"event-{cancelled.pk}@testserver")
    assert str(component["status"]) == "CANCELLED"
    assert int(component.decoded("sequence")) == 1


# --- The page and its permissions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentee", 403),
        ("mentor", 403),
        ("tutor", 403),
        ("reviewer", 403),
        ("observer", 403),
        ("outsider", 404),
        ("other_coordinator", 404),
    ],
)
def test_only_the_programs_coordinators_cancel(world, invited, persona, status):
    response = client_for(getattr(world, persona)).post(
        _url(world, invited), {"cancel_reason": REASON}
    )
    assert response.status_code == status
    invited.refresh_from_db()
    assert invited.cancelled_at is None


def test_anonymous_is_sent_to_sign_in_and_get_is_not_allowed(world, invited):
    response = client_for(None).post(_url(world, invited), {"cancel_reason": REASON})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client_for(world.coordinator).get(_url(world, invited)).status_code == 405
    invited.refresh_from_db()
    assert invited.cancelled_at is None


def test_the_coordinator_cancels_from_the_event_page(
    world, invited, django_capture_on_commit_callbacks
):
    client = client_for(world.coordinator)
    with time_machine.travel(BEFORE, tick=False):
        page = client.get(_url(world, invited, "event"))
    assert 'id="cancel"' in page.text and "<details" in page.text
    assert f'action="{_url(world, invited)}"' in page.text
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(BEFORE, tick=False):
        response = client.post(_url(world, invited), {"cancel_reason": REASON}, follow=True)
    assert response.status_code == 200
    told = _expected_recipients(world, invited)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(told)
    assert f"{len(told)} invitees were emailed the reason." in response.text
    invited.refresh_from_db()
    assert invited.cancelled_by == world.coordinator


def test_cancelling_without_a_reason_is_refused_and_shows_the_error(world, invited):
    with time_machine.travel(BEFORE, tick=False):
        response = client_for(world.coordinator).post(_url(world, invited), {"cancel_reason": ""})
    assert response.status_code == 422
    assert "cancel_reason" in response.context["cancel_form"].errors
    assert "<details open>" in response.text
    assert "Say why the event is cancelled" in response.text
    invited.refresh_from_db()
    assert invited.cancelled_at is None
    assert mail.outbox == []


def test_a_refused_cancel_keeps_what_was_typed(world, invited):
    with time_machine.travel(AFTER, tick=False):
        response = client_for(world.coordinator).post(
            _url(world, invited), {"cancel_reason": "Demasiado tarde"}
        )
    assert response.status_code == 422
    assert "no longer be cancelled" in response.text
    assert "Demasiado tarde</textarea>" in response.text
    invited.refresh_from_db()
    assert invited.cancelled_at is None


def test_the_same_cancel_sent_twice_cancels_and_emails_once(
    world, invited, django_capture_on_commit_callbacks
):
    client = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(BEFORE, tick=False):
        first = client.post(_url(world, invited), {"cancel_reason": REASON})
        second = client.post(_url(world, invited), {"cancel_reason": REASON}, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "This event was already cancelled." in second.text
    assert len(mail.outbox) == len(_expected_recipients(world, invited))
    invited.refresh_from_db()
    assert invited.sequence == 1


def test_the_event_page_says_who_cancelled_it_and_why_and_hides_the_controls(world, cancelled):
    with time_machine.travel(BEFORE, tick=False):
        coordinator = client_for(world.coordinator).get(_url(world, cancelled, "event")).text
        mentor = client_for(world.mentor).get(_url(world, cancelled, "event")).text
    for text in (coordinator, mentor):
        assert 'id="event-cancelled"' in text
        assert "Persona Coordinator" in text or world.coordinator.full_name in text
        assert "La sala no está disponible" in text
        assert _url(world, cancelled, "event-rsvp") not in text
        assert _url(world, cancelled, "event-edit") not in text
        assert _url(world, cancelled, "event-ics") in text  # to take it off a calendar
    assert "This event is cancelled: answers are closed." in mentor
    for name in ("event-invite", "event-attendance", "event-lessons", "event-cancel"):
        assert _url(world, cancelled, name) not in coordinator
    assert 'id="invitation-list"' in coordinator  # who was told stays visible


def test_the_lists_show_it_cancelled(world, cancelled):
    with time_machine.travel(BEFORE, tick=False):
        coordinator = client_for(world.coordinator).get(
            reverse("events:events", args=[world.program.slug])
        )
        mentor = client_for(world.mentor).get(reverse("events:events", args=[world.program.slug]))
    assert coordinator.status_code == mentor.status_code == 200
    row = coordinator.text.split(f'id="event-{cancelled.pk}"')[1].split("</tr>")[0]
    assert 'class="badge warning"' in row and "Cancelled" in row
    card = mentor.text.split(f'id="event-{cancelled.pk}"')[1].split("</li>")[0]
    assert "Cancelled" in card and "La sala no está disponible" in card
    assert _url(world, cancelled, "event-rsvp") not in card


def test_the_edit_page_of_a_cancelled_event_sends_back_with_a_message(world, cancelled):
    client = client_for(world.coordinator)
    url = _url(world, cancelled, "event-edit")
    with time_machine.travel(BEFORE, tick=False):
        shown = client.get(url, follow=True)
        posted = client.post(url, {"title": "Otro"})
    assert shown.redirect_chain[-1][0] == _url(world, cancelled, "event")
    assert "This event is cancelled: it can no longer be changed." in shown.text
    assert posted.status_code == 302
    cancelled.refresh_from_db()
    assert cancelled.title == "Lanzamiento"


def test_answering_a_cancelled_event_from_the_page_says_why_not(world, cancelled):
    with time_machine.travel(BEFORE, tick=False):
        response = client_for(world.mentor).post(
            _url(world, cancelled, "event-rsvp"), {"rsvp": "yes"}, follow=True
        )
    assert response.status_code == 200
    assert "This event is cancelled: answers are closed." in response.text
    assert EventInvitation.objects.get(event=cancelled, user=world.mentor).rsvp == "pending"


def test_inviting_or_taking_attendance_from_the_page_is_refused(world, cancelled):
    with time_machine.travel(BEFORE, tick=False):
        invite = client_for(world.coordinator).post(_url(world, cancelled, "event-invite"), {})
    with time_machine.travel(DURING, tick=False):
        attendance = client_for(world.coordinator).post(
            _url(world, cancelled, "event-attendance"), {}
        )
    assert invite.status_code == attendance.status_code == 422
    assert "nobody more can be invited" in invite.text
    assert "no attendance to take" in attendance.text


# --- The next wave ------------------------------------------------------------------------------


def test_the_next_wave_does_not_copy_a_cancelled_event(world, cancelled):
    world.program.ends_on = dt.date(2028, 12, 31)
    world.program.save()
    services.event_save(
        program=world.program,
        by=world.coordinator,
        data={**DATA, "title": "Cierre", "kind": Event.Kind.CLOSING, "wave": world.wave},
    )
    target, copied = wave_clone(
        wave=world.wave,
        by=world.coordinator,
        name="Ola 2",
        starts_on=world.wave.ends_on + dt.timedelta(days=1),
        ends_on=world.wave.ends_on + dt.timedelta(days=200),
    )
    assert dict(copied)["Events"] == 1
    assert list(Event.objects.filter(wave=target).values_list("title", "cancelled_at")) == [
        ("Cierre", None)
    ]


def test_cancelling_is_in_the_audit_trail_with_the_coordinator(
    world, invited, django_capture_on_commit_callbacks
):
    from auditlog.context import set_actor
    from auditlog.models import LogEntry

    with set_actor(world.coordinator):
        _cancel(world, invited, django_capture_on_commit_callbacks)
    entry = LogEntry.objects.get_for_object(invited).order_by("-timestamp", "-pk").first()
    assert entry is not None and entry.actor == world.coordinator
    assert "cancel_reason" in entry.changes_dict
    assert entry.changes_dict["cancel_reason"][1] == REASON
