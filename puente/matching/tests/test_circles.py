"""Circles: the mentees of a circle suit each other too (plain tests, no database)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from puente.matching.circles import circle_value, objective, refine_circles


def test_a_circles_value_is_the_mean_compatibility_of_its_mentees():
    peer = np.array([[0, 1.0, 0.2], [1.0, 0, 0.4], [0.2, 0.4, 0]])
    assert circle_value([0], peer) == 0.0
    assert circle_value([0, 1], peer) == 1.0
    assert circle_value([0, 1, 2], peer) == np.float64((1.0 + 0.2 + 0.4) * 2 / 6)


def test_swapping_brings_compatible_mentees_together():
    # Two mentors, two places each; every mentee scores 0.5 with both. Mentees 0 and 1 suit each
    # other, and so do 2 and 3, but the solver's answer mixed them.
    scores = np.full((4, 2), 0.5)
    peer = np.zeros((4, 4))
    peer[0, 1] = peer[1, 0] = peer[2, 3] = peer[3, 2] = 1.0
    allowed = np.ones((4, 2), dtype=bool)
    capacities = np.array([2, 2])
    start = [(0, 0), (1, 1), (2, 0), (3, 1)]
    refined = refine_circles(start, scores, peer, allowed, capacities)
    circles = {}
    for mentee, mentor in refined:
        circles.setdefault(mentor, set()).add(mentee)
    assert sorted(map(sorted, circles.values())) == [[0, 1], [2, 3]]
    assert objective(dict(refined), scores, peer, 1.0) == 4 * 0.5 + 2.0


def test_a_swap_that_breaks_a_forbidden_pair_is_not_made():
    scores = np.full((4, 2), 0.5)
    peer = np.zeros((4, 4))
    peer[0, 1] = peer[1, 0] = 1.0
    allowed = np.ones((4, 2), dtype=bool)
    allowed[1, 0] = False  # mentee 1 may not join mentor 0
    allowed[0, 1] = False  # nor mentee 0 mentor 1
    start = [(0, 0), (1, 1), (2, 0), (3, 1)]
    assert refine_circles(start, scores, peer, allowed, np.array([2, 2])) == start


@settings(derandomize=True, max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=7), st.integers(min_value=1, max_value=3), st.data())
def test_refining_never_lowers_the_objective_and_keeps_the_rules(n, m, data):
    rng = np.random.default_rng(data.draw(st.integers(min_value=0, max_value=10_000)))
    scores = rng.random((n, m))
    peer = rng.random((n, n))
    peer = (peer + peer.T) / 2
    allowed = rng.random((n, m)) > 0.2
    capacities = rng.integers(1, 4, size=m)
    # A valid starting assignment: each mentee to an allowed mentor with room.
    load = np.zeros(m, dtype=int)
    start = []
    for i in range(n):
        for j in np.flatnonzero(allowed[i]):
            if load[j] < capacities[j]:
                start.append((i, int(j)))
                load[j] += 1
                break
    refined = refine_circles(start, scores, peer, allowed, capacities)
    assert (
        objective(dict(refined), scores, peer, 1.0)
        >= objective(dict(start), scores, peer, 1.0) - 1e-9
    )
    assert sorted(i for i, _ in refined) == sorted(i for i, _ in start)
    assert all(allowed[i, j] for i, j in refined)
    counts = np.bincount([j for _, j in refined], minlength=m)
    assert (counts <= capacities).all()
