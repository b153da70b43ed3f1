"""Hostile input across the product: HTML and script in every kind of free-text field is shown
escaped, very long strings are refused cleanly or stored, never a server error.

These tests live with privacy (the app after every lifecycle app) because they cross all of them.
"""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from puente.community.models import Comment, Post, Story
from puente.conftest import client_for
from puente.events.models import Event
from puente.feedback.models import Lesson, MeetingFeedback
from puente.instruments.models import Answer
from puente.library.models import Resource
from puente.mentoring.models import Agreement, MeetingLog, PrivateNote
from puente.plans.models import Goal, PlanAction
from puente.recruitment.models import Application


def payload(tag: str) -> str:
    return f"<script>alert('{tag}')</script>\"><img src=x onerror=alert('{tag}')>"


def escaped(tag: str) -> str:
    return f"&lt;script&gt;alert(&#x27;{tag}&#x27;)&lt;/script&gt;"


def assert_escaped(html: str, *tags: str) -> None:
    assert "<script>alert(" not in html
    assert "<img src=x onerror" not in html
    for tag in tags:
        assert escaped(tag) in html, tag


@pytest.fixture
def hostile(person, world):
    """The person's data with script in every free-text field, and the pages that show them."""
    program = world.program
    program.name = payload("program")
    program.save()
    application = Application.objects.get()
    call = application.call
    call.introduction = payload("call")
    call.is_published = True
    call.save()
    Answer.objects.filter(question__key="why").update(text=payload("answer"))
    MeetingLog.objects.filter(written_by=person.user).update(
        topics=payload("topics"), shared_notes=payload("notes"), next_steps=payload("steps")
    )
    PrivateNote.objects.filter(author=person.user).update(text=payload("private"))
    Agreement.objects.update(goals=payload("agreement"))
    MeetingFeedback.objects.filter(author=person.user).update(helped=payload("feedback"))
    Post.objects.filter(author=person.user).update(title=payload("post"), body=payload("body"))
    Comment.objects.update(body=payload("comment"))
    Story.objects.update(title=payload("story"), body=payload("storybody"))
    Goal.objects.update(title=payload("goal"))
    PlanAction.objects.update(title=payload("action"))
    Resource.objects.update(body=payload("resource"), audience="everyone")
    Lesson.objects.update(worked=payload("lesson"))
    event = Event.objects.create(
        program=program,
        kind=Event.Kind.KICK_OFF,
        title=payload("eventtitle"),
        description=payload("event"),
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=2),
        created_by=world.coordinator,
    )
    person.user.bio = payload("bio")
    person.user.save()
    return {"application": application, "event": event}


@pytest.mark.django_db
def test_script_in_every_free_text_field_is_shown_escaped(hostile, person, world, client):
    slug = world.program.slug
    rel = person.relationship.pk
    post = Post.objects.get(author=person.user)
    pages = [
        (world.coordinator, reverse("programs:program-home", args=[slug]), ["program"]),
        (
            None,
            reverse("recruitment:call-public", args=[hostile["application"].call.slug]),
            ["call"],
        ),
        (
            world.coordinator,
            reverse("recruitment:application-detail", args=[slug, hostile["application"].pk]),
            ["answer"],
        ),
        (
            person.user,
            reverse("mentoring:relationship", args=[slug, rel]),
            ["topics", "notes", "private", "agreement"],
        ),
        (world.coordinator, reverse("feedback:live", args=[slug]), ["feedback"]),
        (person.user, reverse("community:post", args=[slug, post.pk]), ["post", "body", "comment"]),
        (None, reverse("community:public-stories", args=[slug]), ["story", "storybody"]),
        (person.user, reverse("plans:relationship", args=[slug, rel]), ["goal", "action"]),
        (
            world.coordinator,
            reverse("library:resource-detail", args=[slug, Resource.objects.get().pk]),
            ["resource"],
        ),
        (
            world.coordinator,
            reverse("events:event", args=[slug, hostile["event"].pk]),
            ["event", "eventtitle"],
        ),
        (world.coordinator, reverse("feedback:lessons", args=[slug]), ["lesson"]),
        (
            world.coordinator,
            reverse("programs:member-detail", args=[slug, person.user.pk]),
            ["bio"],
        ),
        (person.user, reverse("accounts:profile"), ["bio"]),
    ]
    for user, url, tags in pages:
        response = (client_for(user) if user else client).get(url, follow=True)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), *tags)


@pytest.mark.django_db
def test_script_typed_into_forms_is_stored_as_text_and_shown_escaped(world, person):
    slug = world.program.slug
    mentee = client_for(person.user)
    response = mentee.post(
        reverse("community:feed", args=[slug, world.wave.number]),
        {
            "kind": "question",
            "title": payload("formpost"),
            "body": payload("formbody"),
            "submit_key": str(uuid.uuid4()),
        },
        follow=True,
    )
    assert response.status_code == 200
    post = Post.objects.filter(title=payload("formpost")).first()
    assert post is not None, response.content.decode()[:2000]
    html = mentee.get(reverse("community:post", args=[slug, post.pk])).content.decode()
    assert_escaped(html, "formpost", "formbody")


LONG = "ñ" * 100_000


@pytest.mark.django_db
def test_very_long_strings_are_refused_cleanly_or_stored(world, person):
    slug = world.program.slug
    mentee = client_for(person.user)
    coordinator = client_for(world.coordinator)
    posts = [
        (
            mentee,
            reverse("community:feed", args=[slug, world.wave.number]),
            {"kind": "question", "title": LONG, "body": LONG},
        ),
        (
            mentee,
            reverse("accounts:profile-edit"),
            {"full_name": LONG, "bio": LONG, "language": "es", "time_zone": "America/Lima"},
        ),
        (mentee, reverse("privacy:erasure-request"), {"reason": LONG, "password": "x"}),
        (
            coordinator,
            reverse("library:resource-create", args=[slug]),
            {"title": LONG, "kind": "guide", "audience": "everyone", "body": LONG},
        ),
        (
            coordinator,
            reverse("events:event-create", args=[slug]),
            {"title": LONG, "description": LONG, "kind": "kick_off"},
        ),
        (
            coordinator,
            reverse("feedback:lessons", args=[slug]),
            {"theme": "other", "worked": LONG, "to_change": LONG},
        ),
        (
            mentee,
            reverse("mentoring:agreement", args=[slug, person.relationship.pk]),
            {
                "goals": LONG,
                "mentor_expectations": LONG,
                "mentee_expectations": LONG,
                "confidentiality": LONG,
            },
        ),
    ]
    for client, url, data in posts:
        response = client.post(url, {**data, "submit_key": str(uuid.uuid4())})
        assert response.status_code in (200, 302, 303, 403, 422), (url, response.status_code)
        if response.status_code == 422:
            assert (
                "errorlist" in response.content.decode()
                or "error-summary" in response.content.decode()
            ), url


# Uploads to the applications import: each refused with a message naming the problem.


def _import(world, upload):
    from puente.recruitment.tests.transfer_helpers import transfer_call

    call = transfer_call(world.program, world.coordinator)
    url = reverse("recruitment:application-import", args=[world.program.slug, call.pk])
    with translation.override("en"):
        world.coordinator.language = "en"
        world.coordinator.save(update_fields=["language"])
        return client_for(world.coordinator).post(url, {"role": "mentee", "file": upload})


def _truncated_xlsx() -> bytes:
    from puente.recruitment.tests.transfer_helpers import MENTEE_HEADERS, mentee_row, xlsx_file

    content = xlsx_file([mentee_row("ana@example.org")], MENTEE_HEADERS).read()
    return content[: len(content) // 2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make"),
    [
        (
            "postulantes.csv",
            lambda: "email,full_name\nana@example.org,Ana Pérez\n".encode("utf-16"),
        ),
        ("postulantes.xlsx", _truncated_xlsx),
        ("postulantes.xlsx", lambda: b"%PDF-1.4 renamed"),
        ("postulantes.csv", lambda: b"MZ\x90\x00\x03\x00\x00\x00" * 64),
        ("postulantes.csv", lambda: b""),
        ("postulantes.exe", lambda: b"email\na@example.org\n"),
        ("postulantes.csv", lambda: "nombre;ciudad\nAna;Bogotá\n".encode("latin-1")),
    ],
    ids=[
        "utf-16",
        "truncated-xlsx",
        "renamed-pdf",
        "binary-csv",
        "empty",
        "wrong-type",
        "no-email",
    ],
)
def test_malformed_import_files_are_refused_with_a_message(world, name, make):
    response = _import(world, SimpleUploadedFile(name, make()))

    assert response.status_code == 422
    html = response.content.decode()
    form = response.context["form"]
    messages = form.errors.get("file") or response.context.get("errors") or []
    assert messages, html[:3000]
    assert all(str(message) in html or escape(str(message)) in html for message in messages)
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_a_workbook_that_unpacks_huge_is_refused(world, monkeypatch):
    from puente.core import spreadsheets
    from puente.recruitment.tests.transfer_helpers import MENTEE_HEADERS, xlsx_file

    rows = [["x" * 1000] * len(MENTEE_HEADERS) for _n in range(50)]
    upload = xlsx_file(rows, MENTEE_HEADERS)
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 20_000)

    response = _import(world, upload)

    assert response.status_code == 422
    assert response.context["form"].has_error("file")
