"""Reads of the toolkit, scoped to what the person asking may see."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from puente.accounts.models import User
from puente.core.permissions import Action
from puente.library.models import (
    ONBOARDING_AUDIENCES,
    ROLE_AUDIENCES,
    ManualConfirmation,
    Resource,
)
from puente.programs.access import ProgramAccess
from puente.programs.models import Membership, Program, Wave


def _versioned(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    return resources.annotate(
        family=Coalesce("original_id", "id", output_field=BigIntegerField()),
        rank=Coalesce("wave__number", Value(0), output_field=IntegerField()),
    )


def current_versions(program_q: Q, wave_number: int | None) -> QuerySet[Resource]:
    """For each resource of the program, the version a member of wave ``wave_number`` reads:
    the newest one whose wave is not after theirs. Without a wave, the newest of all."""
    cap = Q() if wave_number is None else Q(wave__isnull=True) | Q(wave__number__lte=wave_number)
    newer = _versioned(Resource.objects.filter(program_q, cap)).filter(
        family=OuterRef("family"),  # type: ignore[misc]  # annotations of _versioned
        rank__gt=OuterRef("rank"),
    )
    return (
        _versioned(Resource.objects.filter(program_q, cap))
        .annotate(superseded=Exists(newer))
        .filter(superseded=False)
    )


def viewer_wave_number(access: ProgramAccess) -> int | None:
    """The person's latest wave in the program: an alumna who mentors in wave 2 reads wave 2's."""
    numbers = Membership.objects.filter(
        user=access.user, program=access.program, wave__isnull=False
    ).values_list("wave__number", flat=True)
    return max(numbers, default=None)


def audiences_for(roles: frozenset[str]) -> frozenset[str]:
    audiences: set[str] = set()
    for role in roles:
        audiences |= ROLE_AUDIENCES.get(role, frozenset())
    return frozenset(audiences)


def visible_resources(access: ProgramAccess, *, wave_number: int | None) -> QuerySet[Resource]:
    """The versions a member reads: those for their audiences, in their wave's version."""
    resources = current_versions(Q(program=access.program), wave_number)
    if not access.can(Action.MANAGE_LIBRARY):
        resources = resources.filter(audience__in=audiences_for(access.roles))
    return resources


def toolkit(
    access: ProgramAccess,
    *,
    wave_number: int | None,
    audience: str = "",
    stage: str = "",
    kind: str = "",
    search: str = "",
) -> QuerySet[Resource]:
    resources = visible_resources(access, wave_number=wave_number)
    if audience:
        resources = resources.filter(audience=audience)
    if stage:
        resources = resources.filter(stage=stage)
    if kind:
        resources = resources.filter(kind=kind)
    if search:
        resources = resources.filter(Q(title__icontains=search) | Q(body__icontains=search))
    if access.can(Action.MANAGE_LIBRARY):
        versions = (
            _versioned(Resource.objects.filter(program=access.program))
            .filter(family=OuterRef("family"))  # type: ignore[misc]
            .values("family")
            .annotate(n=Count("pk"))
            .values("n")
        )
        resources = resources.annotate(version_count=Subquery(versions))
    return resources.select_related("wave").order_by("stage", "title", "pk")


def versions(resource: Resource) -> QuerySet[Resource]:
    """Every version of the resource's family, oldest wave first (coordinators only)."""
    family = resource.family_id
    return (
        _versioned(Resource.objects.filter(Q(pk=family) | Q(original_id=family)))
        .select_related("wave")
        .order_by("rank", "pk")
    )


def is_confirmed(user: User, resource: Resource) -> bool:
    return ManualConfirmation.objects.filter(user=user, resource=resource).exists()


def _pending(user: Any, program_q: Q) -> list[Resource]:
    """At most two queries: the person's memberships, then the program's onboarding manuals
    with whether the person confirmed each version."""
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = list(
        Membership.objects.filter(program_q, user=user).values_list("role", "wave__number")
    )
    roles = {role for role, _number in memberships}
    audiences = [audience for audience, role in ONBOARDING_AUDIENCES.items() if role in roles]
    if not audiences:
        return []
    wave_number = max((n for _role, n in memberships if n is not None), default=None)
    manuals = current_versions(program_q, wave_number).filter(
        is_onboarding_manual=True, audience__in=audiences
    )
    mine = ManualConfirmation.objects.filter(user=user, resource=OuterRef("pk"))
    return list(
        manuals.annotate(confirmed=Exists(mine))
        .filter(confirmed=False)
        .select_related("program")
        .order_by("audience", "pk")
    )


def onboarding_pending(user: Any, program: Program) -> list[Resource]:
    """The onboarding manuals (in the version for the person's wave) they have not confirmed."""
    return _pending(user, Q(program=program))


def onboarding_pending_for_slug(user: Any, slug: str) -> list[Resource]:
    return _pending(user, Q(program__slug=slug))


@dataclass
class WaveConfirmations:
    wave: Wave | None
    version: Resource | None
    confirmed: list[ManualConfirmation] = field(default_factory=list)
    pending: list[Membership] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.confirmed) + len(self.pending)


@dataclass
class ManualConfirmations:
    manual: Resource
    waves: list[WaveConfirmations]


def confirmations_overview(program: Program) -> list[ManualConfirmations]:
    """For each onboarding manual, per wave: the version that wave reads, who confirmed it and
    who has not yet. Four queries whatever the size."""
    manuals = list(
        _versioned(Resource.objects.filter(program=program, is_onboarding_manual=True))
        .select_related("wave")
        .order_by("audience", "rank", "pk")
    )
    if not manuals:
        return []
    waves: list[Wave | None] = [*Wave.objects.filter(program=program).order_by("number")]
    roles = [ONBOARDING_AUDIENCES[m.audience] for m in manuals]
    members = list(
        Membership.objects.filter(program=program, role__in=roles)
        .select_related("user", "wave")
        .order_by("user__full_name", "pk")
    )
    if any(m.wave_id is None for m in members):
        waves.append(None)
    confirmations = list(
        ManualConfirmation.objects.filter(resource__in=manuals)
        .select_related("user")
        .order_by("at", "pk")
    )
    families: dict[int, list[Resource]] = {}
    for manual in manuals:
        families.setdefault(manual.family_id, []).append(manual)
    result = []
    for family in families.values():
        newest = family[-1]
        role = ONBOARDING_AUDIENCES[newest.audience]
        rows = []
        for wave in waves:
            number = wave.number if wave is not None else None
            version = next(
                (
                    v
                    for v in reversed(family)
                    if number is None or v.rank <= number  # type: ignore[attr-defined]
                ),
                None,
            )
            people = [
                m for m in members if m.role == role and (m.wave_id == (wave.pk if wave else None))
            ]
            done = {
                c.user_id: c
                for c in confirmations
                if version is not None and c.resource_id == version.pk
            }
            rows.append(
                WaveConfirmations(
                    wave=wave,
                    version=version,
                    confirmed=[done[m.user_id] for m in people if m.user_id in done],
                    pending=[m for m in people if m.user_id not in done],
                )
            )
        result.append(ManualConfirmations(manual=newest, waves=rows))
    return result
