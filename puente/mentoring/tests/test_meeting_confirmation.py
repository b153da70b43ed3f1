"""A time set for a meeting is a proposal until the other side confirms it: the other side is
emailed, sees a button to confirm, and the calendar invite stays tentative until then."""

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.mentoring import services
from puente.mentoring.models import Meeting

pytestmark = pytest.mark.django_db

TIME = {"on": "2026-12-07", "starts": "18:00", "ends": "19:00", "time_zone": "America/Bogota"}


def _url(world, name, relationship, number):
    return reverse(f"mentoring:{name}", args=[world.program.slug, relationship.pk, number])


def _propose(client, world, relationship, number=2, **changes):
    data = {f"m{number}-{key}": value for key, value in {**TIME, **changes}.items()}
    return client.post(_url(world, "meeting-move", relationship, number), data)


def _ics_status(client, world, relationship, number=2):
    body = client.get(_url(world, "meeting-ics", relationship, number)).content
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    return str(event.get("status"))


def test_the_mentor_proposes_and_the_mentee_confirms(
    world, relationship, django_capture_on_commit_callbacks
):
    mentor, mentee = client_for(world.mentor), client_for(world.mentee)
    with django_capture_on_commit_callbacks(execute=True):
        assert _propose(mentor, world, relationship).status_code == 302
    meeting = relationship.meetings.get(number=2)
    assert meeting.proposed_by == world.mentor and meeting.awaiting_confirmation
    # The mentee, and only the mentee, is asked to confirm, with the time in their zone.
    (asked,) = mail.outbox
    assert asked.to == [world.mentee.email]
    assert "confirm" in asked.subject.lower()
    assert world.mentor.full_name in asked.body
    assert _ics_status(mentee, world, relationship) == "TENTATIVE"

    page = mentee.get(reverse("mentoring:relationship", args=[world.program.slug, relationship.pk]))
    assert "waiting for confirmation" in page.text
    assert _url(world, "meeting-confirm", relationship, 2) in page.text
    # The proposer sees the state but no button.
    own = mentor.get(reverse("mentoring:relationship", args=[world.program.slug, relationship.pk]))
    assert "waiting for confirmation" in own.text
    assert _url(world, "meeting-confirm", relationship, 2) not in own.text

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert mentee.post(_url(world, "meeting-confirm", relationship, 2)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.confirmed_by == world.mentee and meeting.confirmed_at is not None
    assert not meeting.awaiting_confirmation
    # Both sides get the confirmed meeting as a calendar invitation, the mentee's own act too.
    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {world.mentor.email, world.mentee.email}
    assert (
        f"{world.mentee.full_name} confirmed mentoring meeting 2" in told[world.mentor.email].body
    )
    assert "You confirmed mentoring meeting 2" in told[world.mentee.email].body
    assert all(m.attachments[0].filename == "invite.ics" for m in told.values())
    assert _ics_status(mentor, world, relationship) == "CONFIRMED"


def test_confirming_twice_changes_nothing_and_sends_one_email_each(
    world, relationship, django_capture_on_commit_callbacks
):
    _propose(client_for(world.mentor), world, relationship)
    mentee = client_for(world.mentee)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mentee.post(_url(world, "meeting-confirm", relationship, 2))
    first = relationship.meetings.get(number=2).confirmed_at
    with django_capture_on_commit_callbacks(execute=True):
        assert mentee.post(_url(world, "meeting-confirm", relationship, 2)).status_code == 302
    assert relationship.meetings.get(number=2).confirmed_at == first
    assert sorted(m.to[0] for m in mail.outbox) == [world.mentee.email, world.mentor.email]


def test_the_proposer_cannot_confirm_their_own_time(world, relationship):
    mentor = client_for(world.mentor)
    _propose(mentor, world, relationship)
    response = mentor.post(_url(world, "meeting-confirm", relationship, 2), follow=True)
    assert "You proposed this time: the other side confirms it." in response.text
    assert relationship.meetings.get(number=2).confirmed_at is None


def test_a_meeting_without_a_time_or_already_held_cannot_be_confirmed(world, relationship):
    meeting = relationship.meetings.get(number=3)
    with pytest.raises(ValidationError, match="no time to confirm"):
        services.meeting_confirm(meeting=meeting, by=world.mentee)
    _propose(client_for(world.mentor), world, relationship, number=3)
    services.meeting_log(
        meeting=relationship.meetings.get(number=3),
        by=world.mentor,
        data={"held": True, "duration_minutes": 60},
    )
    with pytest.raises(ValidationError, match="already logged"):
        services.meeting_confirm(meeting=relationship.meetings.get(number=3), by=world.mentee)


def test_a_new_time_needs_a_new_confirmation_and_the_same_time_keeps_it(
    world, relationship, django_capture_on_commit_callbacks
):
    mentor, mentee = client_for(world.mentor), client_for(world.mentee)
    _propose(mentor, world, relationship)
    mentee.post(_url(world, "meeting-confirm", relationship, 2))
    mail.outbox.clear()
    # Saving the same time again (e.g. the form sent twice) keeps the confirmation, asks nobody.
    with django_capture_on_commit_callbacks(execute=True):
        _propose(mentor, world, relationship)
    meeting = relationship.meetings.get(number=2)
    assert meeting.confirmed_at is not None and mail.outbox == []
    # The mentee moves it an hour later: now the mentor is asked, and the old confirmation goes.
    with django_capture_on_commit_callbacks(execute=True):
        _propose(mentee, world, relationship, starts="19:00", ends="20:00")
    meeting.refresh_from_db()
    assert meeting.proposed_by == world.mentee
    assert meeting.confirmed_at is None and meeting.confirmed_by is None
    # The mentor is asked; the mentee, whose calendar held the confirmed time, gets the update.
    asked = {m.to[0]: m.subject for m in mail.outbox}
    assert set(asked) == {world.mentor.email, world.mentee.email}
    assert "confirm" in asked[world.mentor.email].lower()
    assert "has changed" in asked[world.mentee.email]
    # Taking the time away clears the proposal and takes the entry off the mentor's calendar.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _propose(mentee, world, relationship, starts="", ends="")
    meeting.refresh_from_db()
    assert meeting.starts_at is None and meeting.proposed_by is None
    (cancel,) = mail.outbox
    assert cancel.to == [world.mentor.email] and "no longer has a time" in cancel.subject


def test_only_the_pair_confirms(world, relationship):
    _propose(client_for(world.mentor), world, relationship)
    url = _url(world, "meeting-confirm", relationship, 2)
    assert client_for(world.tutor).post(url).status_code == 403
    assert client_for(world.coordinator).post(url).status_code == 403
    assert client_for(world.outsider).post(url).status_code == 404
    assert client_for(world.mentee).get(url).status_code == 405
    assert client_for(None).post(url).status_code == 302
    assert relationship.meetings.get(number=2).confirmed_at is None


def test_the_relationship_page_reads_the_proposers_in_the_same_queries(world, relationship):
    client = client_for(world.mentee)
    page = reverse("mentoring:relationship", args=[world.program.slug, relationship.pk])
    # One meeting with a time already (a page with none skips the overlap check's queries).
    _propose(client_for(world.mentor), world, relationship, number=5, on="2026-12-21")
    with CaptureQueriesContext(connection) as before:
        client.get(page)
    for number, day in ((2, "2026-12-07"), (3, "2026-12-09"), (4, "2026-12-14")):
        _propose(client_for(world.mentor), world, relationship, number=number, on=day)
    services.meeting_confirm(meeting=relationship.meetings.get(number=3), by=world.mentee)
    with CaptureQueriesContext(connection) as after:
        assert "waiting for confirmation" in client.get(page).text
    assert len(after) == len(before)
    assert Meeting.objects.filter(confirmed_at__isnull=False).count() == 1
