"""Writes of the events app: creating, changing and cancelling events, inviting audiences,
answers, attendance and lessons learned. Keyword-only, atomic; each records who acted; emails
go out in each recipient's language once the transaction commits."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.core.emails import send_templated_email
from puente.core.permissions import Role
from puente.events.calendars import event_invitation
from puente.events.models import Event, EventInvitation
from puente.mentoring.calendars import CANCEL, REQUEST
from puente.programs.models import Membership, Program, Track, Wave

EVENT_FIELDS = [
    "kind",
    "title",
    "description",
    "wave",
    "track",
    "starts_at",
    "ends_at",
    "time_zone",
    "mode",
    "place",
    "video_link",
]


# What a calendar shows of an event (.ics): a change to any of them raises its sequence.
EVENT_CALENDAR_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "place",
    "video_link",
)
# When and where: a change to any of them is emailed to the invitees.
EVENT_NOTICE_FIELDS = ("starts_at", "ends_at", "mode", "place", "video_link")


@dataclass(frozen=True)
class EventChange:
    """What an edit of an event did: the fields that changed and the invitees told of it."""

    event: Event
    changed: frozenset[str]
    told: list[EventInvitation]


@transaction.atomic
def event_save(
    *, program: Program, by: User, data: dict[str, Any], event: Event | None = None
) -> Event:
    """Create an event of ``program`` (or change ``event``, see ``event_update``) from an event
    form's cleaned data."""
    if event is not None:
        return event_update(event=event, by=by, data=data).event
    event = Event(program=program, created_by=by)
    for field in EVENT_FIELDS:
        if field in data:
            setattr(event, field, data[field])
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    by: User,
    data: dict[str, Any],
    notify: bool = True,
    now: dt.datetime | None = None,
) -> EventChange:
    """Change ``event`` from an event form's cleaned data.

    A change to what calendars show raises the event's sequence, so that calendar apps update
    the copy they hold. A change of time or place (start, end, mode, place, video link) is
    emailed to every invitee who has not declined (but the one who made it) in their language,
    once the transaction commits, with the new details, what they were before and the calendar
    link; unless ``notify`` is off (a quiet fix) or the event is over. Any other edit (the
    description, the kind...) sends nothing. The comparison is with the stored event, whatever
    ``event`` holds (a model form has already written the new values into it).
    """
    stored = Event.objects.select_for_update().select_related("program").get(pk=event.pk)
    if stored.cancelled_at is not None:
        raise ValidationError(_("This event is cancelled: it can no longer be changed."))
    for field in EVENT_FIELDS:
        if field in data:
            setattr(event, field, data[field])
    # Compared by column (wave_id, not wave: no query for the related rows).
    names = {f.name: f.attname for f in Event._meta.concrete_fields if f.name in EVENT_FIELDS}
    changed = frozenset(
        f for f, name in names.items() if getattr(stored, name) != getattr(event, name)
    )
    event.sequence = stored.sequence + (1 if changed & set(EVENT_CALENDAR_FIELDS) else 0)
    event.full_clean()
    event.save()
    told: list[EventInvitation] = []
    if notify and changed & set(EVENT_NOTICE_FIELDS) and event.ends_at > (now or timezone.now()):
        event.program = stored.program
        # The person who made the change knows it already.
        told = list(
            EventInvitation.objects.filter(event=event, user__is_active=True)
            .exclude(rsvp=EventInvitation.Rsvp.NO)
            .exclude(user=by)
            .select_related("user")
        )
        before = {
            "title": stored.title if "title" in changed else "",
            "time": {"starts_at": stored.starts_at, "ends_at": stored.ends_at}
            if {"starts_at", "ends_at"} & changed
            else None,
            # Lazy, so that it is said in each recipient's language.
            "mode": Event.Mode(stored.mode).label if "mode" in changed else "",
            "place": stored.place if "place" in changed else None,
            "video_link": stored.video_link if "video_link" in changed else None,
        }
        for invitation in told:
            invitation.event = event
            _event_email(
                invitation=invitation,
                template="events/email/event_changed",
                extra={"before": before},
            )
    return EventChange(event=event, changed=changed, told=told)


def _refuse_if_cancelled(event: Event, message: str) -> None:
    """Raise ``message`` if the event is cancelled, read from the database under a lock (the
    object in hand may predate the cancellation)."""
    cancelled = (
        Event.objects.select_for_update()
        .filter(pk=event.pk)
        .values_list("cancelled_at", flat=True)
        .first()
    )
    if cancelled is not None:
        raise ValidationError(message)


@transaction.atomic
def event_cancel(
    *, event: Event, by: User, reason: str, notify: bool = True, now: dt.datetime | None = None
) -> EventChange:
    """Cancel an event that is not over yet, saying why.

    The event stays, marked cancelled with who and when and the reason, and its sequence goes
    up so that calendar apps, given its .ics (STATUS:CANCELLED), take it off. Every invitee who
    has not declined (but the one who cancels) is emailed in their language once the
    transaction commits, with the reason (unless ``notify`` is off, as in the demo). Cancelling
    an event already cancelled changes nothing
    and emails nobody (a double submit is harmless): the returned change is then empty.
    """
    now = now or timezone.now()
    stored = Event.objects.select_for_update().select_related("program").get(pk=event.pk)
    if stored.cancelled_at is not None:
        return EventChange(event=stored, changed=frozenset(), told=[])
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"cancel_reason": _("Say why the event is cancelled: the invitees are told.")}
        )
    if stored.ends_at <= now:
        raise ValidationError(_("This event is over: it can no longer be cancelled."))
    stored.cancelled_at = now
    stored.cancelled_by = by
    stored.cancel_reason = reason
    stored.sequence += 1
    stored.save(
        update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "sequence", "updated_at"]
    )
    for field in ("cancelled_at", "cancelled_by", "cancel_reason", "sequence"):
        setattr(event, field, getattr(stored, field))
    # Who cancels knows it already; who declined is not coming anyway.
    told = list(
        EventInvitation.objects.filter(event=stored, user__is_active=True)
        .exclude(rsvp=EventInvitation.Rsvp.NO)
        .exclude(user=by)
        .select_related("user")
        if notify
        else []
    )
    for invitation in told:
        invitation.event = stored
        _event_email(invitation=invitation, template="events/email/event_cancelled", method=CANCEL)
    return EventChange(
        event=stored,
        changed=frozenset({"cancelled_at", "cancelled_by", "cancel_reason"}),
        told=told,
    )


def event_audience(
    *,
    event: Event,
    waves: Iterable[Wave] = (),
    tracks: Iterable[Track] = (),
    roles: Iterable[str] = (),
) -> list[Membership]:
    """The program's memberships in the given waves, tracks and roles (each empty for all),
    one per person (the first by role order), never observers."""
    memberships = Membership.objects.filter(program_id=event.program_id).exclude(role=Role.OBSERVER)
    wave_ids = [w.pk for w in waves]
    track_ids = [t.pk for t in tracks]
    role_values = [str(r) for r in roles]
    if wave_ids:
        memberships = memberships.filter(wave_id__in=wave_ids)
    if track_ids:
        memberships = memberships.filter(track_id__in=track_ids)
    if role_values:
        memberships = memberships.filter(role__in=role_values)
    order = {role.value: index for index, role in enumerate(Role)}
    chosen: dict[int, Membership] = {}
    for membership in sorted(
        memberships.select_related("user").filter(user__is_active=True),
        key=lambda m: (order.get(m.role, 99), m.pk),
    ):
        chosen.setdefault(membership.user_id, membership)
    return list(chosen.values())


def _event_email(
    *,
    invitation: EventInvitation,
    template: str,
    method: str = REQUEST,
    extra: dict[str, Any] | None = None,
) -> None:
    """An email about an event to one invitee, carrying the event's calendar invitation for
    them (iTIP ``method``: REQUEST to add or update it, CANCEL to take it off). Transactional:
    about an event the person is invited to, so no preference turns it off."""
    event, user = invitation.event, invitation.user
    slug = event.program.slug
    url = settings.SITE_URL + reverse("events:event", args=[slug, event.pk])
    send_templated_email(
        to=user.email,
        language=user.language,
        template=template,
        context={
            "event": event,
            "person": user,
            "program": event.program,
            "time_zone": user.time_zone,
            "url": url,
            "ics_url": settings.SITE_URL + reverse("events:event-ics", args=[slug, event.pk]),
            **(extra or {}),
        },
        calendar=event_invitation(event, method=method, attendee=user, url=url),
    )


def event_new_audience(
    *,
    event: Event,
    waves: Iterable[Wave] = (),
    tracks: Iterable[Track] = (),
    roles: Iterable[str] = (),
) -> list[Membership]:
    """The people of an audience (``event_audience``) who are not invited to ``event`` yet."""
    already = set(EventInvitation.objects.filter(event=event).values_list("user_id", flat=True))
    return [
        m
        for m in event_audience(event=event, waves=waves, tracks=tracks, roles=roles)
        if m.user_id not in already
    ]


@transaction.atomic
def event_invite(
    *,
    event: Event,
    by: User,
    waves: Iterable[Wave] = (),
    tracks: Iterable[Track] = (),
    roles: Iterable[str] = (),
    notify: bool = True,
    now: dt.datetime | None = None,
) -> list[EventInvitation]:
    """Invite an audience (everyone of the program by default, narrowed by waves, tracks and
    roles): one invitation per person not invited yet, each emailed in their language once the
    transaction commits (unless ``notify`` is off, as in the demo). Inviting the same audience
    again invites nobody twice. Returns the new invitations.

    An event that is over takes no more invitations: they would only count people who were
    never told of it as absent (who came uninvited is marked in its attendance, as a walk-in).
    An event under way still does, for a latecomer with the link (the page asks first): they
    can no longer answer, since answers close when it starts, and their email says so."""
    now = now or timezone.now()
    _refuse_if_cancelled(event, _("This event is cancelled: nobody more can be invited."))
    if event.ends_at <= now:
        raise ValidationError(
            _(
                "This event is over: nobody more can be invited. Mark who came without an "
                "invitation in its attendance."
            )
        )
    audience = event_new_audience(event=event, waves=waves, tracks=tracks, roles=roles)
    made = EventInvitation.objects.bulk_create(
        EventInvitation(event=event, user=m.user, membership=m, invited_by=by) for m in audience
    )
    if notify:
        event = Event.objects.select_related("program").get(pk=event.pk)
        for invitation in made:
            invitation.event = event
            _event_email(
                invitation=invitation,
                template="events/email/event_invitation",
                extra={"started": now >= event.starts_at},
            )
    return made


@transaction.atomic
def event_rsvp(
    *, invitation: EventInvitation, by: User, answer: str, now: dt.datetime | None = None
) -> EventInvitation:
    """The invitee answers (yes, no or maybe); they may change their mind until it starts."""
    if invitation.user_id != by.pk:
        raise ValidationError(_("Only the person invited answers an invitation."))
    if answer not in (
        EventInvitation.Rsvp.YES,
        EventInvitation.Rsvp.NO,
        EventInvitation.Rsvp.MAYBE,
    ):
        raise ValidationError({"rsvp": _("Answer yes, no or maybe.")})
    _refuse_if_cancelled(invitation.event, _("This event is cancelled: answers are closed."))
    if (now or timezone.now()) >= invitation.event.starts_at:
        raise ValidationError(_("This event has already started: answers are closed."))
    invitation.rsvp = answer
    invitation.rsvp_at = now or timezone.now()
    invitation.save(update_fields=["rsvp", "rsvp_at", "updated_at"])
    return invitation


def event_attendance_opens(event: Event) -> dt.datetime:
    """Attendance can be taken from the start of the event's day, in its time zone."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    day = event.starts_at.astimezone(zone).date()
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


@transaction.atomic
def event_attendance_take(
    *,
    event: Event,
    by: User,
    attended: Iterable[EventInvitation],
    walk_ins: Iterable[Membership] = (),
    now: dt.datetime | None = None,
) -> int:
    """Record who came: the invitations in ``attended`` are marked present and every other
    invitation of the event absent; members of the program who came without an invitation
    (``walk_ins``) get one, marked as a walk-in who attended. Saving again corrects the list.
    Returns how many attended."""
    now = now or timezone.now()
    _refuse_if_cancelled(event, _("This event is cancelled: there is no attendance to take."))
    if now < event_attendance_opens(event):
        raise ValidationError(_("Attendance is taken on the day of the event, not before."))
    present = {i.pk for i in attended}
    invitations = EventInvitation.objects.filter(event=event)
    invitations.filter(pk__in=present).update(attended=True, updated_at=now)
    invitations.exclude(pk__in=present).update(attended=False, updated_at=now)
    invited = set(invitations.values_list("user_id", flat=True))
    new: dict[int, Membership] = {}
    for membership in walk_ins:
        if membership.program_id != event.program_id:
            raise ValidationError(_("Only members of the program can be marked as walk-ins."))
        if membership.user_id in invited:
            invitations.filter(user_id=membership.user_id).update(attended=True, updated_at=now)
        else:
            new.setdefault(membership.user_id, membership)
    EventInvitation.objects.bulk_create(
        EventInvitation(
            event=event,
            user_id=m.user_id,
            membership=m,
            invited_by=by,
            attended=True,
            walk_in=True,
        )
        for m in new.values()
    )
    event.attendance_taken_at = now
    event.attendance_taken_by = by
    event.save(update_fields=["attendance_taken_at", "attendance_taken_by", "updated_at"])
    return invitations.filter(attended=True).count()


@transaction.atomic
def event_lessons_save(
    *, event: Event, by: User, data: dict[str, Any], now: dt.datetime | None = None
) -> Event:
    """The lessons-learned note, written after the event started: who came, what worked and
    what to change."""
    now = now or timezone.now()
    _refuse_if_cancelled(event, _("This event is cancelled: it did not take place."))
    if now < event.starts_at:
        raise ValidationError(_("Lessons learned are written once the event has taken place."))
    event.lessons_who_came = data.get("lessons_who_came", "")
    event.lessons_what_worked = data.get("lessons_what_worked", "")
    event.lessons_to_change = data.get("lessons_to_change", "")
    event.lessons_written_by = by
    event.lessons_written_at = now
    event.full_clean()
    event.save()
    return event
