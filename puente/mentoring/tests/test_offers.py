"""Offered times: one side offers two or three of the times Puente proposes, the other picks one
with one click and the meeting is confirmed for everyone; a double click is one meeting; a time
no longer free is refused with new times; the program says which side offers."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.core.models import OutboxEmail
from puente.core.permissions import Role
from puente.factories import UserFactory
from puente.matching.models import Match
from puente.mentoring import selectors, services
from puente.mentoring.models import (
    BusyCalendar,
    BusyInterval,
    Meeting,
    MeetingVenue,
    Relationship,
    SessionPlan,
    SlotOffer,
)
from puente.programs.models import Membership

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2027, 1, 1, 12, tzinfo=UTC)


@pytest.fixture
def pair(world) -> Relationship:
    """The world's pair, from 1 January 2027, weekly, one hour a meeting, Monday to Friday."""
    world.mentor.time_zone = "America/Bogota"
    world.mentor.save()
    world.mentee.time_zone = "Europe/Madrid"
    world.mentee.save()
    world.program.working_days = "12345"
    world.program.save()
    program = world.program
    mentor = program.memberships.get(role=Role.MENTOR)
    mentee = program.memberships.get(role=Role.MENTEE)
    SessionPlan.objects.create(program=program, meetings=6, cadence="weekly", hours_per_meeting=1)
    Match.objects.create(program=program, wave=world.wave, mentor=mentor, mentee=mentee)
    with time_machine.travel(NOW, tick=False):
        (made,) = services.relationships_from_matches(program=program)
    return _fresh(made)


def _fresh(relationship: Relationship) -> Relationship:
    return Relationship.objects.select_related("program", "wave", "mentor__user").get(
        pk=relationship.pk
    )


def _offer(pair, world, number=2, count=3):
    meeting = pair.meetings.get(number=number)
    found = selectors.meeting_proposals(pair, meeting, now=NOW, count=count)
    with time_machine.travel(NOW, tick=False):
        offer = services.slot_offer_create(
            meeting=meeting, by=world.mentor, slots=[(p.start, p.end) for p in found], now=NOW
        )
    return meeting, offer


def test_proposals_for_a_pair_are_on_working_days_in_both_days_and_never_in_the_past(world, pair):
    meeting = pair.meetings.get(number=2)
    assert len(selectors.meeting_proposals(pair, meeting, now=NOW)) == 6
    found = selectors.meeting_proposals(pair, meeting, now=NOW, count=3)
    # On different days, Monday to Friday in Bogotá, within both people's day (8:00–21:00).
    days = [p.start.astimezone(dt.timezone(dt.timedelta(hours=-5))).date() for p in found]
    assert len(set(days)) == len(days)
    assert all(day.isoweekday() <= 5 for day in days)
    for p in found:
        assert p.start > NOW and p.end - p.start == dt.timedelta(hours=1)
        assert 8 <= p.start.astimezone(dt.timezone(dt.timedelta(hours=-5))).hour
        assert p.end.astimezone(dt.timezone(dt.timedelta(hours=1))).hour <= 21
        assert abs((days[0] - meeting.planned_on).days) <= 3


def test_the_selector_reads_in_a_constant_number_of_queries(world, pair):
    meeting = pair.meetings.get(number=2)
    prefetch_related_objects([pair], "mentees__user")
    with CaptureQueriesContext(connection) as few:
        selectors.scheduling(pair, start=NOW, end=NOW + dt.timedelta(days=30), leave_out=meeting)
    # Three more people in a circle, each with a calendar of busy times: the same queries.
    pair.kind = Relationship.Kind.CIRCLE
    pair.save()
    for n in range(3):
        user = UserFactory(email=f"m{n}@example.org")
        membership = Membership.objects.create(program=world.program, user=user, role=Role.MENTEE)
        pair.mentees.add(membership)
        calendar = BusyCalendar.objects.create(
            user=user, url="https://x.example/c.ics", next_fetch_at=NOW
        )
        BusyInterval.objects.create(calendar=calendar, start=NOW, end=NOW + dt.timedelta(hours=1))
    pair = _fresh(pair)
    prefetch_related_objects([pair], "mentees__user")
    with CaptureQueriesContext(connection) as more:
        selectors.scheduling(pair, start=NOW, end=NOW + dt.timedelta(days=30), leave_out=meeting)
    assert len(more.captured_queries) == len(few.captured_queries) <= 6


def test_the_mentor_offers_and_the_mentee_picks_which_confirms_for_both(
    world, pair, django_capture_on_commit_callbacks
):
    meeting, offer = _offer(pair, world)
    assert offer.slots.count() == 3 and offer.status == SlotOffer.Status.OPEN
    (asked,) = OutboxEmail.objects.filter(to=world.mentee.email)
    assert "#offer" in asked.body and world.mentor.full_name in asked.subject
    assert not OutboxEmail.objects.filter(to=world.mentor.email).exists()
    slot = offer.slots.all()[1]
    with time_machine.travel(NOW, tick=False):
        picked = services.slot_offer_pick(slot=slot, by=world.mentee)
    assert (picked.starts_at, picked.ends_at) == (slot.start, slot.end)
    assert picked.confirmed_by == world.mentee and picked.proposed_by == world.mentor
    offer.refresh_from_db()
    assert offer.status == SlotOffer.Status.PICKED and offer.picked == slot
    invitations = OutboxEmail.objects.exclude(calendar="")
    assert sorted(e.to for e in invitations) == sorted([world.mentor.email, world.mentee.email])
    for email in invitations:
        parsed = icalendar.Calendar.from_ical(email.calendar)
        assert str(parsed["METHOD"]) == "REQUEST"
        (event,) = parsed.walk("VEVENT")
        assert event.decoded("DTSTART").astimezone(UTC) == slot.start


def test_a_double_click_is_one_meeting_and_another_time_of_a_picked_offer_is_refused(world, pair):
    meeting, offer = _offer(pair, world)
    first, second = offer.slots.all()[:2]
    with time_machine.travel(NOW, tick=False):
        services.slot_offer_pick(slot=first, by=world.mentee)
        sent = OutboxEmail.objects.count()
        sequence = Meeting.objects.get(pk=meeting.pk).sequence
        again = services.slot_offer_pick(slot=first, by=world.mentee)
        assert again.starts_at == first.start
        assert OutboxEmail.objects.count() == sent
        assert Meeting.objects.get(pk=meeting.pk).sequence == sequence
        with pytest.raises(ValidationError, match="already picked"):
            services.slot_offer_pick(slot=second, by=world.mentee)


def test_a_time_no_longer_free_is_refused_and_new_times_are_offered(world, pair):
    meeting, offer = _offer(pair, world)
    slot = offer.slots.first()
    # Since the offer, the mentee's own calendar says they are busy then.
    calendar = BusyCalendar.objects.create(
        user=world.mentee, url="https://x.example/c.ics", next_fetch_at=NOW
    )
    BusyInterval.objects.create(calendar=calendar, start=slot.start, end=slot.end)
    with time_machine.travel(NOW, tick=False), pytest.raises(services.StaleOffer) as refused:
        services.slot_offer_pick(slot=slot, by=world.mentee)
    assert world.mentee.full_name in refused.value.messages[0]
    offer.refresh_from_db()
    assert offer.status == SlotOffer.Status.STALE
    fresh = refused.value.offer
    assert fresh is not None and fresh.status == SlotOffer.Status.OPEN
    for new in fresh.slots.all():
        assert not (new.start < slot.end and slot.start < new.end)
    meeting.refresh_from_db()
    assert meeting.starts_at is None


def test_only_the_side_the_program_names_offers_and_the_other_picks(world, pair):
    meeting = pair.meetings.get(number=2)
    found = selectors.meeting_proposals(pair, meeting, now=NOW, count=2)
    slots = [(p.start, p.end) for p in found]
    with pytest.raises(ValidationError, match="other side offers"):
        services.slot_offer_create(meeting=meeting, by=world.mentee, slots=slots, now=NOW)
    with pytest.raises(ValidationError, match="two or three"):
        services.slot_offer_create(meeting=meeting, by=world.mentor, slots=slots[:1], now=NOW)
    MeetingVenue.objects.create(program=world.program, offers="mentee")
    offer = services.slot_offer_create(meeting=meeting, by=world.mentee, slots=slots, now=NOW)
    with pytest.raises(ValidationError, match="other side picks"):
        services.slot_offer_pick(slot=offer.slots.first(), by=world.mentee)
    with time_machine.travel(NOW, tick=False):
        picked = services.slot_offer_pick(slot=offer.slots.first(), by=world.mentor)
    assert picked.confirmed_by == world.mentor


def test_moving_a_confirmed_meeting_by_a_new_offer_raises_its_sequence(world, pair):
    meeting, offer = _offer(pair, world)
    with time_machine.travel(NOW, tick=False):
        services.slot_offer_pick(slot=offer.slots.first(), by=world.mentee)
    before = Meeting.objects.get(pk=meeting.pk)
    mail.outbox.clear()
    OutboxEmail.objects.all().delete()
    _meeting, again = _offer(pair, world)
    new = [s for s in again.slots.all() if s.start != before.starts_at][0]
    with time_machine.travel(NOW, tick=False):
        moved = services.slot_offer_pick(slot=new, by=world.mentee)
    assert moved.starts_at == new.start and moved.sequence > before.sequence
    for email in OutboxEmail.objects.exclude(calendar=""):
        (event,) = icalendar.Calendar.from_ical(email.calendar).walk("VEVENT")
        assert int(event["SEQUENCE"]) == moved.sequence


def test_the_pages_offer_and_pick_with_one_click(world, pair, django_capture_on_commit_callbacks):
    slug = world.program.slug
    page = reverse("mentoring:relationship", args=[slug, pair.pk])
    offer_url = reverse("mentoring:meeting-offer", args=[slug, pair.pk, 1])
    pick_url = reverse("mentoring:meeting-pick", args=[slug, pair.pk, 1])
    with time_machine.travel(NOW, tick=False):
        mentor, mentee = client_for(world.mentor), client_for(world.mentee)
        assert offer_url in mentor.get(page).text
        assert offer_url not in mentee.get(page).text
        form = mentor.get(offer_url)
        assert form.status_code == 200 and form.text.count(" checked") == 3
        assert mentee.get(offer_url).status_code == 403
        assert client_for(world.coordinator).get(offer_url).status_code == 403
        found = selectors.meeting_proposals(pair, pair.meetings.get(number=1), now=NOW)
        values = [p.start.isoformat() for p in found[:3]]
        with django_capture_on_commit_callbacks(execute=True):
            response = mentor.post(offer_url, {"offer-slots": values})
        assert response.status_code == 302 and response["Location"].endswith("#offer")
        assert mail.outbox[-1].to == [world.mentee.email]
        shown = mentee.get(page).text
        assert pick_url in shown and 'class="pick"' in shown
        offer = SlotOffer.objects.get(status=SlotOffer.Status.OPEN)
        slot = offer.slots.first()
        assert mentor.post(pick_url, {"slot": slot.pk}).status_code == 403
        with django_capture_on_commit_callbacks(execute=True):
            assert mentee.post(pick_url, {"slot": slot.pk}).status_code == 302
            assert mentee.post(pick_url, {"slot": slot.pk}).status_code == 302
        meeting = pair.meetings.get(number=1)
        assert meeting.starts_at == slot.start and meeting.confirmed_at is not None
        assert Meeting.objects.filter(relationship=pair, starts_at=slot.start).count() == 1
        # Nothing picked from an empty click; the page says why.
        assert mentee.post(pick_url, {}).status_code == 302
