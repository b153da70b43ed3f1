"""Webhooks: registered by coordinators, fired by the services' events, signed, retried."""

import datetime as dt
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from puente.api import services
from puente.api.models import Webhook, WebhookDelivery, WebhookEvent
from puente.api.tasks import webhook_deliver_task, webhook_retry_task
from puente.api.tests.conftest import api_client_for
from puente.core import hooks, outbound
from puente.mentoring import services as mentoring
from puente.monitoring.tests.conftest import me_world  # noqa: F401 - a shared fixture
from puente.monitoring.tests.test_indicators import _answers


class Receiver:
    """A local HTTP server thread that answers the statuses it is given, in order, and keeps
    what it received (no network)."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/puente"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


def _webhook(world, url, events=(WebhookEvent.MEETING_LOGGED,)):
    webhook, secret = services.webhook_create(
        program=world.program, by=world.coordinator, url=url, events=list(events)
    )
    return webhook, secret


# --- Registering -------------------------------------------------------------------------------


def test_a_coordinator_registers_a_webhook_and_sees_its_secret_once(world):
    client = api_client_for(world.coordinator)
    url = reverse("api:webhook-list", args=[world.program.slug])
    response = client.post(
        url,
        {"url": "https://hooks.example.org/puente", "events": ["meeting.logged", "round.closed"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["secret"].startswith("whsec_")
    assert Webhook.objects.get(pk=created["id"]).secret == created["secret"]
    listed = client.get(url).json()["results"]
    assert [w["id"] for w in listed] == [created["id"]]
    assert "secret" not in listed[0]
    detail = reverse("api:webhook-detail", args=[world.program.slug, created["id"]])
    assert "secret" not in client.get(detail).json()
    assert client.delete(detail).status_code == 204
    assert not Webhook.objects.exists()


def test_only_coordinators_register_webhooks(world):
    data = {"url": "https://hooks.example.org/x", "events": ["meeting.logged"]}
    url = reverse("api:webhook-list", args=[world.program.slug])
    for person in (world.mentor, world.tutor, world.observer):
        assert api_client_for(person).post(url, data, format="json").status_code == 403
    assert api_client_for(world.outsider).post(url, data, format="json").status_code == 404
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"url": "https://hooks.example.org/x", "events": ["everything"]}, "events"),
        ({"url": "https://hooks.example.org/x", "events": []}, "events"),
        ({"url": "not a url", "events": ["meeting.logged"]}, "url"),
        ({"url": "https://hooks.example.org/x", "events": ["round.closed"], "x": 1}, "x"),
        ({"url": "ftp://hooks.example.org/x", "events": ["round.closed"]}, "url"),
    ],
)
def test_bad_webhooks_are_400(world, data, field):
    response = api_client_for(world.coordinator).post(
        reverse("api:webhook-list", args=[world.program.slug]), data, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


@override_settings(WEBHOOK_ALLOW_PRIVATE=False)
@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.org/x",
        "https://127.0.0.1/x",
        "https://localhost/x",
        "https://10.1.2.3/x",
        "https://192.168.0.10/x",
        "https://[::1]/x",
        "https://169.254.169.254/latest/meta-data",
    ],
)
def test_production_refuses_plain_http_and_private_addresses(world, url):
    response = api_client_for(world.coordinator).post(
        reverse("api:webhook-list", args=[world.program.slug]),
        {"url": url, "events": ["meeting.logged"]},
        format="json",
    )
    assert response.status_code == 400
    assert "url" in response.json()


def test_every_event_has_its_hook_registered():
    for name in WebhookEvent.values:
        assert services.event_record in hooks._event_callbacks[name]


# --- Delivering --------------------------------------------------------------------------------


def _verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does (docs/api.md): recompute the HMAC of "timestamp.body"."""
    parts = dict(item.split("=", 1) for item in headers["X-Puente-Signature"].split(","))
    expected = hmac.new(
        secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def test_a_logged_meeting_is_delivered_signed(
    world, relationship, receiver, django_capture_on_commit_callbacks
):
    _webhook_obj, secret = _webhook(world, receiver.url)
    meeting = relationship.meetings.order_by("number").first()
    with django_capture_on_commit_callbacks(execute=True):
        mentoring.meeting_log(
            meeting=meeting,
            by=world.mentor,
            data={"held": True, "duration_minutes": 50, "topics": "x"},
        )
    (headers, body) = receiver.received[0]
    assert len(receiver.received) == 1
    assert _verify(secret, headers, body)
    assert not _verify("whsec_wrong", headers, body)
    payload = json.loads(body)
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Puente-Delivery"] == str(delivery.pk) == payload["id"]
    assert headers["X-Puente-Event"] == "meeting.logged" == payload["event"]
    assert payload["data"] == {
        "program": world.program.pk,
        "relationship": relationship.pk,
        "meeting": meeting.pk,
        "held": True,
    }
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [200]


def test_events_go_only_to_webhooks_of_the_program_that_asked_for_them(
    world, relationship, receiver, django_capture_on_commit_callbacks
):
    _webhook(world, receiver.url, events=[WebhookEvent.ROUND_CLOSED])
    services.webhook_create(
        program=world.other_program,
        by=world.other_coordinator,
        url=receiver.url,
        events=[WebhookEvent.MEETING_LOGGED],
    )
    meeting = relationship.meetings.order_by("number").first()
    with django_capture_on_commit_callbacks(execute=True):
        mentoring.meeting_log(meeting=meeting, by=world.mentor, data={"held": False})
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_a_closed_round_is_delivered(world, me_world, receiver, django_capture_on_commit_callbacks):  # noqa: F811
    _webhook(world, receiver.url, events=[WebhookEvent.ROUND_CLOSED])
    with django_capture_on_commit_callbacks(execute=True):
        round_ = _answers(me_world, "baseline", [])
    (_headers, body) = receiver.received[0]
    assert json.loads(body)["data"] == {
        "program": world.program.pk,
        "round": round_.pk,
        "kind": "baseline",
    }


def _pending_delivery(world, receiver) -> WebhookDelivery:
    webhook, _secret = _webhook(world, receiver.url)
    return WebhookDelivery.objects.create(
        webhook=webhook, event=WebhookEvent.MEETING_LOGGED, payload={"program": world.program.pk}
    )


def test_a_500_is_retried_after_its_backoff_until_it_succeeds(world, receiver):
    delivery = _pending_delivery(world, receiver)
    receiver.statuses = [500, 503]
    start = timezone.now()
    assert webhook_deliver_task.enqueue(delivery_id=str(delivery.pk)).return_value == "pending"
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.next_attempt_at == pytest.approx(
        start + dt.timedelta(minutes=1), abs=dt.timedelta(seconds=5)
    )
    # Not yet due: running again sends nothing.
    assert webhook_deliver_task.enqueue(delivery_id=str(delivery.pk)).return_value == "pending"
    assert len(receiver.received) == 1
    with time_machine.travel(start + dt.timedelta(minutes=2)):
        assert webhook_retry_task.enqueue().return_value == 1
    with time_machine.travel(start + dt.timedelta(minutes=9)):
        assert webhook_retry_task.enqueue().return_value == 1
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert list(delivery.attempt_log.values_list("number", "status_code")) == [
        (1, 500),
        (2, 503),
        (3, 200),
    ]
    # Every attempt carries the same delivery id, for the receiver's idempotency.
    assert {headers["X-Puente-Delivery"] for headers, _body in receiver.received} == {
        str(delivery.pk)
    }


def test_it_gives_up_after_five_attempts(world, receiver):
    delivery = _pending_delivery(world, receiver)
    receiver.statuses = [500] * 10
    moment = timezone.now()
    for _n in range(7):
        with time_machine.travel(moment):
            services.delivery_attempt(delivery_id=str(delivery.pk))
        moment += dt.timedelta(hours=3)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == 5
    assert len(receiver.received) == 5


def test_an_unreachable_address_is_recorded_as_an_error(world, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    webhook, _secret = _webhook(world, "http://127.0.0.1:9/nothing-listens-here")
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, event=WebhookEvent.MEETING_LOGGED, payload={}
    )
    assert services.delivery_attempt(delivery_id=str(delivery.pk)) == "pending"
    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None and attempt.error


def test_a_submitted_application_is_delivered_once(
    world, receiver, django_capture_on_commit_callbacks
):
    from puente.recruitment.tests.helpers import (
        focus_area,
        make_call_with_rubric,
        submitted_application,
    )

    focus_area(world.program)
    call = make_call_with_rubric(world.program, by=world.coordinator)
    _webhook(world, receiver.url, events=[WebhookEvent.APPLICATION_SUBMITTED])
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted_application(call, email="ana@example.org")
    assert len(receiver.received) == 1
    data = json.loads(receiver.received[0][1])["data"]
    assert data == {
        "program": world.program.pk,
        "call": call.pk,
        "application": application.pk,
        "role": "mentee",
    }


def test_each_confirmed_match_is_delivered(world, receiver, django_capture_on_commit_callbacks):
    from decimal import Decimal

    from puente.core.permissions import Role
    from puente.matching import services as matching
    from puente.matching.models import MatchRun, Proposal

    program = world.program
    run = MatchRun.objects.create(
        program=program, wave=world.wave, created_by=world.coordinator, matched=1
    )
    Proposal.objects.create(
        run=run,
        mentee=program.memberships.get(role=Role.MENTEE),
        mentor=program.memberships.get(role=Role.MENTOR),
        score=Decimal("0.8"),
    )
    _webhook(world, receiver.url, events=[WebhookEvent.MATCH_CONFIRMED])
    with django_capture_on_commit_callbacks(execute=True):
        (match,) = matching.run_confirm(run=run, by=world.coordinator).matches
    (_headers, body) = receiver.received[0]
    assert len(receiver.received) == 1
    assert json.loads(body)["data"] == {"program": program.pk, "run": run.pk, "match": match.pk}


# --- DNS rebinding ------------------------------------------------------------------------------


class _Resolver:
    """getaddrinfo answering the given addresses in turn (the last one for ever after)."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.calls = 0

    def __call__(self, host, *args, **kwargs):
        answer = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        return [(2, 1, 6, "", (answer, 0))]


def _production_delivery(world, monkeypatch, settings, *answers):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    resolver = _Resolver(*answers)
    monkeypatch.setattr(outbound.socket, "getaddrinfo", resolver)
    connected: list[tuple[str, int]] = []

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr(outbound.socket, "create_connection", create_connection)
    webhook = Webhook.objects.create(
        program=world.program,
        url="https://hooks.example.org/puente",
        events=[WebhookEvent.MEETING_LOGGED],
        secret="whsec_test",
        created_by=world.coordinator,
    )
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, event=WebhookEvent.MEETING_LOGGED, payload={}
    )
    services.delivery_attempt(delivery_id=str(delivery.pk))
    return delivery.attempt_log.get(), connected, resolver


def test_the_connection_goes_to_the_address_that_was_checked(world, monkeypatch, settings):
    attempt, connected, _resolver = _production_delivery(
        world, monkeypatch, settings, "93.184.216.34"
    )
    assert connected == [("93.184.216.34", 443)]
    assert attempt.error == "no network in tests"


def test_a_name_that_turns_private_after_the_check_is_not_called(world, monkeypatch, settings):
    """DNS rebinding: public when registered and checked, then 127.0.0.1. The address the
    connection would use is itself checked, and the request never leaves."""
    attempt, connected, resolver = _production_delivery(
        world, monkeypatch, settings, "93.184.216.34", "127.0.0.1"
    )
    assert connected == []
    assert resolver.calls >= 2
    assert attempt.status_code is None and attempt.error == "address refused"
