"""Where each app keeps a person's data, described once: for each model holding personal data,
how to find a person's rows, which columns a download shows, and what erasure does to them.

Kept here (privacy imports every lifecycle app) rather than in each app, so that the download,
the erasure and their tests read one list. A model added later with personal data gets a ``Kind``
here; ``tests/test_erasure.py`` walks every text column of every model and fails if a person's
name or email survives an erasure.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import BusinessProfile, SignInLink, User
from puente.community.models import Cheer, Comment, Post, Report, Story
from puente.conversations.models import Message, MessageReport, Participant, TutorInvitation
from puente.core.models import OutboxEmail
from puente.events.models import Event, EventInvitation
from puente.feedback.models import Lesson, MeetingFeedback, PulseAnswer
from puente.instruments.models import Answer, AnswerChoice, QuestionType, Submission
from puente.library.models import ManualConfirmation
from puente.matching.models import Match, MentorResponse, TextEmbedding
from puente.mentoring.models import (
    Agreement,
    AgreementConfirmation,
    BusyCalendar,
    BusyInterval,
    CalendarFeed,
    Meeting,
    MeetingLog,
    PrivateNote,
    Relationship,
    RelationshipStatusChange,
    RiskFlag,
)
from puente.monitoring.models import RoundInvitation
from puente.notifications.models import NotificationPreference
from puente.plans.models import Goal, GrowthPlan, ImprovementArea, PlanAction, ProgressUpdate
from puente.privacy.models import ErasureRequest
from puente.programs.models import Invitation, Membership
from puente.recruitment.models import Application, ApplicationEvent, ReviewAssignment
from puente.reports.models import Certificate, MentorReport

# What replaces free text a person wrote (blank text stays blank).
REDACTED = "[eliminado]"

Lookup = Callable[[User], Q]


@dataclass(frozen=True)
class Kind:
    """One kind of a person's data.

    ``rows`` finds the rows a download shows; ``erase_rows`` (default: the same) the rows erasure
    changes, e.g. only the meeting logs the person wrote, not their mentor's. ``columns`` are
    field paths (``program__name``); an empty tuple leaves the kind out of the download (secrets
    such as token hashes). On erasure: ``delete`` removes the rows (their ``files`` too),
    ``redact`` replaces non-blank free text with ``REDACTED``, ``blank`` empties fields, and
    ``replace`` sets fields from the person (placeholders for names and emails).
    """

    key: str
    title: Promise
    model: type[models.Model]
    rows: Lookup
    columns: tuple[str, ...] = ()
    erase_rows: Lookup | None = None
    redact: tuple[str, ...] = ()
    blank: tuple[str, ...] = ()
    replace: dict[str, Callable[[User], Any]] = field(default_factory=dict)
    delete: bool = False
    files: tuple[str, ...] = ()
    # Only these of the erased rows get their text redacted (e.g. answers to text questions).
    redact_where: Q | None = None
    # What others wrote about the person (shown under "What others wrote about you" in the
    # download): never changed by the person's erasure, which is about their own data.
    about: bool = False
    # The field path of the row's writer (a user), whose name and email the download leaves out.
    author: str = ""

    def queryset(self, user: User) -> QuerySet[Any]:
        return self.model._default_manager.filter(self.rows(user)).distinct().order_by("pk")

    def erase_queryset(self, user: User) -> QuerySet[Any]:
        if self.about:
            return self.model._default_manager.none()
        lookup = self.erase_rows or self.rows
        return self.model._default_manager.filter(lookup(user)).distinct()


def erased_name(user: User) -> str:
    return f"Persona eliminada {short_id(user)}"


def erased_email(user: User) -> str:
    # .invalid is reserved (RFC 2606): nothing is ever delivered there.
    return f"eliminada-{user.pk}-{short_id(user)}@puente.invalid"


def short_id(user: User) -> str:
    """A stable short id that says nothing about the person (a hash of the primary key would be
    guessable; the pk in base 36 is just as unpersonal and stays stable across retries)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    number, text = user.pk * 7919 + 104729, ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return text


def _relationships(user: User) -> Q:
    ids = Relationship.objects.filter(Q(mentor__user=user) | Q(mentees__user=user)).values("pk")
    return Q(pk__in=ids)


def _in_relationships(prefix: str) -> Lookup:
    def lookup(user: User) -> Q:
        ids = Relationship.objects.filter(Q(mentor__user=user) | Q(mentees__user=user)).values("pk")
        return Q(**{f"{prefix}__in": ids})

    return lookup


def _applications(user: User) -> Q:
    return Q(email__iexact=user.email) | Q(membership__user=user) | Q(submission__respondent=user)


def _application_ids(user: User) -> QuerySet[Any]:
    return Application.objects.filter(_applications(user)).values("pk")


def _submissions(prefix: str) -> Lookup:
    def lookup(user: User) -> Q:
        return Q(**{f"{prefix}respondent": user}) | Q(
            **{f"{prefix}application__in": _application_ids(user)}
        )

    return lookup


TEXT_QUESTIONS = Q(question__type__in=[QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT])


def _emails(user: User) -> Q:
    """Outbox emails to the person, and those to others that name them (e.g. a coordinator's
    digest): all deleted on erasure, sent or not (a pending one about an erased person is moot)."""
    about = Q(to__iexact=user.email)
    for text in (user.email, user.full_name):
        if text and len(text) >= 3:
            about |= (
                Q(subject__icontains=text) | Q(body__icontains=text) | Q(calendar__icontains=text)
            )
    return about


KINDS: tuple[Kind, ...] = (
    Kind(
        "profile",
        _("Profile"),
        User,
        lambda u: Q(pk=u.pk),
        (
            "email",
            "full_name",
            "preferred_name",
            "language",
            "country",
            "city",
            "time_zone",
            "gender",
            "grammatical_gender",
            "organization",
            "job_title",
            "department",
            "seniority",
            "years_experience",
            "bio",
            "links",
            "video_link",
            "areas_offered",
            "areas_wanted",
            "spoken_languages",
            "gender_preference",
            "meeting_reminders",
            "log_nudges",
            "date_joined",
        ),
        # Categorical fields (country, city, gender, seniority, languages…) stay: indicators are
        # broken down by them.
        blank=(
            "preferred_name",
            "organization",
            "job_title",
            "department",
            "bio",
            "links",
            "video_link",
            "areas_offered",
            "areas_wanted",
        ),
        replace={"full_name": erased_name, "email": erased_email},
    ),
    Kind(
        "business",
        _("Business"),
        BusinessProfile,
        lambda u: Q(owner=u),
        (
            "legal_name",
            "economic_activity",
            "size",
            "country",
            "city",
            "years_operating",
            "women_owned",
            "sold_to_corporates",
            "prior_corporate_sales",
            "women_ownership_share",
            "woman_in_senior_management",
            "women_management_share",
            "controlled_by_women",
            "has_board",
            "women_board_share",
            "employees",
            "annual_sales",
            "total_assets",
        ),
        redact=("legal_name", "economic_activity", "prior_corporate_sales"),
        blank=("city",),
    ),
    Kind("sign_in_links", _("Sign-in links"), SignInLink, lambda u: Q(user=u), delete=True),
    # Not in the download (emails are transient; sent ones are deleted after 30 days anyway).
    Kind("emails", _("Emails"), OutboxEmail, _emails, delete=True),
    Kind(
        "memberships",
        _("Programs"),
        Membership,
        lambda u: Q(user=u),
        ("program__name", "role", "wave__name", "track__name", "is_alumnus", "created_at"),
    ),
    Kind(
        "invitations",
        _("Invitations"),
        Invitation,
        lambda u: Q(accepted_by=u) | Q(email__iexact=u.email),
        ("program__name", "role", "email", "full_name", "created_at", "accepted_at"),
        replace={"full_name": erased_name, "email": erased_email},
    ),
    Kind(
        "applications",
        _("Applications"),
        Application,
        _applications,
        (
            "call__program__name",
            "call__title",
            "role",
            "full_name",
            "email",
            "status",
            "created_at",
            "submitted_at",
            "decided_at",
        ),
        replace={"full_name": erased_name, "email": erased_email},
    ),
    Kind(
        "application_events",
        _("Application history"),
        ApplicationEvent,
        lambda u: Q(application__in=_application_ids(u)),
        ("application__call__title", "action", "at"),
        erase_rows=lambda u: Q(application__in=_application_ids(u)) | Q(actor=u),
        redact=("note",),
    ),
    Kind(
        "submissions",
        _("Forms answered"),
        Submission,
        _submissions(""),
        ("version__instrument__name", "status", "created_at", "submitted_at"),
    ),
    Kind(
        "answers",
        _("Answers"),
        Answer,
        _submissions("submission__"),
        (
            "submission__version__instrument__name",
            "question__label",
            "text",
            "number",
            "date",
            "boolean",
            "file",
        ),
        redact=("text",),
        redact_where=TEXT_QUESTIONS,
        files=("file",),
    ),
    Kind(
        "answer_choices",
        _("Choices"),
        AnswerChoice,
        _submissions("answer__submission__"),
        ("answer__question__label", "value"),
    ),
    Kind(
        "reviews",
        _("Reviews"),
        ReviewAssignment,
        lambda u: Q(reviewer=u),
        ("application__call__title", "assigned_at", "completed_at", "total"),
    ),
    Kind(
        "manual_confirmations",
        _("Manuals read"),
        ManualConfirmation,
        lambda u: Q(user=u),
        ("resource__title", "at"),
    ),
    # Other people are never named in a download (their names and emails are theirs): a match
    # or a relationship shows the program, the status and the dates.
    Kind(
        "matches",
        _("Matches"),
        Match,
        lambda u: Q(mentee__user=u) | Q(mentor__user=u),
        ("program__name", "status", "score"),
    ),
    Kind(
        "mentor_responses",
        _("Answers to mentees' choices"),
        MentorResponse,
        lambda u: Q(mentor__user=u),
        ("program__name", "accepted", "reason", "created_at"),
        redact=("reason",),
    ),
    Kind(
        "text_embeddings",
        _("Text encodings"),
        TextEmbedding,
        lambda u: Q(membership__user=u),
        delete=True,
    ),
    Kind(
        "relationships",
        _("Relationships"),
        Relationship,
        _relationships,
        ("program__name", "status", "starts_on", "ends_on", "end_reason"),
        redact=("end_reason",),
    ),
    Kind(
        "status_changes",
        _("Relationship status changes"),
        RelationshipStatusChange,
        lambda u: Q(by=u),
        ("relationship__program__name", "from_status", "to_status", "reason", "at"),
        # Erasure redacts every reason given in the person's relationships, as before.
        erase_rows=_in_relationships("relationship"),
        redact=("reason",),
    ),
    Kind(
        "meetings",
        _("Meetings"),
        Meeting,
        _in_relationships("relationship"),
        ("relationship__program__name", "number", "planned_on", "starts_at", "status", "mode"),
    ),
    Kind(
        "meeting_logs",
        _("Meeting logs"),
        MeetingLog,
        lambda u: Q(written_by=u),
        (
            "meeting__number",
            "held",
            "duration_minutes",
            "topics",
            "next_steps",
            "shared_notes",
            "written_at",
        ),
        redact=("topics", "next_steps", "shared_notes"),
    ),
    Kind(
        "private_notes",
        _("My private notes"),
        PrivateNote,
        lambda u: Q(author=u),
        ("meeting__number", "meeting__planned_on", "text", "created_at"),
        delete=True,
    ),
    Kind(
        "agreements",
        _("Agreements"),
        Agreement,
        _in_relationships("relationship"),
        (
            "goals",
            "mentor_expectations",
            "mentee_expectations",
            "frequency",
            "channel",
            "confidentiality",
        ),
        redact=("goals", "mentor_expectations", "mentee_expectations", "confidentiality"),
    ),
    Kind(
        "agreement_confirmations",
        _("Agreements I confirmed"),
        AgreementConfirmation,
        lambda u: Q(membership__user=u),
        ("agreement__relationship__program__name", "agreement__relationship_id", "confirmed_at"),
    ),
    Kind(
        "risk_follow_ups",
        _("Follow-ups written"),
        RiskFlag,
        lambda u: Q(followed_up_by=u),
        ("reason", "month", "follow_up", "followed_up_at"),
        redact=("follow_up",),
    ),
    Kind("calendar_feeds", _("Calendar feeds"), CalendarFeed, lambda u: Q(user=u), delete=True),
    # One's own calendar address is a secret: the download says only that one is set (and since
    # when); its busy times are read from it, not given, and both go with erasure.
    Kind(
        "busy_calendar",
        _("A calendar address for your busy times is set (the address itself is not included)"),
        BusyCalendar,
        lambda u: Q(user=u),
        ("created_at", "fetched_at"),
        delete=True,
    ),
    Kind(
        "busy_intervals",
        _("Busy times read from your calendar"),
        BusyInterval,
        lambda u: Q(calendar__user=u),
        delete=True,
    ),
    Kind(
        "event_lessons",
        _("Event lessons written"),
        Event,
        lambda u: Q(lessons_written_by=u),
        ("title", "lessons_who_came", "lessons_what_worked", "lessons_to_change"),
        redact=("lessons_who_came", "lessons_what_worked", "lessons_to_change"),
    ),
    Kind(
        "event_invitations",
        _("Events"),
        EventInvitation,
        lambda u: Q(user=u),
        ("event__title", "event__starts_at", "rsvp", "attended"),
    ),
    Kind(
        "growth_plans",
        _("Growth plans"),
        GrowthPlan,
        lambda u: Q(mentee__user=u),
        ("relationship__program__name", "created_at"),
    ),
    Kind(
        "improvement_areas",
        _("Improvement areas"),
        ImprovementArea,
        lambda u: Q(plan__mentee__user=u),
        ("focus_area__name", "impact", "urgency", "note"),
        redact=("note",),
    ),
    Kind(
        "goals",
        _("Goals"),
        Goal,
        lambda u: Q(plan__mentee__user=u),
        (
            "title",
            "indicator",
            "start_value",
            "target_value",
            "current_value",
            "starts_on",
            "target_date",
        ),
        redact=("title", "indicator"),
    ),
    Kind(
        "plan_actions",
        _("Plan actions"),
        PlanAction,
        lambda u: Q(plan__mentee__user=u),
        ("title", "owner", "due_on", "status"),
        redact=("title",),
    ),
    Kind(
        "progress_updates",
        _("Progress updates"),
        ProgressUpdate,
        lambda u: Q(written_by=u),
        ("goal__title", "value", "note", "written_at"),
        erase_rows=lambda u: Q(goal__plan__mentee__user=u) | Q(written_by=u),
        redact=("note",),
    ),
    Kind(
        "meeting_feedback",
        _("Meeting feedback"),
        MeetingFeedback,
        lambda u: Q(author=u),
        ("meeting__number", "usefulness", "helped", "change", "created_at"),
        redact=("helped", "change"),
    ),
    Kind(
        "pulse_answers",
        _("Pulse answers"),
        PulseAnswer,
        lambda u: Q(author=u),
        ("pulse__title", "rating", "comment", "went_well", "to_improve", "to_try"),
        redact=("comment", "went_well", "to_improve", "to_try"),
    ),
    Kind(
        "lessons",
        _("Lessons learned"),
        Lesson,
        lambda u: Q(author=u),
        ("program__name", "theme", "worked", "to_change", "created_at"),
        redact=("worked", "to_change"),
    ),
    Kind(
        "round_invitations",
        _("Surveys"),
        RoundInvitation,
        lambda u: Q(user=u),
        ("round__program__name", "round__kind", "answered_at"),
    ),
    Kind(
        "notification_preferences",
        _("Notification preferences"),
        NotificationPreference,
        lambda u: Q(user=u),
        ("weekly_digest", "message_emails"),
    ),
    Kind(
        "posts",
        _("Posts"),
        Post,
        lambda u: Q(author=u),
        ("program__name", "kind", "title", "body", "link", "created_at"),
        redact=("title", "body"),
        blank=("link",),
    ),
    Kind(
        "comments",
        _("Comments"),
        Comment,
        lambda u: Q(author=u),
        ("post__title", "body", "created_at"),
        redact=("body",),
    ),
    Kind(
        "cheers",
        _("Cheers"),
        Cheer,
        lambda u: Q(user=u),
        ("post__title", "created_at"),
    ),
    Kind(
        "reports_made",
        _("Content reported"),
        Report,
        lambda u: Q(reporter=u),
        ("reason", "created_at"),
        redact=("reason",),
    ),
    Kind(
        "stories",
        _("Stories"),
        Story,
        lambda u: Q(author=u),
        ("program__name", "title", "body", "status", "consent_given_at", "published_at"),
        redact=("title", "body"),
        # Off the public stories page.
        replace={"status": lambda u: Story.Status.DRAFT, "published_at": lambda u: None},
    ),
    Kind(
        "messages",
        _("Messages in your conversations"),
        Message,
        lambda u: Q(author=u),
        ("thread__relationship__program__name", "body", "attachment_name", "created_at"),
        # The message stays in its conversation (the others' answers refer to it) without its
        # words or its file.
        redact=("body",),
        blank=("attachment_name",),
        files=("attachment",),
    ),
    Kind(
        "messages_reported",
        _("Messages reported"),
        MessageReport,
        lambda u: Q(reporter=u),
        ("reason", "created_at"),
        redact=("reason",),
    ),
    Kind(
        "conversations_read",
        _("Conversations read"),
        Participant,
        lambda u: Q(user=u),
        ("thread__relationship__program__name", "last_read_at"),
        delete=True,
    ),
    Kind(
        "conversation_invitations",
        _("Conversations you were invited into"),
        TutorInvitation,
        lambda u: Q(tutor=u),
        ("thread__relationship__program__name", "invited_at"),
        delete=True,
    ),
    Kind(
        "mentor_reports",
        _("Mentor reports"),
        MentorReport,
        lambda u: Q(author=u),
        ("relationship__program__name", "kind", "month", "status", "submitted_at"),
    ),
    Kind(
        "certificates",
        _("Certificates"),
        Certificate,
        lambda u: Q(holder__user=u),
        (
            "code",
            "program_name",
            "wave_name",
            "role",
            "holder_name",
            "hours",
            "meetings_held",
            "issued_at",
            "revoked_at",
        ),
        replace={"holder_name": erased_name},
    ),
    Kind(
        "certificates_signed",
        _("Certificates you signed"),
        Certificate,
        # The certificates that print the person's name on their signature line.
        lambda u: Q(issued_by=u, signer_name=u.full_name),
        ("code", "program_name", "signer_name", "signer_title", "issued_at"),
        replace={"signer_name": erased_name},
    ),
    Kind(
        "erasure_requests",
        _("Erasure requests"),
        ErasureRequest,
        lambda u: Q(user=u),
        ("reason", "status", "created_at", "handled_at"),
    ),
)

# What others wrote about the person, and Puente shows them on its pages: the download lists it
# under its own heading, without saying who wrote it. Left out on purpose: the other side's
# post-meeting feedback, a mentor's monthly report and reviewers' scores of an application
# (Puente never shows them to the person), and a mentor's reason for declining a mentee's choice
# (the mentee is only told the mentor is not available).
ABOUT_KINDS: tuple[Kind, ...] = (
    Kind(
        "meeting_logs_by_others",
        _("Meeting logs"),
        MeetingLog,
        lambda u: _in_relationships("meeting__relationship")(u) & ~Q(written_by=u),
        (
            "meeting__number",
            "held",
            "duration_minutes",
            "topics",
            "next_steps",
            "shared_notes",
            "written_at",
        ),
        about=True,
        author="written_by",
    ),
    Kind(
        "status_changes_by_others",
        _("Relationship status changes"),
        RelationshipStatusChange,
        lambda u: _in_relationships("relationship")(u) & ~Q(by=u),
        ("relationship__program__name", "from_status", "to_status", "reason", "at"),
        about=True,
        author="by",
    ),
    Kind(
        "progress_updates_by_others",
        _("Progress on your goals"),
        ProgressUpdate,
        lambda u: Q(goal__plan__mentee__user=u) & ~Q(written_by=u),
        ("goal__title", "value", "note", "written_at"),
        about=True,
        author="written_by",
    ),
    Kind(
        "choice_answers",
        _("Mentors' answers to your choices"),
        MentorResponse,
        lambda u: Q(mentee__user=u),
        ("program__name", "accepted", "created_at"),
        about=True,
        author="mentor__user",
    ),
    Kind(
        "report_comments",
        _("Comments on your reports"),
        MentorReport,
        lambda u: Q(author=u) & ~Q(review_comment=""),
        ("kind", "month", "review_comment", "reviewed_at"),
        about=True,
        author="reviewed_by",
    ),
)

KINDS_BY_KEY = {kind.key: kind for kind in (*KINDS, *ABOUT_KINDS)}


def column_label(model: type[models.Model], path: str) -> str:
    """The verbose name of the field at the end of ``path`` (following relations)."""
    parts = path.split("__")
    current: Any = model
    names = []
    for part in parts:
        model_field = current._meta.get_field(part)
        names.append(str(getattr(model_field, "verbose_name", part)))
        current = getattr(model_field, "related_model", None) or current
    # "mentor → user → full name" reads better as "mentor: full name".
    if len(names) > 1:
        return f"{names[0]}: {names[-1]}"
    return names[0]
