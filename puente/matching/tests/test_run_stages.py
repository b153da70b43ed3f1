"""A run in four stages: load, score, solve (no database), save (short, and refused when stale).

See docs/matching.md, "A run in four stages".
"""

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from puente.accounts.models import User
from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import FocusAreaFactory, MembershipFactory, UserFactory, WaveFactory
from puente.matching import engine, selectors, services, stages
from puente.matching.models import (
    Criterion,
    CriterionKey,
    Match,
    MatchingSettings,
    MatchRun,
    MentorCapacity,
    MentorResponse,
    PairRule,
)
from puente.programs.models import FocusArea, Membership, Program


def _pool(
    world, mentees: int = 4, mentors: int = 3, prefix: str = ""
) -> tuple[list[Membership], list[Membership]]:
    """The world's program with mentees and mentors (two places each) sharing focus areas."""
    program = world.program
    areas = [
        FocusArea.objects.get_or_create(program=program, name=name, kind="business")[0]
        for name in ("Finanzas", "Calidad", "Ventas")
    ]
    made = {Role.MENTEE: [], Role.MENTOR: []}
    for role, count in ((Role.MENTEE, mentees), (Role.MENTOR, mentors)):
        for n in range(count):
            membership = MembershipFactory(
                program=program,
                role=role,
                wave=world.wave,
                user=UserFactory(
                    email=f"{prefix}{role.value}-{n}@example.org", full_name=f"{role} {n}"
                ),
            )
            membership.focus_areas.add(areas[n % len(areas)])
            made[role].append(membership)
    MatchingSettings.objects.update_or_create(program=program, defaults={"default_capacity": 2})
    return made[Role.MENTEE], made[Role.MENTOR]


def _during_solve(monkeypatch, change: Callable[[], Any]) -> None:
    """Make ``change`` while the solver runs, then let it finish."""
    solve = engine.solve

    def changing(*args: Any, **kwargs: Any) -> engine.Assignment:
        change()
        return solve(*args, **kwargs)

    monkeypatch.setattr(engine, "solve", changing)


@pytest.mark.django_db
def test_score_and_solve_touch_no_database(world, django_assert_num_queries):
    _pool(world)
    inputs = selectors.run_inputs(world.program, None, None)
    with django_assert_num_queries(0):
        solution = stages.solve(inputs, stages.score(inputs))
    assert len(solution.proposals) == 5  # 4 + the world's mentee, 4 mentors × 2 places
    assert all(isinstance(row.mentee_id, int) for row in solution.proposals)


@pytest.mark.django_db
def test_loading_takes_the_same_queries_whatever_the_pool(world):
    mentees, mentors = _pool(world, mentees=2, mentors=1)
    with CaptureQueriesContext(connection) as small:
        selectors.run_inputs(world.program, None, None)
    more_mentees, more_mentors = _pool(world, mentees=12, mentors=5, prefix="more-")
    PairRule.objects.create(
        program=world.program, mentee=more_mentees[0], mentor=mentors[0], kind="forbid"
    )
    PairRule.objects.create(
        program=world.program, mentee=mentees[0], mentor=more_mentors[0], kind="lock"
    )
    with CaptureQueriesContext(connection) as large:
        inputs = selectors.run_inputs(world.program, None, None)
    assert len(inputs.state.mentees) == 1 + 2 + 12
    assert len(large) == len(small)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "section"),
    [
        ("mentee_withdrawn", "people"),
        ("mentor_left", "people"),
        ("pair_locked", "rules"),
        ("pair_forbidden", "rules"),
        ("other_run_confirmed", "matches"),
        ("mentor_capacity", "places"),
        ("mentor_declined", "choices"),
        ("criteria_changed", "settings"),
    ],
)
def test_a_run_whose_inputs_changed_while_solving_is_refused(world, monkeypatch, change, section):
    mentees, mentors = _pool(world)
    earlier = services.match_run(program=world.program, by=world.coordinator)
    changes: dict[str, Callable[[], Any]] = {
        "mentee_withdrawn": lambda: User.objects.filter(pk=mentees[0].user_id).update(
            is_active=False
        ),
        "mentor_left": lambda: mentors[1].delete(),
        "pair_locked": lambda: services.pair_lock(
            program=world.program,
            mentee_id=mentees[0].pk,
            mentor_id=mentors[0].pk,
            by=world.coordinator,
        ),
        "pair_forbidden": lambda: services.pair_forbid(
            program=world.program,
            mentee_id=mentees[0].pk,
            mentor_id=mentors[0].pk,
            by=world.coordinator,
        ),
        "other_run_confirmed": lambda: services.run_confirm(run=earlier, by=world.coordinator),
        "mentor_capacity": lambda: MentorCapacity.objects.create(membership=mentors[0], capacity=5),
        "mentor_declined": lambda: MentorResponse.objects.create(
            program=world.program,
            mentee=mentees[0],
            mentor=mentors[0],
            accepted=False,
            reason="Otra especialidad.",
        ),
        "criteria_changed": lambda: services.criteria_save(
            program=world.program, weights={CriterionKey.GOALS: 9}, required=set()
        ),
    }
    _during_solve(monkeypatch, changes[change])

    with pytest.raises(services.StaleRun) as refused:
        services.match_run(program=world.program, by=world.coordinator)

    assert section in refused.value.sections
    message = " ".join(refused.value.messages)
    assert str(stages.SECTIONS[section]) in message
    assert "Nothing was saved: run the matching again." in message
    assert list(MatchRun.objects.values_list("pk", flat=True)) == [earlier.pk]
    earlier.refresh_from_db()
    expected = "confirmed" if change == "other_run_confirmed" else "proposed"
    assert earlier.status == expected  # neither superseded nor touched by the refused run


@pytest.mark.django_db
def test_the_refusal_is_translated(world, monkeypatch):
    mentees, mentors = _pool(world)
    _during_solve(
        monkeypatch,
        lambda: PairRule.objects.create(
            program=world.program, mentee=mentees[0], mentor=mentors[0], kind="forbid"
        ),
    )
    with translation.override("es"), pytest.raises(services.StaleRun) as refused:
        services.match_run(program=world.program, by=world.coordinator)
    message = " ".join(refused.value.messages)
    assert "hubo cambios en las parejas fijadas o prohibidas" in message
    assert "No se guardó nada" in message


@pytest.mark.django_db
def test_changes_in_another_wave_do_not_refuse_a_run(world, monkeypatch):
    """Only what concerns the run's own people counts: another wave's pairs, places and
    confirmations leave a run of this wave alone."""
    _pool(world)
    wave2 = WaveFactory(program=world.program, number=2)
    mentee2 = MembershipFactory(program=world.program, role=Role.MENTEE, wave=wave2)
    mentor2 = MembershipFactory(program=world.program, role=Role.MENTOR, wave=wave2)

    def elsewhere() -> None:
        PairRule.objects.create(
            program=world.program, mentee=mentee2, mentor=mentor2, kind="forbid"
        )
        MentorCapacity.objects.create(membership=mentor2, capacity=3)
        Match.objects.create(program=world.program, wave=wave2, mentee=mentee2, mentor=mentor2)

    _during_solve(monkeypatch, elsewhere)
    run = services.match_run(program=world.program, by=world.coordinator, wave=world.wave)
    assert run.matched == 5 and mentor2.pk not in run.inputs["mentors"]


@pytest.mark.django_db
def test_a_profile_edited_during_a_run_does_not_refuse_it(world, monkeypatch):
    """Profiles are not part of the run's state: an edit makes the scores a little older, not
    the proposals wrong (docs/matching.md)."""
    mentees, _mentors = _pool(world)
    _during_solve(
        monkeypatch,
        lambda: mentees[0].focus_areas.add(FocusAreaFactory(program=world.program, name="Datos")),
    )
    run = services.match_run(program=world.program, by=world.coordinator)
    assert run.matched == 5
    assert set(run.inputs["fingerprint"]) == set(stages.SECTIONS)


@pytest.mark.django_db
def test_a_solver_that_fails_leaves_no_run_and_supersedes_nothing(world, monkeypatch):
    _pool(world)
    earlier = services.match_run(program=world.program, by=world.coordinator)

    def broken(*args: Any, **kwargs: Any) -> engine.Assignment:
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(engine, "solve", broken)
    with pytest.raises(RuntimeError, match="solver crashed"):
        services.match_run(program=world.program, by=world.coordinator)
    assert list(MatchRun.objects.values_list("pk", "status")) == [
        (earlier.pk, MatchRun.Status.PROPOSED)
    ]


@pytest.mark.django_db
def test_a_run_records_each_stage_and_its_write_transaction(world):
    _pool(world)
    run = services.match_run(program=world.program, by=world.coordinator)
    assert set(run.timings) == {"load_s", "score_s", "solve_s", "save_s", "total_s"}
    stages_s = sum(run.timings[k] for k in ("load_s", "score_s", "solve_s", "save_s"))
    assert 0 <= stages_s <= run.timings["total_s"] + 1e-3


@pytest.mark.django_db
def test_the_coordinator_is_told_when_a_run_was_refused(world, monkeypatch):
    mentees, mentors = _pool(world)
    _during_solve(
        monkeypatch,
        lambda: Criterion.objects.create(program=world.program, key=CriterionKey.LANGUAGE),
    )
    response = client_for(world.coordinator).post(
        reverse("matching:run-create", args=[world.program.slug]),
        {"run-wave": "", "run-track": "", "run-submit_key": str(uuid.uuid4())},
        follow=True,
    )
    assert response.status_code == 200
    assert "Nothing was saved: run the matching again." in response.content.decode()
    assert not MatchRun.objects.exists()


def _in_a_transaction() -> bool:
    """Whether this thread's connection has a transaction open, as Django or the driver sees it."""
    if connection.in_atomic_block:
        return True
    raw = connection.connection
    if connection.vendor == "sqlite":
        return bool(raw.in_transaction)
    from psycopg import pq

    return bool(raw.info.transaction_status != pq.TransactionStatus.IDLE)


@pytest.mark.django_db(transaction=True)
def test_other_connections_write_while_the_solver_runs(world, monkeypatch):
    """The solver is held on an event while this thread, on its own connection, writes rows that
    the old single-transaction run kept locked (SQLite's database lock; the program's row, which
    the save stage locks on PostgreSQL). Each write must go through at once, and the run, which
    the writes do not concern, must then save."""
    mentees, _mentors = _pool(world)
    solving, release = threading.Event(), threading.Event()
    seen: dict[str, Any] = {}
    solve = engine.solve

    def parked(*args: Any, **kwargs: Any) -> engine.Assignment:
        seen["in_transaction"] = _in_a_transaction()
        solving.set()
        release.wait(timeout=30)
        return solve(*args, **kwargs)

    monkeypatch.setattr(engine, "solve", parked)

    def run() -> None:
        try:
            seen["run"] = services.match_run(program=world.program, by=world.coordinator)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            seen["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert solving.wait(timeout=30), seen.get("error")
        started = time.perf_counter()
        with transaction.atomic():
            Program.objects.filter(pk=world.program.pk).update(name="Programa piloto 2027")
            User.objects.filter(pk=mentees[0].user_id).update(city="Cali")
            FocusAreaFactory(program=world.other_program, name="Logística")
        waited = time.perf_counter() - started
    finally:
        release.set()
        thread.join(timeout=60)

    assert "error" not in seen, seen.get("error")
    assert seen["in_transaction"] is False
    assert waited < 1.0
    assert seen["run"].matched == 5
    assert Match.objects.count() == 0
