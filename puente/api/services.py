"""Writes of the api app: tokens, webhooks and the delivery of their events."""

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.api.models import ApiToken, Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent
from puente.core import outbound
from puente.core.tokens import token_hash
from puente.programs.models import Program

KEY_PREFIX = "pte_"
MAX_ATTEMPTS = 5
# Waits before the 2nd, 3rd, 4th and 5th attempts.
BACKOFF = [
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
]
SIGNATURE_HEADER = "X-Puente-Signature"
DELIVERY_HEADER = "X-Puente-Delivery"
EVENT_HEADER = "X-Puente-Event"


# --- Tokens -------------------------------------------------------------------------------------


def _split_key(key: str) -> tuple[str, str] | None:
    """``pte_<prefix>_<secret>`` → (prefix, key) or None when it has not that shape."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    prefix, sep, rest = key[len(KEY_PREFIX) :].partition("_")
    if not sep or len(prefix) != 8 or not rest:
        return None
    return prefix, key


def api_token_prefix(key: str) -> str | None:
    """The public prefix of a key of the right shape (``pte_<prefix>_…``), else None."""
    parts = _split_key(key)
    return parts[0].lower() if parts else None


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``. Returns it with its key, which is shown once: only its hash is
    stored."""
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name.strip(), prefix=prefix, key_hash=token_hash(key))
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_for_key(key: str) -> ApiToken | None:
    """The live token a key opens (its owner active), else None. Marks it used (at most once a
    minute, so reading does not write on every request)."""
    parts = _split_key(key)
    if parts is None:
        return None
    prefix, _key = parts
    token = (
        ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, token_hash(key)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- Webhooks -----------------------------------------------------------------------------------


def webhook_url_check(url: str) -> None:
    """Refuse an address Puente must not call (``core.outbound``): https only, and never this
    machine or a private network — unless WEBHOOK_ALLOW_PRIVATE (development and tests)."""
    outbound.check_url(url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE)


@transaction.atomic
def webhook_create(
    *, program: Program, by: User, url: str, events: Sequence[str]
) -> tuple[Webhook, str]:
    """Register an address for some of a program's events. Returns it with its signing secret,
    shown once."""
    webhook_url_check(url)
    unknown = set(events) - set(WebhookEvent.values)
    if unknown or not events:
        raise ValidationError({"events": _("Choose at least one of the listed events.")})
    secret = "whsec_" + secrets.token_urlsafe(32)
    webhook = Webhook(
        program=program,
        url=url,
        events=sorted(set(events)),
        secret=secret,
        created_by=by,
    )
    webhook.full_clean()
    webhook.save()
    return webhook, secret


@transaction.atomic
def webhook_delete(*, webhook: Webhook) -> None:
    webhook.delete()


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: ``t=<unix time>,v1=<HMAC-SHA256 of "t.body" in hex>``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def event_record(name: str, payload: dict[str, Any]) -> None:
    """The ``hooks.event`` callback: one delivery per active webhook of the program that asked for
    this event, each sent by a background task once recorded."""
    from puente.api.tasks import webhook_deliver_task

    webhooks = [
        webhook
        for webhook in Webhook.objects.filter(program_id=int(payload["program"]), is_active=True)
        if name in webhook.events
    ]
    with transaction.atomic():
        for webhook in webhooks:
            delivery = WebhookDelivery.objects.create(webhook=webhook, event=name, payload=payload)
            transaction.on_commit(
                partial(webhook_deliver_task.enqueue, delivery_id=str(delivery.pk))
            )


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(
        {
            "id": str(delivery.pk),
            "event": delivery.event,
            "created_at": delivery.created_at.isoformat(),
            "data": delivery.payload,
        },
        sort_keys=True,
    ).encode()


def delivery_attempt(*, delivery_id: str, now: dt.datetime | None = None) -> str:
    """One attempt at a pending delivery whose time has come; records its answer and, on failure,
    when to try again (or gives up after five attempts). Returns the delivery's status."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("webhook")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return ""
        if delivery.status != WebhookDelivery.Status.PENDING or (
            delivery.next_attempt_at and delivery.next_attempt_at > now
        ):
            return delivery.status
        # Claim the attempt before the call, so two workers never send the same one.
        delivery.attempts += 1
        delivery.next_attempt_at = now + BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    webhook = delivery.webhook
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Puente-Webhooks/1",
        SIGNATURE_HEADER: sign(webhook.secret, int(now.timestamp()), body),
        DELIVERY_HEADER: str(delivery.pk),
        EVENT_HEADER: delivery.event,
    }
    status_code: int | None = None
    error = ""
    try:
        # The guard checks the address again now (the name may resolve elsewhere since it was
        # registered) and connects to the very address it checked.
        status_code = outbound.request(
            "POST",
            webhook.url,
            allow_private=settings.WEBHOOK_ALLOW_PRIVATE,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            body=body,
            headers=headers,
        ).status
    except outbound.OutboundError as exc:
        error = str(exc)[:300]
    WebhookAttempt.objects.create(
        delivery=delivery, number=delivery.attempts, status_code=status_code, error=error
    )
    if status_code is not None and 200 <= status_code < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "delivered_at", "next_attempt_at"])
    return delivery.status


def deliveries_due(*, now: dt.datetime | None = None) -> list[str]:
    """The pending deliveries whose next attempt is due (the retry sweep sends them)."""
    now = now or timezone.now()
    return [
        str(pk)
        for pk in WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    ]
