"""Writes of the feedback app: post-meeting feedback, pulses and retros, lessons learned.
Keyword-only and atomic; each records who acted."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.core.permissions import Role
from puente.events.models import Event
from puente.feedback.models import Lesson, MeetingFeedback, Pulse, PulseAnswer
from puente.mentoring.models import Meeting
from puente.programs.models import Membership, Program, Wave


def meeting_feedback_side(meeting: Meeting, user: User) -> str | None:
    """Which side of the meeting's relationship ``user`` is on, if any."""
    relationship = meeting.relationship
    if relationship.mentor.user_id == user.pk:
        return MeetingFeedback.Side.MENTOR
    if relationship.mentees.filter(user=user).exists():
        return MeetingFeedback.Side.MENTEE
    return None


@transaction.atomic
def meeting_feedback_save(
    *, meeting: Meeting, by: User, usefulness: int, helped: str = "", change: str = ""
) -> MeetingFeedback:
    """Record (or, on a second try, edit) one side's feedback on a held meeting."""
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Feedback is given on meetings that took place."))
    side = meeting_feedback_side(meeting, by)
    if side is None:
        raise ValidationError(
            _("Only the mentor and the mentees of a meeting give feedback on it.")
        )
    feedback = MeetingFeedback.objects.select_for_update().filter(
        meeting=meeting, author=by
    ).first() or MeetingFeedback(meeting=meeting, author=by)
    feedback.side = side
    feedback.usefulness = usefulness
    feedback.helped = helped.strip()
    feedback.change = change.strip()
    feedback.full_clean(exclude=["meeting", "author"])
    feedback.save()
    return feedback


@transaction.atomic
def pulse_open(
    *,
    program: Program,
    wave: Wave,
    kind: str,
    title: str,
    by: User,
    roles: list[str] | None = None,
) -> Pulse:
    if wave.program_id != program.pk:
        raise ValidationError({"wave": _("This wave belongs to another program.")})
    allowed = {Role.MENTOR, Role.MENTEE, Role.TUTOR}
    pulse = Pulse(
        program=program,
        wave=wave,
        kind=kind,
        title=title.strip(),
        roles=[role for role in (roles or []) if role in allowed],
        opened_by=by,
    )
    pulse.full_clean()
    pulse.save()
    return pulse


@transaction.atomic
def pulse_close(*, pulse: Pulse, by: User) -> Pulse:
    """Close a pulse; closing it again changes nothing."""
    if pulse.closed_at is None:
        pulse.closed_at = timezone.now()
        pulse.closed_by = by
        pulse.save(update_fields=["closed_at", "closed_by", "updated_at"])
    return pulse


def pulse_may_answer(pulse: Pulse, user: User) -> bool:
    """A member of the pulse's wave in one of the roles it asks."""
    return Membership.objects.filter(
        program_id=pulse.program_id, wave_id=pulse.wave_id, user=user, role__in=pulse.audience
    ).exists()


@transaction.atomic
def pulse_answer_save(*, pulse: Pulse, by: User, data: dict[str, Any]) -> PulseAnswer:
    """Record (or edit, while the pulse is open) one person's answer."""
    if not pulse.is_open:
        raise ValidationError(_("This survey is closed."))
    if not pulse_may_answer(pulse, by):
        raise ValidationError(_("This survey is for other members of the program."))
    answer = PulseAnswer.objects.select_for_update().filter(
        pulse=pulse, author=by
    ).first() or PulseAnswer(pulse=pulse, author=by)
    if pulse.kind == Pulse.Kind.PULSE:
        answer.rating = data.get("rating")
        answer.comment = (data.get("comment") or "").strip()
    else:
        answer.went_well = (data.get("went_well") or "").strip()
        answer.to_improve = (data.get("to_improve") or "").strip()
        answer.to_try = (data.get("to_try") or "").strip()
    answer.full_clean(exclude=["pulse", "author"])
    answer.save()
    return answer


@transaction.atomic
def lesson_add(
    *,
    program: Program,
    by: User,
    role: str,
    theme: str,
    worked: str = "",
    to_change: str = "",
    wave: Wave | None = None,
    event: Event | None = None,
) -> Lesson:
    if wave is not None and wave.program_id != program.pk:
        raise ValidationError({"wave": _("This wave belongs to another program.")})
    if event is not None and event.program_id != program.pk:
        raise ValidationError({"event": _("This event belongs to another program.")})
    if event is not None and wave is None:
        wave = event.wave
    lesson = Lesson(
        program=program,
        wave=wave,
        event=event,
        author=by,
        author_role=role,
        theme=theme,
        worked=worked.strip(),
        to_change=to_change.strip(),
    )
    if not lesson.worked and not lesson.to_change:
        raise ValidationError(_("Write what worked, what to change, or both."))
    lesson.full_clean()
    lesson.save()
    return lesson
