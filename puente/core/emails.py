"""Sending an email in the recipient's language, only once the surrounding transaction commits."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from puente.core.tasks import send_email_task


def send_templated_email(
    *, to: str, language: str, template: str, context: Mapping[str, Any]
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language`` and queue them.

    The message is rendered now (the context may hold unsaved or changing objects) and handed to a
    background task after commit, so a rolled-back action never sends mail.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    transaction.on_commit(lambda: send_email_task.enqueue(to=to, subject=subject, body=body))
