"""The solver (plain tests, no database); property tests are derandomized, so repeatable."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from puente.matching import engine
from puente.matching.engine import (
    NO_ALLOWED_MENTOR,
    NO_CAPACITY,
    Assignment,
    exact_reference,
    greedy,
    mentor_prices,
    prune_candidates,
    solve,
    solve_from_embeddings,
    solve_pruned,
    solve_sparse,
    upper_bound,
)

PROPERTY = settings(
    derandomize=True,
    max_examples=300,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def problems(draw: st.DrawFn, max_mentees: int = 9, max_mentors: int = 6) -> dict:
    """A small random instance: scores (often tied), capacities 0..3, allowed pairs, minimum."""
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    scores = rng.random((n, m))
    if draw(st.booleans()):
        scores = np.round(scores, 1)  # ties, and some exact zeros
    density = draw(st.sampled_from([0.0, 0.3, 0.7, 1.0]))
    return {
        "scores": scores,
        "capacities": rng.integers(0, 4, m),
        "allowed": rng.random((n, m)) < density if density < 1 else None,
        "min_score": draw(st.sampled_from([None, None, 0.25, 0.6])),
    }


def usable(problem: dict) -> np.ndarray:
    """The pairs a solution may use: allowed, at or above the minimum."""
    scores = problem["scores"]
    ok = np.ones(scores.shape, dtype=bool) if problem["allowed"] is None else problem["allowed"]
    if problem["min_score"] is not None:
        ok = ok & (scores >= problem["min_score"])
    return ok


def max_matching_size(ok: np.ndarray, capacities: np.ndarray) -> int:
    """Maximum b-matching size, independently: Hopcroft-Karp on capacity-expanded mentors."""
    slots = np.repeat(np.arange(len(capacities)), capacities)
    if ok.shape[0] == 0 or slots.size == 0:
        return 0
    expanded = csr_matrix(ok[:, slots].astype(np.int8))
    return int((maximum_bipartite_matching(expanded, perm_type="column") >= 0).sum())


def check_feasible(result: Assignment, problem: dict) -> None:
    ok = usable(problem)
    mentees = [i for i, _ in result.pairs]
    assert len(set(mentees)) == len(mentees)
    load = np.bincount([j for _, j in result.pairs], minlength=len(problem["capacities"]))
    assert np.all(load <= problem["capacities"])
    assert all(ok[i, j] for i, j in result.pairs)
    total = sum(problem["scores"][i, j] for i, j in result.pairs)
    assert result.total == pytest.approx(total, abs=1e-9)
    n = problem["scores"].shape[0]
    assert sorted(mentees + result.unmatched) == list(range(n))


@PROPERTY
@given(problems())
def test_capacities_and_constraints_always_hold(problem: dict) -> None:
    check_feasible(solve(**problem), problem)


@PROPERTY
@given(problems())
def test_the_number_matched_is_maximal(problem: dict) -> None:
    result = solve(**problem)
    assert result.matched == max_matching_size(usable(problem), problem["capacities"])


@PROPERTY
@given(problems())
def test_the_total_equals_the_exact_reference(problem: dict) -> None:
    result = solve(**problem)
    reference = exact_reference(**problem)
    check_feasible(reference, problem)
    assert result.matched == reference.matched
    # Costs are scores rounded to 1e-6: the documented tolerance is matched * 1e-6.
    assert result.total == pytest.approx(reference.total, abs=1e-6 * max(1, result.matched))


@PROPERTY
@given(problems())
def test_never_below_greedy(problem: dict) -> None:
    result = solve(**problem)
    baseline = greedy(**problem)
    check_feasible(baseline, problem)
    assert result.matched >= baseline.matched
    if result.matched == baseline.matched:
        assert result.total >= baseline.total - 1e-6 * max(1, result.matched)


@PROPERTY
@given(problems())
def test_min_score_is_respected(problem: dict) -> None:
    result = solve(**problem)
    if problem["min_score"] is not None:
        assert all(problem["scores"][i, j] >= problem["min_score"] for i, j in result.pairs)


@PROPERTY
@given(problems())
def test_reasons_for_the_unmatched(problem: dict) -> None:
    result = solve(**problem)
    ok = usable(problem)
    assert set(result.reasons) == set(result.unmatched)
    load = np.bincount([j for _, j in result.pairs], minlength=len(problem["capacities"]))
    for i, reason in result.reasons.items():
        if ok[i].any():
            assert reason == NO_CAPACITY
            # Maximal: every mentor this mentee could have had is full.
            assert np.all(load[ok[i]] >= problem["capacities"][ok[i]])
        else:
            assert reason == NO_ALLOWED_MENTOR


@PROPERTY
@given(problems())
def test_sparse_with_every_allowed_pair_equals_dense(problem: dict) -> None:
    ok = usable(problem)
    rows, cols = np.nonzero(ok)
    sparse = solve_sparse(
        rows, cols, problem["scores"][rows, cols], problem["capacities"], ok.shape[0]
    )
    dense = solve(**problem)
    assert sparse.matched == dense.matched
    assert sparse.total == pytest.approx(dense.total, abs=1e-6 * max(1, dense.matched))
    assert sparse.reasons == dense.reasons


@PROPERTY
@given(problems(max_mentees=40, max_mentors=10), st.integers(1, 3), st.integers(0, 3))
def test_pruned_with_repair_and_pricing_reaches_the_optimum(
    problem: dict, k_mentee: int, l_mentor: int
) -> None:
    scores = np.where(usable(problem), problem["scores"], np.nan)  # NaN forbids a pair
    result = solve_pruned(
        scores, problem["capacities"], k_mentee=k_mentee, l_mentor=l_mentor, block_size=7
    )
    exact = solve(**problem)
    check_feasible(result, problem)
    tolerance = 2e-6 * max(1, exact.matched)
    assert result.stats["upper_bound"] >= exact.total - tolerance
    if result.stats["certified"]:
        assert result.matched == exact.matched
        assert result.total == pytest.approx(exact.total, abs=tolerance)


def skewed(n: int, m: int, seed: int = 7) -> np.ndarray:
    """0.4 noise + 0.3 mentor popularity + 0.3 fit: a few mentors attract everyone."""
    rng = np.random.default_rng(seed)
    popularity = rng.random(m) ** 3
    fit = 1 - np.abs(rng.random((n, 1)) - rng.random((1, m)))
    return 0.4 * rng.random((n, m)) + 0.3 * popularity[None, :] + 0.3 * fit


def test_pruned_path_on_a_skewed_mid_size_instance() -> None:
    scores = skewed(3000, 300)
    capacities = np.full(300, 10)  # exactly enough for everyone: the hard case for pruning
    exact = solve(scores, capacities)
    # What keeping only each mentee's top 10 gives (before any repair): popular mentors fill up.
    mentee_only = solve_sparse(*_mentee_side_only(scores, k=10), capacities, 3000)
    result = solve_pruned(scores, capacities, k_mentee=10)
    assert exact.matched == 3000
    assert mentee_only.matched < 3000
    assert result.matched == 3000
    assert result.total >= 0.999 * exact.total
    assert result.total <= exact.total + 3000e-6
    assert result.stats["pruned"]


def _mentee_side_only(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cols = np.argsort(-scores, axis=1)[:, :k]
    rows = np.repeat(np.arange(scores.shape[0]), k)
    return rows, cols.ravel(), scores[rows, cols.ravel()]


def test_embeddings_path_equals_the_dense_solution() -> None:
    rng = np.random.default_rng(3)
    mentees = rng.standard_normal((1500, 16))
    mentors = rng.standard_normal((120, 16))
    popularity = 0.3 * rng.random(120) ** 3
    capacities = np.full(120, 13)
    unit_e = mentees / np.linalg.norm(mentees, axis=1, keepdims=True)
    unit_r = mentors / np.linalg.norm(mentors, axis=1, keepdims=True)
    dense = np.clip(0.7 * (1 + unit_e @ unit_r.T) / 2 + popularity, 0, 1)
    exact = solve(dense, capacities)
    result = solve_from_embeddings(
        mentees, mentors, capacities, popularity, similarity_weight=0.7, k_mentee=5
    )
    assert result.matched == exact.matched == 1500
    # float32 scores on the large path: allow that on top of the rounding tolerance.
    assert result.total == pytest.approx(exact.total, abs=1500 * 1e-5)
    assert result.stats["certified"]


def test_dense_problems_above_the_limit_take_the_pruned_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scores = skewed(200, 20, seed=2)
    capacities = np.full(20, 10)
    exact = solve(scores, capacities)
    monkeypatch.setattr(engine, "EXACT_MAX_PAIRS", 1000)
    pruned = solve(scores, capacities)
    assert pruned.stats["pruned"]
    assert pruned.matched == exact.matched
    assert pruned.total == pytest.approx(exact.total, abs=200 * 2e-6)


def test_mentor_side_pruning_keeps_each_mentors_best_mentees() -> None:
    scores = skewed(500, 40, seed=5)
    capacities = np.full(40, 3)
    cand = prune_candidates(scores, capacities, k_mentee=2, block_size=64)
    kept = set(zip(cand.mentee_idx.tolist(), cand.mentor_idx.tolist(), strict=True))
    for j in range(40):
        best = np.argsort(-scores[:, j], kind="stable")[:30]  # 10 x capacity
        assert all((int(i), j) in kept for i in best)
    for i in range(500):
        best = np.argsort(-scores[i], kind="stable")[:2]
        assert all((i, int(j)) in kept for j in best)
    assert len(cand) <= 500 * 2 + 40 * 30


def test_prices_certify_the_optimum_and_bound_any_solution() -> None:
    scores = skewed(60, 8, seed=11)
    capacities = np.full(8, 9)
    best = solve(scores, capacities)
    rows, cols = np.nonzero(np.ones(scores.shape, dtype=bool))
    prices = mentor_prices(best, rows, cols, scores[rows, cols], capacities, 60)
    assert np.all(prices.mentor >= 0)
    bound = upper_bound(scores, capacities, prices)
    assert bound == pytest.approx(best.total, abs=60 * 1e-6)
    worse = greedy(scores, capacities)
    assert worse.total <= bound + 1e-9


# Edge cases ---------------------------------------------------------------------------------------


def test_no_mentors() -> None:
    result = solve(np.zeros((3, 0)), np.zeros(0, dtype=int))
    assert result.pairs == [] and result.unmatched == [0, 1, 2]
    assert set(result.reasons.values()) == {NO_ALLOWED_MENTOR}


def test_no_mentees() -> None:
    result = solve(np.zeros((0, 4)), [1, 1, 1, 1])
    assert result.pairs == [] and result.unmatched == [] and result.total == 0


def test_zero_capacity() -> None:
    result = solve(np.full((2, 2), 0.9), [0, 0])
    assert result.pairs == []
    assert result.reasons == {0: NO_CAPACITY, 1: NO_CAPACITY}


def test_everything_forbidden() -> None:
    result = solve(np.full((2, 3), 0.5), [1, 1, 1], allowed=np.zeros((2, 3), dtype=bool))
    assert result.pairs == []
    assert result.reasons == {0: NO_ALLOWED_MENTOR, 1: NO_ALLOWED_MENTOR}


def test_below_the_minimum_is_not_allowed() -> None:
    result = solve([[0.2, 0.9], [0.1, 0.3]], [1, 1], min_score=0.5)
    assert result.pairs == [(0, 1)]
    assert result.reasons == {1: NO_ALLOWED_MENTOR}


def test_all_scores_zero_still_match_everyone_possible() -> None:
    result = solve(np.zeros((5, 2)), [2, 2])
    assert result.matched == 4 and result.total == 0
    assert list(result.reasons.values()) == [NO_CAPACITY]


def test_one_by_one() -> None:
    result = solve([[0.42]], [1])
    assert result.pairs == [(0, 0)] and result.total == pytest.approx(0.42)


def test_count_comes_before_score() -> None:
    # Mentee 0 prefers mentor 0 (1.0 vs 0.0), but only mentor 0 accepts mentee 1.
    scores = [[1.0, 0.0], [0.1, 0.0]]
    allowed = [[True, True], [True, False]]
    result = solve(scores, [1, 1], allowed=allowed)
    assert result.pairs == [(0, 1), (1, 0)]
    assert greedy(scores, [1, 1], allowed=allowed).matched == 1


def test_scores_are_clipped_and_nan_forbids() -> None:
    result = solve([[1.7, np.nan], [-0.5, 0.4]], [1, 1])
    assert result.pairs == [(0, 0), (1, 1)]
    assert result.total == pytest.approx(1.4)
    assert solve([[np.nan]], [1]).reasons == {0: NO_ALLOWED_MENTOR}


def test_inputs_are_left_untouched() -> None:
    scores = np.array([[1.5, 0.2]])
    edge_scores = np.array([1.5, 0.2])
    solve(scores, [1, 1])
    solve_sparse([0, 0], [0, 1], edge_scores, [1, 1], 1)
    assert scores[0, 0] == 1.5 and edge_scores[0] == 1.5


@pytest.mark.parametrize(
    ("scores", "capacities", "message"),
    [
        ([[0.5]], [-1], ">= 0"),
        ([[0.5]], [1.5], "whole numbers"),
        ([[0.5]], [1, 1], "entries"),
        ([0.5], [1], "2-d"),
    ],
)
def test_bad_input_is_refused(scores: list, capacities: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        solve(scores, capacities)


def test_allowed_must_match_the_scores() -> None:
    with pytest.raises(ValueError, match="shape"):
        solve([[0.5, 0.5]], [1, 1], allowed=[[True]])
