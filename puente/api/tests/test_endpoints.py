"""What each endpoint shows to whom, the meeting log written through the API, and query counts
that do not grow with the data."""

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from puente.api.tests.conftest import api_client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match
from puente.mentoring import services as mentoring
from puente.mentoring.models import Meeting
from puente.monitoring.tests.conftest import me_world  # noqa: F401 - a shared fixture
from puente.monitoring.tests.test_indicators import TODAY, _answers, _indicator, _pairs
from puente.plans.models import GrowthPlan

SECRET = "NOTA-PRIVADA-QUE-NADIE-MAS-LEE"


def _get(user, name, slug, **params):
    response = api_client_for(user).get(reverse(f"api:{name}", args=[slug]), params)
    assert response.status_code == 200, response.content
    return response.json()


def _ids(payload):
    return [item["id"] for item in payload["results"]]


def test_relationships_are_scoped_like_the_pages(world, relationship):
    slug = world.program.slug
    for person in (world.coordinator, world.tutor, world.mentor, world.mentee):
        assert _ids(_get(person, "relationship-list", slug)) == [relationship.pk]
    other_mentor = UserFactory()
    MembershipFactory(user=other_mentor, program=world.program, role=Role.MENTOR)
    assert _ids(_get(other_mentor, "relationship-list", slug)) == []
    detail = reverse("api:relationship-detail", args=[slug, relationship.pk])
    assert api_client_for(other_mentor).get(detail).status_code == 404
    shown = api_client_for(world.mentor).get(detail).json()
    assert shown["mentor"]["full_name"] == world.mentor.full_name


def test_filters_by_status_and_wave_and_a_bad_id_is_400(world, relationship):
    slug = world.program.slug
    assert _ids(_get(world.coordinator, "relationship-list", slug, status="active")) == [
        relationship.pk
    ]
    assert _ids(_get(world.coordinator, "relationship-list", slug, status="paused")) == []
    assert _ids(_get(world.coordinator, "relationship-list", slug, wave=world.wave.pk + 99)) == []
    bad = api_client_for(world.coordinator).get(
        reverse("api:relationship-list", args=[slug]), {"wave": "uno"}
    )
    assert bad.status_code == 400
    assert "wave" in bad.json()


def test_private_notes_never_appear_in_any_answer(world, relationship):
    meeting = relationship.meetings.order_by("number").first()
    mentoring.private_note_add(meeting=meeting, by=world.mentor, text=SECRET)
    mentoring.meeting_log(
        meeting=meeting,
        by=world.mentor,
        data={"held": True, "duration_minutes": 60, "topics": "Metas", "shared_notes": "Bien"},
    )
    slug = world.program.slug
    names = ["relationship-list", "meeting-list", "plan-list", "membership-list"]
    for person in (world.mentor, world.coordinator, world.tutor, world.mentee):
        client = api_client_for(person)
        for name in names:
            body = client.get(reverse(f"api:{name}", args=[slug])).content.decode()
            assert SECRET not in body
        log = client.get(reverse("api:meeting-log", args=[slug, meeting.pk]))
        assert log.status_code == 200
        assert log.json()["shared_notes"] == "Bien"
        assert SECRET not in log.content.decode()


def test_contact_details_only_for_coordinators_and_tutors(world):
    slug = world.program.slug
    coordinator_view = _get(world.coordinator, "membership-list", slug)
    assert {m["email"] for m in coordinator_view["results"]} >= {world.mentee.email}
    mentee_view = _get(world.mentee, "membership-list", slug)
    assert all(m["email"] is None for m in mentee_view["results"])
    # A mentee sees the public roles and their own entry, not the other mentees or the reviewer.
    roles = {m["role"] for m in mentee_view["results"]}
    assert Role.REVIEWER not in roles
    other = UserFactory()
    MembershipFactory(user=other, program=world.program, role=Role.MENTEE)
    names = {m["full_name"] for m in _get(world.mentee, "membership-list", slug)["results"]}
    assert other.full_name not in names and world.mentee.full_name in names


def test_a_mentee_in_a_circle_sees_only_their_own_plan(world, relationship):
    second = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
    relationship.mentees.add(second)
    own = GrowthPlan.objects.create(
        relationship=relationship, mentee=relationship.mentees.get(user=world.mentee)
    )
    theirs = GrowthPlan.objects.create(relationship=relationship, mentee=second)
    slug = world.program.slug
    assert _ids(_get(world.mentee, "plan-list", slug)) == [own.pk]
    assert sorted(_ids(_get(world.mentor, "plan-list", slug))) == sorted([own.pk, theirs.pk])
    assert sorted(_ids(_get(world.coordinator, "plan-list", slug))) == sorted([own.pk, theirs.pk])


# --- Logging a meeting -----------------------------------------------------------------------


def _log_url(world, meeting):
    return reverse("api:meeting-log", args=[world.program.slug, meeting.pk])


def test_the_mentor_logs_a_meeting_through_the_api(world, relationship):
    meeting = relationship.meetings.order_by("number").first()
    mentee = relationship.mentees.get()
    response = api_client_for(world.mentor).put(
        _log_url(world, meeting),
        {
            "held": True,
            "duration_minutes": 45,
            "attended": [mentee.pk],
            "topics": "Plan de ventas",
            "shared_notes": "Buen avance",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["attended"] == [mentee.pk]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.log.topics == "Plan de ventas"
    assert meeting.log.written_by == world.mentor


def test_only_the_two_sides_log_meetings(world, relationship):
    meeting = relationship.meetings.order_by("number").first()
    data = {"held": False, "topics": "No pudimos"}
    assert (
        api_client_for(world.mentee).put(_log_url(world, meeting), data, format="json").status_code
        == 200
    )
    for person in (world.tutor, world.coordinator):
        response = api_client_for(person).put(_log_url(world, meeting), data, format="json")
        assert response.status_code == 403
    for person in (world.observer, world.reviewer):
        response = api_client_for(person).put(_log_url(world, meeting), data, format="json")
        assert response.status_code == 403
    assert api_client_for(world.outsider).put(_log_url(world, meeting), data).status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"held": True, "topics": "Metas"}, "duration_minutes"),
        ({"held": True, "duration_minutes": 60, "topics": "x", "mood": "bien"}, "mood"),
        ({"held": True, "duration_minutes": 2, "topics": "x"}, "duration_minutes"),
        ({"held": "quizás", "topics": "x"}, "held"),
        ({"held": False}, "topics"),
        ({"held": False, "topics": "x", "attended": [999999]}, "attended"),
        ({"held": False, "topics": "x", "focus_areas": [999999]}, "focus_areas"),
    ],
)
def test_bad_logs_are_400_with_the_field_named(world, relationship, data, field):
    meeting = relationship.meetings.order_by("number").first()
    response = api_client_for(world.mentor).put(_log_url(world, meeting), data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_a_log_not_yet_written_is_404(world, relationship):
    meeting = relationship.meetings.order_by("number").first()
    assert api_client_for(world.coordinator).get(_log_url(world, meeting)).status_code == 404


# --- Indicators for funders ------------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC), tick=False)
def test_observers_get_indicators_with_small_groups_suppressed(world, me_world):  # noqa: F811
    _pairs(world, 2)
    _answers(me_world, "baseline", [], close=False)
    _indicator(world, computation="meetings_held")
    assert TODAY == dt.date(2026, 11, 23)
    (indicator,) = _get(world.observer, "indicator-list", world.program.slug)["results"]
    baseline = indicator["overall"]["values"][0]
    assert baseline == {
        "round": "baseline",
        "value": None,
        "people": None,
        "suppressed": True,
        "hidden_because": "few",
    }


@time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC), tick=False)
def test_observers_get_values_of_groups_of_five(world, me_world):  # noqa: F811
    _pairs(world, 5)
    _answers(me_world, "baseline", [], close=False)
    _indicator(world, computation="meetings_held")
    (indicator,) = _get(world.observer, "indicator-list", world.program.slug)["results"]
    baseline = indicator["overall"]["values"][0]
    assert baseline["suppressed"] is False and baseline["hidden_because"] is None
    assert baseline["people"] == 5
    assert float(baseline["value"]) == 10.0


# --- Exports ---------------------------------------------------------------------------------


def test_a_coordinator_asks_for_an_export_and_downloads_it(
    world, relationship, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = api_client_for(world.coordinator)
    url = reverse("api:export-list", args=[world.program.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"tables": ["relationships"], "file_format": "csv"}, format="json"
        )
    assert response.status_code == 202, response.content
    export_id = response.json()["id"]
    detail = client.get(reverse("api:export-detail", args=[world.program.slug, export_id])).json()
    assert detail["status"] == "ready"
    download = client.get(detail["download_url"])
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert world.mentor.full_name.encode() in content
    # Another coordinator of the program does not see someone else's export.
    other = UserFactory()
    MembershipFactory(user=other, program=world.program, role=Role.COORDINATOR)
    mine = reverse("api:export-detail", args=[world.program.slug, export_id])
    assert api_client_for(other).get(mine).status_code == 404


def test_an_export_of_an_unknown_table_is_400(world):
    response = api_client_for(world.coordinator).post(
        reverse("api:export-list", args=[world.program.slug]),
        {"tables": ["passwords"]},
        format="json",
    )
    assert response.status_code == 400
    assert "tables" in response.json()


# --- Query counts ----------------------------------------------------------------------------


def _grow(world, pairs):
    for _ in range(pairs):
        mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=world.wave)
        mentee = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
        Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    for made in mentoring.relationships_from_matches(program=world.program):
        for mentee in made.mentees.all():
            GrowthPlan.objects.create(relationship=made, mentee=mentee)
        meeting = made.meetings.order_by("number").first()
        mentoring.meeting_log(
            meeting=meeting,
            by=made.mentor.user,
            data={"held": True, "duration_minutes": 30, "attended": list(made.mentees.all())},
        )


@pytest.mark.parametrize(
    "name", ["relationship-list", "meeting-list", "plan-list", "membership-list", "match-list"]
)
def test_list_queries_do_not_grow_with_the_data(world, name):
    client = api_client_for(world.coordinator)
    url = reverse(f"api:{name}", args=[world.program.slug])
    _grow(world, 2)
    client.get(url)  # warm up (token last-used stamp)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 6)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert json.loads(response.content)["count"] > 6
    assert len(large.captured_queries) == len(small.captured_queries)
