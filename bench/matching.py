"""Matching solver benchmark: Puente's solver against greedy and an exact reference.

Instances come from a fixed seed, in two distributions:

- ``uniform``: independent scores;
- ``skewed``: 0.4 noise + 0.3 mentor popularity (``u**3``: a few mentors attractive to everyone)
  + 0.3 feature fit (``1 - |a_i - b_j|``).

Every mentor takes ``k`` mentees and ``mentees = mentors * k``: exactly enough places for everyone,
the hardest case for pruning (the last mentees must go to whichever mentors still have room).
The largest size comes from 64-dimension embeddings through the block-wise path, because its
1e9 scores (4 GB as float32) cannot be held in memory: ``uniform`` is ``(1 + cos) / 2`` of random
unit vectors, ``skewed`` is ``0.7 * (1 + cos) / 2 + 0.3 * popularity``, with 48 dimensions of
noise and 16 of fit in the vectors.

One line per (size, distribution), each computed in a fresh process:

    size=<mentees>x<mentors> dist=<uniform|skewed> k=<capacity> puente_s=… greedy_s=… exact_s=…
    matched=… score_vs_exact=… score_vs_greedy=… peak_mb=… greedy_matched=… score_vs_bound=…
    greedy_on=<all|candidates> pruned=<yes|no>

- puente_s: Puente's solver end to end, from the scores (or embeddings) to the assignment;
- greedy_s, exact_s: the greedy baseline, and ``linear_sum_assignment`` on the capacity-expanded
  matrix (``skipped`` when mentees x total capacity exceeds 25M entries, i.e. 200 MB);
- matched: mentees Puente matched; greedy_matched: the same for greedy;
- score_vs_exact, score_vs_greedy: Puente's total over theirs;
- score_vs_bound: Puente's total over an LP upper bound on the optimum (weak duality with the
  solution's mentor prices), so the true score_vs_exact is at least this; 1.000000 means proven
  optimal (to the 1e-6 rounding);
- peak_mb: the process's peak resident memory (``resource.getrusage`` ``ru_maxrss``) right after
  Puente's solve: the interpreter and libraries, the instance and the solver;
- greedy_on=candidates: at the largest size greedy runs on Puente's pruned candidate pairs (a full
  greedy would sort 1e9 pairs), which also makes its time not comparable.

    .venv/bin/python bench/matching.py           # every size (under a minute on 2 cores)
    .venv/bin/python bench/matching.py --quick   # the two smallest sizes (CI smoke)
"""

import argparse
import multiprocessing
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from puente.matching import engine  # noqa: E402

SEED = 2026
SIZES = [(200, 50, 4), (2_000, 500, 4), (10_000, 1_000, 10), (100_000, 10_000, 10)]
EMBEDDING_FROM = 10_000_000  # problems with more pairs than this come from embeddings
EXACT_LIMIT = 25_000_000  # entries of the capacity-expanded matrix
DIM, NOISE_DIM = 64, 48


def dense_scores(n: int, m: int, dist: str, rng: np.random.Generator) -> np.ndarray:
    if dist == "uniform":
        return rng.random((n, m))
    popularity = rng.random(m) ** 3
    fit = 1 - np.abs(rng.random((n, 1)) - rng.random((1, m)))
    return 0.4 * rng.random((n, m)) + 0.3 * popularity[None, :] + 0.3 * fit


def embeddings(
    n: int, m: int, dist: str, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, float]:
    """Mentee and mentor vectors, the per-mentor extra term and the similarity weight."""

    def unit(rows: int, dim: int) -> np.ndarray:
        vectors = rng.standard_normal((rows, dim)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    if dist == "uniform":
        return unit(n, DIM), unit(m, DIM), None, 1.0
    # Unit vectors whose cosine is (0.4 cos_noise + 0.3 cos_fit) / 0.7.
    noise, fit = np.sqrt(0.4 / 0.7), np.sqrt(0.3 / 0.7)
    fit_dim = DIM - NOISE_DIM
    mentees = np.hstack([noise * unit(n, NOISE_DIM), fit * unit(n, fit_dim)])
    mentors = np.hstack([noise * unit(m, NOISE_DIM), fit * unit(m, fit_dim)])
    popularity = 0.3 * rng.random(m) ** 3
    return mentees, mentors, popularity, 0.7


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def ratio(a: float, b: float) -> str:
    return f"{a / b:.6f}" if b else "n/a"


def run(n: int, m: int, k: int, dist: str) -> str:
    rng = np.random.default_rng([SEED, n, m, ["uniform", "skewed"].index(dist)])
    capacities = np.full(m, k)
    large = n * m > EMBEDDING_FROM
    if large:
        mentees, mentors, extra, weight = embeddings(n, m, dist, rng)
        started = time.perf_counter()
        result = engine.solve_from_embeddings(
            mentees, mentors, capacities, extra, similarity_weight=weight
        )
        puente_s = time.perf_counter() - started
        peak = peak_mb()
        # Greedy cannot sort 1e9 pairs in memory: it gets the pruned candidates.
        scorer = engine.embedding_scorer(mentees, mentors, extra, similarity_weight=weight)
        cand = engine.prune_candidates(scorer, capacities, n_mentees=n)
        started = time.perf_counter()
        baseline = engine.greedy_sparse(cand.mentee_idx, cand.mentor_idx, cand.score, capacities, n)
        greedy_s = time.perf_counter() - started
        bound = result.stats["upper_bound"]
        greedy_on = "candidates"
    else:
        scores = dense_scores(n, m, dist, rng)
        started = time.perf_counter()
        result = engine.solve(scores, capacities)
        puente_s = time.perf_counter() - started
        peak = peak_mb()
        started = time.perf_counter()
        baseline = engine.greedy(scores, capacities)
        greedy_s = time.perf_counter() - started
        # The certificate: prices from the solution over every pair, then the LP bound.
        rows = np.repeat(np.arange(n), m)
        cols = np.tile(np.arange(m), n)
        prices = engine.mentor_prices(result, rows, cols, scores.ravel(), capacities, n)
        bound = engine.upper_bound(scores, capacities, prices)
        greedy_on = "all"
    exact_s = score_vs_exact = "skipped"
    if not large and n * int(capacities.sum()) <= EXACT_LIMIT:
        started = time.perf_counter()
        exact = engine.exact_reference(scores, capacities)
        exact_s = f"{time.perf_counter() - started:.3f}"
        score_vs_exact = ratio(result.total, exact.total)
    return (
        f"size={n}x{m} dist={dist} k={k} puente_s={puente_s:.3f} greedy_s={greedy_s:.3f} "
        f"exact_s={exact_s} matched={result.matched} score_vs_exact={score_vs_exact} "
        f"score_vs_greedy={ratio(result.total, baseline.total)} peak_mb={peak:.0f} "
        f"greedy_matched={baseline.matched} score_vs_bound={ratio(result.total, bound)} "
        f"greedy_on={greedy_on} pruned={'yes' if result.stats.get('pruned') else 'no'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the two smallest sizes")
    parser.add_argument("--dist", choices=["uniform", "skewed"], help="only this distribution")
    args = parser.parse_args()
    sizes = SIZES[:2] if args.quick else SIZES
    dists = [args.dist] if args.dist else ["uniform", "skewed"]
    # A fresh process per line, so that each peak_mb is that instance's alone.
    context = multiprocessing.get_context("spawn")
    with context.Pool(1, maxtasksperchild=1) as pool:
        for n, m, k in sizes:
            for dist in dists:
                print(pool.apply(run, (n, m, k, dist)), flush=True)


if __name__ == "__main__":
    main()
