"""Writes of the toolkit: resources, their versions per wave and onboarding confirmations."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.library.models import ManualConfirmation, Resource
from puente.programs.models import Program, Wave

FIELDS = ("title", "kind", "audience", "stage", "body", "url", "is_onboarding_manual")


def _family(resource: Resource) -> Q:
    family = resource.family_id
    return Q(pk=family) | Q(original_id=family)


def _sync_onboarding(resource: Resource) -> None:
    """The onboarding flag belongs to a whole resource (every version), and a program has one
    onboarding manual per audience: marking one unmarks the others of its audience."""
    family = _family(resource)
    Resource.objects.filter(family).update(is_onboarding_manual=resource.is_onboarding_manual)
    if resource.is_onboarding_manual:
        Resource.objects.filter(
            program=resource.program_id, audience=resource.audience, is_onboarding_manual=True
        ).exclude(family).update(is_onboarding_manual=False)


def _apply(resource: Resource, data: dict[str, Any]) -> None:
    for name in FIELDS:
        if name in data:
            setattr(resource, name, data[name])
    upload = data.get("file")
    if upload:
        resource.file = upload
    elif upload is False:  # the "clear" box of the file field
        resource.file = ""
    if "wave" in data:
        resource.wave = data["wave"]


@transaction.atomic
def resource_create(*, program: Program, by: User, data: dict[str, Any]) -> Resource:
    resource = Resource(program=program, created_by=by)
    _apply(resource, data)
    resource.full_clean()
    resource.save()
    _sync_onboarding(resource)
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, by: User, data: dict[str, Any]) -> Resource:
    data = {key: value for key, value in data.items() if key != "wave"}
    _apply(resource, data)
    resource.full_clean()
    resource.save()
    _sync_onboarding(resource)
    return resource


@transaction.atomic
def resource_new_version(
    *, resource: Resource, wave: Wave, by: User, data: dict[str, Any]
) -> Resource:
    """A version of ``resource`` for ``wave`` and the waves after it; earlier waves keep theirs.
    Without a new upload the version keeps the earlier file (files are never overwritten)."""
    if wave.program_id != resource.program_id:
        raise ValidationError({"wave": _("This wave belongs to another program.")})
    if Resource.objects.filter(_family(resource), wave=wave).exists():
        raise ValidationError({"wave": _("This resource already has a version for this wave.")})
    version = Resource(
        program_id=resource.program_id,
        original_id=resource.family_id,
        wave=wave,
        created_by=by,
        file=resource.file.name if resource.file else "",
    )
    for name in FIELDS:
        setattr(version, name, getattr(resource, name))
    _apply(version, {key: value for key, value in data.items() if key != "wave"})
    version.full_clean()
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as error:  # a second click racing the first
        raise ValidationError(
            {"wave": _("This resource already has a version for this wave.")}
        ) from error
    _sync_onboarding(version)
    return version


@transaction.atomic
def manual_confirm(
    *, resource: Resource, user: User, now: dt.datetime | None = None
) -> ManualConfirmation:
    """Idempotent: a second click (or a racing one) leaves the first confirmation."""
    if not resource.is_onboarding_manual:
        raise ValidationError(_("Only an onboarding manual asks for a confirmation."))
    confirmation, _created = ManualConfirmation.objects.get_or_create(
        user=user, resource=resource, defaults={"at": now or timezone.now()}
    )
    return confirmation
