"""Moving events from mentoring to this app keeps every row: a database holding events made
before the move (mentoring.0009) finds them after migrating, with their invitations, answers,
attendance, lessons learned, the feedback lessons pointing at them and their audit trail."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from puente.core.permissions import Role
from puente.events.models import Event, EventInvitation
from puente.feedback.models import Lesson

# The last migrations before the move.
BEFORE = [
    ("mentoring", "0009_event_cancellation"),
    ("feedback", "0001_meeting_feedback_pulses_and_lessons"),
]
STARTS = dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.slow  # migrates the whole database back and forth (10 s)
@pytest.mark.django_db(transaction=True)
def test_events_made_before_the_move_are_found_in_the_events_app(world):
    mentee = world.program.memberships.get(role=Role.MENTEE)
    mentor = world.program.memberships.get(role=Role.MENTOR)
    latest = _latest()
    try:
        # Back to before the move: unapplying events' migrations unapplies what depends on
        # them (feedback.0002, mentoring.0010).
        _migrate([("events", None)])
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        OldEvent = old.get_model("mentoring", "Event")
        OldInvitation = old.get_model("mentoring", "EventInvitation")
        assert OldEvent._meta.db_table == "mentoring_event"
        event = OldEvent.objects.create(
            program_id=world.program.pk,
            wave_id=world.wave.pk,
            kind="kick_off",
            title="Lanzamiento",
            starts_at=STARTS,
            ends_at=STARTS + dt.timedelta(hours=2),
            time_zone="America/Bogota",
            place="Cámara de Comercio",
            sequence=2,
            created_by_id=world.coordinator.pk,
            attendance_taken_at=STARTS + dt.timedelta(hours=1),
            attendance_taken_by_id=world.coordinator.pk,
            lessons_what_worked="Las presentaciones cortas.",
            lessons_written_at=STARTS + dt.timedelta(days=1),
            lessons_written_by_id=world.coordinator.pk,
        )
        OldInvitation.objects.create(
            event=event,
            user_id=world.mentee.pk,
            membership_id=mentee.pk,
            rsvp="yes",
            rsvp_at=STARTS - dt.timedelta(days=3),
            attended=True,
            invited_by_id=world.coordinator.pk,
        )
        OldInvitation.objects.create(
            event=event, user_id=world.mentor.pk, membership_id=mentor.pk, rsvp="no"
        )
        old.get_model("feedback", "Lesson").objects.create(
            program_id=world.program.pk,
            event_id=event.pk,
            author_id=world.coordinator.pk,
            author_role="coordinator",
            theme="logistics",
            worked="Hubo café.",
        )
        # Its audit trail, under the content type mentoring's model had.
        before_move = ContentType.objects.get(app_label="mentoring", model="event")
        LogEntry.objects.create(
            content_type=before_move,
            object_pk=str(event.pk),
            object_id=event.pk,
            object_repr="Lanzamiento",
            action=LogEntry.Action.CREATE,
            actor=world.coordinator,
        )

        _migrate(latest)

        moved = Event.objects.get(pk=event.pk)
        assert (moved.title, moved.kind, moved.sequence, moved.place) == (
            "Lanzamiento",
            Event.Kind.KICK_OFF,
            2,
            "Cámara de Comercio",
        )
        assert (moved.program, moved.wave, moved.created_by) == (
            world.program,
            world.wave,
            world.coordinator,
        )
        assert moved.attendance_taken_by == world.coordinator
        assert moved.lessons_what_worked == "Las presentaciones cortas."
        assert moved.has_lessons
        answers = {
            i.user: (i.rsvp, i.attended, i.membership.role, i.invited_by)
            for i in EventInvitation.objects.filter(event=moved).select_related("membership")
        }
        assert answers == {
            world.mentee: (EventInvitation.Rsvp.YES, True, Role.MENTEE, world.coordinator),
            world.mentor: (EventInvitation.Rsvp.NO, False, Role.MENTOR, None),
        }
        assert Lesson.objects.get(event=moved).worked == "Hubo café."
        assert [e.actor for e in LogEntry.objects.get_for_object(moved)] == [world.coordinator]
        # The content type kept its id (so anything else pointing at it follows too).
        assert ContentType.objects.get_for_model(Event).pk == before_move.pk
        assert not ContentType.objects.filter(app_label="mentoring", model="event").exists()
        # The tables took the app's names, and new rows carry on after the old ids.
        assert Event._meta.db_table == "events_event"
        assert "mentoring_event" not in connection.introspection.table_names()
        later = Event.objects.create(
            program=world.program, title="Cierre", starts_at=STARTS, ends_at=moved.ends_at
        )
        assert later.pk > moved.pk
    finally:
        _migrate(latest)
