"""Reads for the program pages, each scoped to what the asking person may see."""

from dataclasses import dataclass

from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.core.hooks import ChecklistStep, checklist_steps
from puente.core.numbers import format_number
from puente.core.permissions import Action, Role
from puente.programs.access import ProgramAccess
from puente.programs.calendar import ClosedSpan, WorkCalendar
from puente.programs.models import Break, Membership, Organization, Program, Track, Wave
from puente.programs.scopes import MEMBERSHIPS


@dataclass(frozen=True)
class ProgramListItem:
    program: Program
    roles: list[str]
    members: int


def programs_for_user(user: User) -> list[ProgramListItem]:
    """The programs a person belongs to or administers, with their roles there."""
    admin_orgs = (
        Organization.objects.all()
        if user.is_superuser
        else Organization.objects.filter(admins=user)
    )
    # Filter through a subquery, not a join on memberships: a join would also narrow the
    # member count below to the person's own rows.
    member_of = Membership.objects.filter(user=user).values("program")
    programs = (
        Program.objects.filter(Q(pk__in=member_of) | Q(organization__in=admin_orgs))
        .select_related("organization")
        .annotate(member_count=Count("memberships__user", distinct=True))
        .order_by("status", "-starts_on", "name")
    )
    admin_org_ids = set(admin_orgs.values_list("pk", flat=True))
    roles_by_program: dict[int, list[str]] = {}
    for program_id, role in Membership.objects.filter(user=user).values_list("program_id", "role"):
        roles_by_program.setdefault(program_id, []).append(role)
    items = []
    for program in programs:
        roles = roles_by_program.get(program.pk, [])
        if program.organization_id in admin_org_ids and Role.COORDINATOR not in roles:
            roles = [Role.COORDINATOR, *roles]
        items.append(ProgramListItem(program, sorted(roles), program.member_count))
    return items


def organizations_for_creator(user: User) -> QuerySet[Organization]:
    """Organizations in which the person may start a program: admins and their coordinators."""
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(
        Q(admins=user)
        | Q(programs__memberships__user=user, programs__memberships__role=Role.COORDINATOR)
    ).distinct()


@dataclass(frozen=True)
class ProgramOverview:
    members_by_role: list[tuple[str, str, int]]
    waves: list[Wave]
    tracks: list[Track]
    total_members: int

    @property
    def roles_present(self) -> list[tuple[str, str, int]]:
        """The roles someone holds: a new program shows no row of zeros."""
        return [item for item in self.members_by_role if item[2]]

    @property
    def participants(self) -> int:
        """Everyone but the coordinators (entries, not people: a person may hold two roles)."""
        return sum(
            count for role, _label, count in self.members_by_role if role != Role.COORDINATOR
        )


def program_overview(program: Program) -> ProgramOverview:
    """Counts by stage for the coordinator's program home: a fixed number of queries."""
    counts = dict(
        program.memberships.values_list("role").annotate(n=Count("id")).values_list("role", "n")
    )
    members_by_role = [(role.value, str(role.label), counts.get(role.value, 0)) for role in Role]
    per_role = {
        f"{role.value}_count": Count("memberships", filter=Q(memberships__role=role.value))
        for role in (Role.MENTOR, Role.MENTEE)
    }
    waves = list(program.waves.annotate(**per_role))
    tracks = list(program.tracks.annotate(**per_role))
    total = program.memberships.values("user").distinct().count()
    return ProgramOverview(members_by_role, waves, tracks, total)


@dataclass(frozen=True)
class Checklist:
    """The next-steps checklist of a program home: the steps the person may act on, in order."""

    steps: list[ChecklistStep]

    @property
    def next(self) -> ChecklistStep | None:
        return next((step for step in self.steps if not step.done), None)

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def complete(self) -> bool:
        return self.done == len(self.steps)


def program_checklist(access: ProgramAccess) -> Checklist:
    """Every app's steps for this program (core.hooks.checklist_steps), read from the program's
    real state in a fixed number of queries, keeping those whose page the person may open."""
    steps = checklist_steps(access.program)
    return Checklist([step for step in steps if access.can(Action(step.action))])


def my_memberships(user: User, program: Program) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, program=program)
        .select_related("wave", "track")
        .prefetch_related("focus_areas")
    )


def program_coordinators(program: Program) -> list[User]:
    return list(
        User.objects.filter(
            memberships__program=program, memberships__role=Role.COORDINATOR
        ).distinct()
    )


def directory(
    access: ProgramAccess,
    *,
    query: str = "",
    role: str = "",
    wave: Wave | None = None,
    track: Track | None = None,
) -> QuerySet[Membership]:
    qs = MEMBERSHIPS.visible(access)
    for word in query.split():
        match = (
            Q(user__full_name__icontains=word)
            | Q(user__organization__icontains=word)
            | Q(user__job_title__icontains=word)
            | Q(user__city__icontains=word)
            | Q(user__areas_offered__icontains=word)
        )
        if access.can(Action.VIEW_CONTACT_DETAILS):
            match |= Q(user__email__icontains=word)
        qs = qs.filter(match)
    if role:
        qs = qs.filter(role=role)
    if wave is not None:
        qs = qs.filter(wave=wave)
    if track is not None:
        qs = qs.filter(track=track)
    return (
        qs.select_related("user", "wave", "track")
        .prefetch_related("focus_areas")
        .order_by("user__full_name", "role")
    )


def member_for_user(access: ProgramAccess, user_id: int) -> tuple[User, list[Membership]]:
    """A person of the program and their visible entries there; 404 when none is visible."""
    memberships = list(
        MEMBERSHIPS.visible(access)
        .filter(user_id=user_id)
        .select_related("user", "user__business", "wave", "track")
        .prefetch_related("focus_areas")
    )
    if not memberships:
        raise Http404
    return memberships[0].user, memberships


def dependents(item: Model) -> list[tuple[str, int]]:
    """What refers to a wave, track or focus area, as ``(what, how many)`` in words
    ("memberships", 12), from every installed app's relations to it (so programs need not know
    the later apps): one count per relation, asked only when someone tries to delete it."""
    found = []
    for relation in item._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        model = relation.related_model
        if not (isinstance(model, type) and issubclass(model, Model)) or model._meta.auto_created:
            continue  # the hidden side of a many-to-many table
        field_name = relation.field.name  # type: ignore[union-attr]
        count = model._base_manager.filter(**{field_name: item}).count()
        if count:
            meta = model._meta
            found.append(
                (str(meta.verbose_name if count == 1 else meta.verbose_name_plural), count)
            )
    return found


def things_text(found: list[tuple[str, int]]) -> str:
    """``[("memberships", 12), ("relationships", 3)]`` as "12 memberships and 3 relationships"."""
    return get_text_list([f"{format_number(count)} {what}" for what, count in found], _("and"))


def work_calendar(program: Program, wave: Wave | None = None) -> WorkCalendar:
    """The calendar a relationship of ``program`` (in ``wave``) meets on: the program's working
    days and country, its breaks and the wave's own (one query)."""
    reach = (Q(wave__isnull=True) | Q(wave=wave)) if wave is not None else Q(wave__isnull=True)
    breaks = Break.objects.filter(reach, program=program)
    return WorkCalendar(
        working_days=program.working_days,
        country=program.country,
        breaks=tuple(
            ClosedSpan(b.starts_on, b.ends_on, b.name) for b in breaks.order_by("starts_on", "pk")
        ),
    )


def work_calendars(program: Program) -> dict[int | None, WorkCalendar]:
    """The calendar of each wave of ``program`` (and of the program, under None), in two
    queries whatever the number of waves."""
    spans: dict[int | None, list[ClosedSpan]] = {None: []}
    for b in Break.objects.filter(program=program).order_by("starts_on", "pk"):
        spans.setdefault(b.wave_id, []).append(ClosedSpan(b.starts_on, b.ends_on, b.name))
    shared = tuple(spans[None])
    calendars: dict[int | None, WorkCalendar] = {
        None: WorkCalendar(program.working_days, program.country, shared)
    }
    for wave_id in program.waves.values_list("pk", flat=True):
        both = sorted([*shared, *spans.get(wave_id, [])], key=lambda b: b.starts_on)
        calendars[wave_id] = WorkCalendar(program.working_days, program.country, tuple(both))
    return calendars
