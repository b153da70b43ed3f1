"""The later apps' models are in the audit trail (registered in each app's ready())."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps

AUDITED = [
    "events.Event",
    "events.EventInvitation",
    "plans.GrowthPlan",
    "plans.GapAssessment",
    "plans.ImprovementArea",
    "plans.Goal",
    "plans.PlanAction",
    "plans.ProgressUpdate",
    "plans.AreaTarget",
    "feedback.MeetingFeedback",
    "feedback.Pulse",
    "feedback.PulseAnswer",
    "feedback.Lesson",
    "monitoring.Round",
    "monitoring.RoundInvitation",
    "monitoring.Indicator",
    "notifications.NotificationPreference",
    "library.Resource",
    "library.ManualConfirmation",
    "community.Post",
    "community.Comment",
    "community.Report",
    "community.Story",
    "community.CommunitySettings",
    "reports.MentorReport",
    "reports.Certificate",
    "reports.ExportFile",
    "privacy.ErasureRequest",
    "privacy.ErasureRecord",
]


@pytest.mark.parametrize("label", AUDITED)
def test_model_is_audited(label):
    assert auditlog.contains(apps.get_model(label))


@pytest.mark.django_db
def test_pulse_answers_are_logged_without_what_was_answered(person):
    from puente.feedback.models import PulseAnswer

    answer = PulseAnswer.objects.get(author=person.user)
    entry = LogEntry.objects.get_for_object(answer).get()
    assert set(entry.changes_dict) == {"pulse", "author"}


@pytest.mark.django_db
def test_a_post_is_logged_with_its_text(person):
    from puente.community.models import Post

    post = Post.objects.get(author=person.user)
    entry = LogEntry.objects.get_for_object(post).get()
    assert "body" in entry.changes_dict


@pytest.mark.django_db
def test_erasure_request_reason_is_never_logged(world):
    from puente.privacy.models import ErasureRequest

    request = ErasureRequest.objects.create(user=world.mentee, reason="Motivo muy personal")
    entry = LogEntry.objects.get_for_object(request).get()
    assert "reason" not in entry.changes_dict
    assert "Motivo" not in str(entry.changes)
