"""The notification preferences page: any signed-in person, their own preferences only."""

import pytest

from puente.conftest import client_for
from puente.notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db

URL = "/me/notifications/"
ROLES = ["coordinator", "reviewer", "tutor", "mentor", "mentee", "observer", "outsider"]


@pytest.mark.parametrize("who", ROLES)
def test_every_signed_in_person_sees_their_preferences(world, who):
    response = client_for(getattr(world, who)).get(URL)
    assert response.status_code == 200
    assert b'name="meeting_reminders"' in response.content
    assert b'name="weekly_digest"' in response.content


def test_wrong_method(world):
    assert client_for(world.mentee).put(URL).status_code == 405


def test_the_defaults_are_on_until_saved(world):
    response = client_for(world.mentor).get(URL)
    form = response.context["form"]
    assert form["meeting_reminders"].value() is True
    assert form["weekly_digest"].value() is True
    assert not NotificationPreference.objects.exists()


def test_turning_both_off_and_on_again(world):
    client = client_for(world.tutor)
    response = client.post(URL, {})
    assert response.status_code == 302
    assert response["Location"] == URL
    world.tutor.refresh_from_db()
    assert world.tutor.meeting_reminders is False
    assert NotificationPreference.objects.get(user=world.tutor).weekly_digest is False
    # Submitting again changes nothing and keeps one row.
    client.post(URL, {})
    client.post(URL, {"meeting_reminders": "on", "weekly_digest": "on"})
    world.tutor.refresh_from_db()
    assert world.tutor.meeting_reminders is True
    assert NotificationPreference.objects.get(user=world.tutor).weekly_digest is True
    assert NotificationPreference.objects.count() == 1
    page = client.get(URL)
    assert page.context["form"]["weekly_digest"].value() is True


def test_saving_touches_only_ones_own_preferences(world):
    client_for(world.mentee).post(URL, {"weekly_digest": "on"})
    world.mentor.refresh_from_db()
    assert world.mentor.meeting_reminders is True
    assert list(NotificationPreference.objects.values_list("user_id", flat=True)) == [
        world.mentee.pk
    ]


def test_the_page_names_the_programs_with_a_digest(world):
    coordinator = client_for(world.coordinator).get(URL)
    assert list(coordinator.context["digest_programs"]) == [world.program]
    assert world.program.name in coordinator.content.decode()
    mentee = client_for(world.mentee).get(URL)
    assert mentee.context["digest_programs"] == []
    assert "for coordinators and tutors" in mentee.content.decode()


def test_the_profile_links_to_the_preferences(world):
    response = client_for(world.mentee).get("/me/")
    assert f'href="{URL}"'.encode() in response.content
