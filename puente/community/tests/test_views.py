"""Who sees which community page, posting, commenting, moderating, reporting and stories."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from puente.community import services
from puente.community.models import Cheer, Comment, CommunitySettings, Post, Report, Story
from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import BusinessProfileFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"community:{name}", args=[world.program.slug, *args])


def _feed(world, number=1):
    return _url(world, "feed", number)


def _comment(body):
    return {"body": body, "submit_key": str(uuid.uuid4())}


def _post_data(**fields):
    return {
        "kind": "achievement",
        "title": "",
        "body": "Hola",
        "link": "",
        "submit_key": str(uuid.uuid4()),
        **fields,
    }


def test_wrong_methods_get_405(world, post):
    client = client_for(world.coordinator)
    assert client.post(_url(world, "index")).status_code == 405
    assert client.post(_url(world, "post", post.pk)).status_code == 405
    assert client.put(_feed(world)).status_code == 405
    assert client.get(_url(world, "post-moderate", post.pk)).status_code == 405
    assert client.get(_url(world, "post-cheer", post.pk)).status_code == 405
    assert client.get(_url(world, "post-delete", post.pk)).status_code == 405
    assert client.get(_url(world, "story-withdraw")).status_code == 405
    assert client.post(_url(world, "moderation")).status_code == 405


def test_a_member_of_another_wave_gets_404(world, post, other_wave_mentee):
    client = client_for(other_wave_mentee)
    assert client.get(_feed(world, 1)).status_code == 404
    assert client.get(_url(world, "post", post.pk)).status_code == 404
    assert client.post(_url(world, "comment-create", post.pk), _comment("x")).status_code == 404
    assert client.get(_feed(world, 2)).status_code == 200
    assert client.get(_feed(world, 99)).status_code == 404


def test_a_mentee_posts_to_the_wave_feed_once_on_double_submit(world):
    client = client_for(world.mentee)
    data = _post_data(title="Logro", body="¡Cerramos la venta!")
    first = client.post(_feed(world), data)
    second = client.post(_feed(world), data)
    post = Post.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == _url(world, "post", post.pk)
    assert (post.author, post.wave, post.title) == (world.mentee, world.wave, "Logro")


def test_a_failed_post_keeps_what_was_typed_with_a_translated_error(world):
    world.mentee.language = "es"
    world.mentee.save()
    response = client_for(world.mentee).post(
        _feed(world), _post_data(title="Mi título guardado", body="x" * 5001)
    )
    assert response.status_code == 422
    assert "Mi título guardado" in response.text
    assert "menos de 5000 caracteres" in response.text
    assert not Post.objects.exists()


def test_a_post_without_text_is_refused(world):
    response = client_for(world.mentee).post(_feed(world), _post_data(body="", title="T"))
    assert response.status_code == 422
    assert 'value="T"' in response.text


def test_script_in_a_post_and_comment_is_shown_as_text(world):
    evil = "<script>alert('x')</script>"
    post = services.post_create(
        program=world.program,
        wave=world.wave,
        author=world.mentee,
        kind="question",
        title=evil,
        body=evil,
    )
    services.comment_add(post=post, author=world.mentor, body=evil)
    for url in (_feed(world), _url(world, "post", post.pk)):
        text = client_for(world.tutor).get(url).text
        assert evil not in text
        assert "&lt;script&gt;" in text


def test_a_javascript_link_is_refused(world):
    response = client_for(world.mentee).post(_feed(world), _post_data(link="javascript:alert(1)"))
    assert response.status_code == 422
    assert not Post.objects.exists()


def test_feed_is_newest_first_with_pinned_on_top_and_paginated(world):
    base = timezone.now() - dt.timedelta(days=30)
    for n in range(23):
        post = services.post_create(
            program=world.program,
            wave=world.wave,
            author=world.mentor,
            kind="resource",
            title=f"Recurso {n:02d}",
            body="b",
        )
        Post.objects.filter(pk=post.pk).update(created_at=base + dt.timedelta(hours=n))
    pinned = Post.objects.get(title="Recurso 03")
    services.post_moderate(post=pinned, by=world.coordinator, pinned=True)
    client = client_for(world.mentee)
    first = client.get(_feed(world))
    titles = [p.title for p in first.context["page"].object_list]
    assert len(titles) == 20
    assert titles[:3] == ["Recurso 03", "Recurso 22", "Recurso 21"]
    second = client.get(_feed(world) + "?page=2")
    assert [p.title for p in second.context["page"].object_list] == [
        "Recurso 02",
        "Recurso 01",
        "Recurso 00",
    ]


def _fill(world, posts):
    authors = [world.mentee, world.mentor, world.tutor]
    for n in range(posts):
        post = services.post_create(
            program=world.program,
            wave=world.wave,
            author=authors[n % 3],
            kind="question",
            body=f"Pregunta {n}",
        )
        services.comment_add(post=post, author=world.mentor, body="Respuesta")
        Cheer.objects.create(post=post, user=world.tutor)


@pytest.mark.parametrize("role", ["mentee", "coordinator"])
def test_feed_query_count_does_not_grow(world, role, django_assert_num_queries):
    """Posts with their authors, comment and cheer counts in a fixed number of queries."""
    client = client_for(getattr(world, role))
    _fill(world, 2)
    client.get(_feed(world))  # warm the per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        response = client.get(_feed(world))
    assert response.context["page"].paginator.count == 2
    _fill(world, 18)
    with django_assert_num_queries(len(small)):
        response = client.get(_feed(world))
    assert response.context["page"].paginator.count == 20
    assert len(response.context["page"].object_list) == 20
    assert "1 comment" in response.text and "Cheer (1)" in response.text


def test_hidden_post_stays_marked_for_coordinators_and_disappears_for_others(world, post):
    services.content_hide(content=post, by=world.coordinator, reason="Datos personales")
    coordinator = client_for(world.coordinator)
    feed = coordinator.get(_feed(world)).text
    assert "Primera orden de compra" in feed and "Datos personales" in feed
    page = coordinator.get(_url(world, "post", post.pk))
    assert page.status_code == 200 and "Hidden" in page.text
    for role in ("mentee", "mentor", "tutor"):
        client = client_for(getattr(world, role))
        assert "Primera orden de compra" not in client.get(_feed(world)).text
        assert client.get(_url(world, "post", post.pk)).status_code == 404


def test_coordinator_hides_a_comment_with_a_reason(world, post):
    comment = services.comment_add(post=post, author=world.mentor, body="Comentario fuera de lugar")
    response = client_for(world.coordinator).post(
        _url(world, "comment-moderate", comment.pk), {"action": "hide", "reason": "Ofensivo"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == world.coordinator
    assert comment.hidden_reason == "Ofensivo"
    coordinator_page = client_for(world.coordinator).get(_url(world, "post", post.pk)).text
    assert "Comentario fuera de lugar" in coordinator_page and "Ofensivo" in coordinator_page
    mentee_page = client_for(world.mentee).get(_url(world, "post", post.pk))
    assert "Comentario fuera de lugar" not in mentee_page.text
    assert "0 comments" in client_for(world.mentee).get(_feed(world)).text


def test_hiding_without_a_reason_is_refused_and_keeps_the_page(world, post):
    comment = services.comment_add(post=post, author=world.mentor, body="Hola")
    response = client_for(world.coordinator).post(
        _url(world, "comment-moderate", comment.pk), {"action": "hide", "reason": ""}
    )
    assert response.status_code == 422
    assert response.context["hide_target"] == f"comment-{comment.pk}"
    comment.refresh_from_db()
    assert not comment.is_hidden


@pytest.mark.parametrize("role", ["mentor", "mentee", "tutor"])
def test_only_coordinators_moderate(world, post, role):
    client = client_for(getattr(world, role))
    comment = services.comment_add(post=post, author=world.mentor, body="Hola")
    assert client.post(_url(world, "post-moderate", post.pk), {"action": "pin"}).status_code == 403
    response = client.post(
        _url(world, "comment-moderate", comment.pk), {"action": "hide", "reason": "x"}
    )
    assert response.status_code == 403
    assert client.get(_url(world, "moderation")).status_code == 403
    post.refresh_from_db()
    assert not post.is_pinned


def test_pin_and_close_comments(world, post):
    client = client_for(world.coordinator)
    client.post(_url(world, "post-moderate", post.pk), {"action": "pin"})
    client.post(_url(world, "post-moderate", post.pk), {"action": "close"})
    post.refresh_from_db()
    assert post.is_pinned and post.comments_closed
    response = client_for(world.mentor).post(
        _url(world, "comment-create", post.pk), _comment("¿Sigue abierto?")
    )
    assert response.status_code == 422
    assert not Comment.objects.exists()


def test_a_comment_emails_the_post_author_at_most_once_an_hour(
    world, post, django_capture_on_commit_callbacks
):
    world.mentee.language = "es"
    world.mentee.save()
    mentor, tutor = client_for(world.mentor), client_for(world.tutor)
    start = timezone.now()
    with (
        time_machine.travel(start, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = mentor.post(_url(world, "comment-create", post.pk), _comment("¡Felicidades!"))
        assert response.status_code == 302
        tutor.post(_url(world, "comment-create", post.pk), _comment("¡Bravo!"))
    assert Comment.objects.count() == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.mentee.email]
    assert "¡Felicidades!" in mail.outbox[0].body
    post.refresh_from_db()
    assert post.author_emailed_at == start
    with (
        time_machine.travel(start + dt.timedelta(minutes=61), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        mentor.post(_url(world, "comment-create", post.pk), _comment("Otra vez"))
    assert len(mail.outbox) == 2


def test_commenting_on_ones_own_post_sends_no_email(
    world, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.mentee).post(_url(world, "comment-create", post.pk), _comment("Gracias"))
    assert Comment.objects.count() == 1
    assert mail.outbox == []


def test_a_failed_comment_keeps_what_was_typed(world, post):
    response = client_for(world.mentor).post(
        _url(world, "comment-create", post.pk), _comment("y" * 2001)
    )
    assert response.status_code == 422
    assert "y" * 2001 in response.text
    assert not Comment.objects.exists()


def test_a_member_reports_a_post_once_and_coordinators_hear_of_it_once(
    world, post, django_capture_on_commit_callbacks
):
    client = client_for(world.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            response = client.post(_url(world, "post-report", post.pk), {"reason": "Spam"})
            assert response.status_code == 302
        client_for(world.tutor).post(_url(world, "post-report", post.pk), {"reason": ""})
    assert Report.objects.filter(post=post, reporter=world.mentor).count() == 1
    assert Report.objects.count() == 2
    coordinator_mail = [m for m in mail.outbox if m.to == [world.coordinator.email]]
    assert len(coordinator_mail) == 1
    queue = client_for(world.coordinator).get(_url(world, "moderation"))
    assert queue.status_code == 200
    assert len(queue.context["reports"]) == 2


def test_reporting_a_comment_and_dismissing_the_report(world, post):
    comment = services.comment_add(post=post, author=world.tutor, body="Hola")
    client_for(world.mentee).post(_url(world, "comment-report", comment.pk), {"reason": "x"})
    client_for(world.mentee).post(_url(world, "comment-report", comment.pk), {"reason": "x"})
    report = Report.objects.get()
    assert report.comment == comment
    assert (
        client_for(world.mentor).post(_url(world, "report-dismiss", report.pk)).status_code == 403
    )
    client_for(world.coordinator).post(_url(world, "report-dismiss", report.pk))
    report.refresh_from_db()
    assert report.resolved_by == world.coordinator
    assert client_for(world.coordinator).get(_url(world, "moderation")).context["reports"] == []


def test_hiding_resolves_the_reports(world, post):
    services.report_add(post=post, reporter=world.mentor, reason="x")
    client_for(world.coordinator).post(
        _url(world, "post-moderate", post.pk), {"action": "hide", "reason": "Publicidad"}
    )
    assert Report.objects.get().resolved_at is not None


def test_authors_edit_their_post_within_24_hours(world, post):
    client = client_for(world.mentee)
    assert client.get(_url(world, "post-edit", post.pk)).status_code == 200
    assert client_for(world.mentor).get(_url(world, "post-edit", post.pk)).status_code == 403
    assert client_for(world.coordinator).get(_url(world, "post-edit", post.pk)).status_code == 403
    response = client.post(
        _url(world, "post-edit", post.pk),
        {"kind": "achievement", "title": "Nuevo título", "body": "Texto", "link": ""},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Nuevo título"
    failed = client.post(
        _url(world, "post-edit", post.pk),
        {"kind": "achievement", "title": "Título tecleado", "body": "", "link": ""},
    )
    assert failed.status_code == 422 and "Título tecleado" in failed.text
    with time_machine.travel(post.created_at + dt.timedelta(hours=25)):
        assert client.get(_url(world, "post-edit", post.pk)).status_code == 403


def test_authors_delete_their_post(world, post):
    assert client_for(world.mentor).post(_url(world, "post-delete", post.pk)).status_code == 403
    response = client_for(world.mentee).post(_url(world, "post-delete", post.pk))
    assert response.status_code == 302
    assert not Post.objects.exists()


def test_cheering_is_one_per_person_and_idempotent(world, post):
    client = client_for(world.mentor)
    for _ in range(2):
        client.post(_url(world, "post-cheer", post.pk), {"cheer": "1"})
    assert Cheer.objects.filter(post=post).count() == 1
    assert "Cheer (1)" in client.get(_url(world, "post", post.pk)).text
    client.post(_url(world, "post-cheer", post.pk), {"cheer": "0"})
    client.post(_url(world, "post-cheer", post.pk), {"cheer": "0"})
    assert not Cheer.objects.exists()


def test_the_program_space_opens_only_when_the_coordinator_allows_it(world):
    url = _url(world, "program-feed")
    assert client_for(world.mentee).get(url).status_code == 404
    assert client_for(world.coordinator).get(url).status_code == 200
    response = client_for(world.coordinator).post(
        _url(world, "settings"), {"program_space_open": "on"}
    )
    assert response.status_code == 302
    assert CommunitySettings.objects.get(program=world.program).program_space_open
    alumna = UserFactory()
    MembershipFactory(user=alumna, program=world.program, role=Role.MENTEE, is_alumnus=True)
    for person in (world.mentee, alumna, world.tutor):
        assert client_for(person).get(url).status_code == 200
    assert client_for(world.observer).get(url).status_code == 403
    assert client_for(world.mentor).post(_url(world, "settings"), {}).status_code == 403


# --- Stories -----------------------------------------------------------------------------------


def _story(world, consent=True, **fields):
    data = {"title": "Lo que aprendí", "body": "Aprendí a negociar con grandes compradores."}
    if consent:
        data["consent"] = "on"
    data.update(fields)
    return client_for(world.mentee).post(_url(world, "my-story"), data)


def test_a_story_with_consent_is_reviewed_published_and_withdrawn(world):
    world.mentee.full_name = "Rosa María Quispe"
    world.mentee.save()
    BusinessProfileFactory(owner=world.mentee, legal_name="Dulces Rosa SAC")
    assert _story(world, show_business="on").status_code == 302
    story = Story.objects.get()
    assert story.status == Story.Status.PENDING
    assert story.consent_given_at is not None
    assert "withdraw this consent at any time" in story.consent_text
    public = _url(world, "public-stories")
    assert "Lo que aprendí" not in client_for(None).get(public).text
    response = client_for(world.coordinator).post(
        _url(world, "story-review", story.pk), {"decision": "publish"}
    )
    assert response.status_code == 302
    for viewer in (None, world.observer, world.outsider):
        page = client_for(viewer).get(public)
        assert page.status_code == 200
        assert "Lo que aprendí" in page.text
        assert "Rosa" in page.text and "Quispe" not in page.text
        assert "Dulces Rosa SAC" in page.text
    assert client_for(world.mentee).post(_url(world, "story-withdraw")).status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT and story.consent_withdrawn_at is not None
    assert "Lo que aprendí" not in client_for(None).get(public).text


def test_the_business_name_is_shown_only_if_ticked(world):
    BusinessProfileFactory(owner=world.mentee, legal_name="Dulces Rosa SAC")
    _story(world)
    services.story_publish(story=Story.objects.get(), by=world.coordinator)
    assert "Dulces Rosa SAC" not in client_for(None).get(_url(world, "public-stories")).text


def test_a_story_without_consent_stays_a_draft_and_cannot_be_published(world):
    _story(world, consent=False)
    story = Story.objects.get()
    assert story.status == Story.Status.DRAFT and story.consent_given_at is None
    client_for(world.coordinator).post(
        _url(world, "story-review", story.pk), {"decision": "publish"}
    )
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_editing_a_published_story_without_consent_unpublishes_it(world):
    _story(world)
    services.story_publish(story=Story.objects.get(), by=world.coordinator)
    _story(world, consent=False, title="Cambiado")
    story = Story.objects.get()
    assert story.status == Story.Status.DRAFT and story.consent_withdrawn_at is not None


def test_a_failed_story_keeps_what_was_typed(world):
    response = _story(world, title="t" * 151, body="Mi texto guardado")
    assert response.status_code == 422
    assert "Mi texto guardado" in response.text
    assert not Story.objects.exists()


def test_public_stories_of_an_unknown_program_is_404(db):
    assert client_for(None).get("/p/no-existe/stories/").status_code == 404


def test_community_link_in_the_program_nav(world):
    home = reverse("programs:program-home", args=[world.program.slug])
    assert _url(world, "index") in client_for(world.mentee).get(home).text
    assert _url(world, "index") in client_for(world.coordinator).get(home).text
    assert _url(world, "index") not in client_for(world.observer).get(home).text


# An empty POST is a submitted form: bound, refused with its errors (422), nothing saved.


def _required_in(user):
    with translation.override(user.language):
        return gettext("This field is required.")


def test_an_empty_post_to_the_feed_is_refused_with_its_errors(world):
    response = client_for(world.mentee).post(_feed(world), {})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.is_bound
    assert {"body", "submit_key"} <= set(form.errors)
    assert _required_in(world.mentee) in response.text
    assert not Post.objects.exists()


def test_an_empty_post_edit_is_refused_with_its_errors(world, post):
    before = (post.title, post.body)
    response = client_for(world.mentee).post(_url(world, "post-edit", post.pk), {})
    assert response.status_code == 422
    assert response.context["form"].is_bound
    assert "body" in response.context["form"].errors
    assert _required_in(world.mentee) in response.text
    post.refresh_from_db()
    assert (post.title, post.body) == before


def test_an_empty_story_post_is_refused_with_its_errors(world):
    response = client_for(world.mentee).post(_url(world, "my-story"), {})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.is_bound
    assert form.errors
    assert _required_in(world.mentee) in response.text
    assert not Story.objects.exists()


def test_an_empty_report_is_a_report_without_a_reason(world, post):
    # The reason is optional, so a bound empty POST is a valid report, as the form sends it.
    response = client_for(world.mentor).post(_url(world, "post-report", post.pk), {})
    assert response.status_code == 302
    assert Report.objects.get().reason == ""
