"""Mentee choice mode: spread suggestions, rankings honoured within capacities, mentors' answers,
and who may see each page."""

import itertools

import numpy as np
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import FocusAreaFactory, MembershipFactory, ProgramFactory, UserFactory
from puente.matching import choice, criteria, engine, services
from puente.matching.models import (
    CriterionKey,
    Match,
    MatchingSettings,
    MentorCapacity,
    MentorResponse,
    PairRule,
    Suggestion,
)

pytestmark = pytest.mark.django_db


# Helpers ----------------------------------------------------------------------------------------


def person(program, role, name, areas=(), wave=None):
    slug = name.lower().replace(" ", "-")
    membership = MembershipFactory(
        program=program,
        role=role,
        wave=wave,
        user=UserFactory(
            email=f"{slug}@example.org",
            full_name=name,
            job_title="Analista",
            organization="Acme",
            bio="Veinte años en finanzas.",
        ),
    )
    membership.focus_areas.add(*areas)
    return membership


def choice_program(shown=2, capacity=1, **settings):
    program = ProgramFactory()
    MatchingSettings.objects.create(
        program=program,
        mentee_choice=True,
        suggestions_shown=shown,
        default_capacity=capacity,
        **settings,
    )
    return program


def suggest(mentee, mentor, position, choice=None, score="0.5"):
    return Suggestion.objects.create(
        program=mentee.program,
        mentee=mentee,
        mentor=mentor,
        position=position,
        score=score,
        choice=choice,
        breakdown=[
            {"key": "language", "score": 1.0, "weight": 5, "params": {"common": ["es"]}},
        ],
    )


def run(program):
    coordinator = UserFactory()
    return services.match_run(program=program, by=coordinator)


def pairs_of(result):
    return {p.mentee_id: p.mentor_id for p in result.proposals.all()}


# Spreading --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mentees", "capacities", "shown"),
    [(30, [3] * 10, 3), (8, [1] * 4, 2), (40, [10, 5, 5, 5, 5, 5, 3, 2], 3), (12, [2] * 6, 3)],
)
def test_one_mentor_best_for_everyone_is_shown_to_about_their_share(mentees, capacities, shown):
    rng = np.random.default_rng(7)
    capacity = np.array(capacities)
    scores = rng.uniform(0.0, 0.3, (mentees, len(capacity)))
    scores[:, 0] = 1.0  # the star: the best fit for every mentee
    allowed = np.ones(scores.shape, dtype=bool)

    picks = choice.spread(scores, allowed, capacity, shown)

    assert all(len(row) == shown and len(set(row)) == shown for row in picks)
    counts = np.bincount([j for row in picks for j in row], minlength=len(capacity))
    share = shown * mentees * capacity / capacity.sum()
    assert counts[0] <= 1.5 * share[0] + 1
    assert np.all(counts <= 1.5 * share + 1)
    # Without the spreading, the star would be shown to everyone.
    greedy = choice.spread(scores, allowed, capacity, shown, penalty=0)
    assert sum(0 in row for row in greedy) == mentees
    # Each mentee's suggestions are listed best first.
    assert all(
        list(row) == sorted(row, key=lambda j, i=i: -scores[i, j]) for i, row in enumerate(picks)
    )


def test_spread_respects_allowed_pairs_and_full_mentors():
    scores = np.array([[0.9, 0.8, 0.7], [0.9, 0.8, 0.7]])
    allowed = np.array([[True, False, True], [True, True, True]])
    picks = choice.spread(scores, allowed, np.array([1, 1, 0]), 2)
    assert picks[0] == [0]  # mentor 1 is not allowed, mentor 2 is full
    assert sorted(picks[1]) == [0, 1]


def test_publishing_spreads_a_popular_mentor_and_emails_each_mentee(
    django_capture_on_commit_callbacks,
):
    program = choice_program(shown=2, capacity=1)
    finance = FocusAreaFactory(program=program, name="Finanzas")
    mentees = [person(program, Role.MENTEE, f"Mentee {n}", [finance]) for n in range(8)]
    star = person(program, Role.MENTOR, "Estrella", [finance])
    others = [person(program, Role.MENTOR, f"Mentora {n}") for n in range(3)]
    coordinator = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        result = choice.suggestions_publish(program=program, by=coordinator)

    assert result.suggested == 8 and result.without == 0
    for mentee in mentees:
        assert mentee.suggestions.count() == 2
    share = 2 * 8 * 1 / 4
    assert Suggestion.objects.filter(mentor=star).count() <= 1.5 * share + 1
    assert all(Suggestion.objects.filter(mentor=m).exists() for m in others)
    first = Suggestion.objects.filter(mentor=star).first()
    assert first.breakdown and first.created_by == coordinator
    assert {m.to[0] for m in mail.outbox} == {m.user.email for m in mentees}
    assert "/matching/choose/" in mail.outbox[0].body


def test_publishing_again_keeps_choices_and_refreshes_the_rest():
    program = choice_program(shown=2)
    a, b = (person(program, Role.MENTEE, f"Mentee {n}") for n in "ab")
    mentors = [person(program, Role.MENTOR, f"Mentora {n}") for n in range(3)]
    choice.suggestions_publish(program=program, by=UserFactory())
    mine = list(a.suggestions.order_by("position"))
    choice.choices_save(mentee=a, ranked_mentor_ids=[mine[1].mentor_id])
    late = person(program, Role.MENTEE, "Mentee tarde")

    result = choice.suggestions_publish(program=program, by=UserFactory())

    assert result.kept == 1 and result.suggested == 2
    assert [s.pk for s in a.suggestions.order_by("position")] == [s.pk for s in mine]
    assert a.suggestions.get(choice=1).mentor_id == mine[1].mentor_id
    assert b.suggestions.count() == 2 and late.suggestions.count() == 2
    assert len(mentors) == 3


def test_publishing_leaves_out_forbidden_pairs_pairs_that_met_and_locked_mentees():
    program = choice_program(shown=3)
    a, b, c = (person(program, Role.MENTEE, f"Mentee {n}") for n in "abc")
    x, y, z = (person(program, Role.MENTOR, f"Mentora {n}") for n in "xyz")
    PairRule.objects.create(program=program, mentee=a, mentor=x, kind="forbid")
    Match.objects.create(program=program, mentee=a, mentor=y, status="ended")
    PairRule.objects.create(program=program, mentee=c, mentor=z, kind="lock")
    choice.suggestions_publish(program=program, by=UserFactory())
    # Mentora z's one place is taken by the lock: she is shown to nobody.
    assert list(a.suggestions.values_list("mentor_id", flat=True)) == []
    assert set(b.suggestions.values_list("mentor_id", flat=True)) == {x.pk, y.pk}
    assert not c.suggestions.exists()


def test_publishing_needs_choice_mode():
    program = ProgramFactory()
    MatchingSettings.objects.create(program=program, mentee_choice=False)
    person(program, Role.MENTEE, "Mentee")
    person(program, Role.MENTOR, "Mentora")
    with pytest.raises(ValidationError, match="do not choose"):
        choice.suggestions_publish(program=program, by=UserFactory())
    assert not Suggestion.objects.exists()


# Runs honour the choices ------------------------------------------------------------------------


def _best(objective, allowed, capacity):
    """Brute force: the most mentees matched, then the highest objective."""
    n, m = objective.shape
    best = (-1, -1.0)
    for assignment in itertools.product([None, *range(m)], repeat=n):
        load = np.bincount([j for j in assignment if j is not None], minlength=m)
        if np.any(load > capacity):
            continue
        if any(j is not None and not allowed[i, j] for i, j in enumerate(assignment)):
            continue
        count = sum(j is not None for j in assignment)
        value = sum(objective[i, j] for i, j in enumerate(assignment) if j is not None)
        best = max(best, (count, round(value, 6)))
    return best


def test_two_mentees_first_choosing_one_place_one_gets_it_the_other_their_second():
    # Pure: mentor X (one place) is both mentees' first choice; the solver's answer is exact.
    total = np.array([[0.9, 0.5, 0.4], [0.8, 0.3, 0.79]])
    ranks = np.array([[1, 2, 0], [1, 0, 2]])
    capacity = np.array([1, 1, 1])
    objective, allowed = criteria.with_choices(total, np.ones((2, 3), dtype=bool), ranks, 3)
    result = engine.solve(objective, capacity, allowed=allowed)
    assert sorted(result.pairs) == [(0, 0), (1, 2)]  # A gets X; B their second choice, Z
    assert (len(result.pairs), round(result.total, 6)) == _best(objective, allowed, capacity)
    # Ranks weigh more than scores: B's first choice beats a better-scoring second choice.
    assert allowed[0, 2] == np.False_  # A did not choose Z


def test_runs_give_choosers_only_their_chosen_mentors_within_capacities():
    program = choice_program(shown=2, capacity=1)
    finance = FocusAreaFactory(program=program, name="Finanzas")
    a = person(program, Role.MENTEE, "Ana", [finance])
    b = person(program, Role.MENTEE, "Bea", [finance])
    free = person(program, Role.MENTEE, "Carla")
    x = person(program, Role.MENTOR, "Ximena", [finance])
    y = person(program, Role.MENTOR, "Yolanda")
    z = person(program, Role.MENTOR, "Zoe")
    person(program, Role.MENTOR, "Wanda", [finance])
    for mentee, second in ((a, y), (b, z)):
        suggest(mentee, x, 1, choice=1)
        suggest(mentee, second, 2, choice=2)

    result = run(program)

    pairs = pairs_of(result)
    assert pairs[a.pk] in (x.pk, y.pk) and pairs[b.pk] in (x.pk, z.pk)
    assert [pairs[a.pk], pairs[b.pk]].count(x.pk) == 1  # one place: one gets her first choice
    # The mentee who did not choose is matched as before, with one of the mentors left.
    assert pairs[free.pk] not in (x.pk, pairs[a.pk], pairs[b.pk])
    assert result.matched == 3
    assert result.settings_used["mentee_choice"] is True
    assert sorted(result.inputs["choices"]) == sorted(
        [[a.pk, x.pk, 1], [a.pk, y.pk, 2], [b.pk, x.pk, 1], [b.pk, z.pk, 2]]
    )
    # Stored scores are the pairs' own, without the choice bonus.
    assert all(p.score <= 1 for p in result.proposals.all())


def test_a_first_choice_wins_over_a_better_scoring_second_choice():
    program = choice_program(shown=2, capacity=1)
    finance = FocusAreaFactory(program=program, name="Finanzas")
    a = person(program, Role.MENTEE, "Ana", [finance])
    good = person(program, Role.MENTOR, "Buena", [finance])
    liked = person(program, Role.MENTOR, "Preferida")
    suggest(a, good, 1, choice=2)
    suggest(a, liked, 2, choice=1)
    assert pairs_of(run(program)) == {a.pk: liked.pk}


def test_a_chooser_whose_mentors_are_full_stays_unmatched_with_the_reason():
    program = choice_program(shown=2, capacity=1)
    a = person(program, Role.MENTEE, "Ana")
    b = person(program, Role.MENTEE, "Bea")
    x = person(program, Role.MENTOR, "Ximena")
    person(program, Role.MENTOR, "Yolanda")
    MentorCapacity.objects.create(membership=x, capacity=1)
    PairRule.objects.create(program=program, mentee=b, mentor=x, kind="lock")
    suggest(a, x, 1, choice=1)
    result = run(program)
    assert a.pk not in pairs_of(result)
    assert [u.reason for u in result.unmatched.all()] == ["no_capacity"]


def test_choices_are_ignored_when_the_program_leaves_choice_mode():
    program = choice_program(shown=2, capacity=1)
    finance = FocusAreaFactory(program=program, name="Finanzas")
    a = person(program, Role.MENTEE, "Ana", [finance])
    good = person(program, Role.MENTOR, "Buena", [finance])
    liked = person(program, Role.MENTOR, "Preferida")
    suggest(a, liked, 1, choice=1)
    MatchingSettings.objects.filter(program=program).update(mentee_choice=False)
    assert pairs_of(run(program)) == {a.pk: good.pk}


def test_a_declined_pair_is_never_proposed_or_suggested_again():
    program = choice_program(shown=2, capacity=2)
    finance = FocusAreaFactory(program=program, name="Finanzas")
    a = person(program, Role.MENTEE, "Ana", [finance])
    b = person(program, Role.MENTEE, "Bea", [finance])
    x = person(program, Role.MENTOR, "Ximena", [finance])
    y = person(program, Role.MENTOR, "Yolanda")
    suggest(a, x, 1, choice=1)
    suggest(a, y, 2, choice=2)
    suggest(b, x, 1, choice=1)

    choice.mentor_respond(mentor=x, mentee_id=a.pk, accept=False, reason="Sin tiempo este año.")
    choice.mentor_respond(mentor=x, mentee_id=b.pk, accept=False, reason="Conflicto de interés.")

    result = run(program)
    pairs = pairs_of(result)
    assert pairs[a.pk] == y.pk  # her second choice
    # Bea's only choice declined: she is matched as if she had not chosen, never with Ximena.
    assert pairs[b.pk] == y.pk
    assert sorted(result.inputs["declined"]) == sorted([[a.pk, x.pk], [b.pk, x.pk]])
    # Publishing again gives Bea fresh suggestions, without Ximena.
    choice.suggestions_publish(program=program, by=UserFactory())
    assert list(b.suggestions.values_list("mentor_id", flat=True)) == [y.pk]


# Saving choices and answers ---------------------------------------------------------------------


@pytest.fixture
def chooser():
    program = choice_program(shown=3)
    mentee = person(program, Role.MENTEE, "Ana")
    mentors = [person(program, Role.MENTOR, f"Mentora {n}") for n in range(4)]
    for place, mentor in enumerate(mentors[:3], start=1):
        suggest(mentee, mentor, place)
    return mentee, mentors


def test_choices_are_stored_in_order_and_can_change(chooser):
    mentee, mentors = chooser
    choice.choices_save(mentee=mentee, ranked_mentor_ids=[mentors[2].pk, mentors[0].pk])
    ranks = dict(mentee.suggestions.values_list("mentor_id", "choice"))
    assert ranks == {mentors[2].pk: 1, mentors[0].pk: 2, mentors[1].pk: None}
    choice.choices_save(mentee=mentee, ranked_mentor_ids=[mentors[0].pk])
    ranks = dict(mentee.suggestions.values_list("mentor_id", "choice"))
    assert ranks == {mentors[0].pk: 1, mentors[1].pk: None, mentors[2].pk: None}


@pytest.mark.parametrize(
    ("pick", "message"),
    [
        (lambda m: [m[0].pk, m[0].pk], "only one place"),
        (lambda m: [m[3].pk], "among your suggestions"),
        (lambda m: [], "at least one"),
    ],
)
def test_choices_outside_the_rules_are_refused(chooser, pick, message):
    mentee, mentors = chooser
    with pytest.raises(ValidationError, match=message):
        choice.choices_save(mentee=mentee, ranked_mentor_ids=pick(mentors))
    assert not mentee.suggestions.filter(choice__isnull=False).exists()


def test_a_mentor_who_declined_cannot_be_chosen_and_a_matched_mentee_cannot_choose(chooser):
    mentee, mentors = chooser
    choice.choices_save(mentee=mentee, ranked_mentor_ids=[mentors[1].pk])
    choice.mentor_respond(mentor=mentors[1], mentee_id=mentee.pk, accept=False, reason="Viajo.")
    with pytest.raises(ValidationError, match="cannot take you on"):
        choice.choices_save(mentee=mentee, ranked_mentor_ids=[mentors[1].pk])
    Match.objects.create(program=mentee.program, mentee=mentee, mentor=mentors[0])
    with pytest.raises(ValidationError, match="already have a mentor"):
        choice.choices_save(mentee=mentee, ranked_mentor_ids=[mentors[0].pk])


def test_mentors_answer_only_who_chose_them_and_give_a_reason_to_decline(chooser):
    mentee, mentors = chooser
    with pytest.raises(ValidationError, match="not chosen you"):
        choice.mentor_respond(mentor=mentors[0], mentee_id=mentee.pk, accept=True)
    choice.choices_save(mentee=mentee, ranked_mentor_ids=[mentors[0].pk])
    with pytest.raises(ValidationError, match="Say why"):
        choice.mentor_respond(mentor=mentors[0], mentee_id=mentee.pk, accept=False, reason="  ")
    choice.mentor_respond(mentor=mentors[0], mentee_id=mentee.pk, accept=False, reason="Viajo.")
    response = choice.mentor_respond(mentor=mentors[0], mentee_id=mentee.pk, accept=True)
    assert response.accepted and MentorResponse.objects.count() == 1


# Pages ------------------------------------------------------------------------------------------


@pytest.fixture
def choosing(world):
    """The world's program in choice mode; its mentee has two suggestions (the world's mentor
    and one more)."""
    program = world.program
    MatchingSettings.objects.create(program=program, mentee_choice=True, suggestions_shown=3)
    mentee = program.memberships.get(user=world.mentee, role=Role.MENTEE)
    mentor = program.memberships.get(user=world.mentor, role=Role.MENTOR)
    other = person(program, Role.MENTOR, "Mentora Otra", wave=world.wave)
    suggest(mentee, mentor, 1, score="0.81")
    suggest(mentee, other, 2, score="0.64")
    return mentee, mentor, other


PERSONAS = [
    "coordinator",
    "reviewer",
    "tutor",
    "mentor",
    "mentee",
    "observer",
    "outsider",
    "other_coordinator",
]


@pytest.mark.parametrize(
    ("name", "allowed"), [("matching:choose", "mentee"), ("matching:requests", "mentor")]
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_choice_pages_are_for_their_own_role(world, choosing, name, allowed, persona):
    response = client_for(getattr(world, persona)).get(reverse(name, args=[world.program.slug]))
    if persona == allowed:
        assert response.status_code == 200
    elif persona in ("outsider", "other_coordinator"):
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("name", "persona"), [("matching:choose", "mentee"), ("matching:requests", "mentor")]
)
def test_choice_pages_do_not_exist_outside_choice_mode(world, name, persona):
    url = reverse(name, args=[world.program.slug])
    assert client_for(getattr(world, persona)).get(url).status_code == 404
    MatchingSettings.objects.create(program=world.program, mentee_choice=False)
    assert client_for(getattr(world, persona)).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("matching:choose", "get"),
        ("matching:requests", "get"),
        ("matching:respond", "post"),
        ("matching:suggestions-publish", "post"),
    ],
)
def test_choice_pages_send_anonymous_people_to_sign_in(world, choosing, name, method):
    response = getattr(client_for(None), method)(reverse(name, args=[world.program.slug]))
    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.parametrize(
    ("name", "persona", "method"),
    [
        ("matching:choose", "mentee", "put"),
        ("matching:requests", "mentor", "post"),
        ("matching:respond", "mentor", "get"),
        ("matching:suggestions-publish", "coordinator", "get"),
    ],
)
def test_choice_pages_refuse_the_wrong_method(world, choosing, name, persona, method):
    client = client_for(getattr(world, persona))
    response = getattr(client, method)(reverse(name, args=[world.program.slug]))
    assert response.status_code == 405


def test_the_mentee_reads_the_suggestions_and_why_then_ranks_them(world, choosing):
    mentee, mentor, other = choosing
    client = client_for(world.mentee)
    url = reverse("matching:choose", args=[world.program.slug])
    page = client.get(url).content.decode()
    assert world.mentor.full_name in page and "Mentora Otra" in page
    assert "Analista" in page and "Acme" in page and "Veinte años en finanzas." in page
    assert "0.81" in page and "Both speak Spanish." in page
    assert "1st choice" in page and "Not for me" in page
    assert f'<label for="id_mentor_{other.pk}">Your choice for Mentora Otra</label>' in page

    response = client.post(url, {f"mentor_{mentor.pk}": "2", f"mentor_{other.pk}": "1"})
    assert response.status_code == 302 and response.url == url
    assert dict(mentee.suggestions.values_list("mentor_id", "choice")) == {
        other.pk: 1,
        mentor.pk: 2,
    }
    assert "Your choices are saved." in client.get(url).content.decode()


def test_duplicate_places_are_refused_next_to_the_fields_keeping_what_was_typed(world, choosing):
    mentee, mentor, other = choosing
    client = client_for(world.mentee)
    url = reverse("matching:choose", args=[world.program.slug])
    response = client.post(url, {f"mentor_{mentor.pk}": "1", f"mentor_{other.pk}": "1"})
    assert response.status_code == 422
    page = response.content.decode()
    # Beside each field, and once more in the error summary's link to it.
    assert page.count("<li>You gave this place to another mentor too.</li>") == 2
    assert page.count("You gave this place to another mentor too.") == 4
    assert page.count('<option value="1" selected>1st choice</option>') == 2
    assert not mentee.suggestions.filter(choice__isnull=False).exists()

    response = client.post(url, {f"mentor_{mentor.pk}": "", f"mentor_{other.pk}": ""})
    assert response.status_code == 422
    assert "Choose at least one mentor." in response.content.decode()


def test_a_mentor_outside_the_suggestions_cannot_be_chosen_through_the_page(world, choosing):
    mentee, mentor, _other = choosing
    stranger = person(world.program, Role.MENTOR, "Mentora Ajena")
    client = client_for(world.mentee)
    url = reverse("matching:choose", args=[world.program.slug])
    response = client.post(url, {f"mentor_{stranger.pk}": "1", f"mentor_{mentor.pk}": "9"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Select a valid choice." in page
    assert not mentee.suggestions.filter(choice__isnull=False).exists()
    assert not Suggestion.objects.filter(mentor=stranger).exists()


def test_a_declined_suggestion_shows_as_not_available(world, choosing):
    mentee, mentor, other = choosing
    suggestion = mentee.suggestions.get(mentor=mentor)
    suggestion.choice = 1
    suggestion.save()
    MentorResponse.objects.create(
        program=world.program, mentee=mentee, mentor=mentor, accepted=False, reason="Viajo."
    )
    page = client_for(world.mentee).get(reverse("matching:choose", args=[world.program.slug]))
    text = page.content.decode()
    assert "This mentor cannot take you on." in text
    assert f'name="mentor_{mentor.pk}"' not in text and f'name="mentor_{other.pk}"' in text
    assert "Viajo." not in text  # the reason is for the coordinators


def test_the_mentee_page_query_count_does_not_grow_with_suggestions(world, choosing):
    mentee, _mentor, _other = choosing
    client = client_for(world.mentee)
    url = reverse("matching:choose", args=[world.program.slug])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(4):
        suggest(mentee, person(world.program, Role.MENTOR, f"Extra {n}"), 3 + n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("<article") == 6
    assert len(many) == len(few)


def test_the_mentor_accepts_or_declines_with_a_reason(world, choosing):
    mentee, mentor, _other = choosing
    choice.choices_save(mentee=mentee, ranked_mentor_ids=[mentor.pk])
    client = client_for(world.mentor)
    url = reverse("matching:requests", args=[world.program.slug])
    page = client.get(url).content.decode()
    assert world.mentee.full_name in page and "1st choice" in page
    respond = reverse("matching:respond", args=[world.program.slug])
    prefix = f"mentee-{mentee.pk}"

    response = client.post(respond, {"mentee": mentee.pk, f"{prefix}-answer": "decline"})
    assert response.status_code == 422
    assert "Say why you decline" in response.content.decode()
    assert not MentorResponse.objects.exists()

    response = client.post(
        respond,
        {
            "mentee": mentee.pk,
            f"{prefix}-answer": "decline",
            f"{prefix}-reason": "Viajo todo el año.",
        },
    )
    assert response.status_code == 302 and response.url == url
    declined = MentorResponse.objects.get()
    assert not declined.accepted and declined.reason == "Viajo todo el año."
    assert "You declined" in client.get(url).content.decode()

    client.post(respond, {"mentee": mentee.pk, f"{prefix}-answer": "accept"})
    assert MentorResponse.objects.get().accepted


def test_a_mentor_cannot_answer_for_a_mentee_who_did_not_choose_them(world, choosing):
    mentee, _mentor, _other = choosing
    client = client_for(world.mentor)
    respond = reverse("matching:respond", args=[world.program.slug])
    response = client.post(
        respond, {"mentee": mentee.pk, f"mentee-{mentee.pk}-answer": "accept"}, follow=True
    )
    assert "This mentee has not chosen you." in response.content.decode()
    assert not MentorResponse.objects.exists()


def test_the_coordinator_publishes_and_reads_the_summary(world, django_capture_on_commit_callbacks):
    MatchingSettings.objects.create(program=world.program, mentee_choice=True, suggestions_shown=1)
    client = client_for(world.coordinator)
    overview = reverse("matching:overview", args=[world.program.slug])
    assert "Publish suggestions" in client.get(overview).content.decode()
    publish = reverse("matching:suggestions-publish", args=[world.program.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish, {"publish-wave": ""})
    assert response.status_code == 302 and response.url == overview
    mentee = world.program.memberships.get(user=world.mentee, role=Role.MENTEE)
    mentor = world.program.memberships.get(user=world.mentor, role=Role.MENTOR)
    assert list(mentee.suggestions.values_list("mentor_id", flat=True)) == [mentor.pk]
    assert [m.to[0] for m in mail.outbox] == [world.mentee.email]

    choice.choices_save(mentee=mentee, ranked_mentor_ids=[mentor.pk])
    choice.mentor_respond(mentor=mentor, mentee_id=mentee.pk, accept=False, reason="Viajo.")
    page = client.get(overview).content.decode()
    assert "Suggestions published for 1 mentee" in page
    summary = page[page.index('id="choice-summary"') :]
    assert summary.count('<span class="value">1</span>') == 3
    assert "Viajo." in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentee", 403), ("mentor", 403), ("outsider", 404), ("other_coordinator", 404)],
)
def test_only_coordinators_publish(world, choosing, persona, status):
    publish = reverse("matching:suggestions-publish", args=[world.program.slug])
    response = client_for(getattr(world, persona)).post(publish, {"publish-wave": ""})
    assert response.status_code == status


def test_publishing_outside_choice_mode_says_so(world):
    client = client_for(world.coordinator)
    overview = reverse("matching:overview", args=[world.program.slug])
    assert "Publish suggestions" not in client.get(overview).content.decode()
    publish = reverse("matching:suggestions-publish", args=[world.program.slug])
    response = client.post(publish, {"publish-wave": ""}, follow=True)
    assert "Mentees do not choose in this program" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_the_program_menu_links_mentees_and_mentors_in_choice_mode_only(world):
    home = world.program.get_absolute_url()
    choose = reverse("matching:choose", args=[world.program.slug])
    requests = reverse("matching:requests", args=[world.program.slug])
    assert choose not in client_for(world.mentee).get(home).content.decode()
    MatchingSettings.objects.create(program=world.program, mentee_choice=True)
    assert choose in client_for(world.mentee).get(home).content.decode()
    mentor_page = client_for(world.mentor).get(home).content.decode()
    assert requests in mentor_page and choose not in mentor_page
    coordinator_page = client_for(world.coordinator).get(home).content.decode()
    assert choose not in coordinator_page and requests not in coordinator_page


def test_the_coordinator_turns_choice_mode_on_in_the_settings(world):
    client = client_for(world.coordinator)
    url = reverse("matching:settings", args=[world.program.slug])
    data = {
        "settings-min_score": "0",
        "settings-default_capacity": "1",
        "settings-mentee_choice": "on",
        "settings-suggestions_shown": "4",
    }
    for key in CriterionKey.values:
        data[f"criteria-{key}_weight"] = "5"
    assert client.post(url, data).status_code == 302
    settings = MatchingSettings.objects.get(program=world.program)
    assert settings.mentee_choice and settings.suggestions_shown == 4
