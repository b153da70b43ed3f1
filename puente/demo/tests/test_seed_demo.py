"""seed_demo: the three demo programs with every role, valid rows, working logins, and reruns
that leave the database exactly as it was."""

import math
import re
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from puente.accounts.models import BusinessProfile, Seniority, User
from puente.core.permissions import Role
from puente.programs.models import (
    BuyerOrganization,
    FocusArea,
    Membership,
    Organization,
    Program,
    Track,
    Wave,
)

PASSWORD = "puente-demo-2026"
# Set by the database at write time, so they differ between runs by design.
# Times the services stamp with "now"; everything else must be identical on a second run.
VOLATILE = {
    "created_at",
    "updated_at",
    "last_login",
    "submitted_at",
    "assigned_at",
    "completed_at",
    "published_at",
    "confirmed_at",
    "written_at",
    "confirmed_by_mentor_at",
    "confirmed_by_mentee_at",
    "at",
    "reviewed_at",
    "issued_at",
    "chosen_at",
}

# Each test seeds the three demo programs (10–25 s): `make test` runs them, `make test-fast` not.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The demo toolkit writes small files; keep them out of var/media."""
    settings.MEDIA_ROOT = tmp_path


def seed(**options: Any) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the seeded apps, many-to-many tables included."""
    tables = {}
    for label in (
        "accounts",
        "programs",
        "instruments",
        "recruitment",
        "matching",
        "mentoring",
        "plans",
        "feedback",
        "monitoring",
        "library",
        "community",
        "conversations",
        "reports",
        "waves",
    ):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            columns = [f.attname for f in model._meta.concrete_fields if f.name not in VOLATILE]
            rows = model._default_manager.order_by("pk").values_list(*columns)
            tables[model._meta.db_table] = list(rows)
    return tables


def logins(output: str) -> list[tuple[str, str, str]]:
    """(role, program or organization, email) for each line of the printed login table."""
    table = output.split("Demo logins (password: puente-demo-2026)\n", 1)[1]
    rows = []
    for line in table.splitlines():
        if not line.startswith("  "):
            break
        role, where, email = re.split(r"\s{2,}", line.strip())
        rows.append((role, where, email))
    return rows


def members(program: Program, role: Role, wave: Wave | None = None) -> int:
    memberships = program.memberships.filter(role=role)
    if wave is not None:
        memberships = memberships.filter(wave=wave)
    return memberships.count()


def test_second_run_leaves_the_same_database() -> None:
    seed()
    first = snapshot()
    seed()
    second = snapshot()

    assert {table: len(rows) for table, rows in second.items()} == {
        table: len(rows) for table, rows in first.items()
    }
    for table in first:
        assert second[table] == first[table], table
    assert len(first["accounts_user"]) > 250
    assert len(first["programs_membership_focus_areas"]) > 300


def test_three_programs_with_their_shape() -> None:
    seed()

    comunidad = Program.objects.get(slug="mentoria-codigo-abierto")
    assert (comunidad.format, comunidad.delivery, comunidad.status) == (
        Program.Format.ONE_TO_ONE,
        Program.Delivery.VIRTUAL,
        Program.Status.RUNNING,
    )
    assert set(comunidad.tracks.values_list("name", flat=True)) == {
        "Entrar a la industria",
        "Liderar equipos",
    }
    assert {"Comunicación", "Liderazgo", "Negociación", "Confianza"} <= set(
        comunidad.focus_areas.values_list("name", flat=True)
    )
    pilot, scale = comunidad.waves.order_by("number")
    assert pilot.ends_on < scale.starts_on
    assert (members(comunidad, Role.MENTOR, pilot), members(comunidad, Role.MENTEE, pilot)) == (
        5,
        10,
    )
    assert (members(comunidad, Role.MENTOR, scale), members(comunidad, Role.MENTEE, scale)) == (
        40,
        110,
    )
    alumni = Membership.objects.filter(program=comunidad, role=Role.MENTOR, is_alumnus=True)
    assert alumni.count() >= 2
    for alumnus in alumni:
        assert alumnus.wave == scale
        assert Membership.objects.filter(
            user=alumnus.user, program=comunidad, role=Role.MENTEE, wave=pilot
        ).exists()

    inversa = Program.objects.get(slug="mentoria-inversa")
    assert (inversa.format, inversa.delivery, inversa.status, inversa.cadence) == (
        Program.Format.REVERSE,
        Program.Delivery.HYBRID,
        Program.Status.MATCHING,
        Program.Cadence.BIWEEKLY,
    )
    assert inversa.planned_meetings == 10
    assert inversa.waves.count() == 1
    juniors = User.objects.filter(memberships__program=inversa, memberships__role=Role.MENTOR)
    executives = User.objects.filter(memberships__program=inversa, memberships__role=Role.MENTEE)
    assert juniors.count() == executives.count() == 12
    assert set(juniors.values_list("seniority", flat=True)) == {Seniority.JUNIOR}
    assert set(executives.values_list("seniority", flat=True)) <= {
        Seniority.EXECUTIVE,
        Seniority.MANAGER,
    }
    assert not juniors.filter(department="").exists()
    assert not executives.filter(department="").exists()

    proveedoras = Program.objects.get(slug="mujeres-proveedoras")
    assert (proveedoras.format, proveedoras.delivery, proveedoras.cadence) == (
        Program.Format.ONE_TO_ONE,
        Program.Delivery.HYBRID,
        Program.Cadence.WEEKLY,
    )
    assert (proveedoras.hours_per_week, proveedoras.planned_meetings) == (2, 12)
    waves = list(proveedoras.waves.order_by("number"))
    assert [wave.number for wave in waves] == [1, 2, 3]
    assert waves[0].ends_on < waves[1].starts_on <= waves[1].ends_on < waves[2].starts_on
    kinds = set(proveedoras.focus_areas.values_list("kind", flat=True))
    assert kinds == {FocusArea.Kind.BUSINESS, FocusArea.Kind.PERSONAL}
    buyers = proveedoras.buyers.all()
    assert 2 <= buyers.count() <= 3
    for buyer in buyers:
        assert buyer.organization == proveedoras.organization
        assert buyer.needs and buyer.technical_specifications and buyer.selection_criteria
    owners = User.objects.filter(memberships__program=proveedoras, memberships__role=Role.MENTEE)
    assert owners.count() == BusinessProfile.objects.filter(owner__in=owners).count() > 0
    assert not BusinessProfile.objects.filter(owner__in=owners, women_owned=False).exists()
    for wave in waves:
        mentees = members(proveedoras, Role.MENTEE, wave)
        assert mentees > 0
        assert members(proveedoras, Role.TUTOR, wave) >= math.ceil(mentees / 10)

    for program in (comunidad, inversa, proveedoras):
        assert set(program.memberships.values_list("role", flat=True)) == set(Role), program
        assert program.memberships.filter(role=Role.COORDINATOR).count() == 1
        assert program.organization.admins.exists()
        assert program.memberships.filter(focus_areas__isnull=False).exists()


def test_every_row_is_valid() -> None:
    seed()

    # full_clean checks, among the rest, that every wave lies within its program's dates.
    for model in (
        Organization,
        BuyerOrganization,
        Program,
        Wave,
        Track,
        FocusArea,
        Membership,
        BusinessProfile,
        User,
    ):
        rows = model._default_manager.all()
        assert rows.exists(), model
        for row in rows:
            row.full_clean()
    for wave in Wave.objects.select_related("program"):
        assert wave.program.starts_on <= wave.starts_on <= wave.ends_on <= wave.program.ends_on
    assert User.objects.filter(email__endswith="@demo.puente.example").count() == (
        User.objects.count()
    )
    operator = User.objects.get(email="admin@demo.puente.example")
    assert operator.is_staff and operator.is_superuser


def test_prints_a_login_for_each_role_of_each_program() -> None:
    output = seed()

    rows = logins(output)
    for program in Program.objects.all():
        printed = {role: email for role, where, email in rows if where == program.name}
        assert set(printed) == {role.value for role in Role}, program
        for role, email in printed.items():
            assert Membership.objects.filter(
                program=program, role=role, user__email=email
            ).exists(), (program, role, email)
    assert ("operator", "every program, and /operators/", "admin@demo.puente.example") in rows


def test_demo_logins_open_their_program() -> None:
    output = seed()

    for role, where, email in logins(output):
        if role == "operator" or role == "org admin":
            continue
        program = Program.objects.get(name=where)
        client = Client()
        # django-axes checks every authentication against the request it comes with.
        assert client.login(request=HttpRequest(), email=email, password=PASSWORD), email
        assert client.get(f"/p/{program.slug}/").status_code == 200, (role, email)


def test_demo_login_through_the_sign_in_form() -> None:
    seed()

    client = Client()
    response = client.post(
        "/accounts/login/",
        {"login": "empresaria.proveedoras@demo.puente.example", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/p/mujeres-proveedoras/").status_code == 200


def test_password_is_only_set_when_a_person_is_created() -> None:
    seed()
    person = User.objects.get(email="mentee.comunidad@demo.puente.example")
    person.set_password("my-own-new-password")
    person.save()

    seed()

    person.refresh_from_db()
    assert person.check_password("my-own-new-password")


def test_large_size_in_bulk_and_idempotent() -> None:
    seed(size="large", mentees=30, mentors=4)
    first = snapshot()
    output = seed(size="large", mentees=30, mentors=4)

    assert snapshot() == first
    program = Program.objects.get(slug="programa-a-gran-escala")
    assert program.waves.count() == 2
    assert members(program, Role.MENTEE) == 30
    assert members(program, Role.MENTOR) == 4
    for wave in program.waves.all():
        assert members(program, Role.MENTEE, wave) == 15
    through = Membership.focus_areas.through.objects.filter(membership__program=program)
    assert through.count() == 2 * 34
    mentee = User.objects.get(email="escala.mentee.00001@demo.puente.example")
    assert mentee.check_password(PASSWORD)
    assert ("mentee", program.name, mentee.email) in logins(output)
    # The demo programs are there too.
    assert Program.objects.count() == 4


def test_the_demo_plans_fit_the_calendar_and_span_what_the_programs_announce() -> None:
    """Meetings fell on Sundays and public holidays (25 December, 1 January), and the reverse
    program's ten sessions ran four months, not the six it announces."""
    import datetime as dt

    import holidays

    from puente.mentoring.models import Meeting, Relationship

    seed()

    # The three programs keep Colombia's calendar, Monday to Friday.
    colombia = holidays.country_holidays("CO", years=[2026, 2027])
    laid_out = Meeting.objects.filter(status=Meeting.Status.PLANNED, moved_from__isnull=True)
    assert laid_out.count() > 100
    for meeting in laid_out.select_related("relationship__program"):
        day = meeting.planned_on
        assert day.isoweekday() <= 5, (meeting.relationship.program.slug, day)
        assert day not in colombia, (meeting.relationship.program.slug, day, colombia.get(day))
    # Ten sessions in six months: the last one falls in the sixth month.
    inversa = Relationship.objects.filter(program__slug="mentoria-inversa")
    assert inversa.exists()
    for relationship in inversa:
        days = sorted(relationship.meetings.values_list("planned_on", flat=True))
        assert len(days) == 10
        months = (days[-1] - relationship.starts_on) / dt.timedelta(days=30.44)
        assert 5 < months < 6, months
    # Twelve meetings in sixteen weeks for the suppliers.
    for relationship in Relationship.objects.filter(program__slug="mujeres-proveedoras"):
        days = sorted(relationship.meetings.values_list("planned_on", flat=True))
        if len(days) == 12:
            assert (days[-1] - relationship.starts_on).days < 16 * 7


def test_mentoring_with_meetings_at_every_stage() -> None:
    from puente.demo.mentoring import TODAY
    from puente.mentoring.models import Agreement, Meeting, Relationship

    seed()

    proveedoras = Relationship.objects.filter(program__slug="mujeres-proveedoras")
    assert proveedoras.count() >= 5
    meetings = Meeting.objects.filter(relationship__in=proveedoras)
    assert meetings.filter(status=Meeting.Status.HELD).exists()
    assert meetings.filter(status=Meeting.Status.MISSED).exists()
    assert meetings.filter(status=Meeting.Status.SCHEDULED, planned_on__gte=TODAY).exists()
    # A past meeting not yet logged, and none logged ahead of the demo's "now".
    assert meetings.filter(status=Meeting.Status.PLANNED, planned_on__lt=TODAY).exists()
    assert not meetings.filter(
        status__in=[Meeting.Status.HELD, Meeting.Status.MISSED], planned_on__gte=TODAY
    ).exists()
    agreements = Agreement.objects.filter(relationship__in=proveedoras)
    assert any(a.is_confirmed for a in agreements)
    assert any(not a.is_confirmed for a in agreements)
    # Some pairs held no meeting in October, the last full month.
    october = [
        r
        for r in proveedoras
        if not r.meetings.filter(
            status=Meeting.Status.HELD, planned_on__month=10, planned_on__year=2026
        ).exists()
    ]
    assert october
    # Some relationships were paused or ended early, with the reason and who decided.
    paused = proveedoras.get(status=Relationship.Status.PAUSED)
    assert paused.status_changes.get().by.email.startswith("coord")
    ended = proveedoras.get(status=Relationship.Status.ENDED_EARLY)
    assert ended.end_reason
    assert not ended.meetings.filter(planned_on__gt=TODAY).exists()
    assert Relationship.objects.filter(program__slug="mentoria-inversa").exists()
    for relationship in Relationship.objects.all():
        relationship.full_clean()
    # One pair's next meeting has an open offer of three times, after the demo's "now".
    from puente.mentoring.models import SlotOffer

    (offer,) = SlotOffer.objects.filter(relationship__in=proveedoras, status="open")
    slots = list(offer.slots.all())
    assert len(slots) == 3 and all(s.start.date() >= TODAY for s in slots)
    assert offer.meeting.starts_at is None and offer.offered_by == offer.relationship.mentor.user


def test_supplier_businesses_target_buyers_and_their_plans_are_measured_against_them() -> None:
    from puente.plans.models import AreaQuestion, AreaTarget, GrowthPlan

    seed()

    program = Program.objects.get(slug="mujeres-proveedoras")
    buyers = list(program.buyers.all())
    areas = set(
        AreaQuestion.objects.filter(instrument__program=program).values_list(
            "focus_area", flat=True
        )
    )
    assert areas
    for buyer in buyers:
        assert buyer.location
        asked = AreaTarget.objects.filter(buyer=buyer)
        # A level and, in words, what it asks for, in every area the assessment scores.
        assert set(asked.values_list("focus_area", flat=True)) == areas
        assert all(target.requirement for target in asked)
    businesses = program.memberships.filter(role=Role.MENTEE)
    assert not businesses.filter(buyers__isnull=True).exists()
    assert {b for m in businesses for b in m.buyers.all()} == set(buyers)
    assert any(m.buyers.count() > 1 for m in businesses)
    plans = GrowthPlan.objects.filter(relationship__program=program).select_related("mentee")
    assert plans.exists()
    for plan in plans:
        assert plan.buyer in plan.mentee.buyers.all()


def test_events_past_with_attendance_and_lessons_upcoming_with_answers() -> None:
    from puente.demo.mentoring import TODAY
    from puente.events.models import Event, EventInvitation

    seed()

    kinds = set(
        Event.objects.filter(program__slug="mujeres-proveedoras").values_list("kind", flat=True)
    )
    assert kinds == {
        Event.Kind.KICK_OFF,
        Event.Kind.ALIGNMENT,
        Event.Kind.TRAINING,
        Event.Kind.CLOSING,
    }
    comunidad = Event.objects.filter(program__slug="mentoria-codigo-abierto")
    assert comunidad.filter(kind=Event.Kind.GROUP_SESSION).count() >= 2
    assert Event.objects.filter(program__slug="mentoria-inversa", kind=Event.Kind.KICK_OFF).exists()
    for event in Event.objects.all():
        event.full_clean()
        invitations = EventInvitation.objects.filter(event=event)
        assert invitations.exclude(rsvp=EventInvitation.Rsvp.PENDING).exists()
        if event.ends_at.date() < TODAY:
            assert event.attendance_taken_at is not None
            assert invitations.filter(attended=True).exists()
            assert event.lessons_written_at is not None
        else:
            assert event.attendance_taken_at is None
            assert not invitations.filter(attended=True).exists()
            assert not event.has_lessons
    assert EventInvitation.objects.filter(walk_in=True, attended=True).exists()
    # One upcoming event was called off, with its reason and a raised calendar revision.
    (cancelled,) = Event.objects.filter(cancelled_at__isnull=False)
    assert cancelled.ends_at.date() >= TODAY and cancelled.cancel_reason
    assert cancelled.cancelled_at.date() < TODAY and cancelled.sequence == 1


def test_feedback_demo_has_low_rated_pairs_a_pulse_a_retro_and_lessons() -> None:
    from django.db.models import Avg

    from puente.feedback.models import Lesson, MeetingFeedback, Pulse

    seed()
    proveedoras = Program.objects.get(slug="mujeres-proveedoras")
    feedback = MeetingFeedback.objects.filter(meeting__relationship__program=proveedoras)
    assert feedback.count() > 50
    assert feedback.filter(side="mentee").exists() and feedback.filter(side="mentor").exists()
    means = sorted(
        row["mean"]
        for row in feedback.values("meeting__relationship").annotate(mean=Avg("usefulness"))
    )
    assert means[0] < 2.5 and means[1] < 2.5 < means[2]
    assert feedback.exclude(change="").exists()
    pulses = {p.kind: p for p in Pulse.objects.filter(program=proveedoras)}
    assert pulses["pulse"].is_open and pulses["pulse"].answers.exists()
    assert not pulses["retro"].is_open and pulses["retro"].answers.exists()
    lessons = Lesson.objects.filter(program=proveedoras)
    assert {lesson.author_role for lesson in lessons} == {"coordinator", "tutor", "mentor"}
    assert lessons.filter(event__isnull=False).exists()


def test_each_demo_program_has_the_indicator_pack_of_its_kind() -> None:
    from puente.monitoring import packs
    from puente.monitoring.models import Indicator, Round

    seed()
    for slug, pack in (
        ("mujeres-proveedoras", "suppliers"),
        ("mentoria-codigo-abierto", "community"),
        ("mentoria-inversa", "reverse"),
    ):
        keys = set(
            Indicator.objects.filter(program__slug=slug)
            .exclude(question_key="")
            .values_list("question_key", flat=True)
        )
        assert keys == packs.get(pack).question_keys, slug
    proveedoras = Indicator.objects.filter(program__slug="mujeres-proveedoras")
    assert not proveedoras.filter(target__isnull=True).exists()
    assert proveedoras.filter(question_key="").count() == 3  # meetings, hours, attendance
    # The reverse-mentoring program is a pilot as its funder first sees it: no round yet, and
    # every target still to fill in.
    inversa = Indicator.objects.filter(program__slug="mentoria-inversa")
    assert inversa.count() == 2 and not inversa.filter(target__isnull=False).exists()
    assert not Round.objects.filter(program__slug="mentoria-inversa").exists()


def test_a_couple_of_relationships_talk_in_spanish() -> None:
    from puente.conversations.models import Message, Thread

    seed()
    for program in Program.objects.filter(slug__in=["mujeres-proveedoras", "mentoria-inversa"]):
        threads = Thread.objects.filter(relationship__program=program)
        assert threads.count() == 2, program.slug
        for thread in threads:
            people = {thread.relationship.mentor.user_id} | set(
                thread.relationship.mentees.values_list("user_id", flat=True)
            )
            authors = set(Message.objects.filter(thread=thread).values_list("author_id", flat=True))
            assert len(authors) == 2 and authors <= people
    assert Message.objects.filter(body__contains="facturas del último trimestre").exists()
