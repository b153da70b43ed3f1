"""The community's writes against the database: rules the pages rely on."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from puente.community import services
from puente.community.models import Comment, Report, Story

pytestmark = pytest.mark.django_db


def test_a_second_report_by_the_same_person_is_not_recorded(world, post):
    assert services.report_add(post=post, reporter=world.mentor) is not None
    assert services.report_add(post=post, reporter=world.mentor, reason="otra vez") is None
    comment = services.comment_add(post=post, author=world.tutor, body="Hola")
    assert services.report_add(post=post, comment=comment, reporter=world.mentor) is not None
    assert Report.objects.count() == 2


def test_comments_cannot_be_added_once_closed(world, post):
    services.post_moderate(post=post, by=world.coordinator, closed=True)
    with pytest.raises(ValidationError):
        services.comment_add(post=post, author=world.mentor, body="Hola")
    assert not Comment.objects.exists()


def test_hiding_needs_a_reason(world, post):
    with pytest.raises(ValidationError):
        services.content_hide(content=post, by=world.coordinator, reason="  ")
    post.refresh_from_db()
    assert not post.is_hidden


def test_only_the_author_edits_or_deletes(world, post):
    with pytest.raises(ValidationError):
        services.post_edit(post=post, by=world.mentor, kind="question", body="x")
    with pytest.raises(ValidationError):
        services.post_delete(post=post, by=world.coordinator)


def _story(world, consent: bool) -> Story:
    return services.story_save(
        program=world.program,
        author=world.mentee,
        title="Lo que aprendí",
        body="Mucho.",
        show_business=False,
        consent=consent,
        consent_text="Acepto.",
    )


def test_a_draft_cannot_be_published(world):
    story = _story(world, consent=False)
    with pytest.raises(ValidationError):
        services.story_publish(story=story, by=world.coordinator)


def test_the_database_refuses_a_published_story_without_consent(world):
    with pytest.raises(IntegrityError):
        Story.objects.create(
            program=world.program,
            author=world.mentee,
            title="t",
            body="b",
            status=Story.Status.PUBLISHED,
            published_at=timezone.now(),
        )


def test_withdrawing_consent_unpublishes_and_keeps_the_record(world):
    story = services.story_publish(story=_story(world, consent=True), by=world.coordinator)
    assert story.status == Story.Status.PUBLISHED
    services.story_withdraw(story=story)
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT and story.published_at is None
    assert story.consent_text == "Acepto." and story.consent_withdrawn_at is not None
