"""Group programs: circles of one mentor and several mentees whose mentees also suit each other.

The solver gives the best mentor for each mentee within capacities. In a group program the
mentees of a circle also learn from each other, so their own compatibility counts too:

    objective = Σ mentee–mentor score + γ × Σ over circles of the mean compatibility of its mentees

That term is quadratic, so it is not part of the exact solver; instead the solver's answer is
improved by swapping mentees between circles (and moving them to circles with a free place)
while the objective grows and every swap keeps to the allowed pairs and the capacities. The
mentee–mentor part can only fall by what the circles gain. No Django import: plain NumPy.
"""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]

MAX_ROUNDS = 50


def circle_value(members: Sequence[int], peer: Matrix) -> float:
    """The mean compatibility of a circle's mentees (0 for a circle of one)."""
    if len(members) < 2:
        return 0.0
    index = np.array(members)
    block = peer[np.ix_(index, index)]
    pairs = len(members) * (len(members) - 1)
    return float((block.sum() - np.trace(block)) / pairs)


def objective(assignment: dict[int, int], scores: Matrix, peer: Matrix, weight: float) -> float:
    circles: dict[int, list[int]] = {}
    for mentee, mentor in assignment.items():
        circles.setdefault(mentor, []).append(mentee)
    own = sum(scores[i, j] for i, j in assignment.items())
    return float(own + weight * sum(circle_value(m, peer) for m in circles.values()))


def refine_circles(
    pairs: Sequence[tuple[int, int]],
    scores: Matrix,
    peer: Matrix,
    allowed: npt.NDArray[np.bool_],
    capacities: npt.NDArray[np.int64],
    weight: float = 1.0,
) -> list[tuple[int, int]]:
    """Improve an assignment by swaps and moves that raise the objective; never worse."""
    assignment = dict(pairs)
    load = np.zeros(len(capacities), dtype=np.int64)
    for mentor in assignment.values():
        load[mentor] += 1
    best = objective(assignment, scores, peer, weight)
    mentees = sorted(assignment)
    for _round in range(MAX_ROUNDS):
        improved = False
        for a_index, a in enumerate(mentees):
            # Move to a circle with a free place.
            for mentor in map(int, np.flatnonzero(allowed[a] & (load < capacities))):
                old = assignment[a]
                if mentor == old:
                    continue
                assignment[a] = mentor
                value = objective(assignment, scores, peer, weight)
                if value > best + 1e-9:
                    best, improved = value, True
                    load[old] -= 1
                    load[mentor] += 1
                else:
                    assignment[a] = old
            # Swap with a mentee of another circle.
            for b in mentees[a_index + 1 :]:
                ja, jb = assignment[a], assignment[b]
                if ja == jb or not (allowed[a, jb] and allowed[b, ja]):
                    continue
                assignment[a], assignment[b] = jb, ja
                value = objective(assignment, scores, peer, weight)
                if value > best + 1e-9:
                    best, improved = value, True
                else:
                    assignment[a], assignment[b] = ja, jb
        if not improved:
            break
    return sorted(assignment.items())
