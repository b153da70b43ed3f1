"""Writes for programs: each one atomic, emails only after commit."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from puente.accounts.models import User
from puente.accounts.services import user_create
from puente.core.emails import send_templated_email
from puente.core.hooks import WaveCopy, wave_cloned
from puente.core.permissions import Role
from puente.core.tokens import new_token, token_hash
from puente.programs.calendar import country_code
from puente.programs.models import (
    Break,
    FocusArea,
    Invitation,
    Membership,
    Organization,
    Program,
    Track,
    Wave,
)


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
    Program.objects.select_for_update().filter(pk=program.pk).first()
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


@transaction.atomic
def track_create(*, program: Program, name: str, description: str = "") -> Track:
    track = Track(program=program, name=name, description=description)
    track.full_clean()
    track.save()
    return track


@transaction.atomic
def focus_area_create(
    *, program: Program, name: str, kind: str, description: str = ""
) -> FocusArea:
    area = FocusArea(program=program, name=name, kind=kind, description=description)
    area.full_clean()
    area.save()
    return area


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
