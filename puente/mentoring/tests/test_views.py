"""Who sees which mentoring page, logging and moving meetings, private notes, the board."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match
from puente.mentoring import services
from puente.mentoring.models import Meeting, PrivateNote

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"mentoring:{name}", args=[world.program.slug, *args])


def test_another_mentor_or_tutor_of_the_program_gets_404(world, relationship):
    for role in (Role.MENTOR, Role.MENTEE, Role.TUTOR):
        other = UserFactory()
        MembershipFactory(user=other, program=world.program, role=role)
        url = _url(world, "relationship", relationship.pk)
        assert client_for(other).get(url).status_code == 404


def _log_data(**overrides):
    data = {"m1-held": "yes", "m1-duration_minutes": "90", "m1-topics": "Precios y costos"}
    data.update(overrides)
    return data


def test_mentor_logs_a_held_meeting_and_the_progress_moves(world, relationship):
    client = client_for(world.mentor)
    response = client.post(_url(world, "meeting-log", relationship.pk, 1), _log_data())
    assert response.status_code == 302
    assert relationship.meetings.get(number=1).status == Meeting.Status.HELD
    page = client.get(_url(world, "mine")).text
    assert "1 of 12 held" in page


def test_a_failed_log_form_keeps_what_was_typed(world, relationship):
    response = client_for(world.mentee).post(
        _url(world, "meeting-log", relationship.pk, 1),
        _log_data(**{"m1-duration_minutes": "", "m1-next-steps": ""}),
    )
    assert response.status_code == 422
    assert "Precios y costos" in response.text
    assert "Say how long the meeting lasted." in response.text
    assert relationship.meetings.get(number=1).status == Meeting.Status.PLANNED


def test_moving_a_meeting_with_an_end_before_its_start_is_refused(world, relationship):
    response = client_for(world.mentor).post(
        _url(world, "meeting-move", relationship.pk, 2),
        {
            "m2-on": "2026-05-04",
            "m2-starts": "18:00",
            "m2-ends": "17:00",
            "m2-time_zone": "America/Lima",
        },
    )
    assert response.status_code == 422
    assert "A meeting cannot end before it starts." in response.text
    assert relationship.meetings.get(number=2).status == Meeting.Status.PLANNED


def test_moving_a_meeting(world, relationship):
    response = client_for(world.mentee).post(
        _url(world, "meeting-move", relationship.pk, 2),
        {
            "m2-on": "2026-05-04",
            "m2-starts": "18:00",
            "m2-ends": "19:30",
            "m2-time_zone": "America/Lima",
        },
    )
    assert response.status_code == 302
    meeting = relationship.meetings.get(number=2)
    assert meeting.status == Meeting.Status.MOVED
    assert meeting.starts_at.isoformat() == "2026-05-04T23:00:00+00:00"


def test_private_notes_are_seen_by_their_author_only(world, relationship):
    secret = "Me preocupa su flujo de caja"
    response = client_for(world.mentor).post(
        _url(world, "private-note", relationship.pk, 1), {"m1-text": secret}
    )
    assert response.status_code == 302
    assert PrivateNote.objects.get().author == world.mentor
    url = _url(world, "relationship", relationship.pk)
    assert secret in client_for(world.mentor).get(url).text
    for role in ("mentee", "tutor", "coordinator"):
        assert secret not in client_for(getattr(world, role)).get(url).text


def test_agreement_written_and_confirmed_by_both(world, relationship):
    url = _url(world, "agreement", relationship.pk)
    assert client_for(world.mentee).post(url, {"goals": "Vender a hoteles"}).status_code == 302
    for person in (world.mentor, world.mentee):
        confirm = _url(world, "agreement-confirm", relationship.pk)
        assert client_for(person).post(confirm).status_code == 302
    relationship.agreement.refresh_from_db()
    assert relationship.agreement.is_confirmed


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("mine", (), "post"),
        ("board", (), "post"),
        ("relationships-create", (), "get"),
        ("relationship", ("pk",), "post"),
        ("meeting-log", ("pk", 1), "get"),
        ("meeting-move", ("pk", 1), "get"),
        ("private-note", ("pk", 1), "get"),
        ("agreement", ("pk",), "put"),
        ("agreement-confirm", ("pk",), "get"),
        ("meeting-ics", ("pk", 1), "post"),
    ],
)
def test_wrong_method_is_405(world, relationship, name, args, method):
    args = [relationship.pk if a == "pk" else a for a in args]
    response = getattr(client_for(world.mentor), method)(_url(world, name, *args))
    assert response.status_code == 405


def test_coordinator_creates_relationships_from_the_button(world):
    Match.objects.create(
        program=world.program,
        mentor=world.program.memberships.get(role=Role.MENTOR),
        mentee=world.program.memberships.get(role=Role.MENTEE),
    )
    board = client_for(world.coordinator).get(_url(world, "board")).text
    assert "Create the relationship of 1 confirmed match" in board
    response = client_for(world.coordinator).post(_url(world, "relationships-create"))
    assert response.status_code == 302
    assert world.program.relationships.count() == 1
    # Every match has its relationship: the board offers nothing more to create.
    board = client_for(world.coordinator).get(_url(world, "board")).text
    assert _url(world, "relationships-create") not in board


def _add_relationships(world, count):
    for _ in range(count):
        mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=world.wave)
        mentee = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
        Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    services.relationships_from_matches(program=world.program)


def _board_queries(world):
    client = client_for(world.coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(world, "board"), {"status": "active"})
    assert response.status_code == 200
    return len(queries), response


def test_board_query_count_does_not_grow_with_relationships(world, relationship):
    _add_relationships(world, 2)
    small, _ = _board_queries(world)
    _add_relationships(world, 10)
    large, response = _board_queries(world)
    assert large == small
    assert response.text.count("0 of 12 held") == 13


def test_board_filters_by_wave_track_and_status(world, relationship):
    client = client_for(world.coordinator)
    url = _url(world, "board")
    detail = _url(world, "relationship", relationship.pk)
    assert detail in client.get(url, {"track": world.track.pk}).text
    assert detail in client.get(url, {"wave": world.wave.pk}).text
    assert detail not in client.get(url, {"status": "completed"}).text


def test_a_meetings_forms_load_on_their_own(world, relationship):
    url = _url(world, "meeting", relationship.pk, 2)
    page = client_for(world.mentor).get(url)
    assert page.status_code == 200
    # Without JavaScript: a page of its own, with the three forms and the way back.
    assert page.text.count("<form") >= 3
    assert 'name="m2-topics"' in page.text and 'name="m2-on"' in page.text
    assert 'name="m2-text"' in page.text
    assert f"/mentoring/{relationship.pk}/#meeting-2" in page.text
    # For htmx (the meeting opened on the relationship's page): only the forms.
    fragment = client_for(world.mentor).get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and 'name="m2-topics"' in fragment.text
    assert "HX-Request" in fragment["Vary"]
    # Tutors and coordinators read the relationship; its forms are the two sides' own.
    assert client_for(world.tutor).get(url).status_code == 403
    assert client_for(world.coordinator).get(url).status_code == 403


def test_the_move_form_offers_the_viewers_time_zone_grouped_by_country(world, relationship):
    world.mentee.time_zone = "America/Lima"
    world.mentee.save()
    page = client_for(world.mentee).get(_url(world, "meeting", relationship.pk, 2)).text
    assert '<option value="America/Lima" selected>Peru — Lima</option>' in page
    assert '<optgroup label="Colombia">' in page
    assert "Colombia — Bogotá" in page
    assert 'data-zone-search="Search by country or city"' in page


def test_where_a_meeting_happens_leads_the_page(world, relationship):
    response = client_for(world.mentor).post(
        _url(world, "meeting-move", relationship.pk, 1),
        {
            "m1-on": relationship.meetings.get(number=1).planned_on.isoformat(),
            "m1-starts": "18:00",
            "m1-ends": "19:30",
            "m1-time_zone": "America/Bogota",
            "m1-mode": "virtual",
            "m1-video_link": "meet.example.org/abc-defg",
        },
    )
    assert response.status_code == 302
    meeting = relationship.meetings.get(number=1)
    assert meeting.video_link == "https://meet.example.org/abc-defg"
    page = client_for(world.mentee).get(_url(world, "relationship", relationship.pk)).text
    lead = page[page.index('id="next"') : page.index('id="progress"')]
    assert 'href="https://meet.example.org/abc-defg"' in lead


def test_a_failed_move_keeps_what_was_typed_on_the_meetings_page(world, relationship):
    response = client_for(world.mentor).post(
        _url(world, "meeting-move", relationship.pk, 2),
        {
            "m2-on": "2026-05-04",
            "m2-starts": "18:00",
            "m2-time_zone": "America/Bogota",
            "m2-mode": "in_person",
            "m2-place": "Cámara de Comercio, sala 3",
        },
    )
    assert response.status_code == 422
    assert "Give both the start and the end time, or neither." in response.text
    assert 'value="Cámara de Comercio, sala 3"' in response.text


def test_the_page_and_my_mentoring_name_the_other_side(world, relationship):
    mentor_page = client_for(world.mentor).get(_url(world, "relationship", relationship.pk))
    assert f"<h1>Relationship with {world.mentee.full_name}</h1>" in mentor_page.text
    assert f"Relationship with {world.mentor.full_name}" not in mentor_page.text
    mine = client_for(world.mentor).get(_url(world, "mine")).text
    assert f"With {world.mentee.full_name}" in mine
    assert f"With {world.mentor.full_name}" not in mine
    theirs = client_for(world.mentee).get(_url(world, "mine")).text
    assert f"With {world.mentor.full_name}" in theirs
    coordinator = client_for(world.coordinator).get(_url(world, "relationship", relationship.pk))
    assert (
        f"<h1>Relationship of {world.mentor.full_name} and {world.mentee.full_name}</h1>"
        in coordinator.text
    )


def test_the_agreement_shows_who_has_confirmed_and_who_has_not(world):
    world.program.format = "group"
    world.program.save()
    mentor = world.program.memberships.get(role=Role.MENTOR)
    first = world.program.memberships.get(role=Role.MENTEE)
    second = MembershipFactory(
        user=UserFactory(full_name="Berta Segunda"),
        program=world.program,
        role=Role.MENTEE,
        wave=world.wave,
    )
    for mentee in (first, second):
        Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    (circle,) = services.relationships_from_matches(program=world.program)
    client_for(world.mentor).post(_url(world, "agreement", circle.pk), {"goals": "Exportar"})
    for person in (world.mentor, world.mentee):
        client_for(person).post(_url(world, "agreement-confirm", circle.pk))
    page = client_for(second.user).get(_url(world, "relationship", circle.pk)).text
    confirmations = page[page.index('id="agreement-confirmations"') :]
    confirmations = confirmations[: confirmations.index("</ul>")]
    assert f'{world.mentee.full_name} <span class="muted">(mentee)</span>: confirmed' in (
        confirmations
    )
    assert 'Berta Segunda <span class="muted">(mentee)</span>: <strong>not yet' in confirmations
    assert "Waiting for everyone to confirm it" in page
    assert "I confirm this agreement" in page  # Berta confirms for herself
    mine = client_for(world.mentee).get(_url(world, "relationship", circle.pk)).text
    assert "I confirm this agreement" not in mine  # already confirmed
    client_for(second.user).post(_url(world, "agreement-confirm", circle.pk))
    assert (
        "Confirmed by everyone"
        in client_for(world.coordinator).get(_url(world, "relationship", circle.pk)).text
    )


def test_each_meetings_addresses_are_those_of_the_url_conf(world, relationship):
    from puente.mentoring.views import _MeetingUrls

    urls = _MeetingUrls(world.program.slug, relationship.pk)
    for name in ("mentoring:meeting", "mentoring:meeting-ics", "feedback:give"):
        for number in (1, 12, 105):
            expected = reverse(name, args=[world.program.slug, relationship.pk, number])
            assert urls(name, number) == expected


def test_the_agreements_form_loads_when_opened_and_keeps_what_was_typed(world, relationship):
    url = _url(world, "agreement", relationship.pk)
    page = client_for(world.mentee).get(_url(world, "relationship", relationship.pk)).text
    assert f'hx-get="{url}"' in page and 'name="goals"' not in page
    fragment = client_for(world.mentee).get(url, headers={"HX-Request": "true"})
    assert 'name="goals"' in fragment.text and "<html" not in fragment.text
    assert 'name="goals"' in client_for(world.mentee).get(url).text  # without JavaScript
    refused = client_for(world.mentor).post(url, {"goals": "", "channel": "WhatsApp y Zoom"})
    assert refused.status_code == 422
    assert 'value="WhatsApp y Zoom"' in refused.text
    assert client_for(world.tutor).get(url).status_code == 403
