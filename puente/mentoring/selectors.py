"""Reads of the mentoring app, scoped by ``access.relationships_visible``."""

from django.db.models import Count, Prefetch, Q, QuerySet

from puente.accounts.models import User
from puente.core.tokens import token_hash
from puente.mentoring.models import CalendarFeed, Meeting, Relationship, RiskFlag
from puente.programs.models import Membership


def with_progress(relationships: QuerySet[Relationship]) -> QuerySet[Relationship]:
    """Each relationship with its plan's progress counted in the same query, and its people."""

    def count(*statuses: str) -> Count:
        return Count("meetings", filter=Q(meetings__status__in=statuses), distinct=True)

    return (
        relationships.select_related("wave", "track", "mentor__user", "tutor__user")
        .prefetch_related(
            Prefetch("mentees", queryset=Membership.objects.select_related("user")),
            Prefetch(
                "risk_flags",
                queryset=RiskFlag.objects.filter(resolved_on__isnull=True)
                .select_related("followed_up_by")
                .order_by("raised_on", "pk"),
                to_attr="open_flags",
            ),
        )
        .annotate(
            meetings_total=Count("meetings", distinct=True),
            meetings_planned=count(Meeting.Status.PLANNED, Meeting.Status.SCHEDULED),
            meetings_held=count(Meeting.Status.HELD),
            meetings_missed=count(Meeting.Status.MISSED),
            meetings_moved=count(Meeting.Status.MOVED),
        )
    )


def board(
    relationships: QuerySet[Relationship],
    *,
    wave_id: int | None = None,
    track_id: int | None = None,
    status: str = "",
    at_risk: bool = False,
) -> QuerySet[Relationship]:
    if wave_id:
        relationships = relationships.filter(wave_id=wave_id)
    if track_id:
        relationships = relationships.filter(track_id=track_id)
    if status:
        relationships = relationships.filter(status=status)
    if at_risk:
        flagged = RiskFlag.objects.filter(resolved_on__isnull=True).values("relationship_id")
        relationships = relationships.filter(pk__in=flagged)
    return with_progress(relationships).order_by("mentor__user__full_name", "pk")


def with_meetings(relationships: QuerySet[Relationship]) -> QuerySet[Relationship]:
    return with_progress(relationships).prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.order_by("number"))
    )


def calendar_feed_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings with a time of the relationships ``user`` takes part in, as mentor or mentee,
    in any program (a feed is the person's, not a program's)."""
    mine = Q(relationship__mentor__user=user) | Q(relationship__mentees__user=user)
    ids = Meeting.objects.filter(mine, starts_at__isnull=False).values("pk")
    return (
        Meeting.objects.filter(pk__in=ids)
        .select_related("relationship__mentor__user")
        .order_by("starts_at", "pk")
    )


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed a token opens, or None when it is unknown, revoked or its owner inactive."""
    return (
        CalendarFeed.objects.filter(
            token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
