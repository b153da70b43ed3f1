"""Sending an email in the recipient's language, only once the surrounding transaction commits."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from puente.core.models import OutboxEmail
from puente.core.tasks import deliver_email_task


def send_templated_email(
    *, to: str, language: str, template: str, context: Mapping[str, Any]
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language`` and queue them.

    The message is rendered now (the context may hold unsaved or changing objects) and written to
    the outbox (``puente.core.outbox``) in the current transaction: it commits or rolls back with
    the caller's own writes, so a rolled-back action never sends mail and a committed one always
    does. A background task sends it after commit; the hourly sweep sends it if that task is lost.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    email = OutboxEmail.objects.create(to=to, subject=subject, body=body)
    transaction.on_commit(lambda: deliver_email_task.enqueue(outbox_id=email.pk))
