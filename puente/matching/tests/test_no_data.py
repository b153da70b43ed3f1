"""What matching does not know: a criterion without data for a pair is left out of its score and
said so; a pair who share no language is not proposed by default, and says why."""

import numpy as np
import pytest
from django.utils import translation

from puente.core.permissions import Role
from puente.factories import FocusAreaFactory, MembershipFactory, UserFactory
from puente.matching import services
from puente.matching.criteria import Context, Facts, combine, explain, score_matrices
from puente.matching.models import Criterion, MatchingSettings
from puente.matching.models import CriterionKey as K
from puente.matching.stages import pair_scores

CTX = Context(required_hours=2.0, reverse=False, area_names={1: "Finanzas"})
WEIGHTS = {K.GOALS: 8, K.AVAILABILITY: 5, K.COMMITMENT: 3, K.LANGUAGE: 5}


def person(pk: int, **fields) -> Facts:
    return Facts(membership_id=pk, name=f"P{pk}", user_id=pk, **fields)


def scored(mentee: Facts, mentor: Facts, weights=WEIGHTS, required=frozenset()):
    return pair_scores(
        facts_e=[mentee],
        facts_r=[mentor],
        context=CTX,
        weights=weights,
        required=required,
        forbidden=[],
        declined=[],
        earlier=set(),
        allow_rematch=True,
    )


def test_a_criterion_without_data_is_left_out_and_the_weights_renormalise():
    # The business form asks no weekly hours: the mentee gave none, the mentor gave some.
    mentee = person(1, focus_areas=frozenset({1}), hours=2.0, languages=frozenset({"es"}))
    mentor = person(
        2,
        focus_areas=frozenset({1}),
        hours=3.0,
        languages=frozenset({"es"}),
        availability=frozenset({"tue-evening"}),
    )
    scores = scored(mentee, mentor)
    assert np.isnan(scores.parts[K.AVAILABILITY][0, 0])
    # Goals, commitment and language all score 1: without availability the mean is 1, not
    # (8 + 3 + 5) / 21 = 0.76 as when "no hours given" counted as "no common hours".
    assert scores.total[0, 0] == pytest.approx(1.0)
    # With the data, it counts again: no common hours now weighs 5 of 21.
    with_hours = person(1, focus_areas=frozenset({1}), hours=2.0, languages=frozenset({"es"}))
    with_hours.availability = frozenset({"sat-morning"})
    assert scored(with_hours, mentor).total[0, 0] == pytest.approx(16 / 21)


def test_the_explanation_says_no_data_in_the_readers_language():
    mentee = person(1, focus_areas=frozenset({1}), languages=frozenset({"es"}))
    mentor = person(2, focus_areas=frozenset({1}), languages=frozenset({"es"}), years=10)
    items = {i["key"]: i for i in scored(mentee, mentor).breakdown(0, 0, WEIGHTS, set())}
    assert items[K.AVAILABILITY]["score"] is None
    assert items[K.COMMITMENT]["score"] is None
    assert items[K.GOALS]["score"] == 1.0
    with translation.override("en"):
        assert explain(items[K.AVAILABILITY]) == (
            "Availability in common: no data (one side or both did not give it); not counted."
        )
        assert explain(items[K.GOALS]) == "Both on: Finanzas."
    with translation.override("es"):
        assert "sin datos" in explain(items[K.AVAILABILITY])


def test_a_must_never_excludes_a_pair_it_has_no_data_for():
    mentee = person(1, focus_areas=frozenset({1}), languages=frozenset({"es"}))
    mentor = person(2, focus_areas=frozenset({1}), languages=frozenset({"es"}))
    assert scored(mentee, mentor, required={K.AVAILABILITY}).allowed[0, 0]
    # With data, a zero still excludes.
    mentee.availability = frozenset({"mon-morning"})
    mentor.availability = frozenset({"sat-evening"})
    assert not scored(mentee, mentor, required={K.AVAILABILITY}).allowed[0, 0]


def test_a_pair_with_no_data_on_any_weighted_criterion_scores_zero():
    total, allowed = combine(
        {K.GOALS: np.array([[np.nan, 1.0]]), K.AVAILABILITY: np.array([[np.nan, np.nan]])},
        {K.GOALS: 1, K.AVAILABILITY: 1},
        set(),
    )
    assert total.tolist() == [[0.0, 1.0]] and allowed.all()


def test_no_language_in_common_names_what_each_speaks():
    mentee = person(1, languages=frozenset({"en"}))
    mentor = person(2, languages=frozenset({"es", "pt"}))
    assert score_matrices([mentee], [mentor], CTX)[K.LANGUAGE][0, 0] == 0.0
    item = scored(mentee, mentor).breakdown(0, 0, WEIGHTS, set())
    language = next(i for i in item if i["key"] == K.LANGUAGE)
    with translation.override("en"):
        assert explain(language) == (
            "No language in common: the mentee speaks English, the mentor Spanish, Portuguese."
        )


@pytest.mark.django_db
def test_by_default_a_pair_who_share_no_language_is_not_proposed(world):
    program = world.program
    area = FocusAreaFactory(program=program, name="Finanzas", kind="business")
    mentee = MembershipFactory(
        program=program,
        role=Role.MENTEE,
        wave=world.wave,
        user=UserFactory(email="solo-en@example.org", language="en", spoken_languages="en"),
    )
    mentee.focus_areas.add(area)
    program.memberships.filter(role=Role.MENTOR).delete()
    mentor = MembershipFactory(
        program=program,
        role=Role.MENTOR,
        wave=world.wave,
        user=UserFactory(email="solo-es@example.org", language="es", spoken_languages="es"),
    )
    mentor.focus_areas.add(area)
    MembershipFactory(
        program=program,
        role=Role.MENTEE,
        wave=world.wave,
        user=UserFactory(email="habla-es@example.org", language="es"),
    )
    MatchingSettings.objects.create(program=program, default_capacity=5)
    run = services.match_run(program=program, by=world.coordinator, wave=world.wave)
    assert not run.proposals.filter(mentee=mentee).exists()
    assert run.unmatched.get(mentee=mentee).reason == "no_allowed_mentor"
    # A coordinator who lifts the must gets the pair, honestly scored 0 on language.
    for key, weight in {K.GOALS: 8, K.LANGUAGE: 5}.items():
        Criterion.objects.create(program=program, key=key, weight=weight)
    run = services.match_run(program=program, by=world.coordinator, wave=world.wave)
    proposal = run.proposals.get(mentee=mentee)
    language = next(i for i in proposal.breakdown if i["key"] == K.LANGUAGE)
    assert language["score"] == 0.0
    assert float(proposal.score) == pytest.approx(8 / 13, abs=1e-3)
