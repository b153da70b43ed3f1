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

The one number NumPy does not give is the t distribution's quantile. SciPy is an extra that the
site runs without (tests and benchmarks only), so ``t_quantile`` is worked out here: the t CDF
from the regularized incomplete beta function (its continued fraction, evaluated by Lentz's
method, with ``math.lgamma``), inverted by bisection to machine precision. The test suite checks
it against ``scipy.stats.t.ppf`` and every figure against ``scipy.stats.ttest_rel`` /
``ttest_ind(equal_var=False)`` and their ``confidence_interval``, and against an example worked
by hand.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

CONFIDENCE = 0.95
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20261207


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-16:
            break
    return h


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * _incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(probability: float, df: float) -> float:
    """The ``probability`` quantile of Student's t with ``df`` degrees of freedom."""
    if not 0.0 < probability < 1.0:
        raise ValueError("probability must be between 0 and 1")
    if math.isinf(df) or df > 1e8:
        return NormalDist().inv_cdf(probability)
    if probability < 0.5:
        return -t_quantile(1.0 - probability, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < probability:
        low, high = high, high * 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if middle in (low, high):
            break
        if t_cdf(middle, df) < probability:
            low = middle
        else:
            high = middle
    return (low + high) / 2.0


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
