"""Starting the next wave: what is copied (plan, events, toolkit), what never is (people), and
that it is all-or-nothing and happens once."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from puente.conftest import client_for
from puente.core import hooks
from puente.core.permissions import Role
from puente.events.models import Event, EventInvitation
from puente.feedback.models import Pulse, PulseAnswer
from puente.library.models import Resource
from puente.library.selectors import current_versions
from puente.matching.models import Match
from puente.mentoring.models import Relationship, SessionPlan
from puente.monitoring.models import Round
from puente.programs.models import Invitation, Membership, Wave
from puente.programs.services import wave_clone
from puente.recruitment.models import Application

NEXT_START = dt.date(2026, 6, 1)
NEXT_END = dt.date(2026, 10, 30)
OFFSET = dt.timedelta(days=(NEXT_START - dt.date(2026, 1, 1)).days)


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def source(world, first_wave, relationship):
    """A pilot wave with its own plan, two events (one already held, with attendance and
    lessons), a program-wide event, toolkit versions and people."""
    program = world.program
    SessionPlan.objects.create(
        program=program, wave=first_wave, meetings=8, span_weeks=12, themes=["Metas", "Red"]
    )
    kick_off = Event.objects.create(
        program=program,
        wave=first_wave,
        kind=Event.Kind.KICK_OFF,
        title="Lanzamiento",
        description="Bienvenida",
        starts_at=at(dt.date(2026, 1, 10), 10),
        ends_at=at(dt.date(2026, 1, 10), 12),
        place="Auditorio",
        attendance_taken_at=timezone.now(),
        lessons_what_worked="Las dinámicas",
        lessons_written_at=timezone.now(),
    )
    EventInvitation.objects.create(
        event=kick_off,
        user=world.mentee,
        membership=program.memberships.get(role=Role.MENTEE),
        attended=True,
    )
    Event.objects.create(
        program=program,
        wave=first_wave,
        kind=Event.Kind.CLOSING,
        title="Cierre",
        starts_at=at(dt.date(2026, 5, 20), 18),
        ends_at=at(dt.date(2026, 5, 20), 20),
        mode=Event.Mode.VIRTUAL,
        video_link="https://meet.example.org/cierre",
    )
    Event.objects.create(
        program=program,
        title="Feria del programa",
        starts_at=at(dt.date(2026, 3, 1), 10),
        ends_at=at(dt.date(2026, 3, 1), 12),
    )
    base = Resource.objects.create(
        program=program,
        title="Guía",
        kind="guide",
        audience="mentors",
        stage="during",
        body="Versión base",
    )
    Resource.objects.create(
        program=program,
        wave=first_wave,
        original=base,
        title="Guía",
        kind="guide",
        audience="mentors",
        stage="during",
        body="Versión del piloto",
    )
    Pulse.objects.create(program=program, wave=first_wave, title="¿Cómo va?")
    return first_wave


def test_clone_copies_plan_events_and_toolkit_and_no_people(world, source):
    target, copied = wave_clone(
        wave=source, by=world.coordinator, name="Ola 2", starts_on=NEXT_START, ends_on=NEXT_END
    )

    assert (target.number, target.name) == (2, "Ola 2")
    assert dict(copied)["Session plan"] == 1
    assert dict(copied)["Events"] == 2
    plan = SessionPlan.objects.get(wave=target)
    assert (plan.meetings, plan.span_weeks, plan.themes) == (8, 12, ["Metas", "Red"])

    events = list(Event.objects.filter(wave=target).order_by("starts_at"))
    assert [(e.kind, e.title) for e in events] == [
        ("kick_off", "Lanzamiento"),
        ("closing", "Cierre"),
    ]
    assert events[0].starts_at == at(dt.date(2026, 1, 10), 10) + OFFSET
    assert events[0].ends_at - events[0].starts_at == dt.timedelta(hours=2)
    assert (events[0].place, events[0].description) == ("Auditorio", "Bienvenida")
    assert events[1].video_link == "https://meet.example.org/cierre"
    # Nothing of what happened at the pilot's events comes along.
    assert events[0].attendance_taken_at is None
    assert events[0].lessons_what_worked == "" and events[0].lessons_written_at is None
    assert EventInvitation.objects.filter(event__wave=target).count() == 0
    # The program-wide event stays the program's, once.
    assert Event.objects.filter(title="Feria del programa").count() == 1

    # The new wave reads the pilot's version of the guide.
    seen = current_versions(Q(program=world.program), target.number)
    assert [r.body for r in seen] == ["Versión del piloto"]

    # No personal data.
    assert Membership.objects.filter(wave=target).count() == 0
    assert Application.objects.filter(call__wave=target).count() == 0
    assert Invitation.objects.filter(wave=target).count() == 0
    assert Match.objects.filter(wave=target).count() == 0
    assert Relationship.objects.filter(wave=target).count() == 0
    assert Round.objects.filter(wave=target).count() == 0
    assert Pulse.objects.filter(wave=target).count() == 0
    assert PulseAnswer.objects.filter(pulse__wave=target).count() == 0


def test_a_wave_following_the_program_plan_gets_no_plan_of_its_own(world, first_wave):
    target, copied = wave_clone(
        wave=first_wave, by=world.coordinator, name="", starts_on=NEXT_START, ends_on=NEXT_END
    )
    assert dict(copied)["Session plan"] == 0
    assert not SessionPlan.objects.filter(wave=target).exists()


def test_a_failing_copier_rolls_everything_back(world, source, monkeypatch):
    def broken(source_id: int, target_id: int, offset_days: int) -> hooks.WaveCopy:
        raise RuntimeError("copier failed")

    monkeypatch.setattr(hooks, "_wave_cloned_callbacks", [*hooks._wave_cloned_callbacks, broken])
    events_before = Event.objects.count()
    with pytest.raises(RuntimeError):
        wave_clone(
            wave=source, by=world.coordinator, name="", starts_on=NEXT_START, ends_on=NEXT_END
        )
    assert not Wave.objects.filter(program=world.program, number=2).exists()
    assert SessionPlan.objects.filter(wave__isnull=False).count() == 1
    assert Event.objects.count() == events_before


def test_a_second_wave_with_the_same_number_is_refused(world, first_wave):
    wave_clone(
        wave=first_wave, by=world.coordinator, name="", starts_on=NEXT_START, ends_on=NEXT_END
    )
    with pytest.raises(ValidationError):
        wave_clone(
            wave=first_wave, by=world.coordinator, name="", starts_on=NEXT_START, ends_on=NEXT_END
        )
    assert world.program.waves.count() == 2


def _url(world, number: int = 1) -> str:
    return reverse("programs:wave-clone", args=[world.program.slug, number])


def test_the_form_suggests_the_day_after_with_the_same_length(world, first_wave):
    response = client_for(world.coordinator).get(_url(world))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["starts_on"] == dt.date(2026, 6, 1)
    assert form.initial["ends_on"] == dt.date(2026, 6, 1) + (
        first_wave.ends_on - first_wave.starts_on
    )


def test_a_double_submit_starts_one_wave(world, source):
    client = client_for(world.coordinator)
    data = {
        "name": "Ola 2",
        "starts_on": "2026-06-01",
        "ends_on": "2026-10-30",
        "submit_key": str(uuid.uuid4()),
    }
    first = client.post(_url(world), data)
    second = client.post(_url(world), data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert world.program.waves.filter(number=2).count() == 1
    assert Event.objects.filter(wave__number=2).count() == 2
    # A fresh form for the same wave says the number is taken, and keeps what was typed.
    again = client.post(_url(world), {**data, "submit_key": str(uuid.uuid4())})
    assert again.status_code == 422
    assert "already has a wave 2" in again.content.decode()
    assert 'value="Ola 2"' in again.content.decode()


def test_dates_outside_the_program_are_shown_next_to_the_field(world, first_wave):
    response = client_for(world.coordinator).post(
        _url(world),
        {
            "name": "Ola 2",
            "starts_on": "2026-06-01",
            "ends_on": "2027-03-01",
            "submit_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["ends_on"]
    assert not world.program.waves.filter(number=2).exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("mentor", 403),
        ("observer", 403),
        ("tutor", 403),
        ("outsider", 404),
        ("other_coordinator", 404),
    ],
)
def test_only_coordinators_start_a_wave(world, first_wave, who, status):
    assert client_for(getattr(world, who)).get(_url(world)).status_code == status


def test_clone_page_anonymous_unknown_wave_and_wrong_method(world, first_wave):
    response = client_for(None).get(_url(world))
    assert response.status_code == 302 and "login" in response.url
    assert client_for(world.coordinator).get(_url(world, 9)).status_code == 404
    assert client_for(world.coordinator).delete(_url(world)).status_code == 405
