"""Change with confidence: the pure statistics of paired change and of a difference in
differences, on NumPy (no Django, like the matching solver).

- ``paired_change(before, after)``: the change of each person who answered both rounds, its mean,
  a 95 % t-interval (mean ± t(0.975, n − 1) · s / √n), a bootstrap percentile interval with a
  fixed seed (so the same answers always give the same interval) and Cohen's d_z, the
  standardized effect size for paired data: the mean change divided by the standard deviation of
  the changes (not of either round).
- ``welch_difference(changes, other)``: the difference of two groups' mean changes (mentored
  minus comparison: the difference in differences) with a 95 % Welch interval (unequal variances,
  Welch–Satterthwaite degrees of freedom).

The one number NumPy does not give is the t distribution's quantile: it comes from
``scipy.special.stdtrit`` (SciPy is already installed for the matching solver's reference), the
inverse of the t distribution's CDF, a single call with no other SciPy machinery. The test suite
checks every figure against ``scipy.stats.ttest_rel`` / ``ttest_ind(equal_var=False)`` and their
``confidence_interval`` and against an example worked by hand.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import stdtrit

CONFIDENCE = 0.95
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20261207


def t_quantile(probability: float, df: float) -> float:
    """The ``probability`` quantile of Student's t with ``df`` degrees of freedom."""
    return float(stdtrit(df, probability))


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class PairedChange:
    """The change of ``n`` people between two rounds. ``sd`` is the standard deviation of the
    changes (n − 1 in the denominator); without spread (``sd`` 0) there is no effect size and the
    interval is the mean itself. Intervals need at least two people."""

    n: int
    mean: float
    sd: float
    interval: Interval | None
    bootstrap: Interval | None
    effect_size: float | None  # Cohen's d_z: mean / sd of the changes
    changes: tuple[float, ...]

    @property
    def se(self) -> float:
        return self.sd / math.sqrt(self.n) if self.n else math.nan


def _t_interval(mean: float, se: float, df: float) -> Interval:
    if se == 0:
        return Interval(mean, mean)
    margin = t_quantile(0.5 + CONFIDENCE / 2, df) * se
    return Interval(mean - margin, mean + margin)


def _bootstrap(changes: np.ndarray, seed: int) -> Interval:
    """Percentile interval of the mean change over resamples of the people (with replacement)."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, changes.size, size=(BOOTSTRAP_SAMPLES, changes.size))
    means = changes[picks].mean(axis=1)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Interval(float(low), float(high))


def paired_change(
    before: Sequence[float], after: Sequence[float], *, seed: int = BOOTSTRAP_SEED
) -> PairedChange:
    """The change from ``before`` to ``after``, the two answers of the same people in order."""
    first = np.asarray(before, dtype=float)
    second = np.asarray(after, dtype=float)
    if first.shape != second.shape:
        raise ValueError("before and after must hold the same people")
    changes = second - first
    return change_of(changes, seed=seed)


def change_of(changes: Sequence[float] | np.ndarray, *, seed: int = BOOTSTRAP_SEED) -> PairedChange:
    values = np.asarray(changes, dtype=float)
    n = int(values.size)
    if n == 0:
        return PairedChange(0, math.nan, math.nan, None, None, None, ())
    mean = float(values.mean())
    sd = float(values.std(ddof=1)) if n > 1 else math.nan
    interval = bootstrap = None
    effect = None
    if n > 1:
        interval = _t_interval(mean, sd / math.sqrt(n), n - 1)
        bootstrap = _bootstrap(values, seed) if sd > 0 else Interval(mean, mean)
        effect = mean / sd if sd > 0 else None
    return PairedChange(n, mean, sd, interval, bootstrap, effect, tuple(float(v) for v in values))


@dataclass(frozen=True)
class Difference:
    """The difference of two groups' mean changes, with its Welch interval."""

    difference: float
    n: int
    n_other: int
    se: float
    df: float
    interval: Interval | None


def welch_difference(changes: Sequence[float], other: Sequence[float]) -> Difference:
    """Mean of ``changes`` minus mean of ``other`` with a 95 % Welch interval: standard error
    √(s₁²/n₁ + s₂²/n₂), degrees of freedom (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) +
    (s₂²/n₂)²/(n₂−1)). Each group needs two people for an interval."""
    a = np.asarray(changes, dtype=float)
    b = np.asarray(other, dtype=float)
    if a.size == 0 or b.size == 0:
        return Difference(math.nan, int(a.size), int(b.size), math.nan, math.nan, None)
    difference = float(a.mean() - b.mean())
    if a.size < 2 or b.size < 2:
        return Difference(difference, int(a.size), int(b.size), math.nan, math.nan, None)
    va = float(a.var(ddof=1)) / a.size
    vb = float(b.var(ddof=1)) / b.size
    se = math.sqrt(va + vb)
    if se == 0:
        return Difference(
            difference, int(a.size), int(b.size), 0.0, math.inf, Interval(difference, difference)
        )
    df = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    return Difference(difference, int(a.size), int(b.size), se, df, _t_interval(difference, se, df))
