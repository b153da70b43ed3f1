"""Paired change and the difference in differences (``monitoring.statistics``), checked against
an example worked by hand and against SciPy's reference (``ttest_rel``, ``ttest_ind`` with
``equal_var=False`` and their ``confidence_interval``)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from puente.monitoring import statistics


def test_paired_change_of_a_small_example_worked_by_hand() -> None:
    # Five people answer a 1–5 scale at baseline and at endline.
    before = [2, 3, 3, 4, 2]
    after = [3, 4, 3, 5, 4]
    # Changes: 1, 1, 0, 1, 2 → mean 5 / 5 = 1.
    # Deviations from the mean: 0, 0, −1, 0, 1 → sum of squares 2; variance 2 / (5 − 1) = 0.5;
    # sd = √0.5 = 0.70711; standard error 0.70711 / √5 = 0.31623.
    # t(0.975; 4 df) = 2.7764 (any t table); margin 2.7764 × 0.31623 = 0.87799.
    # 95 % interval: 1 − 0.87799 = 0.12201 to 1 + 0.87799 = 1.87799.
    # Cohen's d_z = mean change / sd of changes = 1 / 0.70711 = 1.41421.
    change = statistics.paired_change(before, after)
    assert change.n == 5
    assert change.mean == pytest.approx(1.0)
    assert change.sd == pytest.approx(0.70711, abs=1e-5)
    assert change.se == pytest.approx(0.31623, abs=1e-5)
    assert statistics.t_quantile(0.975, 4) == pytest.approx(2.7764, abs=1e-4)
    assert change.interval is not None
    assert change.interval.low == pytest.approx(0.12201, abs=1e-4)
    assert change.interval.high == pytest.approx(1.87799, abs=1e-4)
    assert change.effect_size == pytest.approx(1.41421, abs=1e-5)


def test_welch_difference_of_a_small_example_worked_by_hand() -> None:
    mentored = [1, 1, 0, 1, 2]  # mean 1, variance 0.5
    comparison = [0, 1, 0, -1, 0, 0]  # mean 0, sum of squares 2, variance 2 / 5 = 0.4
    # Difference 1 − 0 = 1. Standard error √(0.5/5 + 0.4/6) = √(0.1 + 0.066667) = 0.40825.
    # Welch–Satterthwaite: 0.166667² / (0.1²/4 + 0.066667²/5) = 0.027778 / 0.0033889 = 8.1967.
    # t(0.975; 8.1967) = 2.2964 (between the table's 2.306 at 8 and 2.262 at 9);
    # margin 2.2964 × 0.40825 = 0.93751: interval 0.0625 to 1.9375.
    result = statistics.welch_difference(mentored, comparison)
    assert result.difference == pytest.approx(1.0)
    assert result.se == pytest.approx(0.40825, abs=1e-5)
    assert result.df == pytest.approx(8.1967, abs=1e-4)
    assert result.interval is not None
    assert result.interval.low == pytest.approx(0.0625, abs=1e-4)
    assert result.interval.high == pytest.approx(1.9375, abs=1e-4)


def test_bootstrap_interval_is_fixed_by_its_seed_and_holds_the_mean() -> None:
    rng = np.random.default_rng(1)
    before = rng.integers(1, 6, 40)
    after = np.clip(before + rng.integers(-1, 3, 40), 1, 5)
    first = statistics.paired_change(before, after)
    again = statistics.paired_change(before, after)
    other = statistics.paired_change(before, after, seed=7)
    assert first.bootstrap == again.bootstrap
    assert first.bootstrap is not None and other.bootstrap is not None
    assert first.bootstrap.low <= first.mean <= first.bootstrap.high
    # Close to the t-interval on 40 people, without being it.
    assert first.interval is not None
    assert first.bootstrap.low == pytest.approx(first.interval.low, abs=0.15)
    assert first.bootstrap.high == pytest.approx(first.interval.high, abs=0.15)


def test_no_spread_gives_no_effect_size_and_one_person_no_interval() -> None:
    same = statistics.paired_change([1, 2, 3], [2, 3, 4])
    assert same.mean == 1 and same.effect_size is None
    assert same.interval == statistics.Interval(1.0, 1.0)
    alone = statistics.paired_change([1], [3])
    assert alone.mean == 2 and alone.interval is None and alone.effect_size is None
    nobody = statistics.paired_change([], [])
    assert nobody.n == 0 and nobody.interval is None
    with pytest.raises(ValueError):
        statistics.paired_change([1, 2], [1])


samples = st.lists(
    st.tuples(st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=10)),
    min_size=3,
    max_size=60,
)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(max_examples=60, deadline=None)
@given(samples)
def test_paired_change_agrees_with_scipy_ttest_rel(pairs: list[tuple[int, int]]) -> None:
    before = [b for b, _a in pairs]
    after = [a for _b, a in pairs]
    change = statistics.paired_change(before, after)
    diffs = np.subtract(after, before)
    assert change.mean == pytest.approx(float(np.mean(diffs)))
    if np.std(diffs) == 0:
        return  # SciPy answers NaN without spread; Puente says the mean and no effect size
    reference = scipy_stats.ttest_rel(after, before)
    interval = reference.confidence_interval(confidence_level=0.95)
    assert change.interval is not None
    assert change.interval.low == pytest.approx(interval.low, abs=1e-9)
    assert change.interval.high == pytest.approx(interval.high, abs=1e-9)
    # d_z = t / √n
    assert change.effect_size == pytest.approx(
        reference.statistic / math.sqrt(len(pairs)), abs=1e-9
    )


changes = st.lists(st.integers(min_value=-6, max_value=6), min_size=2, max_size=40)


# SciPy warns of precision loss when one group has no spread; its interval is still right.
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(max_examples=60, deadline=None)
@given(changes, changes)
def test_welch_difference_agrees_with_scipy_ttest_ind(a: list[int], b: list[int]) -> None:
    result = statistics.welch_difference(a, b)
    assert result.difference == pytest.approx(float(np.mean(a) - np.mean(b)))
    if np.var(a) == 0 and np.var(b) == 0:
        return
    reference = scipy_stats.ttest_ind(a, b, equal_var=False)
    interval = reference.confidence_interval(confidence_level=0.95)
    assert result.df == pytest.approx(float(reference.df))
    assert result.interval is not None
    assert result.interval.low == pytest.approx(interval.low, abs=1e-9)
    assert result.interval.high == pytest.approx(interval.high, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=1.0, max_value=10_000.0),
    st.floats(min_value=0.0005, max_value=0.9995),
)
def test_t_quantile_agrees_with_scipy(df: float, probability: float) -> None:
    expected = scipy_stats.t.ppf(probability, df)
    # Relative near the tails; absolute (1e-10, far below an interval's last printed digit)
    # near the median, where the quantile is close to 0 and a relative bound means nothing
    # (hypothesis found df=…, p≈0.5002: 6e-12 apart).
    assert statistics.t_quantile(probability, df) == pytest.approx(expected, rel=1e-9, abs=1e-10)
    assert statistics.t_cdf(expected, df) == pytest.approx(probability, rel=1e-9)
