"""Shared fixtures: one program with a person in every role, plus an outsider."""

from dataclasses import dataclass

import pytest
from django.test import Client

from puente.accounts.models import User
from puente.core.permissions import Role
from puente.factories import (
    MembershipFactory,
    ProgramFactory,
    TrackFactory,
    UserFactory,
    WaveFactory,
)
from puente.programs.models import Program, Track, Wave

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    program: Program
    wave: Wave
    track: Track
    coordinator: User
    reviewer: User
    tutor: User
    mentor: User
    mentee: User
    observer: User
    outsider: User
    other_coordinator: User
    other_program: Program


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The world's program, people and other program (used by the fixture and by module-scoped
    worlds such as the permission matrix's)."""
    program = ProgramFactory(slug="programa-piloto", name="Programa piloto")
    wave = WaveFactory(program=program, number=1)
    track = TrackFactory(program=program, name="Entrar a la industria")
    people = {}
    for role in Role:
        person = UserFactory(email=f"{role.value}@example.org", full_name=f"Persona {role.label}")
        MembershipFactory(user=person, program=program, role=role, wave=wave, track=track)
        people[role.value] = person
    other_program = ProgramFactory(slug="otro-programa")
    other_coordinator = UserFactory(email="other-coordinator@example.org")
    MembershipFactory(user=other_coordinator, program=other_program, role=Role.COORDINATOR)
    return World(
        program=program,
        wave=wave,
        track=track,
        outsider=UserFactory(email="outsider@example.org"),
        other_coordinator=other_coordinator,
        other_program=other_program,
        **people,
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (figures cached by an earlier test would otherwise
    be read for a program that reuses its id)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _source_language():
    """Each test starts in the test settings' language (a request may have switched it)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _every_email_is_text_and_html_with_its_headers():
    """Every email any test sends (through the outbox, to the test's mail.outbox) is checked on
    its raw bytes as a mail program would read it: text and HTML parts, Auto-Submitted, a
    Message-ID on the site's domain, List-Unsubscribe with its one-click companion, a subject
    that decodes as written and no header folded with an empty first line
    (puente/tests/email_checks.py)."""
    yield
    from django.core import mail

    from puente.tests.email_checks import problems

    for message in getattr(mail, "outbox", []):
        found = problems(message)
        assert not found, f"email {message.subject!r} to {message.to}: {found}"


def pytest_configure(config: pytest.Config) -> None:
    """`PUENTE_CLOCK_OFFSET_DAYS=365.25 pytest` runs the whole suite with the clock moved (ticking)
    that many days (fractions move the hour too) from now, to find tests that would fail on some
    day to come. `make test-future` runs it a year and six hours ahead."""
    import os

    days = float(os.environ.get("PUENTE_CLOCK_OFFSET_DAYS", "0") or 0)
    if days:
        import datetime as dt

        import time_machine

        traveller = time_machine.travel(
            dt.datetime.now(dt.UTC) + dt.timedelta(days=days), tick=True
        )
        traveller.start()
        config.add_cleanup(traveller.stop)


@pytest.fixture(scope="session", autouse=True)
def _nothing_outlives_the_run(django_db_setup, django_db_blocker):
    """With ``make test-fast`` the test databases are kept for the next run (``--reuse-db``):
    a row that a test leaves behind would meet a factory's sequence there and fail some other
    test, one day, on one worker. So the run starts by emptying it (a run stopped in the middle
    of a test that commits leaves its rows) and ends by checking that none is left (shared data
    of a module belongs in ``puente.tests.module_data.rolled_back``)."""
    import os

    from django.core.management import call_command

    reused = bool(os.environ.get("PUENTE_REUSE_TEST_DB"))
    if reused:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
    yield
    if not reused:
        return
    from puente.programs.models import Organization

    with django_db_blocker.unblock():
        left = {model.__name__: model.objects.count() for model in (Organization, Program, User)}
    assert not any(left.values()), f"rows left in the kept test database: {left}"
