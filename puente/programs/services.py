"""Writes for programs: each one atomic, emails only after commit."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from puente.accounts.models import User
from puente.accounts.services import user_create
from puente.core.emails import send_templated_email
from puente.core.hooks import WaveCopy, wave_cloned
from puente.core.permissions import Role
from puente.core.tokens import new_token, token_hash
from puente.programs.calendar import country_code
from puente.programs.models import (
    Break,
    BuyerOrganization,
    FocusArea,
    Invitation,
    Membership,
    Organization,
    Program,
    Track,
    Wave,
)
from puente.programs.selectors import dependents, things_text


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "programa"
    slug, n = base, 2
    while Program.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def program_create(
    *,
    organization: Organization,
    created_by: User,
    name: str,
    purpose: str,
    starts_on: date,
    ends_on: date,
    **fields: Any,
) -> Program:
    """A new program; its creator becomes its first coordinator. Without a ``country``, the
    program keeps the public holidays of its organization's country when Puente recognises the
    organization's free-text country (``programs.calendar.country_code``)."""
    fields.setdefault("country", country_code(organization.country))
    program = Program(
        organization=organization,
        name=name,
        slug=fields.pop("slug", "") or _unique_slug(name),
        purpose=purpose,
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )
    program.full_clean()
    program.save()
    Membership.objects.create(user=created_by, program=program, role=Role.COORDINATOR)
    return program


@transaction.atomic
def program_update(*, program: Program, **fields: Any) -> Program:
    for name, value in fields.items():
        setattr(program, name, value)
    program.full_clean()
    program.save()
    return program


@transaction.atomic
def wave_create(*, program: Program, starts_on: date, ends_on: date, name: str = "") -> Wave:
    # Lock the program row so two waves added at once do not take the same number.
    _lock(program)
    last = program.waves.aggregate(n=Max("number"))["n"] or 0
    wave = Wave(program=program, number=last + 1, name=name, starts_on=starts_on, ends_on=ends_on)
    wave.full_clean()
    wave.save()
    return wave


@transaction.atomic
def wave_clone(
    *, wave: Wave, by: User, name: str, starts_on: date, ends_on: date
) -> tuple[Wave, WaveCopy]:
    """The next wave (number + 1), with the wave-level settings of ``wave`` copied to it by the
    apps that own them (through ``core.hooks.wave_cloned``), and what each copied.

    No personal data is copied: no memberships, applications, matches or anything people wrote.
    All-or-nothing: the copiers run inside this transaction, so one failing undoes the wave too.
    A second wave with the same number fails the ``wave_unique_number`` check (ValidationError).
    """
    program = wave.program
    Program.objects.select_for_update().filter(pk=program.pk).first()
    target = Wave(
        program=program, number=wave.number + 1, name=name, starts_on=starts_on, ends_on=ends_on
    )
    target.full_clean()
    target.save()
    offset_days = (starts_on - wave.starts_on).days
    return target, wave_cloned(wave.pk, target.pk, offset_days)


def wave_clone_defaults(wave: Wave) -> dict[str, Any]:
    """Suggested dates for the next wave: the day after ``wave`` ends, for as long as it lasted."""
    starts_on = wave.ends_on + timedelta(days=1)
    return {
        "name": "",
        "starts_on": starts_on,
        "ends_on": starts_on + (wave.ends_on - wave.starts_on),
    }


def _lock(program: Program) -> None:
    """Serialise changes to one program's waves, tracks or focus areas (numbers, positions)."""
    Program.objects.select_for_update().filter(pk=program.pk).first()


def _next_position(queryset: QuerySet[Any]) -> int:
    return (queryset.aggregate(n=Max("position"))["n"] or 0) + 1


def _not_archived_already(queryset: QuerySet[Any], name: str) -> None:
    """A name taken by an archived item: say so, rather than that the name is in use."""
    archived = queryset.filter(name=name, archived_at__isnull=False).first()
    if archived is not None:
        raise ValidationError(
            _("“%(name)s” exists but is archived: restore it from the archived ones below.")
            % {"name": archived},
            code="archived",
        )


@transaction.atomic
def track_create(*, program: Program, name: str, description: str = "") -> Track:
    _lock(program)
    _not_archived_already(program.tracks.all(), name)
    track = Track(
        program=program,
        name=name,
        description=description,
        position=_next_position(program.tracks.all()),
    )
    track.full_clean()
    track.save()
    return track


@transaction.atomic
def focus_area_create(
    *, program: Program, name: str, kind: str, description: str = ""
) -> FocusArea:
    _lock(program)
    _not_archived_already(program.focus_areas.all(), name)
    area = FocusArea(
        program=program,
        name=name,
        kind=kind,
        description=description,
        position=_next_position(program.focus_areas.all()),
    )
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def wave_update(*, wave: Wave, name: str, starts_on: date, ends_on: date) -> Wave:
    """Rename a wave or change its dates (which is how a wave moves: waves are shown by date).
    Its number stays: it is in the addresses of its community space and toolkit versions."""
    wave.name, wave.starts_on, wave.ends_on = name, starts_on, ends_on
    wave.full_clean()
    wave.save(update_fields=["name", "starts_on", "ends_on", "updated_at"])
    return wave


@transaction.atomic
def track_update(*, track: Track, name: str, description: str = "") -> Track:
    track.name, track.description = name, description
    track.full_clean()
    track.save(update_fields=["name", "description", "updated_at"])
    return track


@transaction.atomic
def focus_area_update(*, area: FocusArea, name: str, kind: str, description: str = "") -> FocusArea:
    area.name, area.kind, area.description = name, kind, description
    area.full_clean()
    area.save(update_fields=["name", "kind", "description", "updated_at"])
    return area


Part = Wave | Track | FocusArea


@transaction.atomic
def part_move(*, item: Track | FocusArea, offset: int) -> int:
    """Move a track or focus area up (-1) or down (+1) among the program's active ones, and
    return its place (1 for the first). Positions are renumbered 1..n, so ties left by older
    data sort themselves out on the first move."""
    _lock(item.program)
    if item.archived_at is not None:
        raise ValidationError(_("An archived item has no place in the order; restore it first."))
    ordered = list(type(item).objects.filter(program_id=item.program_id).active())
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    for position, other in enumerate(ordered, start=1):
        other.position = position
    type(item).objects.bulk_update(ordered, ["position"])
    item.position = target + 1
    return item.position


@transaction.atomic
def part_archive(*, item: Part, archived: bool) -> Part:
    """Archive (or restore) a wave, track or focus area: archived, it is no longer offered for
    anything new (forms, filters, applications, matching) and stays wherever it is used."""
    item.archived_at = timezone.now() if archived else None
    item.save(update_fields=["archived_at", "updated_at"])
    return item


@transaction.atomic
def part_delete(*, item: Part) -> None:
    """Delete a wave, track or focus area that nothing refers to yet (added by mistake);
    otherwise refuse, saying what depends on it, so the coordinator archives it instead."""
    type(item).objects.select_for_update().filter(pk=item.pk).first()
    found = dependents(item)
    if found:
        total = sum(count for _name, count in found)
        raise ValidationError(
            ngettext(
                "“%(name)s” cannot be deleted: %(things)s depends on it. Archive it instead: "
                "it leaves the choices for anything new and stays where it is used.",
                "“%(name)s” cannot be deleted: %(things)s depend on it. Archive it instead: "
                "it leaves the choices for anything new and stays where it is used.",
                total,
            )
            % {"name": item, "things": things_text(found)},
            code="in_use",
        )
    item.delete()


@transaction.atomic
def membership_add(
    *,
    user: User,
    program: Program,
    role: str,
    wave: Wave | None = None,
    track: Track | None = None,
) -> Membership:
    """The person's membership in this role, created once; wave and track are updated if given."""
    membership, created = Membership.objects.get_or_create(
        user=user, program=program, role=role, defaults={"wave": wave, "track": track}
    )
    if not created and (wave or track):
        membership.wave = wave or membership.wave
        membership.track = track or membership.track
        membership.full_clean()
        membership.save(update_fields=["wave", "track", "updated_at"])
    elif created:
        membership.full_clean()
    return membership


@transaction.atomic
def invitation_send(
    *,
    program: Program,
    invited_by: User,
    email: str,
    role: str,
    full_name: str = "",
    wave: Wave | None = None,
    track: Track | None = None,
    language: str = "",
) -> Invitation:
    email = email.strip().lower()
    existing_user = User.objects.filter(email__iexact=email).first()
    language = language or (existing_user.language if existing_user else settings.LANGUAGE_CODE)
    token = new_token()
    invitation = Invitation(
        program=program,
        email=email,
        full_name=full_name,
        role=role,
        wave=wave,
        track=track,
        language=language,
        token_hash=token_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    send_templated_email(
        to=email,
        language=language,
        template="programs/email/invitation",
        context={
            "invitation": invitation,
            "program": program,
            "inviter": invited_by,
            "role": Role(role).label,
            "url": settings.SITE_URL + reverse("programs:invitation-accept", args=[token]),
            "days": settings.INVITATION_DAYS,
        },
    )
    return invitation


def invitation_find(*, token: str) -> Invitation | None:
    """The open invitation for this token, or None when unknown, used or expired."""
    return (
        Invitation.objects.select_related("program", "wave", "track")
        .filter(
            token_hash=token_hash(token), accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
) -> Membership:
    """Join the program: an existing person signed in, or a new person with a name and password.

    The invitation is spent by a conditional UPDATE, so a double submit joins once.
    """
    spent = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not spent:
        raise Invitation.DoesNotExist
    if user is None:
        user = user_create(
            email=invitation.email,
            full_name=full_name,
            password=password,
            language=invitation.language,
        )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    return membership_add(
        user=user,
        program=invitation.program,
        role=invitation.role,
        wave=invitation.wave,
        track=invitation.track,
    )


# --- Corporate buyers -----------------------------------------------------------------------------

BUYER_FIELDS = (
    "name",
    "sector",
    "location",
    "needs",
    "selection_criteria",
    "technical_specifications",
)


def _check_buyer_name(buyer: BuyerOrganization) -> None:
    # Before full_clean, whose message for the constraint names the organization's columns.
    taken = BuyerOrganization.objects.filter(
        organization_id=buyer.organization_id, name__iexact=buyer.name
    ).exclude(pk=buyer.pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("Your organization already has a corporate buyer with this name.")}
        )


@transaction.atomic
def buyer_create(*, program: Program, name: str, **fields: str) -> BuyerOrganization:
    """A new corporate buyer of the program's organization, joined to the program."""
    unknown = set(fields) - set(BUYER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown buyer fields: {sorted(unknown)}")
    buyer = BuyerOrganization(organization=program.organization, name=name.strip(), **fields)
    _check_buyer_name(buyer)
    buyer.full_clean()
    buyer.save()
    program.buyers.add(buyer)
    return buyer


@transaction.atomic
def buyer_update(*, buyer: BuyerOrganization, **fields: str) -> BuyerOrganization:
    """Change what a buyer is: name, sector, location, what it buys, how it selects suppliers,
    its general technical requirements. A buyer shared by several programs of the
    organization changes in all of them (it is the same company)."""
    for name, value in fields.items():
        if name not in BUYER_FIELDS:
            raise TypeError(f"Unknown buyer field: {name}")
        setattr(buyer, name, value.strip() if name == "name" else value)
    _check_buyer_name(buyer)
    buyer.full_clean()
    buyer.save()
    return buyer


@transaction.atomic
def buyer_archive(*, buyer: BuyerOrganization, archived: bool = True) -> BuyerOrganization:
    """Archive (or bring back) a buyer: archived, it is no longer offered to new plans or
    businesses; the plans measured against it and the businesses that target it keep it."""
    if buyer.is_archived != archived:
        buyer.archived_at = timezone.now() if archived else None
        buyer.save(update_fields=["archived_at", "updated_at"])
    return buyer


@transaction.atomic
def buyer_delete(*, buyer: BuyerOrganization, program: Program) -> None:
    """Delete a buyer with its requirements, unlinking the businesses that target it. Refused,
    with the reason, while a plan is measured against it (archive it instead) or while another
    program of the organization has it too. Deleting a buyer already gone does nothing."""
    locked = BuyerOrganization.objects.select_for_update().filter(pk=buyer.pk).first()
    if locked is None:
        return
    others = list(locked.programs.exclude(pk=program.pk).values_list("name", flat=True))
    if others:
        raise ValidationError(
            _(
                "This buyer is also a buyer of %(programs)s, so it cannot be deleted here. "
                "Archive it instead."
            )
            % {"programs": ", ".join(sorted(others))}
        )
    try:
        locked.delete()
    except ProtectedError as error:
        count = len(error.protected_objects)
        raise ValidationError(
            ngettext(
                "%(count)s growth plan is measured against this buyer, so it cannot be "
                "deleted. Archive it instead: the plan keeps its targets.",
                "%(count)s growth plans are measured against this buyer, so it cannot be "
                "deleted. Archive it instead: the plans keep their targets.",
                count,
            )
            % {"count": count}
        ) from error


def _mentees(program: Program) -> Any:
    return Membership.objects.filter(program=program, role=Role.MENTEE)


@transaction.atomic
def business_buyers_set(
    *, membership: Membership, buyers: Iterable[BuyerOrganization]
) -> list[BuyerOrganization]:
    """The buyers a business (a mentee of the program) targets, exactly these: buyers of its
    program, not archived unless the business already targets them."""
    if membership.role != Role.MENTEE:
        raise ValidationError(_("Only the program's businesses (mentees) target buyers."))
    chosen = {buyer.pk: buyer for buyer in buyers}
    current = set(membership.buyers.values_list("pk", flat=True))
    allowed = set(
        BuyerOrganization.objects.filter(programs=membership.program_id, pk__in=list(chosen))
        .exclude(archived_at__isnull=False, pk__in=set(chosen) - current)
        .values_list("pk", flat=True)
    )
    if set(chosen) - allowed:
        raise ValidationError({"buyers": _("Choose buyers of the program that are not archived.")})
    membership.buyers.set(list(chosen))
    return list(chosen.values())


@transaction.atomic
def buyer_businesses_set(
    *, buyer: BuyerOrganization, program: Program, businesses: Iterable[Membership]
) -> None:
    """The program's businesses that target this buyer, exactly these (the businesses of
    other programs keep theirs)."""
    if not program.buyers.filter(pk=buyer.pk).exists():
        raise ValidationError(_("This buyer is not part of the program."))
    chosen = {membership.pk for membership in businesses}
    mentees = set(_mentees(program).filter(pk__in=chosen).values_list("pk", flat=True))
    if chosen - mentees:
        raise ValidationError({"businesses": _("Choose businesses of the program.")})
    if buyer.is_archived and chosen - set(buyer.businesses.values_list("pk", flat=True)):
        raise ValidationError({"businesses": _("An archived buyer cannot gain businesses.")})
    here = set(buyer.businesses.filter(program=program).values_list("pk", flat=True))
    buyer.businesses.remove(*(here - chosen))
    buyer.businesses.add(*(chosen - here))


@transaction.atomic
def break_add(
    *,
    program: Program,
    by: User,
    name: str,
    starts_on: date,
    ends_on: date,
    wave: Wave | None = None,
) -> Break:
    """A break of the program (or of one wave): no meeting is laid out in it from now on;
    existing relationships keep their meetings until the coordinator re-lays them out."""
    pause = Break(program=program, wave=wave, name=name, starts_on=starts_on, ends_on=ends_on)
    pause.full_clean()
    pause.save()
    return pause


@transaction.atomic
def break_remove(*, pause: Break, by: User) -> None:
    pause.delete()
