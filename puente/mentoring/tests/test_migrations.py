"""Each person confirms the agreement for themselves (mentoring.0013): the old mentor's and
mentee's timestamps become confirmations of the people who gave them, and in a circle the
mentee's is kept only for the mentee the audit trail names; the others are asked again."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from puente.core.permissions import Role
from puente.factories import MembershipFactory
from puente.mentoring.models import Agreement

BEFORE = [("mentoring", "0012_session_plan_span_in_months")]
CONFIRMED = dt.datetime(2026, 3, 3, 15, 0, tzinfo=dt.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.slow  # migrates the database back and forth
@pytest.mark.django_db(transaction=True)
def test_old_confirmations_become_each_persons_own(world):
    mentor = world.program.memberships.get(role=Role.MENTOR)
    mentee = world.program.memberships.get(role=Role.MENTEE)
    first, second = (
        MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
        for _ in range(2)
    )
    latest = _latest()
    try:
        _migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        OldRelationship = old.get_model("mentoring", "Relationship")
        OldAgreement = old.get_model("mentoring", "Agreement")

        def relationship(kind, *mentees):
            made = OldRelationship.objects.create(
                program_id=world.program.pk,
                kind=kind,
                mentor_id=mentor.pk,
                starts_on=dt.date(2026, 3, 2),
                ends_on=dt.date(2026, 6, 22),
            )
            made.mentees.add(*[m.pk for m in mentees])
            return OldAgreement.objects.create(
                relationship=made,
                goals="Vender a hoteles",
                confirmed_by_mentor_at=CONFIRMED,
                confirmed_by_mentee_at=CONFIRMED + dt.timedelta(hours=1),
            )

        pair = relationship("pair", mentee)
        traced = relationship("circle", first, second)
        untraced = relationship("circle", first, second)
        # The audit trail says the second mentee of the first circle confirmed it.
        LogEntry.objects.create(
            content_type=ContentType.objects.get(app_label="mentoring", model="agreement"),
            object_pk=str(traced.pk),
            object_id=traced.pk,
            object_repr="acuerdo",
            action=LogEntry.Action.UPDATE,
            actor=second.user,
            changes={"confirmed_by_mentee_at": ["None", "2026-03-03 16:00:00+00:00"]},
        )

        _migrate(latest)

        def confirmed(agreement):
            return {
                c.membership_id: c.confirmed_at
                for c in Agreement.objects.get(pk=agreement.pk).confirmations.all()
            }

        later = CONFIRMED + dt.timedelta(hours=1)
        assert confirmed(pair) == {mentor.pk: CONFIRMED, mentee.pk: later}
        assert Agreement.objects.get(pk=pair.pk).is_confirmed
        assert confirmed(traced) == {mentor.pk: CONFIRMED, second.pk: later}
        assert confirmed(untraced) == {mentor.pk: CONFIRMED}
        assert not Agreement.objects.get(pk=traced.pk).is_confirmed
    finally:
        _migrate(latest)


@pytest.mark.slow  # migrates the database back and forth
@pytest.mark.django_db(transaction=True)
def test_existing_meetings_get_a_random_room_each(world):
    """mentoring.0017: meetings made before it get a room name each, all different (a default
    computed once would have given them all the same)."""
    from puente.mentoring.models import ROOM_ALPHABET, Meeting

    before = [("mentoring", "0016_meeting_venue_by_program")]
    latest = _latest()
    try:
        _migrate(before)
        old = MigrationExecutor(connection).loader.project_state(before).apps
        OldRelationship = old.get_model("mentoring", "Relationship")
        OldMeeting = old.get_model("mentoring", "Meeting")
        made = OldRelationship.objects.create(
            program_id=world.program.pk,
            kind="pair",
            mentor_id=world.program.memberships.get(role=Role.MENTOR).pk,
            starts_on=dt.date(2026, 3, 2),
            ends_on=dt.date(2026, 6, 22),
        )
        OldMeeting.objects.bulk_create(
            OldMeeting(relationship=made, number=n, planned_on=dt.date(2026, 3, n))
            for n in range(1, 21)
        )
        _migrate(latest)
        rooms = list(Meeting.objects.filter(relationship_id=made.pk).values_list("room", flat=True))
        assert len(rooms) == len(set(rooms)) == 20
        assert all(len(room) == 24 and set(room) <= set(ROOM_ALPHABET) for room in rooms)
    finally:
        _migrate(latest)
