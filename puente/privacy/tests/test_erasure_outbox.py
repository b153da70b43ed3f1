"""Erasure and the email outbox (puente.core.outbox): emails hold names and addresses."""

import pytest
from django.utils import timezone

from puente.core.models import OutboxEmail
from puente.privacy.services import person_erase
from puente.privacy.tests.conftest import EMAIL, NAME
from puente.privacy.tests.test_erasure import NEEDLES, traces


@pytest.mark.django_db
def test_erasure_deletes_the_emails_to_and_about_the_person(person, world):
    to_them = OutboxEmail.objects.create(
        to=EMAIL, subject="Reminder", body="Hello", sent_at=timezone.now()
    )
    pending = OutboxEmail.objects.create(to=EMAIL.upper(), subject="Reminder", body="Hi")
    about = OutboxEmail.objects.create(
        to="coordinator@example.org", subject="Digest", body=f"{NAME} has not met"
    )
    other = OutboxEmail.objects.create(
        to="coordinator@example.org", subject="Digest", body="Everyone met"
    )
    assert any(item.startswith("core.OutboxEmail") for item in traces(NEEDLES))

    record = person_erase(user=person.user, by=world.coordinator)

    assert list(OutboxEmail.objects.values_list("pk", flat=True)) == [other.pk]
    assert not OutboxEmail.objects.filter(pk__in=[to_them.pk, pending.pk, about.pk]).exists()
    assert record.counts["core.OutboxEmail"] == 3
    assert traces(NEEDLES) == []
