from django.conf import settings
from django_tasks import task

from puente.core.email_limits import link_email_counts_purge
from puente.core.models import OutboxEmail
from puente.core.outbox import deliver, deliver_pending_emails, outbox_purge


@task()
def deliver_email_task(*, outbox_id: int) -> bool:
    """Send one outbox email (enqueued when its transaction commits); running it twice, or while
    the sweep sends it, sends it once."""
    return deliver(outbox_id)


@task()
def deliver_outbox_task() -> int:
    """The daily (hourly) sweep: send the emails whose task never ran or died, then delete those
    sent more than 30 days ago. Returns how many were sent."""
    sent = deliver_pending_emails()
    outbox_purge()
    return sent


@task()
def link_email_counts_purge_task() -> int:
    """Daily: delete the link-email counts of windows that have ended (puente.core.email_limits)."""
    return link_email_counts_purge()


@task()
def send_email_task(*, to: str, subject: str, body: str) -> int:
    """Before the outbox: kept so that tasks queued by an earlier version still run. Their email
    goes through the outbox like any other (text and HTML, the same headers), in the default
    language, since the task never knew the recipient's."""
    email = OutboxEmail.objects.create(
        to=to, subject=subject, body=body, language=settings.LANGUAGE_CODE
    )
    return int(deliver(email.pk))
