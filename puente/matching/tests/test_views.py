"""Running, reviewing, adjusting and confirming a match, and who may."""

import re
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import FocusAreaFactory, MembershipFactory, UserFactory
from puente.matching import services
from puente.matching.models import (
    Criterion,
    CriterionKey,
    Match,
    MatchingSettings,
    MatchRun,
    MentorCapacity,
    PairRule,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(world):
    """The world's program with 4 mentees and 2 mentors (1 place each, plus the world's mentor)."""
    program = world.program
    finance = FocusAreaFactory(program=program, name="Finanzas", kind="business")
    quality = FocusAreaFactory(program=program, name="Calidad", kind="business")
    mentees, mentors = (
        [world.program.memberships.get(role=Role.MENTEE)],
        [world.program.memberships.get(role=Role.MENTOR)],
    )
    for n in range(3):
        m = MembershipFactory(
            program=program,
            role=Role.MENTEE,
            wave=world.wave,
            user=UserFactory(email=f"mentee{n}@example.org", full_name=f"Mentee {n}"),
        )
        m.focus_areas.add(finance if n % 2 else quality)
        mentees.append(m)
    for n in range(2):
        m = MembershipFactory(
            program=program,
            role=Role.MENTOR,
            wave=world.wave,
            user=UserFactory(email=f"mentor{n}@example.org", full_name=f"Mentora {n}"),
        )
        m.focus_areas.add(finance if n else quality)
        mentors.append(m)
    MatchingSettings.objects.create(program=program, default_capacity=2)
    return mentees, mentors


def run(world, **kwargs) -> MatchRun:
    return services.match_run(program=world.program, by=world.coordinator, **kwargs)


def test_a_run_matches_everyone_capacity_allows_and_explains_each_pair(world, pool):
    mentees, mentors = pool
    result = run(world)
    assert result.matched == 4 and result.mentees == 4 and result.mentors == 3
    proposals = list(result.proposals.all())
    for proposal in proposals:
        keys = {item["key"] for item in proposal.breakdown}
        assert CriterionKey.GOALS in keys
        assert all(item["score"] is None or 0 <= item["score"] <= 1 for item in proposal.breakdown)
    # Each mentee gets the mentor offering her area when capacity allows.
    by_mentee = {p.mentee_id: p.mentor_id for p in proposals}
    # Mentee 0 wants Calidad, which Mentora 0 offers; Mentee 1 wants Finanzas (Mentora 1).
    assert by_mentee[mentees[1].pk] == mentors[1].pk
    assert by_mentee[mentees[2].pk] == mentors[2].pk
    loads = {}
    for p in proposals:
        loads[p.mentor_id] = loads.get(p.mentor_id, 0) + 1
    assert max(loads.values()) <= 2
    assert result.timings["solve_s"] >= 0


def test_capacity_shortfall_is_explained(world, pool):
    MatchingSettings.objects.filter(program=world.program).update(default_capacity=1)
    result = run(world)
    assert result.matched == 3
    assert [u.reason for u in result.unmatched.all()] == ["no_capacity"]


def test_a_must_excludes_pairs_and_says_why(world, pool):
    Criterion.objects.create(program=world.program, key=CriterionKey.GOALS, weight=5, required=True)
    legal = FocusAreaFactory(program=world.program, name="Legal", kind="business")
    world.program.memberships.get(user=world.mentee).focus_areas.add(legal)
    world.program.memberships.get(user=world.mentor).focus_areas.add(
        FocusAreaFactory(program=world.program, name="Logística", kind="business")
    )
    result = run(world)
    # The world's own mentee wants an area no mentor offers: nobody can be proposed to her.
    reasons = {u.mentee_id: u.reason for u in result.unmatched.all()}
    assert reasons[world.program.memberships.get(user=world.mentee).pk] == "no_allowed_mentor"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("no_mentors", "no mentors"),
        ("all_zero", "weighs zero"),
        ("no_capacity", "full capacity"),
        ("all_forbidden", "excluded"),
    ],
)
def test_runs_that_cannot_work_say_so_and_change_nothing(world, pool, setup, message):
    mentees, mentors = pool
    if setup == "no_mentors":
        world.program.memberships.filter(role=Role.MENTOR).delete()
    elif setup == "all_zero":
        for key in CriterionKey.values:
            Criterion.objects.create(program=world.program, key=key, weight=0)
    elif setup == "no_capacity":
        for mentor in mentors:
            MentorCapacity.objects.create(membership=mentor, capacity=0)
    else:
        for mentee in mentees:
            for mentor in mentors:
                PairRule.objects.create(
                    program=world.program, mentee=mentee, mentor=mentor, kind="forbid"
                )
    with pytest.raises(ValidationError, match=message):
        run(world)
    assert not MatchRun.objects.exists()


def test_locks_stay_forbids_are_never_proposed_and_capacity_holds(world, pool):
    mentees, mentors = pool
    first = run(world)
    proposal = first.proposals.get(mentee=mentees[1])
    other_mentor = next(m for m in mentors if m.pk != proposal.mentor_id)
    services.pair_forbid(
        program=world.program,
        mentee_id=mentees[1].pk,
        mentor_id=proposal.mentor_id,
        by=world.coordinator,
    )
    services.pair_lock(
        program=world.program,
        mentee_id=mentees[2].pk,
        mentor_id=other_mentor.pk,
        by=world.coordinator,
    )
    second = run(world)
    assert second.proposals.get(mentee=mentees[1]).mentor_id != proposal.mentor_id
    locked = second.proposals.get(mentee=mentees[2])
    assert locked.mentor_id == other_mentor.pk and locked.locked
    first.refresh_from_db()
    assert first.status == MatchRun.Status.SUPERSEDED


def test_a_lock_beyond_capacity_is_refused_with_the_reason(world, pool):
    mentees, mentors = pool
    MentorCapacity.objects.create(membership=mentors[1], capacity=1)
    services.pair_lock(
        program=world.program,
        mentee_id=mentees[0].pk,
        mentor_id=mentors[1].pk,
        by=world.coordinator,
    )
    with pytest.raises(ValidationError, match="1 of 1 places"):
        services.pair_lock(
            program=world.program,
            mentee_id=mentees[1].pk,
            mentor_id=mentors[1].pk,
            by=world.coordinator,
        )


def test_confirming_creates_matches_once_and_tells_both_sides(
    world, pool, django_capture_on_commit_callbacks
):
    result = run(world)
    with django_capture_on_commit_callbacks(execute=True):
        confirmation = services.run_confirm(run=result, by=world.coordinator)
    assert len(confirmation.matches) == 4
    assert Match.objects.filter(program=world.program, status="active").count() == 4
    recipients = {m.to[0] for m in mail.outbox}
    assert (
        world.mentee.email in recipients
        and world.mentor.email in recipients
        or len(recipients) >= 4
    )
    with pytest.raises(ValidationError):
        services.run_confirm(run=result, by=world.coordinator)
    assert Match.objects.count() == 4
    # Matched mentees are not proposed again, and pairs that met are never proposed again.
    with pytest.raises(ValidationError, match="already matched"):
        run(world)


def test_someone_who_left_between_run_and_confirmation_is_flagged(world, pool):
    mentees, _mentors = pool
    result = run(world)
    mentees[3].user.is_active = False
    mentees[3].user.save()
    confirmation = services.run_confirm(run=result, by=world.coordinator)
    assert mentees[3].user.full_name in confirmation.skipped
    assert not Match.objects.filter(mentee=mentees[3]).exists()


def test_a_pair_that_met_before_is_not_proposed_again(world, pool):
    mentees, mentors = pool
    Match.objects.create(
        program=world.program, mentee=mentees[1], mentor=mentors[1], status="ended"
    )
    result = run(world)
    assert result.proposals.get(mentee=mentees[1]).mentor_id != mentors[1].pk
    MatchingSettings.objects.filter(program=world.program).update(allow_rematch=True)
    assert run(world).proposals.get(mentee=mentees[1]).mentor_id == mentors[1].pk


# Pages.


def test_the_coordinator_runs_reads_locks_reruns_and_confirms(world, pool):
    mentees, mentors = pool
    client = client_for(world.coordinator)
    slug = world.program.slug
    response = client.post(
        reverse("matching:run-create", args=[slug]),
        {"run-wave": "", "run-track": "", "run-submit_key": str(uuid.uuid4())},
    )
    created = MatchRun.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "matching:run", args=[slug, created.pk]
    )
    page = client.get(response.url).content.decode()
    assert "Both on: Finanzas." in page
    assert (
        client.get(reverse("matching:run", args=[world.other_program.slug, created.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("matching:pair-rule", args=[slug, created.pk]),
        {"mentee": mentees[0].pk, "mentor": mentors[2].pk, "action": "lock"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("matching:run-again", args=[slug, created.pk]), {"submit_key": str(uuid.uuid4())}
    )
    again = MatchRun.objects.latest("pk")
    assert again.proposals.get(mentee=mentees[0]).mentor_id == mentors[2].pk
    confirm_url = reverse("matching:run-confirm", args=[slug, again.pk])
    assert (
        confirm_url in client.get(reverse("matching:run", args=[slug, again.pk])).content.decode()
    )
    response = client.post(confirm_url, {"message": "", "submit_key": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Match.objects.count() == again.matched
    # A second confirmation (another tab, another coordinator) changes nothing.
    client.post(confirm_url, {"message": "", "submit_key": str(uuid.uuid4())})
    assert Match.objects.count() == again.matched
    assert client.put(confirm_url).status_code == 405


def _confirm_url(world, run):
    return reverse("matching:run-confirm", args=[world.program.slug, run.pk])


def test_the_confirmation_page_says_who_is_emailed_what_and_sends_nothing(world, pool):
    result = run(world)
    mentors = len({p.mentor_id for p in result.proposals.all()})
    response = client_for(world.coordinator).get(_confirm_url(world, result))
    assert response.status_code == 200
    summary = response.content.decode()
    assert f"{result.matched} mentees are matched and each receives an email" in summary
    assert f"{mentors} mentors each receive an email" in summary
    assert "Your first meeting is for getting to know each other" in summary  # the message
    assert 'name="submit_key"' in summary
    assert mail.outbox == [] and not Match.objects.exists()
    assert MatchRun.objects.get().status == MatchRun.Status.PROPOSED


def test_confirming_sends_the_written_message_once_per_submit_key(
    world, pool, django_capture_on_commit_callbacks
):
    result = run(world)
    client = client_for(world.coordinator)
    data = {"message": "Nos vemos el lunes en la inauguración.", "submit_key": str(uuid.uuid4())}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_confirm_url(world, result), data)
        second = client.post(_confirm_url(world, result), data)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Match.objects.count() == result.matched
    mentors = len({p.mentor_id for p in result.proposals.all()})
    assert len(mail.outbox) == result.matched + mentors
    assert all("Nos vemos el lunes en la inauguración." in m.body for m in mail.outbox)
    assert not any("Your first meeting" in m.body for m in mail.outbox)


def test_the_proposed_message_left_as_it_is_goes_out_in_each_language(
    world, pool, django_capture_on_commit_callbacks
):
    result = run(world)
    spanish = result.proposals.first().mentee.user
    spanish.language = "es"
    spanish.save(update_fields=["language"])
    client = client_for(world.coordinator)  # reads English
    page = client.get(_confirm_url(world, result)).content.decode()
    proposed = re.search(r"<textarea[^>]*>\s*(.*?)</textarea>", page, re.S).group(1).strip()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _confirm_url(world, result), {"message": proposed, "submit_key": str(uuid.uuid4())}
        )
    to_spanish = next(m for m in mail.outbox if m.to == [spanish.email])
    assert "La primera reunión sirve para conocerse" in to_spanish.body


def test_a_confirmation_without_its_key_is_refused_and_confirms_nothing(world, pool):
    result = run(world)
    response = client_for(world.coordinator).post(_confirm_url(world, result), {"message": "x"})
    assert response.status_code == 422
    assert not Match.objects.exists() and mail.outbox == []


def test_weights_are_saved_and_bad_weights_refused(world):
    client = client_for(world.coordinator)
    url = reverse("matching:settings", args=[world.program.slug])
    data = {"settings-min_score": "0.2", "settings-default_capacity": "3"}
    for key in CriterionKey.values:
        data[f"criteria-{key}_weight"] = "4"
    data["criteria-language_required"] = "on"
    assert client.post(url, data).status_code == 302
    assert Criterion.objects.get(program=world.program, key="language").required
    assert MatchingSettings.objects.get(program=world.program).default_capacity == 3
    data["criteria-goals_weight"] = "11"
    assert client.post(url, data).status_code == 422


def test_the_run_page_query_count_does_not_grow_with_proposals(world, pool):
    client = client_for(world.coordinator)
    small = run(world)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("matching:run", args=[world.program.slug, small.pk]))
    for n in range(6):
        MembershipFactory(
            program=world.program, role=Role.MENTEE, user=UserFactory(email=f"extra{n}@example.org")
        )
        MembershipFactory(
            program=world.program,
            role=Role.MENTOR,
            user=UserFactory(email=f"extram{n}@example.org"),
        )
    large = run(world)
    assert large.matched > small.matched
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("matching:run", args=[world.program.slug, large.pk]))
    assert len(many) == len(few)


def test_a_group_program_forms_circles_whose_mentees_suit_each_other(world):
    """Two mentors with two places each; mentees A1, A2 share "Liderazgo" and B1, B2 share
    "Datos"; every mentor scores the same with everyone, so only the circles decide."""
    program = world.program
    program.format = "group"
    program.save()
    world.program.memberships.filter(role__in=[Role.MENTEE, Role.MENTOR]).delete()
    leadership = FocusAreaFactory(program=program, name="Liderazgo", kind="personal")
    data = FocusAreaFactory(program=program, name="Datos", kind="personal")
    for n in range(2):
        mentor = MembershipFactory(
            program=program,
            role=Role.MENTOR,
            user=UserFactory(email=f"circle-mentor{n}@example.org"),
        )
        mentor.focus_areas.add(leadership, data)
    for name, area in (("A1", leadership), ("B1", data), ("A2", leadership), ("B2", data)):
        mentee = MembershipFactory(
            program=program,
            role=Role.MENTEE,
            user=UserFactory(email=f"circle-{name}@example.org", full_name=name),
        )
        mentee.focus_areas.add(area)
    MatchingSettings.objects.create(program=program, default_capacity=2)
    result = run(world)
    circles = {}
    for proposal in result.proposals.select_related("mentee__user"):
        circles.setdefault(proposal.mentor_id, set()).add(proposal.mentee.user.full_name)
        item = next(b for b in proposal.breakdown if b["key"] == "circle")
        assert len(item["params"]["with"]) == 1
    assert sorted(map(sorted, circles.values())) == [["A1", "A2"], ["B1", "B2"]]


def test_a_run_started_twice_with_the_same_form_runs_once(world):
    client = client_for(world.coordinator)
    url = reverse("matching:run-create", args=[world.program.slug])
    data = {"run-wave": "", "run-track": "", "run-submit_key": str(uuid.uuid4())}
    first = client.post(url, data)
    second = client.post(url, data)
    assert MatchRun.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url


def test_a_rerun_sent_twice_runs_once(world):
    client = client_for(world.coordinator)
    slug = world.program.slug
    client.post(
        reverse("matching:run-create", args=[slug]),
        {"run-wave": "", "run-track": "", "run-submit_key": str(uuid.uuid4())},
    )
    run = MatchRun.objects.get()
    page = client.get(reverse("matching:run", args=[slug, run.pk]))
    key = re.search(r'name="submit_key" value="([\w-]+)"', page.content.decode()).group(1)
    url = reverse("matching:run-again", args=[slug, run.pk])
    first = client.post(url, {"submit_key": key})
    second = client.post(url, {"submit_key": key})
    assert MatchRun.objects.count() == 2
    assert first.url == second.url
    # Without its key (a page from before), nothing runs and the page says why.
    client.post(url)
    assert MatchRun.objects.count() == 2
