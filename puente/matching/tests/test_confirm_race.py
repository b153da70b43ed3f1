"""A mentor's last free place, wanted by two runs confirmed at the same moment.

Two runs made from the same state (two coordinators, or a run made while another was being
confirmed) each give the mentor a different mentee. Confirming one fills the mentor's places, so
the other must be refused with a clear error rather than give the mentor one mentee too many.
"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from puente.core.permissions import Role
from puente.factories import MembershipFactory
from puente.matching import services
from puente.matching.models import Match, MatchRun, MentorCapacity, Proposal


def _two_runs_for_the_last_place(world) -> tuple[list[MatchRun], object]:
    program = world.program
    mentor = program.memberships.get(role=Role.MENTOR)
    MentorCapacity.objects.create(membership=mentor, capacity=2)
    first = MembershipFactory(program=program, role=Role.MENTEE, wave=world.wave)
    Match.objects.create(program=program, wave=world.wave, mentor=mentor, mentee=first)
    runs = []
    for mentee in (
        program.memberships.get(user=world.mentee),
        MembershipFactory(program=program, role=Role.MENTEE, wave=world.wave),
    ):
        run = MatchRun.objects.create(
            program=program, wave=world.wave, created_by=world.coordinator, matched=1
        )
        Proposal.objects.create(run=run, mentee=mentee, mentor=mentor, score=Decimal("0.8"))
        runs.append(run)
    return runs, mentor


@pytest.mark.django_db
def test_a_run_that_would_overfill_a_mentor_is_refused(world):
    (first, second), mentor = _two_runs_for_the_last_place(world)
    services.run_confirm(run=first, by=world.coordinator)

    with pytest.raises(ValidationError, match="no longer has enough free places"):
        services.run_confirm(run=second, by=world.coordinator)

    assert Match.objects.filter(mentor=mentor, status=Match.Status.ACTIVE).count() == 2
    second.refresh_from_db()
    assert second.status == MatchRun.Status.PROPOSED


@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs real concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_confirming_the_last_place_at_once_confirm_one(world):
    runs, mentor = _two_runs_for_the_last_place(world)
    start = threading.Barrier(2, timeout=20)
    outcomes: list[str] = []

    def confirm(run: MatchRun) -> None:
        try:
            start.wait()
            services.run_confirm(run=run, by=world.coordinator)
            outcomes.append("confirmed")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        except BaseException as error:  # noqa: BLE001 - any other failure fails the test
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(run,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("confirmed") == 1
    (refused,) = [outcome for outcome in outcomes if outcome != "confirmed"]
    assert "no longer has enough free places" in refused
    assert Match.objects.filter(mentor=mentor, status=Match.Status.ACTIVE).count() == 2
    statuses = sorted(MatchRun.objects.filter(pk__in=[r.pk for r in runs]).values_list("status"))
    assert statuses == [(MatchRun.Status.CONFIRMED,), (MatchRun.Status.PROPOSED,)]
