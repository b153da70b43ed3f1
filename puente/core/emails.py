"""Sending an email in the recipient's language, only once the surrounding transaction commits."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from puente.core.models import OutboxEmail
from puente.core.site import site_name
from puente.core.tasks import deliver_email_task


def render_text(name: str, context: Mapping[str, Any]) -> str:
    """Render a plain-text template (an email's subject or text body) without HTML escaping:
    ``Taller "Finanzas" & <Ventas>`` must reach the reader as typed, not as ``&quot;``. HTML
    templates, pages and any HTML email part keep Django's autoescaping."""
    if not name.endswith(".txt"):
        raise ValueError(f"{name} is not a plain-text template")
    template = get_template(name).template  # type: ignore[attr-defined]
    return str(template.render(Context(dict(context), autoescape=False)))


def send_templated_email(
    *,
    to: str,
    language: str,
    template: str,
    context: Mapping[str, Any],
    unsubscribe_url: str = "",
    calendar: str = "",
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language`` and queue them.
    Both are plain text, rendered without HTML escaping (``render_text``); the email goes out
    as text and HTML, the HTML derived from the text (``puente.core.email_html``).

    ``unsubscribe_url`` marks a notification the person can turn off: the one-click address
    that turns it off (``puente.accounts.unsubscribe``), sent as ``List-Unsubscribe`` and
    offered to the template as ``unsubscribe_url``. Templates also get ``site_name``.

    ``calendar`` is an iTIP invitation (an iCalendar object with a METHOD, built in the
    recipient's language by the caller) that goes with the email: a calendar program adds,
    moves or takes off the entry with one click (``puente.core.outbox.build_message``).

    The message is rendered now (the context may hold unsaved or changing objects) and written to
    the outbox (``puente.core.outbox``) in the current transaction: it commits or rolls back with
    the caller's own writes, so a rolled-back action never sends mail and a committed one always
    does. A background task sends it after commit; the hourly sweep sends it if that task is lost.
    """
    context = {"site_name": site_name(), "unsubscribe_url": unsubscribe_url, **context}
    with translation.override(language):
        subject = " ".join(render_text(f"{template}_subject.txt", context).split())
        body = render_text(f"{template}_body.txt", context)
    email = OutboxEmail.objects.create(
        to=to,
        subject=subject,
        body=body,
        language=language,
        unsubscribe_url=unsubscribe_url,
        calendar=calendar,
    )
    transaction.on_commit(lambda: deliver_email_task.enqueue(outbox_id=email.pk))
