"""Reads of the events app: the program's events with their counts, a person's invitations,
an event's invitees and the events of a person's calendar feed."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from puente.accounts.models import User
from puente.events.models import Event, EventInvitation
from puente.events.scopes import INVITATIONS
from puente.programs.access import ProgramAccess


def events_with_counts(program_id: int) -> QuerySet[Event]:
    """The program's events with their invited, accepted, declined and attended counts."""
    rsvp = EventInvitation.Rsvp
    return (
        Event.objects.filter(program_id=program_id)
        .select_related("wave", "track")
        .annotate(
            invited_count=Count("invitations", filter=Q(invitations__walk_in=False)),
            accepted_count=Count("invitations", filter=Q(invitations__rsvp=rsvp.YES)),
            declined_count=Count("invitations", filter=Q(invitations__rsvp=rsvp.NO)),
            maybe_count=Count("invitations", filter=Q(invitations__rsvp=rsvp.MAYBE)),
            attended_count=Count("invitations", filter=Q(invitations__attended=True)),
        )
        .order_by("starts_at", "pk")
    )


def event_invitations_of(access: ProgramAccess) -> QuerySet[EventInvitation]:
    """The invitations the person holds to events of the program, with their events."""
    return (
        INVITATIONS.reached(access)
        .select_related("event__wave", "event__track")
        .order_by("event__starts_at", "event_id")
    )


def event_invitation_list(event: Event) -> QuerySet[EventInvitation]:
    """Everyone invited to an event, with the membership they were invited through."""
    return (
        EventInvitation.objects.filter(event=event)
        .select_related("user", "membership__wave", "membership__track")
        .order_by("user__full_name", "pk")
    )


def calendar_feed_events(user: User) -> QuerySet[Event]:
    """The events ``user`` is invited to and has not declined, in any program. Cancelled events
    stay in (their entry says CANCELLED) so that calendar apps holding them take them off."""
    ids = (
        EventInvitation.objects.filter(user=user)
        .exclude(rsvp=EventInvitation.Rsvp.NO)
        .values("event_id")
    )
    return Event.objects.filter(pk__in=ids).select_related("program").order_by("starts_at", "pk")


def busy_times(
    user_ids: list[int], start: dt.datetime, end: dt.datetime
) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """When each of ``user_ids`` is at an event between ``start`` and ``end``: those they are
    invited to and have not declined, not cancelled (one query; ``core.hooks.on_busy_times``,
    read when mentoring proposes meeting times)."""
    found: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {pk: [] for pk in user_ids}
    rows = (
        EventInvitation.objects.filter(
            user__in=user_ids,
            event__starts_at__lt=end,
            event__ends_at__gt=start,
            event__cancelled_at__isnull=True,
        )
        .exclude(rsvp=EventInvitation.Rsvp.NO)
        .values_list("user_id", "event__starts_at", "event__ends_at")
    )
    for user_id, begin, finish in rows:
        found[user_id].append((begin, finish))
    return found
