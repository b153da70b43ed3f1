"""Each criterion on hand-worked examples (plain tests: no database)."""

import numpy as np
import pytest
from django.utils import translation

from puente.matching.criteria import (
    Context,
    Facts,
    combine,
    explain_params,
    score_matrices,
    sentence,
    utc_hours,
)
from puente.matching.models import CriterionKey as K

CTX = Context(
    required_hours=2.0, reverse=False, area_names={1: "Finanzas", 2: "Precios", 3: "Calidad"}
)
REVERSE = Context(required_hours=1.0, reverse=True, area_names={})


def person(pk: int, **fields) -> Facts:
    return Facts(membership_id=pk, name=f"P{pk}", user_id=pk, **fields)


def one(key: str, mentee: Facts, mentor: Facts, context: Context = CTX) -> float:
    return float(score_matrices([mentee], [mentor], context)[key][0, 0])


def test_goals_count_the_share_of_wanted_areas_the_mentor_offers():
    mentee = person(1, focus_areas=frozenset({1, 2}))
    assert one(K.GOALS, mentee, person(2, focus_areas=frozenset({1, 2, 3}))) == 1.0
    assert one(K.GOALS, mentee, person(3, focus_areas=frozenset({2}))) == 0.5
    assert one(K.GOALS, mentee, person(4, focus_areas=frozenset({3}))) == 0.0


def test_goals_mix_in_text_similarity_when_both_wrote_something():
    vector = np.array([0.6, 0.8], dtype=np.float32)
    mentee = person(1, focus_areas=frozenset({1}), wanted_text=vector)
    offered = np.array([0.8, 0.6], dtype=np.float32)
    mentor = person(2, focus_areas=frozenset({2}), offered_text=offered)
    # overlap 0, cosine 0.6×0.8 + 0.8×0.6 = 0.96 → half of each: 0.48
    assert one(K.GOALS, mentee, mentor) == pytest.approx(0.48)
    # A mentor who chose no area: only the texts count (the areas are no data, not a miss).
    assert one(K.GOALS, mentee, person(3, offered_text=offered)) == pytest.approx(0.96)
    # Neither areas nor text on the mentor's side: no data at all.
    assert np.isnan(one(K.GOALS, mentee, person(4)))


def test_availability_is_compared_in_each_persons_time_zone():
    # Bogotá (UTC−5) Tuesday evening 17–21 is UTC 22–02; Madrid (UTC+1 in January) Tuesday
    # evening is UTC 16–20: no overlap. Madrid's Wednesday morning 8–12 is UTC 7–11: none either.
    bogota = person(1, availability=frozenset({"tue-evening"}), time_zone="America/Bogota")
    madrid = person(
        2, availability=frozenset({"tue-evening", "wed-morning"}), time_zone="Europe/Madrid"
    )
    assert one(K.AVAILABILITY, bogota, madrid) == 0.0
    # Lima is UTC−5 like Bogotá: 4 common hours ≥ the 2 asked → 1.
    lima = person(3, availability=frozenset({"tue-evening"}), time_zone="America/Lima")
    assert one(K.AVAILABILITY, bogota, lima) == 1.0
    # Mexico City (UTC−6): Tuesday 17–21 there is UTC 23–03; with Bogotá's 22–02: 3 hours.
    mexico = person(4, availability=frozenset({"tue-evening"}), time_zone="America/Mexico_City")
    assert (
        len(
            utc_hours(bogota.availability, bogota.time_zone)
            & utc_hours(mexico.availability, mexico.time_zone)
        )
        == 3
    )
    assert one(K.AVAILABILITY, bogota, mexico) == 1.0


def test_commitment_against_the_programs_hours():
    assert one(K.COMMITMENT, person(1, hours=1.0), person(2, hours=3.0)) == 0.5
    assert one(K.COMMITMENT, person(1, hours=2.0), person(2, hours=3.0)) == 1.0
    assert np.isnan(one(K.COMMITMENT, person(1), person(2, hours=3.0)))  # not stated: no data


def test_experience_gap_and_its_reverse_for_reverse_mentoring():
    assert one(K.EXPERIENCE, person(1, years=2), person(2, years=7)) == 1.0
    assert one(K.EXPERIENCE, person(1, years=2), person(2, years=4)) == pytest.approx(0.4)
    assert one(K.EXPERIENCE, person(1, years=8), person(2, years=3)) == 0.0
    # Reverse: the junior mentors the executive (rank 4 − 0 = 4 ≥ 3 → 1); a senior mentoring a
    # junior scores 0.
    assert (
        one(K.EXPERIENCE, person(1, seniority="executive"), person(2, seniority="junior"), REVERSE)
        == 1.0
    )
    assert (
        one(K.EXPERIENCE, person(1, seniority="junior"), person(2, seniority="senior"), REVERSE)
        == 0.0
    )


def test_language_location_gender_and_organization():
    es, en = frozenset({"es"}), frozenset({"en"})
    assert one(K.LANGUAGE, person(1, languages=es), person(2, languages=es | en)) == 1.0
    assert one(K.LANGUAGE, person(1, languages=es), person(2, languages=en)) == 0.0
    cali = {"country": "Colombia", "city": "Cali", "time_zone": "America/Bogota"}
    assert one(K.LOCATION, person(1, **cali), person(2, **cali)) == 1.0
    madrid = {"country": "España", "city": "Madrid", "time_zone": "Europe/Madrid"}
    # 6 h apart (January): 1 − 6/8 = 0.25, other country: × 0.9
    assert one(K.LOCATION, person(1, **cali), person(2, **madrid)) == pytest.approx(0.225)
    assert one(K.GENDER, person(1, gender_preference="Mujer"), person(2, gender="mujer")) == 1.0
    assert one(K.GENDER, person(1, gender_preference="mujer"), person(2, gender="hombre")) == 0.0
    assert np.isnan(one(K.GENDER, person(1), person(2, gender="hombre")))  # none stated
    assert np.isnan(one(K.GENDER, person(1, gender_preference="mujer"), person(2)))
    boss = person(2)
    report = person(1, manager_id=2)
    assert one(K.ORGANIZATION, report, boss) == 0.0
    assert (
        one(K.ORGANIZATION, person(1, department="TI"), person(2, department="ti"), REVERSE) == 0.0
    )
    assert (
        one(K.ORGANIZATION, person(1, department="TI"), person(2, department="Ventas"), REVERSE)
        == 1.0
    )


def test_reciprocity_needs_both_directions():
    junior = person(1, focus_areas=frozenset({1, 2}))
    executive = person(2, focus_areas=frozenset({1, 2}))
    assert one(K.RECIPROCITY, junior, executive, REVERSE) == 1.0
    one_way = person(3, focus_areas=frozenset({1, 2, 3}))
    lone = person(4, focus_areas=frozenset({3}))
    # lone wants {3}, one_way offers it (1.0); one_way wants {1,2,3}, lone offers {3} (1/3)
    assert one(K.RECIPROCITY, lone, one_way, REVERSE) == pytest.approx((1 / 3) ** 0.5)


def test_combine_weights_and_musts():
    scores = {K.GOALS: np.array([[1.0, 0.0]]), K.LANGUAGE: np.array([[0.0, 1.0]])}
    total, allowed = combine(scores, {K.GOALS: 3, K.LANGUAGE: 1}, {K.LANGUAGE})
    assert total.tolist() == [[0.75, 0.25]]
    assert allowed.tolist() == [[False, True]]
    zero, everything = combine(scores, {K.GOALS: 0, K.LANGUAGE: 0}, set())
    assert zero.tolist() == [[0.0, 0.0]] and everything.all()


def test_explanations_are_sentences_in_the_readers_language():
    mentee = person(
        1,
        focus_areas=frozenset({1, 2}),
        languages=frozenset({"es"}),
        availability=frozenset({"tue-evening", "thu-evening"}),
        time_zone="America/Bogota",
    )
    mentor = person(
        2,
        focus_areas=frozenset({1}),
        languages=frozenset({"es", "en"}),
        years=12,
        availability=frozenset({"tue-evening", "thu-evening"}),
        time_zone="America/Bogota",
    )
    with translation.override("en"):
        assert (
            sentence(K.LANGUAGE, explain_params(K.LANGUAGE, mentee, mentor, CTX))
            == "Both speak Spanish."
        )
        assert (
            sentence(K.GOALS, explain_params(K.GOALS, mentee, mentor, CTX)) == "Both on: Finanzas."
        )
        availability = sentence(K.AVAILABILITY, explain_params(K.AVAILABILITY, mentee, mentor, CTX))
        assert availability.startswith("8 hours of common availability")
        assert "Tuesday evenings" in availability and "Thursday evenings" in availability
        assert sentence(K.EXPERIENCE, explain_params(K.EXPERIENCE, mentee, mentor, CTX)) == (
            "Mentor has 12 years of experience."
        )


def test_empty_pools_give_empty_matrices():
    scores = score_matrices([], [person(1)], CTX)
    assert all(matrix.shape == (0, 1) for matrix in scores.values())


def test_every_matrix_is_mentees_by_mentors():
    mentees = [person(i, years=i, languages=frozenset({"es"})) for i in range(4)]
    mentors = [person(10 + j, years=5 + j, languages=frozenset({"es"})) for j in range(3)]
    for context in (CTX, REVERSE):
        scores = score_matrices(mentees, mentors, context)
        assert {matrix.shape for matrix in scores.values()} == {(4, 3)}
    experience = score_matrices(mentees, mentors, CTX)[K.EXPERIENCE]
    assert experience[0, 2] == 1.0  # 7 − 0 years
    assert experience[3, 0] == pytest.approx(0.4)  # 5 − 3 years


def test_text_similarity_is_stretched_to_the_encoders_range():
    mentee = person(1, wanted_text=np.array([1.0, 0.0], dtype=np.float32))
    mentor = person(2, offered_text=np.array([0.3, (1 - 0.09) ** 0.5], dtype=np.float32))
    # cosine 0.3; with the range (0.1, 0.5) that is (0.3 − 0.1) / 0.4 = 0.5; no areas on either
    # side, so the text counts alone: 0.5.
    stretched = Context(required_hours=2.0, reverse=False, area_names={}, text_range=(0.1, 0.5))
    assert one(K.GOALS, mentee, mentor, stretched) == pytest.approx(0.5)
    assert one(K.GOALS, mentee, mentor) == pytest.approx(0.3)
