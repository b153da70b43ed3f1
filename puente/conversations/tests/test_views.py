import datetime as dt
import uuid

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from puente.conftest import client_for
from puente.conversations import services
from puente.conversations.models import (
    MAX_MESSAGES,
    Message,
    MessageReport,
    Participant,
    TutorInvitation,
)
from puente.notifications.models import MessageEmails, NotificationPreference

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _send(body: str = "Hola, ¿cómo vas con la ficha técnica?", **extra) -> dict:
    return {"submit_key": str(uuid.uuid4()), "body": body, **extra}


def _post(pair, user, data=None, **headers):
    return client_for(user).post(f"{pair.url}messages/", data or _send(), **headers)


def _message(pair, author, body="Hola") -> Message:
    thread = services.thread_for(relationship=pair.relationship)
    return services.message_post(thread=thread, author=author, body=body)


def test_the_members_write_and_read_each_other(pair):
    world = pair.world
    response = _post(pair, world.mentee)
    assert response.status_code == 302
    message = Message.objects.get()
    assert response["Location"] == f"{pair.url}#message-{message.pk}"
    page = client_for(world.mentor).get(pair.url)
    assert page.status_code == 200
    assert f'id="message-{message.pk}"' in page.content.decode()
    assert "¿cómo vas con la ficha técnica?" in page.content.decode()


def test_the_tutor_reads_but_cannot_write_until_invited(pair):
    world = pair.world
    message = _message(pair, world.mentee)
    tutor = client_for(world.tutor)
    page = tutor.get(pair.url)
    assert page.status_code == 200
    assert f'id="message-{message.pk}"' in page.content.decode()
    assert 'id="message-form"' not in page.content.decode()
    assert _post(pair, world.tutor).status_code == 403
    # A member invites the tutor in: now the tutor writes.
    invited = client_for(world.mentee).post(f"{pair.url}tutors/", {"invite": "1"})
    assert invited.status_code == 302
    assert TutorInvitation.objects.filter(tutor=world.tutor).exists()
    assert 'id="message-form"' in tutor.get(pair.url).content.decode()
    assert _post(pair, world.tutor, _send("Con gusto los acompaño.")).status_code == 302
    assert Message.objects.filter(author=world.tutor).count() == 1
    # And back to reading only.
    client_for(world.mentor).post(f"{pair.url}tutors/", {"invite": "0"})
    assert _post(pair, world.tutor).status_code == 403


def test_the_tutor_cannot_invite_themself(pair):
    assert (
        client_for(pair.world.tutor).post(f"{pair.url}tutors/", {"invite": "1"}).status_code == 403
    )
    assert not TutorInvitation.objects.exists()


def test_another_pairs_members_get_404(pair):
    other_url = f"/p/{pair.world.program.slug}/mentoring/{pair.other.pk}/conversation/"
    message = services.message_post(
        thread=services.thread_for(relationship=pair.other),
        author=pair.other.mentor.user,
        body="Privado",
    )
    for user in (pair.world.mentee, pair.world.mentor, pair.world.tutor):
        client = client_for(user)
        assert client.get(other_url).status_code == 404
        assert client.post(f"{other_url}messages/", _send()).status_code == 404
        slug = pair.world.program.slug
        report_url = f"/p/{slug}/conversation/messages/{message.pk}/report/"
        assert client.get(report_url).status_code == 404
    assert Message.objects.count() == 1


def test_coordinators_do_not_read_conversations(pair):
    world = pair.world
    message = _message(pair, world.mentee, "Algo privado")
    coordinator = client_for(world.coordinator)
    assert coordinator.get(pair.url).status_code == 403
    assert coordinator.post(f"{pair.url}messages/", _send()).status_code == 403
    slug = world.program.slug
    for path in ("report", "attachment"):
        url = f"/p/{slug}/conversation/messages/{message.pk}/{path}/"
        assert coordinator.get(url).status_code == 403
    # Nor does the relationship page show them the conversation's link.
    page = client_for(world.coordinator).get(f"/p/{slug}/mentoring/{pair.relationship.pk}/")
    assert page.status_code == 200
    assert "conversation-link" not in page.content.decode()
    assert client_for(world.other_coordinator).get(pair.url).status_code == 404
    assert client_for(world.outsider).get(pair.url).status_code == 404


def test_a_double_submit_makes_one_message(pair):
    data = _send()
    first = _post(pair, pair.world.mentee, data)
    second = _post(pair, pair.world.mentee, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Message.objects.count() == 1


def test_htmx_posting_answers_the_conversation_with_a_fresh_form(pair):
    response = _post(pair, pair.world.mentee, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="section" id="conversation"')
    assert f'id="message-{Message.objects.get().pk}"' in html
    assert "¿cómo vas con la ficha técnica?" not in html.split('id="message-form"')[1]


def test_posting_is_throttled(pair):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(MAX_MESSAGES):
            _message(pair, pair.world.mentee, f"Mensaje {n}")
        response = _post(pair, pair.world.mentee)
        assert response.status_code == 422
        assert "Wait a moment" in response.content.decode()
    assert Message.objects.count() == MAX_MESSAGES
    with time_machine.travel(start + dt.timedelta(minutes=11), tick=False):
        assert _post(pair, pair.world.mentee).status_code == 302


def test_an_attachment_goes_through_the_toolkits_checks(pair, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("factura.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = _post(pair, pair.world.mentee, _send(attachment=fake))
    assert response.status_code == 422
    assert "is not a PDF file" in response.content.decode()
    exe = SimpleUploadedFile("programa.exe", b"MZ\x90\x00", "application/octet-stream")
    assert _post(pair, pair.world.mentee, _send(attachment=exe)).status_code == 422
    assert not Message.objects.exists()
    real = SimpleUploadedFile("factura.pdf", PDF, "application/pdf")
    assert _post(pair, pair.world.mentee, _send(attachment=real)).status_code == 302
    message = Message.objects.get()
    assert message.attachment_name == "factura.pdf"
    url = f"/p/{pair.world.program.slug}/conversation/messages/{message.pk}/attachment/"
    download = client_for(pair.world.mentor).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert client_for(pair.world.coordinator).get(url).status_code == 403
    other = pair.other.mentor.user
    assert client_for(other).get(url).status_code == 404


def test_a_report_reaches_the_coordinators_as_the_message_alone(
    pair, django_capture_on_commit_callbacks
):
    world = pair.world
    _message(pair, world.mentor, "Un mensaje anterior que nadie reporta")
    message = _message(pair, world.mentor, "Un mensaje fuera de lugar")
    url = f"/p/{world.program.slug}/conversation/messages/{message.pk}/report/"
    mentee = client_for(world.mentee)
    assert mentee.get(url).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = mentee.post(url, {"reason": "No es respetuoso"})
    assert response.status_code == 302
    report = MessageReport.objects.get()
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    assert "fuera de lugar" not in mail.outbox[0].body
    queue = client_for(world.coordinator).get(f"/p/{world.program.slug}/community/moderation/")
    html = queue.content.decode()
    assert f'id="message-report-{report.pk}"' in html
    assert "Un mensaje fuera de lugar" in html
    assert "nadie reporta" not in html
    # Reported twice by the same person: one report.
    mentee.post(url, {"reason": "Otra vez"})
    assert MessageReport.objects.count() == 1
    # The coordinator hides it: the members see that it was hidden, not what it said.
    resolve = f"/p/{world.program.slug}/conversation/reports/{report.pk}/"
    assert client_for(world.mentee).post(resolve, {"decision": "hide"}).status_code == 403
    done = client_for(world.coordinator).post(resolve, {"decision": "hide", "reason": "Ofensivo"})
    assert done.status_code == 302
    message.refresh_from_db()
    assert message.is_hidden
    report.refresh_from_db()
    assert report.resolved_at is not None
    page = client_for(world.mentee).get(pair.url).content.decode()
    assert "The coordinators hid this message." in page
    assert "fuera de lugar" not in page
    assert mentee.get(url).status_code == 404


def test_a_report_can_be_dismissed(pair):
    world = pair.world
    message = _message(pair, world.mentor)
    report = services.report_add(message=message, reporter=world.mentee)
    resolve = f"/p/{world.program.slug}/conversation/reports/{report.pk}/"
    other = client_for(world.other_coordinator)
    assert other.post(resolve, {"decision": "dismiss"}).status_code == 404
    assert client_for(world.coordinator).post(resolve, {"decision": "dismiss"}).status_code == 302
    report.refresh_from_db()
    assert report.resolved_by == world.coordinator
    message.refresh_from_db()
    assert not message.is_hidden


def test_one_email_per_conversation_until_it_is_read(pair, django_capture_on_commit_callbacks):
    world = pair.world
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _message(pair, world.mentor, "Primero")
        _message(pair, world.mentor, "Segundo")
    assert [m.to for m in mail.outbox] == [[world.mentee.email]]
    body = mail.outbox[0].body
    assert pair.url in body
    assert "Primero" not in body  # the text stays in Puente
    # The read-only tutor gets nothing.
    client_for(world.mentee).get(pair.url)
    with django_capture_on_commit_callbacks(execute=True):
        _message(pair, world.mentor, "Tercero")
    assert len(mail.outbox) == 2


def test_the_daily_summary_instead_of_an_email_each_time(pair, django_capture_on_commit_callbacks):
    world = pair.world
    NotificationPreference.objects.create(user=world.mentee, message_emails=MessageEmails.DAILY)
    NotificationPreference.objects.create(user=world.mentor, message_emails=MessageEmails.NONE)
    mail.outbox.clear()
    start = timezone.now()
    with (
        time_machine.travel(start, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _message(pair, world.mentor, "Uno")
        _message(pair, world.mentor, "Dos")
        _message(pair, world.mentee, "Respuesta")
    assert mail.outbox == []
    later = start + dt.timedelta(hours=2)
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        # The mentee's reply read the conversation: nothing unread, no summary.
        assert services.daily_summary_send(now=later) == 0
        _message(pair, world.mentor, "Tres")
    with (
        time_machine.travel(later + dt.timedelta(minutes=5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.daily_summary_send(now=later + dt.timedelta(minutes=5)) == 1
        assert services.daily_summary_send(now=later + dt.timedelta(minutes=6)) == 0
    assert [m.to for m in mail.outbox] == [[world.mentee.email]]
    assert pair.url in mail.outbox[0].body
    assert "1 new message" in mail.outbox[0].body or "1 mensaje nuevo" in mail.outbox[0].body


def test_the_relationship_page_links_the_conversation_with_its_unread_count(pair):
    world = pair.world
    _message(pair, world.mentor, "Uno")
    _message(pair, world.mentor, "Dos")
    page = client_for(world.mentee).get(
        f"/p/{world.program.slug}/mentoring/{pair.relationship.pk}/"
    )
    html = page.content.decode()
    assert 'id="conversation-link"' in html
    assert "2 unread" in html
    client_for(world.mentee).get(pair.url)
    html = (
        client_for(world.mentee)
        .get(f"/p/{world.program.slug}/mentoring/{pair.relationship.pk}/")
        .content.decode()
    )
    assert 'id="conversation-link"' in html
    assert "unread" not in html.split('id="conversation-link"')[1].split("</p>")[0]
    assert Participant.objects.get(user=world.mentee).last_read_at is not None


@pytest.mark.parametrize("count", [2, 12])
def test_the_thread_page_reads_in_a_fixed_number_of_queries(pair, count, django_assert_num_queries):
    for n in range(count):
        _message(pair, pair.world.mentor if n % 2 else pair.world.mentee, f"Mensaje {n}")
    client = client_for(pair.world.mentee)
    client.get(pair.url)  # the session, the participant row
    with django_assert_num_queries(QUERIES):
        assert client.get(pair.url).status_code == 200


# Counted once at two sizes: the number must not grow with the messages.
QUERIES = 15
