"""Writes of the notifications app: saving a person's preferences and sending the weekly digests.

The digest goes out once per person, program and ISO week. ``run_daily`` enqueues the task every
day (hourly is fine): the first run of a week from Monday at ``DIGEST_FROM_HOUR`` (server time)
on decides each person's digest; later runs that week find every digest claimed and send nothing.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from puente.accounts import unsubscribe
from puente.accounts.models import User
from puente.core.emails import send_templated_email
from puente.notifications import selectors
from puente.notifications.models import DigestSent, MessageEmails, NotificationPreference
from puente.programs.models import Program

# Not before 05:00 on Monday (the server's TIME_ZONE), so an hourly run_daily does not mail
# coordinators at midnight; a run later in the week still sends the week's digest if none went.
DIGEST_FROM_HOUR = 5


WEEKLY_DIGEST = "weekly_digest"


@transaction.atomic
def notification_preferences_save(
    *,
    user: User,
    meeting_reminders: bool,
    log_nudges: bool,
    weekly_digest: bool,
    message_emails: str | None = None,
) -> NotificationPreference:
    """Save what ``user`` wants by email. Meeting reminders and reminders to log live on the
    person (mentoring reads them there); the digest preference is created here the first time
    it is saved."""
    changed = [
        name
        for name, value in (("meeting_reminders", meeting_reminders), ("log_nudges", log_nudges))
        if getattr(user, name) != value
    ]
    if changed:
        user.meeting_reminders, user.log_nudges = meeting_reminders, log_nudges
        user.save(update_fields=changed)
    preference = selectors.preference_for(user)
    preference.weekly_digest = weekly_digest
    if message_emails is not None:
        preference.message_emails = message_emails
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def weekly_digest_turn_off(*, user: User) -> None:
    """Turn the weekly digest off (one click in a digest's email); nothing changes if it is off."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    if preference.weekly_digest:
        preference.weekly_digest = False
        preference.save(update_fields=["weekly_digest", "updated_at"])


MESSAGE_EMAILS = "message_emails"


@transaction.atomic
def message_emails_turn_off(*, user: User) -> None:
    """No more emails about new messages (one click in such an email); idempotent."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    if preference.message_emails != MessageEmails.NONE:
        preference.message_emails = MessageEmails.NONE
        preference.save(update_fields=["message_emails", "updated_at"])


def _claim(*, digest: selectors.Digest, now: dt.datetime) -> bool:
    """Record this week's digest of the person and program; True only for the one caller whose
    INSERT took it (the unique constraint refuses a second, even from a racing worker)."""
    try:
        with transaction.atomic():
            DigestSent.objects.create(
                user=digest.user,
                program=digest.program,
                week=digest.week,
                emailed=digest.has_news,
                sent_at=now,
            )
    except IntegrityError:
        return False
    return True


def digest_deliver(*, digest: selectors.Digest, now: dt.datetime) -> bool:
    """Claim the digest, then queue its email (sent once the claim commits, in the recipient's
    language). A digest with nothing to say is claimed but not emailed. Returns whether an email
    was queued."""
    with transaction.atomic():
        if not _claim(digest=digest, now=now):
            return False
        if not digest.has_news:
            return False
        user = digest.user
        send_templated_email(
            to=user.email,
            language=user.language,
            template="notifications/email/weekly_digest",
            context={"digest": digest, "person": user, "program": digest.program},
            unsubscribe_url=unsubscribe.url(user=user, kind=WEEKLY_DIGEST),
        )
    return True


def weekly_digest_send(*, now: dt.datetime) -> int:
    """Send this ISO week's digests not sent yet, program by program. Returns how many emails
    were queued."""
    local = timezone.localtime(now)
    if local.weekday() == 0 and local.hour < DIGEST_FROM_HOUR:
        return 0
    week = selectors.week_of(local.date())
    sent = 0
    for program in Program.objects.exclude(status=Program.Status.CLOSED).order_by("pk"):
        for digest in selectors.weekly_digests(program=program, week=week):
            sent += digest_deliver(digest=digest, now=now)
    return sent
