"""A person's messages are in their data download, and their erasure takes their words and files
out of the conversations (the messages stay, so the others' answers keep their place)."""

import json

from django.core.files.storage import default_storage
from django.urls import reverse

from puente.conftest import client_for
from puente.conversations.models import Message, MessageReport, Participant
from puente.privacy import services as privacy
from puente.privacy.registry import REDACTED
from puente.privacy.tests.conftest import EMAIL, NAME
from puente.privacy.tests.conftest import person as person  # noqa: F401 - the fixture


def test_the_download_holds_my_messages_and_not_the_others(person):
    response = client_for(person.user).post(reverse("privacy:download"), {"file_format": "json"})
    assert response.status_code == 200
    data = json.loads(response.content)
    mine = data["kinds"]["messages"]["rows"]
    assert [row["body"] for row in mine] == [f"Soy {NAME}, escríbeme a {EMAIL}"]
    assert "Con gusto" not in response.content.decode()
    assert data["kinds"]["messages_reported"]["rows"][0]["reason"] == f"Reporta {NAME}"


def test_erasure_redacts_my_messages_and_deletes_their_files(person, world):
    message = Message.objects.get(author=person.user)
    stored = message.attachment.name
    assert default_storage.exists(stored)
    privacy.person_erase(user=person.user, by=world.coordinator)
    message.refresh_from_db()
    assert message.body == REDACTED
    assert message.attachment.name == ""
    assert message.attachment_name == ""
    assert not default_storage.exists(stored)
    assert Message.objects.get(author=world.mentor).body == "Con gusto"
    assert MessageReport.objects.get().reason == REDACTED
    assert not Participant.objects.filter(user=person.user).exists()
