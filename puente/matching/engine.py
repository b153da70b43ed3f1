"""The matching solver: NumPy and OR-Tools' min-cost flow; no Django (SciPy only for the reference).

The problem. Mentees ``i``, mentors ``j``, a score ``s[i, j]`` in [0, 1], a capacity ``c[j] >= 0``
per mentor, and the allowed pairs (hard constraints; with ``min_score``, only pairs scoring at
least that). Each mentee gets at most one mentor, each mentor at most ``c[j]`` mentees. The
objective is lexicographic: first the **number** of mentees matched, then the **total score**.

The formulation. A min-cost flow: source -> mentee (capacity 1), mentee -> mentor for every
allowed pair (capacity 1, integer cost ``SCALE - round(s * SCALE)``, ``SCALE = 10**6``), mentor ->
sink (capacity ``c[j]``). ``SimpleMinCostFlow.solve_max_flow_with_min_cost()`` finds the maximum
flow first (the most mentees matched) and then the cheapest of the maximum flows (the highest
total): the lexicographic objective exactly, with no big-M weight to tune.

The tolerance. Costs are scores rounded to 1e-6, so the result is optimal for the rounded scores
and its true total is within ``matched * 1e-6`` of the true optimum (each of at most ``matched``
pairs in either solution moves by at most 5e-7). The number matched is exact.

Entry points (all return an ``Assignment``):

- ``solve(scores, capacities, allowed=None, min_score=None)``: a dense (mentees, mentors) problem.
  Exact and unpruned up to ``EXACT_MAX_PAIRS`` allowed pairs (10M: 10,000 x 1,000 takes about
  3 s on 2 cores); larger, it runs ``solve_pruned`` with the matrix as its scorer.
- ``solve_sparse(mentee_idx, mentor_idx, score, capacities, n_mentees, min_score=None)``: the same
  over explicit candidate pairs (parallel arrays); pairs not listed are forbidden.
- ``solve_from_embeddings(mentee_vectors, mentor_vectors, capacities, extra=None, ...)``: the large
  path, end to end. ``score = clip(similarity_weight * (1 + cos) / 2 + extra, 0, 1)``, computed
  block by block (float32 matmul), never as a whole matrix: 100,000 x 10,000 scores would be 4 GB.
  ``extra`` is None, a per-mentor vector (popularity, availability...) or a ``BlockScorer``.
- ``solve_pruned(scores_or_scorer, capacities, n_mentees=None, ...)``, which the two above use:
  1. prune (``prune_candidates``): keep each mentee's top ``k_mentee`` (20) mentors *and* each
     mentor's top ``l_mentor`` (10 x capacity) mentees. The mentor side is what survives popular
     mentors: with mentee-side pruning alone everyone's top K are the same few mentors, and most
     mentees end up with no candidate that has room;
  2. solve the candidate graph exactly;
  3. repair: mentees left unmatched get edges to their best mentors with spare capacity (and the
     mentees holding the places they wanted get edges to spare mentors too, for two-step moves);
     re-solve, until the count stops improving;
  4. price: Bellman-Ford on the solution gives mentor prices ``v`` (the flow's dual), and with
     them each mentee's share ``u[i] = s[i, mine] - v[mine]``. One block-wise pass looks for pruned
     pairs with ``s[i, j] - v[j] > u[i]``: none means the answer is optimal for the whole problem
     (``stats["certified"]``); otherwise they are added and the graph re-solved (a few rounds).
     The same pass yields ``stats["upper_bound"]``, a valid LP bound on the exact optimum, so
     ``total / upper_bound`` is a proven lower bound on the quality even when not certified.
- ``greedy`` / ``greedy_sparse``: the baseline most tools ship (best remaining pair first).
- ``exact_reference``: ``scipy.optimize.linear_sum_assignment`` on the capacity-expanded matrix,
  for tests and the benchmark (memory: mentees x total capacity floats). SciPy is imported there
  only: it is an extra (``puente[bench]``), not installed with the site.
- ``mentor_prices`` and ``upper_bound``: the certificate, also used by ``bench/matching.py``.

A ``BlockScorer`` maps an array of mentee indices to their scores against every mentor, shape
(len(rows), mentors); NaN or -inf forbids a pair, other values are clipped to [0, 1]. The engine
may modify a returned block in place, so return a fresh array (or a buffer you do not reuse).

Unmatched mentees get a reason: ``no_allowed_mentor`` (every pair forbidden or below the minimum)
or ``no_capacity`` (allowed mentors exist, all full in the optimum). ``stats`` holds timings in
seconds (``*_s``), the graph size (``nodes``, ``arcs``, ``candidates``) and ``pruned``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
AnyIntArray = npt.NDArray[np.integer[Any]]
BoolArray = npt.NDArray[np.bool_]
IndexArray = npt.NDArray[np.intp]
ScoreBlock = npt.NDArray[np.floating[Any]]
BlockScorer = Callable[[IndexArray], npt.ArrayLike]
_Scorer = Callable[[IndexArray], ScoreBlock]
_Edges = tuple[IndexArray, IndexArray, FloatArray]
_T = TypeVar("_T")

SCALE = 1_000_000
TOLERANCE = 1.0 / SCALE
# Pricing compares float scores with prices from rounded integer scores: allow both roundings.
PRICE_TOLERANCE = 2.0 / SCALE
EXACT_MAX_PAIRS = 10_000_000
DEFAULT_K_MENTEE = 20
DEFAULT_L_PER_CAPACITY = 10
DEFAULT_BLOCK = 2048

NO_ALLOWED_MENTOR = "no_allowed_mentor"
NO_CAPACITY = "no_capacity"

# A forbidden pair inside a score block: every allowed score is >= 0.
_FORBIDDEN = -np.inf


@dataclass(frozen=True)
class Assignment:
    """A solution: ``pairs`` sorted by mentee, ``total`` their summed score."""

    pairs: list[tuple[int, int]]
    total: float
    unmatched: list[int]
    reasons: dict[int, str]
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return len(self.pairs)


@dataclass(frozen=True)
class Candidates:
    """A pruned candidate graph: parallel edge arrays; per mentee, whether any pair is allowed."""

    mentee_idx: npt.NDArray[np.int64]
    mentor_idx: npt.NDArray[np.int64]
    score: FloatArray
    has_allowed: BoolArray
    n_mentees: int
    # Per mentee, its k-th best allowed score (-inf when it has fewer): every pair left out of
    # the mentee's own top k scores at most this, which lets pricing skip most mentees.
    kth_score: FloatArray
    stats: dict[str, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.mentee_idx)


@dataclass(frozen=True)
class Prices:
    """Dual prices per mentor (see ``mentor_prices``).

    ``shift`` is 0 when every mentee with an allowed pair is matched (the bound then assumes that
    the optimum matches them all, which it does); otherwise ``mentees + 1``, the value of one more
    match in the lexicographic objective, and ``matched`` is the matched count it applies to.
    """

    mentor: FloatArray
    shift: float
    matched: int
    # False if Bellman-Ford hit its round limit (never for an optimal assignment): the prices
    # then still give a valid bound, but only through a scan of every mentee.
    settled: bool = True


# Inputs ------------------------------------------------------------------------------------------


def _capacities(capacities: npt.ArrayLike, n_mentors: int | None = None) -> IntArray:
    caps = np.asarray(capacities)
    if caps.ndim != 1:
        raise ValueError("capacities must be a 1-d array (one per mentor)")
    if n_mentors is not None and len(caps) != n_mentors:
        raise ValueError(f"capacities has {len(caps)} entries for {n_mentors} mentors")
    if caps.size and not np.all(np.equal(np.mod(caps, 1), 0)):
        raise ValueError("capacities must be whole numbers")
    out = caps.astype(np.int64)
    if out.size and out.min() < 0:
        raise ValueError("capacities must be >= 0")
    return out


def _clean_block(raw: npt.ArrayLike, min_score: float | None) -> ScoreBlock:
    """Scores clipped to [0, 1]; forbidden pairs (NaN, -inf, below min_score) set to -inf.

    Works in place on the array it is given (a block is always a fresh array or a buffer).
    """
    block = np.asarray(raw)
    if not np.issubdtype(block.dtype, np.floating):
        block = block.astype(np.float64)
    if block.size:
        low, high = float(block.min()), float(block.max())  # NaN fails both tests below
        if low >= (min_score or 0.0) and high <= 1.0:
            return block
    bad = ~(block > -np.inf)  # NaN and -inf
    np.maximum(block, 0.0, out=block)
    np.minimum(block, 1.0, out=block)
    if min_score is not None:
        bad |= block < min_score
    if bad.any():
        block[bad] = _FORBIDDEN
    return block


def _dense(
    scores: npt.ArrayLike,
    capacities: npt.ArrayLike,
    allowed: npt.ArrayLike | None,
    min_score: float | None,
) -> tuple[FloatArray, IntArray]:
    matrix = np.array(scores, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError("scores must be a 2-d array (mentees, mentors)")
    caps = _capacities(capacities, matrix.shape[1])
    clean: FloatArray = _clean_block(matrix, min_score).astype(np.float64, copy=False)
    if allowed is not None:
        mask = np.asarray(allowed, dtype=bool)
        if mask.shape != matrix.shape:
            raise ValueError("allowed must have the shape of scores")
        clean[~mask] = _FORBIDDEN
    return clean, caps


def _to_int(score: npt.ArrayLike) -> IntArray:
    return np.rint(np.asarray(score, dtype=np.float64) * SCALE).astype(np.int64)


# The flow ----------------------------------------------------------------------------------------


def _flow(
    mentee_idx: AnyIntArray,
    mentor_idx: AnyIntArray,
    score: FloatArray,
    caps: IntArray,
    n_mentees: int,
) -> tuple[BoolArray, dict[str, float]]:
    """Max flow with min cost; returns which edges carry flow."""
    started = time.perf_counter()
    n_mentors = len(caps)
    chosen = np.zeros(len(mentee_idx), dtype=bool)
    stats: dict[str, float] = {"nodes": 0.0, "arcs": 0.0, "flow_s": 0.0}
    if caps.min(initial=1) > 0:
        usable = None  # every edge: no copies of what may be 10M edges
        tails, heads, costs = mentee_idx, mentor_idx, score
    else:
        usable = np.flatnonzero(caps[mentor_idx] > 0)
        tails, heads, costs = mentee_idx[usable], mentor_idx[usable], score[usable]
    if len(tails) == 0 or n_mentees == 0:
        return chosen, stats
    # Node indices fit in int32, OR-Tools' own type: no conversion when adding arcs.
    tails = tails.astype(np.int32, copy=False)
    heads = heads.astype(np.int32) + np.int32(n_mentees)
    cost = costs * -SCALE  # cost = SCALE - round(score * SCALE) >= 0, built in place
    np.rint(cost, out=cost)
    cost += SCALE
    mentees = np.flatnonzero(np.bincount(tails, minlength=n_mentees)).astype(np.int32)
    mentors = np.flatnonzero(np.bincount(heads - n_mentees, minlength=n_mentors))
    source, sink = n_mentees + n_mentors, n_mentees + n_mentors + 1
    graph = min_cost_flow.SimpleMinCostFlow()
    graph.add_arcs_with_capacity_and_unit_cost(
        np.full(len(mentees), source, dtype=np.int32),
        mentees,
        np.ones(len(mentees), dtype=np.int64),
        np.zeros(len(mentees), dtype=np.int64),
    )
    pair_arcs = graph.add_arcs_with_capacity_and_unit_cost(
        tails, heads, np.ones(len(tails), dtype=np.int64), cost.astype(np.int64)
    )
    del cost
    graph.add_arcs_with_capacity_and_unit_cost(
        (mentors + n_mentees).astype(np.int32),
        np.full(len(mentors), sink, dtype=np.int32),
        caps[mentors],
        np.zeros(len(mentors), dtype=np.int64),
    )
    supply = int(min(len(mentees), int(caps[mentors].sum())))
    graph.set_node_supply(source, supply)
    graph.set_node_supply(sink, -supply)
    built = time.perf_counter()
    status = graph.solve_max_flow_with_min_cost()
    if status != graph.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    used = np.flatnonzero(graph.flows(pair_arcs) > 0)
    chosen[used if usable is None else usable[used]] = True
    stats.update(
        nodes=float(len(mentees) + len(mentors) + 2),
        arcs=float(graph.num_arcs()),
        build_s=built - started,
        flow_s=time.perf_counter() - built,
    )
    return chosen, stats


def _assignment(
    mentee_idx: AnyIntArray,
    mentor_idx: AnyIntArray,
    score: FloatArray,
    chosen: BoolArray,
    has_allowed: BoolArray,
    stats: dict[str, float],
) -> Assignment:
    rows = mentee_idx[chosen]
    order = np.argsort(rows, kind="stable")
    rows = rows[order]
    cols = mentor_idx[chosen][order]
    matched = np.zeros(len(has_allowed), dtype=bool)
    matched[rows] = True
    unmatched = np.flatnonzero(~matched)
    reasons = {
        int(i): NO_CAPACITY if has_allowed[i] else NO_ALLOWED_MENTOR for i in unmatched.tolist()
    }
    return Assignment(
        pairs=list(zip(rows.tolist(), cols.tolist(), strict=True)),
        total=float(score[chosen].sum()),
        unmatched=unmatched.tolist(),
        reasons=reasons,
        stats=stats,
    )


def _edges(
    mentee_idx: npt.ArrayLike,
    mentor_idx: npt.ArrayLike,
    score: npt.ArrayLike,
    n_mentees: int,
    n_mentors: int,
    min_score: float | None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
    ei = np.asarray(mentee_idx, dtype=np.int64).ravel()
    ej = np.asarray(mentor_idx, dtype=np.int64).ravel()
    # np.array copies: cleaning works in place and must not touch the caller's scores.
    es = _clean_block(np.array(score, dtype=np.float64).ravel(), min_score)
    if not (len(ei) == len(ej) == len(es)):
        raise ValueError("mentee_idx, mentor_idx and score must have the same length")
    if len(ei) and (ei.min() < 0 or ei.max() >= n_mentees or ej.min() < 0 or ej.max() >= n_mentors):
        raise ValueError("edge index out of range")
    keep = es >= 0
    return ei[keep], ej[keep], es[keep].astype(np.float64)


# Exact entry points ------------------------------------------------------------------------------


def solve(
    scores: npt.ArrayLike,
    capacities: npt.ArrayLike,
    allowed: npt.ArrayLike | None = None,
    min_score: float | None = None,
) -> Assignment:
    """Most mentees matched, then the highest total score; exact up to 10M allowed pairs."""
    started = time.perf_counter()
    matrix, caps = _dense(scores, capacities, allowed, min_score)
    n, m = matrix.shape
    ok = matrix >= 0
    has_allowed: BoolArray = np.any(ok, axis=1)
    ok &= (caps > 0)[None, :]
    n_pairs = int(ok.sum())
    if n_pairs > EXACT_MAX_PAIRS:
        result = solve_pruned(lambda rows: matrix[rows], caps, n)
        result.stats["total_s"] = time.perf_counter() - started
        return result
    ei: AnyIntArray
    ej: AnyIntArray
    if n_pairs == n * m:
        ei = np.repeat(np.arange(n, dtype=np.int32), m)
        ej = np.tile(np.arange(m, dtype=np.int32), n)
        es = matrix.ravel()
    else:
        flat = np.flatnonzero(ok)
        ei, ej = np.divmod(flat, m) if m else (flat, flat)
        es = matrix.ravel()[flat]
    chosen, stats = _flow(ei, ej, es, caps, n)
    stats.update(pruned=False, candidates=float(n_pairs))
    result = _assignment(ei, ej, es, chosen, has_allowed, stats)
    stats["total_s"] = time.perf_counter() - started
    return result


def solve_sparse(
    mentee_idx: npt.ArrayLike,
    mentor_idx: npt.ArrayLike,
    score: npt.ArrayLike,
    capacities: npt.ArrayLike,
    n_mentees: int,
    min_score: float | None = None,
) -> Assignment:
    """``solve`` over explicit candidate pairs; pairs not listed are forbidden."""
    started = time.perf_counter()
    caps = _capacities(capacities)
    ei, ej, es = _edges(mentee_idx, mentor_idx, score, n_mentees, len(caps), min_score)
    has_allowed = np.bincount(ei, minlength=n_mentees) > 0
    chosen, stats = _flow(ei, ej, es, caps, n_mentees)
    stats.update(pruned=False, candidates=float(len(ei)))
    result = _assignment(ei, ej, es, chosen, has_allowed, stats)
    stats["total_s"] = time.perf_counter() - started
    return result


# Baselines ---------------------------------------------------------------------------------------


def _greedy_edges(
    mentee_idx: npt.NDArray[np.int64],
    mentor_idx: npt.NDArray[np.int64],
    score: FloatArray,
    caps: IntArray,
    n_mentees: int,
) -> BoolArray:
    """Best remaining pair first; ties go to the earlier edge."""
    chosen = np.zeros(len(mentee_idx), dtype=bool)
    order = np.argsort(-score, kind="stable")
    taken = np.zeros(n_mentees, dtype=bool)
    left = caps.copy()
    wanting = int(np.count_nonzero(np.bincount(mentee_idx, minlength=n_mentees)))
    room = int(caps.sum())
    chunk = 1 << 16
    for start in range(0, len(order), chunk):
        if wanting == 0 or room == 0:
            break
        idx = order[start : start + chunk]
        # Most pairs are dead by the time they come up; filter them out vectorised.
        idx = idx[~taken[mentee_idx[idx]] & (left[mentor_idx[idx]] > 0)]
        for e, i, j in zip(
            idx.tolist(), mentee_idx[idx].tolist(), mentor_idx[idx].tolist(), strict=True
        ):
            if not taken[i] and left[j] > 0:
                taken[i] = True
                left[j] -= 1
                chosen[e] = True
                wanting -= 1
                room -= 1
    return chosen


def greedy(
    scores: npt.ArrayLike,
    capacities: npt.ArrayLike,
    allowed: npt.ArrayLike | None = None,
    min_score: float | None = None,
) -> Assignment:
    """The baseline most tools ship: best remaining pair first, respecting capacities."""
    started = time.perf_counter()
    matrix, caps = _dense(scores, capacities, allowed, min_score)
    n, m = matrix.shape
    ok = matrix >= 0
    has_allowed: BoolArray = np.any(ok, axis=1)
    flat = np.flatnonzero(ok & (caps > 0)[None, :])
    ei, ej = np.divmod(flat, m) if m else (flat, flat)
    es = matrix.ravel()[flat]
    chosen = _greedy_edges(ei, ej, es, caps, n)
    return _assignment(ei, ej, es, chosen, has_allowed, {"total_s": time.perf_counter() - started})


def greedy_sparse(
    mentee_idx: npt.ArrayLike,
    mentor_idx: npt.ArrayLike,
    score: npt.ArrayLike,
    capacities: npt.ArrayLike,
    n_mentees: int,
    min_score: float | None = None,
) -> Assignment:
    """``greedy`` over explicit candidate pairs."""
    started = time.perf_counter()
    caps = _capacities(capacities)
    ei, ej, es = _edges(mentee_idx, mentor_idx, score, n_mentees, len(caps), min_score)
    has_allowed = np.bincount(ei, minlength=n_mentees) > 0
    chosen = _greedy_edges(ei, ej, es, caps, n_mentees)
    return _assignment(ei, ej, es, chosen, has_allowed, {"total_s": time.perf_counter() - started})


def exact_reference(
    scores: npt.ArrayLike,
    capacities: npt.ArrayLike,
    allowed: npt.ArrayLike | None = None,
    min_score: float | None = None,
) -> Assignment:
    """``linear_sum_assignment`` on the capacity-expanded matrix (mentees x total capacity).

    A forbidden pair costs more than any score difference (``mentees + 1``), so the fewest
    forbidden pairs are used first (most mentees matched) and the highest total next; forbidden
    pairs are then dropped. For tests and benchmarks: memory is mentees x sum(capacities) floats.
    Needs SciPy (the ``bench`` extra).
    """
    from scipy.optimize import linear_sum_assignment

    started = time.perf_counter()
    matrix, caps = _dense(scores, capacities, allowed, min_score)
    n, m = matrix.shape
    has_allowed: BoolArray = np.any(matrix >= 0, axis=1)
    slots = np.repeat(np.arange(m, dtype=np.int64), caps)
    empty = np.zeros(0, dtype=np.int64)
    if n == 0 or slots.size == 0:
        return _assignment(
            empty, empty, np.zeros(0), np.zeros(0, dtype=bool), has_allowed, {"total_s": 0.0}
        )
    expanded = matrix[:, slots]
    cost = np.where(expanded >= 0, -expanded, float(n + 1))
    del expanded
    rows, cols = linear_sum_assignment(cost)
    del cost
    ei = rows.astype(np.int64)
    ej = slots[cols]
    es = matrix[ei, ej]
    keep = es >= 0
    return _assignment(
        ei[keep],
        ej[keep],
        es[keep],
        np.ones(int(keep.sum()), dtype=bool),
        has_allowed,
        {"total_s": time.perf_counter() - started},
    )


# Pruning -----------------------------------------------------------------------------------------


def _map_blocks(
    fn: Callable[[IndexArray], _T], rows: IndexArray | int, block_size: int
) -> Iterator[_T]:
    """``fn`` over consecutive blocks of ``rows`` (or of ``range(rows)``), in order."""
    index = np.arange(rows) if isinstance(rows, int) else rows
    for start in range(0, len(index), block_size):
        yield fn(index[start : start + block_size])


def _as_scorer(scores: npt.ArrayLike | BlockScorer, n_mentees: int | None) -> tuple[_Scorer, int]:
    if callable(scores):
        if n_mentees is None:
            raise ValueError("n_mentees is required with a block scorer")
        func = scores
        return (lambda rows: np.asarray(func(rows))), n_mentees
    matrix = np.asarray(scores)
    if matrix.ndim != 2:
        raise ValueError("scores must be a 2-d array (mentees, mentors)")
    # Fancy indexing copies, so cleaning a block never touches the caller's matrix.
    return (lambda rows: matrix[rows]), matrix.shape[0]


def _row_cut(block: ScoreBlock, k: int) -> ScoreBlock:
    """Per row, a threshold at or below its k-th largest allowed score (and >= 0).

    The k-th largest of disjoint group maxima never exceeds the k-th largest entry; the groups
    come from halving the columns with ``np.maximum``, which is much cheaper than a partition.
    """
    b, m = block.shape
    if m <= k:
        return np.zeros(b, dtype=block.dtype)
    groups = block
    while groups.shape[1] // 2 >= 4 * k:
        width = groups.shape[1]
        half = width // 2
        halved = np.maximum(groups[:, :half], groups[:, half : 2 * half])
        if width % 2:
            np.maximum(halved[:, 0], groups[:, -1], out=halved[:, 0])
        groups = halved
    cut: ScoreBlock = np.maximum(np.partition(groups, -k, axis=1)[:, -k], 0)
    return cut


def _top_per_group(group: IndexArray, value: FloatArray, limit: IntArray) -> IndexArray:
    """Positions of the ``limit[g]`` largest values of each group, grouped, best first.

    For scores in [0, 1] one int64 key (group, then the score to 2**-40) sorts ~9x faster than
    ``np.lexsort``; scores closer than 1e-12 may then come in either order.
    """
    if len(group) and int(group.max()) < 1 << 22 and value.min() >= 0 and value.max() <= 1:
        fine = np.rint((1.0 - np.clip(value, 0.0, 1.0)) * (1 << 40)).astype(np.int64)
        order = np.argsort((group.astype(np.int64) << 41) | fine)
    else:
        order = np.lexsort((-value, group))
    ranked = group[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]]) if len(ranked) else ranked
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    kept: IndexArray = order[rank < limit[ranked]]
    return kept


def _row_top(block: ScoreBlock, k: int) -> tuple[IndexArray, IndexArray]:
    """(row, column) of each row's k largest allowed entries."""
    b, m = block.shape
    if b == 0 or m == 0 or k <= 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    cut = _row_cut(block, k)
    flat = np.flatnonzero(block >= cut[:, None])
    rows, cols = np.divmod(flat, m)
    keep = _top_per_group(rows, block.ravel()[flat].astype(np.float64), np.full(b, k))
    return rows[keep], cols[keep]


def prune_candidates(
    scores: npt.ArrayLike | BlockScorer,
    capacities: npt.ArrayLike,
    *,
    n_mentees: int | None = None,
    k_mentee: int = DEFAULT_K_MENTEE,
    l_mentor: int | npt.ArrayLike | None = None,
    min_score: float | None = None,
    block_size: int = DEFAULT_BLOCK,
) -> Candidates:
    """Each mentee's top ``k_mentee`` plus each mentor's top ``l_mentor`` (default 10 x capacity).

    ``scores`` is a dense (mentees, mentors) array or a ``BlockScorer`` (then pass ``n_mentees``);
    it is read in blocks of ``block_size`` mentees, so memory is one block plus the kept edges.
    Mentors with no capacity get no edges.
    """
    started = time.perf_counter()
    scorer, n = _as_scorer(scores, n_mentees)
    caps = _capacities(capacities)
    m = len(caps)
    if l_mentor is None:
        limit = DEFAULT_L_PER_CAPACITY * caps
    else:
        limit = np.broadcast_to(np.asarray(l_mentor, dtype=np.int64), (m,)).copy()
    limit[caps == 0] = 0
    closed = np.flatnonzero(caps == 0)
    has_allowed = np.zeros(n, dtype=bool)
    kth_score = np.full(n, -np.inf)
    mentee_side: list[tuple[IndexArray, IndexArray, FloatArray]] = []
    pool: list[tuple[IndexArray, IndexArray, FloatArray]] = []
    pending = 0
    budget = 2 * int(limit.sum()) + 1
    # The current per-mentor threshold; a block may read a slightly older (lower) one, which
    # only lets a few more entries into the pool.
    col_cut: list[FloatArray] = []

    def scan(rows: IndexArray) -> tuple[IndexArray, BoolArray, FloatArray, _Edges, _Edges]:
        block = np.ascontiguousarray(_clean_block(scorer(rows), min_score))
        if block.shape != (len(rows), m):
            raise ValueError(f"scorer returned {block.shape}, expected {(len(rows), m)}")
        allowed_rows = block.max(axis=1, initial=_FORBIDDEN) >= 0
        if closed.size:
            block[:, closed] = _FORBIDDEN
        if not col_cut:
            col_cut.append(_first_col_cut(block, limit))
        cut = col_cut[-1]
        row_cut = _row_cut(block, k_mentee)
        mask = block >= row_cut[:, None]
        mask |= block >= _round_up(cut, block.dtype)[None, :]
        flat = np.flatnonzero(mask)
        r, c = np.divmod(flat, m)
        v = block.ravel()[flat].astype(np.float64)
        mine = np.flatnonzero(v >= row_cut[r])
        mine = mine[_top_per_group(r[mine], v[mine], np.full(len(rows), k_mentee))]
        # Kept entries come grouped by row, best first: a full row's last is its k-th best.
        kth = np.full(len(rows), -np.inf)
        last = _group_ends(r[mine])
        full = np.bincount(r[mine], minlength=len(rows))[r[mine][last]] >= k_mentee
        kth[r[mine][last][full]] = v[mine][last][full]
        theirs = v >= cut[c]
        return (
            rows,
            allowed_rows,
            kth,
            (rows[r[mine]], c[mine], v[mine]),
            (rows[r[theirs]], c[theirs], v[theirs]),
        )

    for rows, allowed_rows, kth, top, beat in _map_blocks(scan, n, block_size):
        has_allowed[rows] = allowed_rows
        kth_score[rows] = kth
        mentee_side.append(top)
        pool.append(beat)
        pending += len(beat[0])
        if pending > budget:
            pool, cut = _compact(pool, limit)
            col_cut.append(cut)
            pending = len(pool[0][0])
    if pool:
        pool, _ = _compact(pool, limit)
    parts = mentee_side + pool
    all_i = np.concatenate([np.zeros(0, dtype=np.intp), *(p[0] for p in parts)]).astype(np.int64)
    all_j = np.concatenate([np.zeros(0, dtype=np.intp), *(p[1] for p in parts)]).astype(np.int64)
    all_s = np.concatenate([np.zeros(0), *(p[2] for p in parts)])
    first = _first_of_each(all_i * max(m, 1) + all_j)
    return Candidates(
        mentee_idx=all_i[first],
        mentor_idx=all_j[first],
        score=all_s[first],
        has_allowed=has_allowed,
        n_mentees=n,
        kth_score=kth_score,
        stats={"prune_s": time.perf_counter() - started, "candidates": float(len(first))},
    )


def _group_ends(group: IndexArray) -> IndexArray:
    """Positions of the last element of each run of equal values."""
    ends: IndexArray = np.flatnonzero(np.r_[group[1:] != group[:-1], True]) if len(group) else group
    return ends


def _first_of_each(keys: IntArray) -> IndexArray:
    """Positions of one occurrence of each distinct key (``np.unique`` hashes, much slower)."""
    order = np.argsort(keys)
    ranked = keys[order]
    first: IndexArray = order[np.r_[True, ranked[1:] != ranked[:-1]]] if len(keys) else order
    return first


def _round_up(values: FloatArray, dtype: np.dtype[Any]) -> ScoreBlock:
    """``values`` in ``dtype``, rounded up, so that ``block >= result`` iff ``block >= values``."""
    cast: ScoreBlock = values.astype(dtype)
    low = cast < values
    cast[low] = np.nextafter(cast[low], np.inf)
    return cast


def _first_col_cut(block: ScoreBlock, limit: IntArray) -> FloatArray:
    """From the first block, a per-mentor threshold at or below its L-th best score."""
    b, m = block.shape
    cut = np.zeros(m)
    open_ = limit > 0
    if not open_.any():
        return np.full(m, np.inf)
    rank = int(np.percentile(limit[open_], 90))
    if 0 < rank < b:
        # The rank-th largest of this block is <= the L-th largest overall wherever L <= rank.
        kth = np.partition(block, b - rank, axis=0)[b - rank].astype(np.float64)
        cut = np.where(limit <= rank, np.maximum(kth, 0.0), 0.0)
    cut[~open_] = np.inf
    return cut


def _compact(pool: list[_Edges], limit: IntArray) -> tuple[list[_Edges], FloatArray]:
    """Keep each mentor's ``limit`` best; a full mentor then admits only strictly better scores."""
    rows = np.concatenate([p[0] for p in pool])
    cols = np.concatenate([p[1] for p in pool])
    vals = np.concatenate([p[2] for p in pool])
    keep = _top_per_group(cols, vals, limit)
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    count = np.bincount(cols, minlength=len(limit))
    worst = np.full(len(limit), np.inf)
    last = _group_ends(cols)  # grouped, best first: the last of each mentor is its worst kept
    worst[cols[last]] = vals[last]
    full = count >= limit
    cut = np.where(full, np.nextafter(worst, np.inf), 0.0)
    cut[limit == 0] = np.inf
    return [(rows, cols, vals)], cut


# The certificate ---------------------------------------------------------------------------------


def mentor_prices(
    assignment: Assignment,
    mentee_idx: npt.ArrayLike,
    mentor_idx: npt.ArrayLike,
    score: npt.ArrayLike,
    capacities: npt.ArrayLike,
    n_mentees: int,
    *,
    start: Prices | None = None,
    max_rounds: int | None = None,
) -> Prices:
    """Dual prices per mentor that prove ``assignment`` optimal on the given edges.

    With a mentee's share ``u[i] = s[i, a] - v[a]`` (``a`` its mentor), optimality is
    ``u[i] + v[j] >= s[i, j]`` on every edge, ``v >= 0``, and ``v = 0`` for mentors with room. That
    is a system of difference constraints ``v[a] <= v[j] + s[i, a] - s[i, j]``: shortest paths
    (Bellman-Ford, vectorised over the edges) from the mentors with room solve it. When some
    mentee with edges stays unmatched, scores are shifted by ``mentees + 1`` (the lexicographic
    weight of a match) and an unmatched mentee counts as assigned to a free "nobody" at 0.

    ``start`` (the prices of a nearby earlier solution) only speeds things up: relaxing from any
    values that keep the mentors with room at 0 ends at prices that satisfy every constraint.
    """
    caps = _capacities(capacities)
    m = len(caps)
    ei = np.asarray(mentee_idx, dtype=np.int64)
    ej = np.asarray(mentor_idx, dtype=np.int64)
    es = _to_int(score)
    usable = caps[ej] > 0
    ei, ej, es = ei[usable], ej[usable], es[usable]
    pairs = np.array(assignment.pairs, dtype=np.int64).reshape(-1, 2)
    nobody = m
    partner = np.full(n_mentees, nobody, dtype=np.int64)
    partner[pairs[:, 0]] = pairs[:, 1]
    load = np.bincount(pairs[:, 1], minlength=m)
    waiting = partner[ei] == nobody
    shift_units = n_mentees + 1 if waiting.any() else 0
    shift = shift_units * SCALE
    mine = partner[ei]
    own = ej == mine
    own_score = np.zeros(n_mentees, dtype=np.int64)
    own_score[ei[own]] = shift + es[own]
    moves = ~own
    tail = ej[moves]
    head = mine[moves]
    weight = own_score[ei[moves]] - (shift + es[moves])
    if shift:
        # u[i] >= 0 for matched mentees: v[a] <= v[nobody] + shifted score.
        tail = np.concatenate([tail, np.full(len(pairs), nobody)])
        head = np.concatenate([head, pairs[:, 1]])
        weight = np.concatenate([weight, own_score[pairs[:, 0]]])
    # The cheapest arc per (tail, head), grouped by tail.
    key = tail * (m + 1) + head
    order = np.argsort(key)
    key = key[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else order
    weight = np.minimum.reduceat(weight[order], first) if len(key) else weight
    tail, head = tail[order][first], head[order][first]
    indptr = np.searchsorted(tail, np.arange(m + 2))
    dist = np.zeros(m + 1, dtype=np.int64)
    dist[:m] = shift + SCALE
    dist[:m][load < caps] = 0
    cold = dist.copy()
    if start is not None and start.shift == shift_units and len(start.mentor) == m:
        dist[:m] = np.minimum(_to_int(start.mentor), dist[:m])
    rounds = max_rounds or m + 2
    settled = _relax(dist, indptr, head, weight, rounds)
    if dist.min() < 0:
        # The warm start sat below the shortest paths somewhere: start again from the top.
        dist = cold
        settled = _relax(dist, indptr, head, weight, rounds)
    prices: FloatArray = np.maximum(dist[:m], 0).astype(np.float64) / SCALE
    return Prices(mentor=prices, shift=float(shift_units), matched=len(pairs), settled=settled)


def _relax(
    dist: IntArray, indptr: IndexArray, head: IntArray, weight: IntArray, rounds: int
) -> bool:
    """Bellman-Ford in place over arcs grouped by tail (``indptr``), to a fixpoint.

    Each round relaxes only the arcs leaving nodes that improved in the round before, so the
    long tail of rounds, where few prices still move, costs little.
    """
    active = np.arange(len(dist))
    for _ in range(rounds):
        lengths = indptr[active + 1] - indptr[active]
        total = int(lengths.sum())
        if not total:
            return True
        # The arc indices of every active node, concatenated.
        offsets = np.repeat(indptr[active] - (np.cumsum(lengths) - lengths), lengths)
        arcs = offsets + np.arange(total)
        before = dist.copy()
        np.minimum.at(dist, head[arcs], np.repeat(dist[active], lengths) + weight[arcs])
        active = np.flatnonzero(dist < before)
        if not active.size:
            return True
    return False


def _own_share(
    assignment: Assignment, score_of_pairs: FloatArray, prices: Prices, n_mentees: int
) -> FloatArray:
    own = np.full(n_mentees, -prices.shift)
    if assignment.pairs:
        pairs = np.array(assignment.pairs, dtype=np.int64)
        own[pairs[:, 0]] = score_of_pairs - prices.mentor[pairs[:, 1]]
    return own


def _price_scan(
    scorer: _Scorer,
    rows: IndexArray,
    caps: IntArray,
    prices: Prices,
    own: FloatArray | None,
    min_score: float | None,
    block_size: int,
    add_per_row: int = 0,
) -> tuple[FloatArray, _Edges]:
    """Per row ``max_j (s[i, j] - v[j])``, and each row's best pairs that beat its share ``own``."""
    v = prices.mentor
    closed = np.flatnonzero(caps == 0)

    def scan(part: IndexArray) -> tuple[FloatArray, _Edges | None]:
        block = _clean_block(scorer(part), min_score)
        if closed.size:
            block[:, closed] = _FORBIDDEN
        if prices.shift:
            gain: ScoreBlock = block.astype(np.float64)  # prices near mentees + 1 need float64
            gain -= v
        else:
            gain = block
            gain -= v.astype(block.dtype)
        best = gain.max(axis=1, initial=_FORBIDDEN).astype(np.float64)
        if gain.dtype != np.float64:
            best += 2 * float(np.finfo(gain.dtype).eps)  # rounding up keeps the bound valid
        if own is None or not add_per_row:
            return best, None
        beaten = np.flatnonzero(best > own[part] + PRICE_TOLERANCE)
        if not beaten.size:
            return best, None
        excess = gain[beaten] - (own[part[beaten]] + PRICE_TOLERANCE)[:, None]
        excess[~(excess > 0)] = _FORBIDDEN
        r, c = _row_top(excess, add_per_row)
        picked = part[beaten]
        fresh = _clean_block(scorer(picked), min_score)
        return best, (picked[r], c, fresh[r, c].astype(np.float64))

    bests: list[FloatArray] = [np.zeros(0)]
    found: list[_Edges] = []
    for best, edges in _map_blocks(scan, rows, block_size):
        bests.append(best)
        if edges is not None:
            found.append(edges)
    return np.concatenate(bests), _concat(found)


def _bound(best: FloatArray, caps: IntArray, prices: Prices) -> float:
    """Weak duality: each mentee's ``max_j (s - v)`` plus the capacity's worth ``sum c v``."""
    if prices.shift:
        terms = np.maximum(best + prices.shift, 0.0)
    else:
        terms = best[np.isfinite(best)]
    return (
        math.fsum(terms.tolist())
        - prices.shift * prices.matched
        + math.fsum((caps * prices.mentor).tolist())
    )


def _concat(parts: list[_Edges]) -> _Edges:
    empty = np.zeros(0, dtype=np.intp)
    return (
        np.concatenate([empty, *(p[0] for p in parts)]),
        np.concatenate([empty, *(p[1] for p in parts)]),
        np.concatenate([np.zeros(0), *(p[2] for p in parts)]),
    )


def upper_bound(
    scores: npt.ArrayLike | BlockScorer,
    capacities: npt.ArrayLike,
    prices: Prices,
    *,
    n_mentees: int | None = None,
    min_score: float | None = None,
    block_size: int = DEFAULT_BLOCK,
) -> float:
    """An upper bound on the optimal total (given the most mentees matched), from mentor prices.

    Weak LP duality: ``sum_i max_j (s[i, j] - v[j]) + sum_j c[j] v[j]`` over the allowed pairs
    (with the shift of ``Prices`` when not everyone could be matched). Any prices ``v >= 0`` give a
    valid bound; those of an optimal assignment give the optimum itself, so an assignment whose
    total is within ``matched * 1e-6`` of this bound is proven optimal.
    """
    scorer, n = _as_scorer(scores, n_mentees)
    caps = _capacities(capacities)
    rows = np.arange(n)
    best, _ = _price_scan(scorer, rows, caps, prices, None, min_score, block_size)
    return _bound(best, caps, prices)


# The pruned path ---------------------------------------------------------------------------------


def _merge(base: Candidates, edges: _Edges, m: int) -> tuple[Candidates, int]:
    add_i, add_j, add_s = edges
    old = base.mentee_idx * m + base.mentor_idx
    new = add_i.astype(np.int64) * m + add_j
    old.sort()  # np.isin would hash 3M keys: seconds; sorting and bisecting takes milliseconds
    at = np.minimum(np.searchsorted(old, new), max(len(old) - 1, 0))
    fresh = old[at] != new if len(old) else np.ones(len(new), dtype=bool)
    first = _first_of_each(new[fresh])
    if not len(first):
        return base, 0
    return (
        Candidates(
            mentee_idx=np.concatenate([base.mentee_idx, add_i[fresh][first]]),
            mentor_idx=np.concatenate([base.mentor_idx, add_j[fresh][first]]),
            score=np.concatenate([base.score, add_s[fresh][first]]),
            has_allowed=base.has_allowed,
            n_mentees=base.n_mentees,
            kth_score=base.kth_score,
            stats=base.stats,
        ),
        len(first),
    )


def _solve_candidates(
    cand: Candidates, caps: IntArray
) -> tuple[Assignment, FloatArray, dict[str, float]]:
    """The exact solution on the candidates, and the score of each of its pairs."""
    chosen, stats = _flow(cand.mentee_idx, cand.mentor_idx, cand.score, caps, cand.n_mentees)
    result = _assignment(cand.mentee_idx, cand.mentor_idx, cand.score, chosen, cand.has_allowed, {})
    order = np.argsort(cand.mentee_idx[chosen], kind="stable")
    return result, cand.score[chosen][order], stats


def _repair_edges(
    scorer: _Scorer,
    rows: IndexArray,
    spare: BoolArray,
    per_row: int,
    min_score: float | None,
    block_size: int,
) -> _Edges:
    """Each row's best ``per_row`` allowed mentors among those with spare capacity."""

    def scan(part: IndexArray) -> _Edges:
        block = _clean_block(scorer(part), min_score)
        block[:, ~spare] = _FORBIDDEN
        r, c = _row_top(block, per_row)
        return part[r], c, block[r, c].astype(np.float64)

    return _concat(list(_map_blocks(scan, rows, block_size)))


def solve_pruned(
    scores: npt.ArrayLike | BlockScorer,
    capacities: npt.ArrayLike,
    n_mentees: int | None = None,
    *,
    k_mentee: int = DEFAULT_K_MENTEE,
    l_mentor: int | npt.ArrayLike | None = None,
    min_score: float | None = None,
    block_size: int = DEFAULT_BLOCK,
    max_repair_rounds: int = 10,
    max_pricing_rounds: int = 4,
) -> Assignment:
    """Prune, solve exactly on the candidates, repair the unmatched, then price (see the module).

    ``stats["certified"]`` is 1 when the last pricing pass found no pair that would improve the
    assignment: it is then optimal for the full problem, within ``PRICE_TOLERANCE`` per matched
    mentee. ``stats["upper_bound"]`` is a valid bound on the optimal total in any case (``inf``
    when no pricing pass ran), and ``stats["gap"]`` its distance to the total.
    """
    started = time.perf_counter()
    scorer, n = _as_scorer(scores, n_mentees)
    caps = _capacities(capacities)
    m = len(caps)
    cand = prune_candidates(
        scorer,
        caps,
        n_mentees=n,
        k_mentee=k_mentee,
        l_mentor=l_mentor,
        min_score=min_score,
        block_size=block_size,
    )
    stats: dict[str, float] = {
        "pruned": True,
        "prune_s": cand.stats["prune_s"],
        "pruned_candidates": float(len(cand)),
    }
    result, own_scores, flow = _solve_candidates(cand, caps)
    flow_s, flows = flow["flow_s"], 1
    repair_started = time.perf_counter()
    rounds = 0
    for _ in range(max_repair_rounds):
        pairs = np.array(result.pairs, dtype=np.intp).reshape(-1, 2)
        spare = np.bincount(pairs[:, 1], minlength=m) < caps
        waiting = np.array([i for i in result.unmatched if cand.has_allowed[i]], dtype=np.intp)
        if not len(waiting) or not spare.any():
            break
        rounds += 1
        found = [_repair_edges(scorer, waiting, spare, k_mentee, min_score, block_size)]
        # Two-step moves: the mentees holding the places that the waiting mentees want.
        wanted = np.zeros(m, dtype=bool)
        is_waiting = np.zeros(n, dtype=bool)
        is_waiting[waiting] = True
        wanted[cand.mentor_idx[is_waiting[cand.mentee_idx]]] = True
        holders = pairs[wanted[pairs[:, 1]], 0]
        if len(holders):
            found.append(_repair_edges(scorer, holders, spare, 3, min_score, block_size))
        cand, added = _merge(cand, _concat(found), m)
        if not added:
            break
        before = result.matched
        result, own_scores, flow = _solve_candidates(cand, caps)
        flow_s, flows = flow_s + flow["flow_s"], flows + 1
        if result.matched <= before:
            break
    stats["repair_s"] = time.perf_counter() - repair_started
    stats["repair_rounds"] = float(rounds)
    pricing_started = time.perf_counter()
    prices_s = 0.0
    bound = math.inf
    certified = False
    prices: Prices | None = None
    for round_ in range(max_pricing_rounds):
        priced = time.perf_counter()
        prices = mentor_prices(
            result, cand.mentee_idx, cand.mentor_idx, cand.score, caps, n, start=prices
        )
        prices_s += time.perf_counter() - priced
        own = _own_share(result, own_scores, prices, n)
        # A pair outside a mentee's top k has s <= kth_score and v >= the lowest price, and the
        # candidate pairs satisfy the prices already: only these mentees can hold a violation.
        lowest = float(prices.mentor[caps > 0].min(initial=np.inf))
        ceiling = cand.kth_score - lowest
        rows = np.flatnonzero(ceiling > own + PRICE_TOLERANCE) if prices.settled else np.arange(n)
        scanned, violated = _price_scan(
            scorer, rows, caps, prices, own, min_score, block_size, add_per_row=5
        )
        # Elsewhere the mentee's best is its own pair (to the rounding) or under the ceiling.
        best = np.maximum(own + TOLERANCE, ceiling)
        if not prices.shift:
            best[result.unmatched] = -np.inf  # everyone with a pair is matched: no pairs
        best[rows] = scanned
        bound = _bound(best, caps, prices)
        stats[f"scanned_{round_}"] = float(len(rows))
        cand, added = _merge(cand, violated, m)
        stats[f"priced_{round_}"] = float(added)
        if not len(violated[0]):
            certified = True
            break
        if not added:
            break  # prices that do not converge: keep the bound, stop
        result, own_scores, flow = _solve_candidates(cand, caps)
        flow_s, flows = flow_s + flow["flow_s"], flows + 1
    stats.update(
        pricing_s=time.perf_counter() - pricing_started,
        prices_s=prices_s,
        flow_s=flow_s,
        flows=float(flows),
        nodes=flow["nodes"],
        arcs=flow["arcs"],
        candidates=float(len(cand)),
        upper_bound=bound,
        gap=bound - result.total,
        certified=certified,
        total_s=time.perf_counter() - started,
    )
    return Assignment(result.pairs, result.total, result.unmatched, result.reasons, stats)


def embedding_scorer(
    mentee_vectors: npt.ArrayLike,
    mentor_vectors: npt.ArrayLike,
    extra: npt.ArrayLike | BlockScorer | None = None,
    *,
    similarity_weight: float = 1.0,
) -> _Scorer:
    """A ``BlockScorer``: ``similarity_weight * (1 + cos) / 2 + extra``, in float32.

    A per-mentor ``extra`` vector rides along in the matrix product (one more column), so a block
    costs one matmul. It reuses its output buffer between calls of the same size, so a block is
    only valid until the next call.
    """

    def unit(vectors: npt.ArrayLike) -> npt.NDArray[np.float32]:
        array = np.asarray(vectors, dtype=np.float32)
        if array.ndim != 2:
            raise ValueError("embeddings must be 2-d arrays (people, dimensions)")
        norms = np.linalg.norm(array, axis=1, keepdims=True)
        safe = np.where(norms > 0, norms, 1).astype(np.float32)
        unit_rows: npt.NDArray[np.float32] = array / safe
        return unit_rows

    half = similarity_weight / 2
    mentees = unit(mentee_vectors)
    mentors = unit(mentor_vectors)
    if mentees.shape[1] != mentors.shape[1]:
        raise ValueError("mentee and mentor embeddings must have the same dimension")
    extra_fn: BlockScorer | None = extra if callable(extra) else None
    bias = np.full(len(mentors), half, dtype=np.float32)
    if extra is not None and not callable(extra):
        bias += np.broadcast_to(np.asarray(extra, dtype=np.float32), bias.shape)
    # [u, 1] @ [half * w; half + bias] = half * cos(u, w) + half + bias, in one product.
    left = np.hstack([mentees, np.ones((len(mentees), 1), dtype=np.float32)])
    right = np.ascontiguousarray(np.vstack([(mentors * np.float32(half)).T, bias[None, :]]))
    buffers: dict[int, npt.NDArray[np.float32]] = {}

    def score(rows: IndexArray) -> ScoreBlock:
        out = buffers.get(len(rows))
        if out is None:
            out = buffers[len(rows)] = np.empty((len(rows), len(mentors)), dtype=np.float32)
        np.matmul(left[rows], right, out=out)
        if extra_fn is not None:
            out += np.asarray(extra_fn(rows), dtype=np.float32)
        return out

    return score


def solve_from_embeddings(
    mentee_vectors: npt.ArrayLike,
    mentor_vectors: npt.ArrayLike,
    capacities: npt.ArrayLike,
    extra: npt.ArrayLike | BlockScorer | None = None,
    *,
    similarity_weight: float = 1.0,
    min_score: float | None = None,
    k_mentee: int = DEFAULT_K_MENTEE,
    l_mentor: int | npt.ArrayLike | None = None,
    block_size: int = DEFAULT_BLOCK,
    max_pricing_rounds: int = 4,
) -> Assignment:
    """The large path, end to end: block-wise cosine scores, then ``solve_pruned``."""
    scorer = embedding_scorer(
        mentee_vectors, mentor_vectors, extra, similarity_weight=similarity_weight
    )
    return solve_pruned(
        scorer,
        capacities,
        len(np.asarray(mentee_vectors)),
        k_mentee=k_mentee,
        l_mentor=l_mentor,
        min_score=min_score,
        block_size=block_size,
        max_pricing_rounds=max_pricing_rounds,
    )
