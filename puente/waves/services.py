"""Writes for waves: inviting a wave's alumni mentees back as mentors."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from puente.accounts.models import User
from puente.core.emails import send_templated_email
from puente.core.permissions import Role
from puente.programs.models import Wave
from puente.programs.services import invitation_send
from puente.recruitment.models import Call
from puente.waves import selectors
from puente.waves.models import AlumniInvitation


@dataclass
class AlumniSent:
    sent: int = 0
    already_invited: int = 0
    already_mentors: int = 0


@transaction.atomic
def alumni_invite(
    *,
    wave: Wave,
    by: User,
    call: Call | None = None,
    target_wave: Wave | None = None,
    completed_only: bool = True,
) -> AlumniSent:
    """Invite the mentees of ``wave`` (those who completed their relationship, or all) to mentor:
    to apply through an open ``call`` (an email with its public link), or to join ``target_wave``
    as mentors (the program's own invitation). Each person once per call or per wave; people
    already mentors of the target wave (or already applying to the call as mentors) are skipped.
    Emails go out in each person's language, after commit."""
    if (call is None) == (target_wave is None):
        raise ValueError("Give a call or a wave.")
    program = wave.program
    result = AlumniSent()
    skip = selectors.already_mentors(call=call, wave=target_wave)
    target: dict[str, Call | Wave | None] = (
        {"call": call} if call is not None else {"wave": target_wave}
    )
    invited = set(AlumniInvitation.objects.filter(**target).values_list("user_id", flat=True))
    now = timezone.now()
    for membership in selectors.alumni_candidates(wave, completed_only=completed_only):
        user = membership.user
        if user.pk in skip:
            result.already_mentors += 1
            continue
        if user.pk in invited:
            result.already_invited += 1
            continue
        try:
            with transaction.atomic():
                AlumniInvitation.objects.create(
                    program=program,
                    source_wave=wave,
                    user=user,
                    invited_by=by,
                    sent_at=now,
                    **target,
                )
        except IntegrityError:
            # Invited a moment ago by a concurrent send: once per person.
            result.already_invited += 1
            continue
        invited.add(user.pk)
        if target_wave is not None:
            invitation_send(
                program=program,
                invited_by=by,
                email=user.email,
                role=Role.MENTOR,
                full_name=user.full_name,
                wave=target_wave,
                language=user.language,
            )
        else:
            assert call is not None  # noqa: S101 - checked above
            send_templated_email(
                to=user.email,
                language=user.language or settings.LANGUAGE_CODE,
                template="waves/email/alumni_call",
                context={
                    "person": user,
                    "program": program,
                    "wave": wave,
                    "call": call,
                    "inviter": by,
                    "url": settings.SITE_URL + call.get_absolute_url(),
                },
            )
        result.sent += 1
    return result
