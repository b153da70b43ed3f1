"""Reads of the notifications app: a person's preferences, and the weekly digests of a program.

A digest is computed for all of a program's recipients at once, in a fixed number of queries
whatever the number of relationships, meetings or people: the recipients and their roles, the
program's active relationships with their people, their open risk flags, one aggregate over
their meetings, who follows which relationship (``mentoring.scopes.FOLLOWED_RELATIONSHIPS``) and
(for those who run the calls) two counts over the applications.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from puente.accounts.models import User
from puente.core.permissions import Action
from puente.mentoring.models import Meeting, Relationship, RiskFlag
from puente.mentoring.scopes import FOLLOWED_RELATIONSHIPS
from puente.notifications.models import DigestSent, NotificationPreference
from puente.programs.access import ProgramAccess, accesses_with, programs_where
from puente.programs.models import Membership, Program
from puente.recruitment.models import Application, ReviewAssignment

# At most this many lines per list in an email; the board has the rest.
MAX_LINES = 10
OPEN_STATUSES = [Meeting.Status.PLANNED, Meeting.Status.SCHEDULED, Meeting.Status.MOVED]


def preference_for(user: User) -> NotificationPreference:
    """The person's preferences; unsaved defaults until they first save the page."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )


def digest_programs(user: User) -> list[Program]:
    """The programs in which ``user`` would get a weekly digest (coordinators, organization
    admins and tutors)."""
    return list(
        programs_where(user, Action.RECEIVE_DIGEST)
        .exclude(status=Program.Status.CLOSED)
        .order_by("name")
    )


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@dataclass
class Counts:
    """A relationship's meetings as the digest sees them."""

    held: int = 0
    missed: int = 0
    logs_missing: int = 0
    upcoming: int = 0

    def add(self, other: "Counts") -> None:
        self.held += other.held
        self.missed += other.missed
        self.logs_missing += other.logs_missing
        self.upcoming += other.upcoming


@dataclass
class RelationshipLine:
    relationship: Relationship
    mentor: str
    mentees: list[str]
    url: str


@dataclass
class FlagLine:
    flag: RiskFlag
    line: RelationshipLine
    is_new: bool


@dataclass
class Digest:
    """One person's weekly digest of one program. Labels (risk reasons) are rendered by the email
    template, inside the recipient's language."""

    user: User
    program: Program
    week: dt.date
    # Whether the digest covers every relationship of the program (not only those one follows),
    # and the applications.
    sees_all: bool = False
    runs_calls: bool = False
    relationships: int = 0
    new_flags: list[FlagLine] = field(default_factory=list)
    open_flags: list[FlagLine] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    logs_missing: list[tuple[RelationshipLine, int]] = field(default_factory=list)
    # Coordinators only (None for tutors).
    applications_new: int | None = None
    applications_to_decide: int | None = None
    reviews_pending: int | None = None
    urls: dict[str, str] = field(default_factory=dict)

    @property
    def last_week(self) -> tuple[dt.date, dt.date]:
        return self.week - dt.timedelta(days=7), self.week - dt.timedelta(days=1)

    @property
    def week_end(self) -> dt.date:
        return self.week + dt.timedelta(days=6)

    @property
    def flags_total(self) -> int:
        return len(self.new_flags) + len(self.open_flags)

    @property
    def flags_shown(self) -> list[FlagLine]:
        return (self.new_flags + self.open_flags)[:MAX_LINES]

    @property
    def flags_more(self) -> int:
        return max(0, self.flags_total - MAX_LINES)

    @property
    def logs_missing_shown(self) -> list[tuple[RelationshipLine, int]]:
        return self.logs_missing[:MAX_LINES]

    @property
    def logs_missing_more(self) -> int:
        return max(0, len(self.logs_missing) - MAX_LINES)

    @property
    def has_news(self) -> bool:
        """Whether there is anything to say; a digest without news is not emailed."""
        return bool(
            self.flags_total
            or self.counts.held
            or self.counts.missed
            or self.counts.logs_missing
            or self.counts.upcoming
            or self.applications_new
            or self.applications_to_decide
            or self.reviews_pending
        )


def _recipients(program: Program, week: dt.date) -> list[ProgramAccess]:
    """Those whose roles in the program give them the digest (its coordinators and tutors, and
    its organization's admins), who want it and have not had (or been decided) this week's."""
    wanting = User.objects.exclude(notification_preference__weekly_digest=False).exclude(
        pk__in=DigestSent.objects.filter(program=program, week=week).values("user_id")
    )
    return accesses_with(program, Action.RECEIVE_DIGEST, among=wanting)


def _meeting_counts(program: Program, week: dt.date) -> dict[int, Counts]:
    last_monday = week - dt.timedelta(days=7)
    week_end = week + dt.timedelta(days=6)
    last_week = Q(planned_on__gte=last_monday, planned_on__lt=week)
    rows = (
        Meeting.objects.filter(
            relationship__program=program, relationship__status=Relationship.Status.ACTIVE
        )
        .filter(planned_on__lte=week_end)
        .values("relationship_id")
        .annotate(
            held=Count("pk", filter=last_week & Q(status=Meeting.Status.HELD)),
            missed=Count("pk", filter=last_week & Q(status=Meeting.Status.MISSED)),
            # A meeting dated before this week that nobody logged (logging closes it).
            logs_missing=Count("pk", filter=Q(planned_on__lt=week, status__in=OPEN_STATUSES)),
            upcoming=Count("pk", filter=Q(planned_on__gte=week, status__in=OPEN_STATUSES)),
        )
        .order_by()
    )
    return {
        row["relationship_id"]: Counts(
            held=row["held"],
            missed=row["missed"],
            logs_missing=row["logs_missing"],
            upcoming=row["upcoming"],
        )
        for row in rows
    }


def _recruitment(program: Program, week: dt.date) -> tuple[int, int, int]:
    """(applications sent last week, applications waiting for a decision, reviews not done)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(week - dt.timedelta(days=7), dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(week, dt.time.min, tzinfo=zone)
    applications = Application.objects.filter(call__program=program).aggregate(
        new=Count("pk", filter=Q(submitted_at__gte=start, submitted_at__lt=end)),
        to_decide=Count("pk", filter=Q(status=Application.Status.SUBMITTED)),
    )
    reviews = ReviewAssignment.objects.filter(
        application__call__program=program,
        application__status=Application.Status.SUBMITTED,
        completed_at__isnull=True,
    ).count()
    return applications["new"], applications["to_decide"], reviews


def weekly_digests(*, program: Program, week: dt.date) -> list[Digest]:
    """The digests of ``program`` for the ISO week starting on Monday ``week``, one per person
    whose roles give them the digest and who wants it and has not had it yet this week (with or
    without news). Each reads about the active relationships they follow up
    (``FOLLOWED_RELATIONSHIPS``: every one for coordinators and organization admins, those of
    their assigned mentees for tutors), and those who run the calls about the applications."""
    recipients = _recipients(program, week)
    if not recipients:
        return []
    active = Relationship.objects.filter(program=program, status=Relationship.Status.ACTIVE)
    relationships = list(
        active.select_related("mentor__user")
        .prefetch_related(
            Prefetch("mentees", queryset=Membership.objects.select_related("user").order_by("pk"))
        )
        .order_by("mentor__user__full_name", "pk")
    )
    lines = {
        r.pk: RelationshipLine(
            relationship=r,
            mentor=r.mentor.user.full_name,
            mentees=[m.user.full_name for m in r.mentees.all()],
            url=_absolute(reverse("mentoring:relationship", args=[program.slug, r.pk])),
        )
        for r in relationships
    }
    flags: dict[int, list[RiskFlag]] = defaultdict(list)
    for flag in RiskFlag.objects.filter(
        relationship__in=list(lines), resolved_on__isnull=True
    ).order_by("-raised_on", "pk"):
        flags[flag.relationship_id].append(flag)
    counts = _meeting_counts(program, week)
    followed = FOLLOWED_RELATIONSHIPS.viewers(active, recipients)

    recruitment: tuple[int, int, int] | None = None
    if any(access.can(Action.MANAGE_CALLS) for access in recipients):
        recruitment = _recruitment(program, week)

    board = _absolute(reverse("mentoring:board", args=[program.slug]))
    digests = []
    for access in recipients:
        sees_all = access.can(Action.MANAGE_MENTORING)
        runs_calls = access.can(Action.MANAGE_CALLS)
        ids = [pk for pk in lines if pk in followed.get(access.user.pk, set())]
        digest = Digest(
            user=access.user,
            program=program,
            week=week,
            sees_all=sees_all,
            runs_calls=runs_calls,
            relationships=len(ids),
            urls={
                "board": board if sees_all else "",
                "at_risk": f"{board}?at_risk=on" if access.can(Action.FOLLOW_UP_RISKS) else "",
                "mine": ""
                if sees_all
                else _absolute(reverse("mentoring:caseload", args=[program.slug])),
                "calls": _absolute(reverse("recruitment:call-list", args=[program.slug]))
                if runs_calls
                else "",
                "preferences": _absolute(reverse("notifications:preferences")),
            },
        )
        for pk in ids:
            mine = counts.get(pk)
            if mine is not None:
                digest.counts.add(mine)
                if mine.logs_missing:
                    digest.logs_missing.append((lines[pk], mine.logs_missing))
            for flag in flags.get(pk, []):
                is_new = flag.raised_on >= week - dt.timedelta(days=7)
                target = digest.new_flags if is_new else digest.open_flags
                target.append(FlagLine(flag=flag, line=lines[pk], is_new=is_new))
        digest.new_flags.sort(key=lambda f: (-f.flag.raised_on.toordinal(), f.line.mentor))
        digest.open_flags.sort(key=lambda f: (f.flag.raised_on, f.line.mentor))
        digest.logs_missing.sort(key=lambda item: (-item[1], item[0].mentor))
        if runs_calls and recruitment is not None:
            (
                digest.applications_new,
                digest.applications_to_decide,
                digest.reviews_pending,
            ) = recruitment
        digests.append(digest)
    return digests
