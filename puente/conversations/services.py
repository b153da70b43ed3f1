"""Writes of conversations: opening a relationship's thread, posting, reading, inviting its tutors
in, reporting a message and moderating reports, and the emails about new messages.

Emails about new messages follow each person's choice (``notifications.MessageEmails``):
- *each*: one email when a message arrives, then none about that conversation until the person
  has opened it again (claimed with a conditional UPDATE on their ``Participant`` row, so two
  messages racing each other still send one email);
- *daily*: one summary a day of the conversations with messages they have not read
  (``daily_summary_send``, run by ``run_daily``; claimed by a ``SummarySent`` row);
- *none*.
Emails never carry the message's text (the conversation is private): who wrote, where, and the
link. Only those who may write get them (the two sides and invited tutors), not the read-only
tutors.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts import unsubscribe
from puente.accounts.models import User
from puente.conversations.models import (
    MAX_MESSAGES,
    WINDOW,
    Message,
    MessageReport,
    Participant,
    SummarySent,
    Thread,
    TutorInvitation,
)
from puente.core.emails import send_templated_email
from puente.core.permissions import Action
from puente.library.uploads import validate_resource_file
from puente.mentoring.models import Relationship
from puente.mentoring.selectors import mentees_with_tutors
from puente.notifications.models import MessageEmails, NotificationPreference
from puente.notifications.services import MESSAGE_EMAILS
from puente.programs.access import accesses_with


def thread_url(relationship: Relationship) -> str:
    return settings.SITE_URL + reverse(
        "conversations:thread", args=[relationship.program.slug, relationship.pk]
    )


def thread_for(*, relationship: Relationship) -> Thread:
    """The relationship's conversation, made the first time it is needed."""
    thread, _created = Thread.objects.get_or_create(relationship=relationship)
    return thread


def writers(relationship: Relationship) -> list[User]:
    """Who may write in the conversation: its mentor, its mentees and the tutors they invited in
    who still follow it (two queries)."""
    prefetch_related_objects([relationship], mentees_with_tutors())
    people = {relationship.mentor.user_id: relationship.mentor.user}
    for mentee in relationship.mentees.all():
        people.setdefault(mentee.user_id, mentee.user)
    following = {tutor.user_id: tutor.user for tutor in relationship.tutors}
    invited = TutorInvitation.objects.filter(
        thread__relationship=relationship, tutor_id__in=following
    ).values_list("tutor_id", flat=True)
    for tutor_id in invited:
        people.setdefault(tutor_id, following[tutor_id])
    return list(people.values())


@transaction.atomic
def message_post(
    *,
    thread: Thread,
    author: User,
    body: str,
    attachment: UploadedFile | None = None,
    now: dt.datetime | None = None,
) -> Message:
    """A message in the conversation (the caller checked that ``author`` may write). Refused
    past MAX_MESSAGES in WINDOW by the same person in the same conversation; an attachment goes
    through the toolkit's upload checks. The others who write there hear of it by email, as each
    chose."""
    now = now or timezone.now()
    recent = Message.objects.filter(
        thread=thread, author=author, created_at__gte=now - WINDOW
    ).count()
    if recent >= MAX_MESSAGES:
        raise ValidationError(
            _("You have sent many messages in a few minutes. Wait a moment and send it again."),
            code="throttled",
        )
    message = Message(thread=thread, author=author, body=body.strip())
    if attachment is not None:
        validate_resource_file(attachment)
        message.attachment = attachment
        message.attachment_name = (attachment.name or "")[:200]
    message.full_clean()
    message.save()
    Thread.objects.filter(pk=thread.pk).update(updated_at=now)
    # Writing is reading: one's own message is never unread.
    message_read(thread=thread, user=author, now=now)
    _notify_each(thread=thread, message=message, now=now)
    return message


def _notify_each(*, thread: Thread, message: Message, now: dt.datetime) -> None:
    relationship = thread.relationship
    recipients = [
        person
        for person in writers(relationship)
        if person.pk != message.author_id and person.is_active and person.email
    ]
    if not recipients:
        return
    Participant.objects.bulk_create(
        [Participant(thread=thread, user=person) for person in recipients],
        ignore_conflicts=True,
    )
    choices = dict(
        NotificationPreference.objects.filter(user__in=recipients).values_list(
            "user_id", "message_emails"
        )
    )
    for person in recipients:
        if choices.get(person.pk, MessageEmails.EACH) != MessageEmails.EACH:
            continue
        # One email until the person reads the conversation again.
        claimed = Participant.objects.filter(
            Q(notified_at__isnull=True) | Q(last_read_at__gte=F("notified_at")),
            thread=thread,
            user=person,
        ).update(notified_at=now)
        if claimed:
            send_templated_email(
                to=person.email,
                language=person.language,
                template="conversations/email/new_message",
                context={
                    "person": person,
                    "author": message.author,
                    "relationship": relationship,
                    "program": relationship.program,
                    "url": thread_url(relationship),
                },
                unsubscribe_url=unsubscribe.url(user=person, kind=MESSAGE_EMAILS),
            )


@transaction.atomic
def message_read(*, thread: Thread, user: User, now: dt.datetime | None = None) -> None:
    """``user`` has read the conversation up to now."""
    now = now or timezone.now()
    updated = Participant.objects.filter(thread=thread, user=user).update(last_read_at=now)
    if not updated:
        try:
            with transaction.atomic():
                Participant.objects.create(thread=thread, user=user, last_read_at=now)
        except IntegrityError:
            Participant.objects.filter(thread=thread, user=user).update(last_read_at=now)


@transaction.atomic
def tutors_invite(*, thread: Thread, by: User, on: bool) -> int:
    """A member lets the relationship's tutors write in the conversation (or takes it back).
    Returns how many tutors it concerned."""
    relationship = thread.relationship
    prefetch_related_objects([relationship], mentees_with_tutors())
    sides = {relationship.mentor.user_id, *(m.user_id for m in relationship.mentees.all())}
    if by.pk not in sides:
        raise PermissionDenied
    tutors = [tutor.user for tutor in relationship.tutors]
    if on:
        TutorInvitation.objects.bulk_create(
            [TutorInvitation(thread=thread, tutor=tutor, invited_by=by) for tutor in tutors],
            ignore_conflicts=True,
        )
    else:
        TutorInvitation.objects.filter(thread=thread).delete()
    return len(tutors)


@transaction.atomic
def report_add(*, message: Message, reporter: User, reason: str = "") -> MessageReport | None:
    """A report of a message, once per person (None when already reported). The program's
    coordinators get one email per reported message while it waits in the queue."""
    report = MessageReport(message=message, reporter=reporter, reason=reason.strip())
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return None
    waiting = (
        MessageReport.objects.filter(message=message, resolved_at__isnull=True)
        .exclude(pk=report.pk)
        .exists()
    )
    if not waiting:
        program = message.thread.relationship.program
        url = settings.SITE_URL + reverse("community:moderation", args=[program.slug])
        for access in accesses_with(program, Action.MODERATE_COMMUNITY):
            coordinator = access.user
            if not coordinator.email:
                continue
            send_templated_email(
                to=coordinator.email,
                language=coordinator.language,
                template="conversations/email/new_report",
                context={"person": coordinator, "program": program, "url": url},
            )
    return report


def _resolve(*, message: Message, by: User) -> None:
    MessageReport.objects.filter(message=message, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )


@transaction.atomic
def message_hide(*, message: Message, by: User, reason: str) -> None:
    """A coordinator hides a reported message (from everyone, with the reason shown in its
    place) and closes its reports."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is hidden.")})
    message.hidden_at = timezone.now()
    message.hidden_by = by
    message.hidden_reason = reason
    message.full_clean()
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    _resolve(message=message, by=by)


@transaction.atomic
def report_dismiss(*, report: MessageReport, by: User) -> None:
    """Nothing wrong: closes every open report of the message."""
    _resolve(message=report.message, by=by)


def _unread_for_summary() -> dict[int, list[tuple[Participant, int]]]:
    """For each person who chose the daily summary, their conversations with messages from
    others since they last read it or were last told, and how many (a few queries)."""
    people = NotificationPreference.objects.filter(message_emails=MessageEmails.DAILY).values(
        "user_id"
    )
    rows = list(
        Participant.objects.filter(user_id__in=people, user__is_active=True).select_related(
            "user", "thread__relationship__program", "thread__relationship__mentor__user"
        )
    )
    threads = {row.thread_id for row in rows}
    messages: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
    for thread_id, author_id, created in Message.objects.filter(
        thread_id__in=threads, hidden_at__isnull=True
    ).values_list("thread_id", "author_id", "created_at"):
        messages[thread_id].append((author_id, created))
    allowed: dict[int, set[int]] = {}
    for thread in Thread.objects.filter(pk__in=threads).select_related(
        "relationship__mentor__user"
    ):
        allowed[thread.pk] = {person.pk for person in writers(thread.relationship)}
    found: dict[int, list[tuple[Participant, int]]] = defaultdict(list)
    for row in rows:
        if row.user_id not in allowed.get(row.thread_id, set()):
            continue
        since = max(
            (t for t in (row.last_read_at, row.notified_at) if t is not None),
            default=None,
        )
        count = sum(
            1
            for author_id, created in messages[row.thread_id]
            if author_id != row.user_id and (since is None or created > since)
        )
        if count:
            found[row.user_id].append((row, count))
    return found


def daily_summary_send(*, now: dt.datetime) -> int:
    """Today's summaries not sent yet: one email per person who chose them and has unread
    messages. Returns how many were queued."""
    day = timezone.localdate(now)
    sent = 0
    for user_id, threads in _unread_for_summary().items():
        with transaction.atomic():
            try:
                with transaction.atomic():
                    SummarySent.objects.create(user_id=user_id, day=day)
            except IntegrityError:
                continue
            person = threads[0][0].user
            Participant.objects.filter(pk__in=[row.pk for row, _n in threads]).update(
                notified_at=now
            )
            send_templated_email(
                to=person.email,
                language=person.language,
                template="conversations/email/daily_summary",
                context={
                    "person": person,
                    "threads": [
                        {
                            "relationship": row.thread.relationship,
                            "count": count,
                            "url": thread_url(row.thread.relationship),
                        }
                        for row, count in threads
                    ],
                },
                unsubscribe_url=unsubscribe.url(user=person, kind=MESSAGE_EMAILS),
            )
            sent += 1
    return sent
