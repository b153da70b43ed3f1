import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Avg, Count, Sum

from puente.accounts.models import BusinessProfile, SignInLink, User
from puente.community.models import Story
from puente.feedback.models import MeetingFeedback, PulseAnswer
from puente.instruments.models import Answer
from puente.mentoring.models import (
    BusyCalendar,
    BusyInterval,
    CalendarFeed,
    Meeting,
    MeetingLog,
    PrivateNote,
)
from puente.monitoring.indicators import compute
from puente.monitoring.models import Indicator
from puente.plans.models import Goal
from puente.privacy.models import ErasureRecord, ErasureRequest
from puente.privacy.registry import REDACTED, erased_name
from puente.privacy.services import person_erase
from puente.privacy.tests.conftest import EMAIL, NAME

NEEDLES = [NAME, EMAIL, "Quetzalcóatl", "Ñandutí", "zacarias.qn"]
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def traces(needles: list[str]) -> list[str]:
    """Every (model, field) whose text holds one of the needles, over every installed model."""
    found = []
    lowered = [needle.lower() for needle in needles]
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for row in model._default_manager.values_list("pk", *fields):
            for name, value in zip(fields, row[1:], strict=True):
                if value is None:
                    continue
                text = _text(value).lower()
                for needle in lowered:
                    if needle in text:
                        found.append(f"{model._meta.label}.{name} #{row[0]}: {needle}")
    return found


def aggregates(person) -> dict[str, Any]:
    program = person.relationship.program
    indicators = Indicator.objects.filter(program=program)
    results = compute(indicators, today=dt.date(2027, 6, 1), labels={})
    return {
        "feedback": MeetingFeedback.objects.aggregate(Avg("usefulness"), Count("pk")),
        "pulse": PulseAnswer.objects.aggregate(Avg("rating")),
        "meetings_held": Meeting.objects.filter(status=Meeting.Status.HELD).count(),
        "minutes": MeetingLog.objects.aggregate(Sum("duration_minutes")),
        "numbers": Answer.objects.aggregate(Sum("number")),
        "goals": Goal.objects.aggregate(Sum("current_value"), Sum("target_value")),
        "indicators": [
            (
                r.indicator.pk,
                {k: (v.value, v.people) for k, v in r.overall.values.items()},
                [
                    (g.label, {k: (v.value, v.people) for k, v in g.values.items()})
                    for g in r.groups
                ],
            )
            for r in results
        ],
    }


@pytest.mark.django_db
def test_the_fixture_leaves_traces_to_find(person):
    # Without this the test below could pass by searching the wrong place.
    found = traces(NEEDLES)
    for label in ("accounts.User", "auditlog.LogEntry", "mentoring.MeetingLog", "community.Post"):
        assert any(item.startswith(label) for item in found), label


@pytest.mark.django_db
def test_erasure_leaves_no_trace_of_name_or_email_in_any_text_column(person, world):
    person_erase(user=person.user, by=world.coordinator, reason="Pedido")

    assert traces(NEEDLES) == []


@pytest.mark.django_db
def test_aggregates_are_the_same_after_erasure(person, world):
    before = aggregates(person)
    assert before["meetings_held"] == 2
    assert before["indicators"]

    person_erase(user=person.user, by=world.coordinator, reason="")

    assert aggregates(person) == before


@pytest.mark.django_db
def test_the_person_is_anonymised_and_cannot_sign_in(person, world):
    record = person_erase(user=person.user, by=world.coordinator, reason="Pedido")

    user = User.objects.get(pk=person.user.pk)
    assert user.full_name == erased_name(user)
    assert user.full_name.startswith("Persona eliminada ")
    assert user.email.endswith(".invalid")
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.bio == "" and user.preferred_name == ""
    assert user.language == person.user.language
    assert user.city == "Cusco"  # categorical: indicators are broken down by it
    assert not user.check_password("correct-horse-battery")
    assert record.user_id_erased == user.pk
    assert record.erased_by == world.coordinator
    assert record.counts["mentoring.PrivateNote"] == 1
    assert record.counts["accounts.User"] == 1
    assert NAME not in json.dumps(record.counts)


@pytest.mark.django_db
def test_erasure_deletes_private_notes_uploads_feeds_and_links(person, world):
    assert default_storage.exists(person.answer_file)

    person_erase(user=person.user, by=world.coordinator)

    assert not PrivateNote.objects.filter(author=person.user).exists()
    assert PrivateNote.objects.filter(author=person.mentor).count() == 1
    assert not default_storage.exists(person.answer_file)
    assert not CalendarFeed.objects.filter(user=person.user).exists()
    assert not BusyCalendar.objects.filter(user=person.user).exists()
    assert not BusyInterval.objects.filter(calendar__user=person.user).exists()
    assert not SignInLink.objects.filter(user=person.user).exists()


@pytest.mark.django_db
def test_erasure_redacts_what_the_person_wrote_and_keeps_the_others(person, world):
    person_erase(user=person.user, by=world.coordinator)

    mine = MeetingLog.objects.get(written_by=person.user)
    assert (mine.topics, mine.next_steps, mine.shared_notes) == (REDACTED,) * 3
    assert mine.held and mine.duration_minutes == 60
    theirs = MeetingLog.objects.get(written_by=person.mentor)
    assert theirs.topics == "Ventas"
    feedback = MeetingFeedback.objects.get(author=person.user)
    assert (feedback.usefulness, feedback.helped) == (4, REDACTED)
    assert BusinessProfile.objects.get(owner=person.user).legal_name == REDACTED
    story = Story.objects.get(author=person.user)
    assert story.status == Story.Status.DRAFT
    goal = Goal.objects.get()
    assert goal.title == REDACTED and goal.current_value == Decimal(4)


@pytest.mark.django_db
def test_erasing_twice_changes_nothing(person, world):
    first = person_erase(user=person.user, by=world.coordinator)
    user = User.objects.get(pk=person.user.pk)
    name = user.full_name

    second = person_erase(user=user, by=world.other_coordinator)

    assert second.pk == first.pk
    assert ErasureRecord.objects.count() == 1
    user.refresh_from_db()
    assert user.full_name == name


@pytest.mark.django_db
def test_erasure_closes_the_request(person, world):
    request = ErasureRequest.objects.create(
        user=person.user, reason="Me voy", status=ErasureRequest.Status.PENDING
    )

    record = person_erase(user=person.user, by=world.coordinator)

    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.ERASED
    assert request.handled_by == world.coordinator
    assert request.reason == REDACTED
    assert record.request == request


@pytest.mark.django_db
def test_erasure_revokes_api_tokens_if_the_api_exists(person, world):
    try:
        token_model = apps.get_model("api", "ApiToken")
    except LookupError:
        pytest.skip("no API app")
    token = token_model.objects.create(user=person.user, name="t", prefix="p", key_hash="k" * 64)

    person_erase(user=person.user, by=world.coordinator)

    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_erasure_redacts_webhook_payloads_that_name_the_person(person, world):
    try:
        webhook_model = apps.get_model("api", "Webhook")
        delivery_model = apps.get_model("api", "WebhookDelivery")
    except LookupError:
        pytest.skip("no API app")
    webhook = webhook_model.objects.create(
        program=world.program, url="https://example.org/hook", secret="s" * 32
    )
    about = delivery_model.objects.create(
        webhook=webhook, event="meeting.logged", payload={"by": {"name": NAME, "email": EMAIL}}
    )
    other = delivery_model.objects.create(
        webhook=webhook, event="meeting.logged", payload={"by": {"name": "Otra"}}
    )

    person_erase(user=person.user, by=world.coordinator)

    about.refresh_from_db()
    other.refresh_from_db()
    assert about.payload == {"redacted": True}
    assert other.payload == {"by": {"name": "Otra"}}


def test_erasing_a_coordinator_takes_their_name_off_the_certificates_they_signed(world):
    from puente.mentoring.models import Relationship
    from puente.reports.models import Certificate
    from puente.reports.services import certificates_issue

    mentor = world.program.memberships.get(role="mentor")
    relationship = Relationship.objects.create(
        program=world.program,
        wave=world.wave,
        mentor=mentor,
        starts_on=dt.date(2026, 2, 2),
        ends_on=dt.date(2026, 5, 29),
        status=Relationship.Status.COMPLETED,
    )
    relationship.mentees.add(world.program.memberships.get(role="mentee"))
    certificates_issue(program=world.program, by=world.coordinator)
    other = Certificate.objects.get(role="mentor")
    other.signer_name = "Rosa Quispe Mamani"  # someone else signs this one
    other.save()
    person_erase(user=world.coordinator, by=None)
    signed = Certificate.objects.get(role="mentee")
    assert signed.signer_name == erased_name(world.coordinator)
    assert Certificate.objects.get(role="mentor").signer_name == "Rosa Quispe Mamani"
    assert signed.holder_name == world.mentee.full_name  # the holder's name stays
