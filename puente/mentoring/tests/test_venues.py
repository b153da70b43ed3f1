"""Where a meeting happens, by program setting (``mentoring.venues``): a Jitsi room of its own
per meeting (random, kept), a room on another server from a template, the mentor's own link, a
place in person, or what each pair sets; shown on the relationship page, in reminders and in
the calendar invitations, which also carry the agenda (the theme and the next steps agreed at
the meeting before), read back by a second parser."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from puente.conftest import client_for
from puente.mentoring import services, venues
from puente.mentoring.models import ROOM_ALPHABET, Meeting, MeetingVenue, Relationship
from puente.mentoring.tasks import reminders_task
from puente.tests.calendar_checks import READERS, take

pytestmark = pytest.mark.django_db

BOGOTA = zoneinfo.ZoneInfo("America/Bogota")
JITSI = "https://video.mentoria.example.org"


@pytest.fixture(autouse=True)
def _jitsi(settings):
    settings.JITSI_URL = JITSI
    settings.SITE_URL = "https://mentoria.example.org"


def _venue(world, mode: str, **fields: str) -> MeetingVenue:
    return services.meeting_venue_save(
        program=world.program, by=world.coordinator, mode=mode, **fields
    )


def _fresh(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related(
        "relationship__program", "relationship__mentor__user"
    ).get(pk=meeting.pk)


# --- Room names ---------------------------------------------------------------------------------


def test_room_names_are_random_long_distinct_and_not_made_of_ids(world, relationship):
    rooms = list(relationship.meetings.values_list("pk", "room"))
    names = [room for _pk, room in rooms]
    assert len(set(names)) == len(names) == 12
    for _pk, room in rooms:
        assert len(room) == 24
        assert set(room) <= set(ROOM_ALPHABET)
    # Meetings made one after the other share nothing that can be counted on.
    for first, second in zip(names, names[1:], strict=False):
        assert sum(a == b for a, b in zip(first, second, strict=True)) < 12


def test_room_names_come_from_the_operating_systems_secrets(monkeypatch):
    from puente.mentoring import models

    monkeypatch.setattr(models.secrets, "choice", lambda alphabet: alphabet[-1])
    assert models.new_room_name() == ROOM_ALPHABET[-1] * 24


def test_a_meetings_room_stays_the_same_when_it_moves_and_is_confirmed(world, relationship):
    _venue(world, MeetingVenue.Mode.JITSI)
    meeting = relationship.meetings.get(number=2)
    before = venues.where(_fresh(meeting)).url
    starts = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=9), dt.time(9), tzinfo=BOGOTA
    )
    services.meeting_move(
        meeting=meeting,
        on=starts.date(),
        by=world.mentor,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    services.meeting_confirm(meeting=_fresh(meeting), by=world.mentee)
    assert venues.where(_fresh(meeting)).url == before == f"{JITSI}/{meeting.room}"


# --- Each mode ----------------------------------------------------------------------------------


def test_each_mode_gives_its_where(world, relationship):
    meeting = relationship.meetings.get(number=3)
    room = meeting.room

    assert venues.where(_fresh(meeting)) == venues.Where(venues.VIDEO, source="pair")
    assert not venues.where(_fresh(meeting)).is_set

    _venue(world, MeetingVenue.Mode.JITSI)
    assert venues.where(_fresh(meeting)).url == f"{JITSI}/{room}"

    _venue(
        world,
        MeetingVenue.Mode.TEMPLATE,
        url_template="https://bbb.empresa.example.com/b/{room}?lang=es",
    )
    assert venues.where(_fresh(meeting)).url == f"https://bbb.empresa.example.com/b/{room}?lang=es"

    _venue(world, MeetingVenue.Mode.MENTOR_LINK)
    assert venues.where(_fresh(meeting)) == venues.Where(venues.VIDEO, source="mentor_link")
    world.mentor.video_link = "https://zoom.example.com/my/mentora"
    world.mentor.save()
    assert venues.where(_fresh(meeting)).url == "https://zoom.example.com/my/mentora"

    _venue(world, MeetingVenue.Mode.IN_PERSON, place="Cámara de Comercio, sala 3")
    where = venues.where(_fresh(meeting))
    assert (where.kind, where.place, where.url) == (
        venues.IN_PERSON,
        "Cámara de Comercio, sala 3",
        "",
    )


def test_a_pairs_own_link_or_place_for_one_meeting_comes_first(world, relationship):
    _venue(world, MeetingVenue.Mode.JITSI)
    meeting = relationship.meetings.get(number=4)
    services.meeting_move(
        meeting=meeting,
        on=meeting.planned_on,
        by=world.mentor,
        video_link="https://meet.example.net/abc-defg",
    )
    assert venues.where(_fresh(meeting)).url == "https://meet.example.net/abc-defg"
    services.meeting_move(
        meeting=_fresh(meeting),
        on=meeting.planned_on,
        by=world.mentor,
        mode=Meeting.Mode.IN_PERSON,
        place="La tienda de la emprendedora",
    )
    where = venues.where(_fresh(meeting))
    assert (where.kind, where.place) == (venues.IN_PERSON, "La tienda de la emprendedora")


@pytest.mark.parametrize(
    "template",
    [
        "https://bbb.example.com/rooms/fixed",  # no {room}: every meeting would share one room
        "http://bbb.example.com/{room}",  # not encrypted
        "javascript:alert(1)//{room}",
    ],
)
def test_a_template_needs_https_and_the_room(world, template):
    with pytest.raises(ValidationError) as error:
        _venue(world, MeetingVenue.Mode.TEMPLATE, url_template=template)
    assert "url_template" in error.value.message_dict


# --- The coordinator's setting -----------------------------------------------------------------


def test_the_coordinator_chooses_how_pairs_meet_on_the_session_plans_page(world):
    client = client_for(world.coordinator)
    page = client.get(reverse("mentoring:session-plans", args=[world.program.slug]))
    assert page.status_code == 200
    assert b'id="venue"' in page.content
    assert JITSI.encode() in page.content
    url = reverse("mentoring:meeting-venue", args=[world.program.slug])
    refused = client.post(url, {"venue-mode": "template", "venue-url_template": "https://x.org/"})
    assert refused.status_code == 422
    assert "{room}" in refused.content.decode()
    assert not MeetingVenue.objects.filter(program=world.program).exists()
    done = client.post(url, {"venue-mode": "jitsi"})
    assert done.status_code == 302
    assert MeetingVenue.objects.get(program=world.program).mode == MeetingVenue.Mode.JITSI


def test_the_setting_page_is_in_spanish(world):
    world.coordinator.language = "es"
    world.coordinator.save()
    page = client_for(world.coordinator).get(
        reverse("mentoring:session-plans", args=[world.program.slug]), HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "Cómo se reúnen las parejas" in page.content.decode()


# --- The page, the reminder, the invitation ----------------------------------------------------


def test_the_relationship_page_shows_each_meetings_link(world, relationship):
    _venue(world, MeetingVenue.Mode.JITSI)
    rooms = dict(relationship.meetings.values_list("number", "room"))
    page = client_for(world.mentee).get(
        reverse("mentoring:relationship", args=[world.program.slug, relationship.pk])
    )
    html = page.content.decode()
    panel = html[html.index('id="next-meeting"') : html.index('id="progress"')]
    # The relationship starts today: the next meeting is the first.
    assert f'href="{JITSI}/{rooms[1]}"' in panel
    for number, room in rooms.items():
        item = html[html.index(f'id="meeting-{number}"') :]
        item = item[: item.index("</li>")]
        assert f'href="{JITSI}/{room}"' in item


def _held_with_next_steps(world, relationship: Relationship) -> None:
    first = relationship.meetings.get(number=1)
    services.meeting_log(
        meeting=first,
        by=world.mentor,
        data={
            "held": True,
            "duration_minutes": 60,
            "next_steps": "Traer el flujo de caja, y dos cotizaciones",
        },
    )


def test_the_reminder_carries_the_link_and_what_was_agreed(
    world, relationship, django_capture_on_commit_callbacks
):
    _venue(world, MeetingVenue.Mode.TEMPLATE, url_template="https://bbb.example.com/b/{room}")
    _held_with_next_steps(world, relationship)
    meeting = relationship.meetings.get(number=2)
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=30)
    Meeting.objects.filter(pk=meeting.pk).update(
        planned_on=starts.date(),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        status=Meeting.Status.SCHEDULED,
    )
    with time_machine.travel(starts - dt.timedelta(hours=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_task.enqueue()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.mentor.email, world.mentee.email])
    for message in mail.outbox:
        assert f"https://bbb.example.com/b/{meeting.room}" in message.body
        assert "Traer el flujo de caja, y dos cotizaciones" in message.body


@pytest.mark.parametrize("reader", READERS)
def test_the_invitation_carries_the_video_link_and_the_agenda(
    world, relationship, django_capture_on_commit_callbacks, reader
):
    _venue(world, MeetingVenue.Mode.JITSI)
    _held_with_next_steps(world, relationship)
    world.mentee.language = "es"
    world.mentee.save()
    meeting = relationship.meetings.get(number=2)
    starts = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=10), dt.time(18), tzinfo=BOGOTA
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_move(
            meeting=meeting,
            on=starts.date(),
            by=world.mentor,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            time_zone="America/Bogota",
        )
    (sent,) = take("meeting proposed", to=world.mentee.email)
    invitation = READERS[reader](sent.text)
    link = f"{JITSI}/{meeting.room}"
    assert invitation.method == "REQUEST"
    assert invitation.location == link
    (conference,) = invitation.conferences
    assert conference.value == link
    assert conference.params["VALUE"] == "URI"
    assert "VIDEO" in conference.params["FEATURE"]
    assert "Metas" in invitation.description  # the meeting's theme
    assert "Traer el flujo de caja, y dos cotizaciones" in invitation.description
    assert "reunión 1" in invitation.description  # in the mentee's language
    assert link in invitation.description


@pytest.mark.parametrize("reader", READERS)
def test_an_invitation_to_meet_in_person_carries_the_place(
    world, relationship, django_capture_on_commit_callbacks, reader
):
    _venue(world, MeetingVenue.Mode.IN_PERSON, place="Cámara de Comercio; sala 3")
    meeting = relationship.meetings.get(number=2)
    starts = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=10), dt.time(18), tzinfo=BOGOTA
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_move(
            meeting=meeting,
            on=starts.date(),
            by=world.mentee,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
        )
    (sent,) = take("meeting proposed", to=world.mentor.email)
    invitation = READERS[reader](sent.text)
    assert invitation.location == "Cámara de Comercio; sala 3"
    assert invitation.conferences == []
    assert "Cámara de Comercio; sala 3" in invitation.description


def test_the_mentors_link_is_in_their_data_and_goes_with_erasure(world):
    from puente.privacy.services import build_json, person_erase

    world.mentor.video_link = "https://zoom.example.com/my/mentora"
    world.mentor.save()
    assert b"https://zoom.example.com/my/mentora" in build_json(world.mentor)
    person_erase(user=world.mentor, by=world.coordinator, reason="Pedido")
    world.mentor.refresh_from_db()
    assert world.mentor.video_link == ""


def test_the_api_gives_each_meetings_where_without_a_query_per_meeting(
    world, relationship, django_assert_max_num_queries
):
    from puente.api.tests.conftest import api_client_for

    _venue(world, MeetingVenue.Mode.JITSI)
    url = reverse("api:meeting-list", args=[world.program.slug])
    client = api_client_for(world.mentee)
    with django_assert_max_num_queries(12):
        payload = client.get(url, {"page_size": 100}).json()
    rooms = {m.pk: m.room for m in relationship.meetings.all()}
    assert len(payload["results"]) == len(rooms) > 1
    for item in payload["results"]:
        assert item["where"] == {
            "kind": venues.VIDEO,
            "url": f"{JITSI}/{rooms[item['id']]}",
            "place": "",
        }
