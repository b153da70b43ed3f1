"""Matching criteria: each scores every mentee–mentor pair in [0, 1], vectorised over the whole
pool, and explains a chosen pair in words.

Scores are computed as NumPy matrices of shape (mentees, mentors) from the people's facts, so a
run over thousands of people costs a few matrix products, never a Python loop over pairs. The
explanation of a pair is built from small parameters stored with the proposal and rendered in
the reader's language when shown.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from puente.accounts.models import Seniority
from puente.core.numbers import format_number
from puente.matching.models import CriterionKey

Matrix = npt.NDArray[np.float64]

# Hours of each part of the day, in the person's own time zone.
DAY_PARTS = {"morning": range(8, 12), "afternoon": range(12, 17), "evening": range(17, 21)}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SENIORITY_RANK = {"junior": 0, "mid": 1, "senior": 2, "manager": 3, "executive": 4, "owner": 3}
# A fixed Monday, so time-zone offsets (and daylight saving) are computed the same way each run.
REFERENCE_MONDAY = datetime(2026, 1, 5)  # noqa: DTZ001 - naive on purpose: read in each zone


@dataclass
class Facts:
    """What matching knows about one participant."""

    membership_id: int
    name: str
    focus_areas: frozenset[int] = frozenset()
    offered_text: npt.NDArray[np.float32] | None = None
    wanted_text: npt.NDArray[np.float32] | None = None
    availability: frozenset[str] = frozenset()
    time_zone: str = "America/Bogota"
    hours: float | None = None
    years: int | None = None
    seniority: str = ""
    languages: frozenset[str] = frozenset()
    country: str = ""
    city: str = ""
    gender: str = ""
    gender_preference: str = ""
    department: str = ""
    user_id: int = 0
    manager_id: int | None = None
    area_names: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    required_hours: float
    reverse: bool
    area_names: dict[int, str]
    # The cosine range an encoder gives from unrelated to clearly related texts, stretched to
    # [0, 1] (raw cosines are compressed: see docs/matching.md, "Text similarity").
    text_range: tuple[float, float] = (0.0, 1.0)


# The breakdown item of group programs: how the mentee suits the rest of the circle.
CIRCLE = "circle"

# Measured on the labelled goal ↔ profile set (bench/text_similarity.py).
TEXT_RANGES = {"use-multilingual": (0.1, 0.5), "hashed-tfidf": (0.02, 0.2)}


def text_range_for(encoder_name: str) -> tuple[float, float]:
    for prefix, text_range in TEXT_RANGES.items():
        if encoder_name.startswith(prefix):
            return text_range
    return (0.0, 1.0)


def utc_hours(slots: frozenset[str], time_zone: str) -> frozenset[int]:
    """Weekly availability as hours of a UTC week (0–167)."""
    try:
        zone = ZoneInfo(time_zone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    offset = zone.utcoffset(REFERENCE_MONDAY)
    shift = int(offset.total_seconds() // 3600) if offset else 0
    hours = set()
    for slot in slots:
        day, _sep, part = slot.partition("-")
        if day not in WEEKDAYS or part not in DAY_PARTS:
            continue
        for hour in DAY_PARTS[part]:
            hours.add((WEEKDAYS.index(day) * 24 + hour - shift) % 168)
    return frozenset(hours)


def _tz_offset(time_zone: str) -> float:
    try:
        offset = ZoneInfo(time_zone).utcoffset(REFERENCE_MONDAY)
    except (KeyError, ValueError):
        return 0.0
    return offset.total_seconds() / 3600 if offset else 0.0


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().split())


def _codes(values: Sequence[str]) -> npt.NDArray[np.int64]:
    """Equal strings get equal codes; empty strings get -1 (never equal to anything)."""
    table: dict[str, int] = {}
    return np.array([table.setdefault(v, len(table)) if v else -1 for v in values], dtype=np.int64)


def _binary(rows: Sequence[frozenset[Any]], columns: list[Any]) -> Matrix:
    index = {c: i for i, c in enumerate(columns)}
    matrix = np.zeros((len(rows), max(1, len(columns))))
    for i, row in enumerate(rows):
        for item in row:
            if item in index:
                matrix[i, index[item]] = 1.0
    return matrix


def _text(
    vectors: Sequence[npt.NDArray[np.float32] | None], dim: int
) -> tuple[Matrix, npt.NDArray[np.bool_]]:
    matrix = np.zeros((len(vectors), max(1, dim)))
    present = np.zeros(len(vectors), dtype=bool)
    for i, vector in enumerate(vectors):
        if vector is not None and vector.shape[0] == dim and np.any(vector):
            matrix[i] = vector
            present[i] = True
    return matrix, present


def _goal_fit(
    wanted_areas: Sequence[frozenset[int]],
    offered_areas: Sequence[frozenset[int]],
    wanted_text: Sequence[npt.NDArray[np.float32] | None],
    offered_text: Sequence[npt.NDArray[np.float32] | None],
    text_range: tuple[float, float] = (0.0, 1.0),
) -> Matrix:
    """Half focus-area overlap (share of what one side wants that the other offers), half text
    similarity. Each half counts only where both sides gave it (areas chosen, text written);
    with neither, the pair has no data (NaN)."""
    areas = sorted(set().union(*wanted_areas, *offered_areas)) if wanted_areas else []
    w = _binary(wanted_areas, areas)
    o = _binary(offered_areas, areas)
    wanted_count = w.sum(axis=1, keepdims=True)
    areas_known = (wanted_count > 0) & (o.sum(axis=1) > 0)[None, :]
    overlap = (w @ o.T) / np.maximum(wanted_count, 1)
    dims = {v.shape[0] for v in [*wanted_text, *offered_text] if v is not None}
    if len(dims) != 1:
        return np.where(areas_known, overlap, np.nan)
    dim = dims.pop()
    wt, wp = _text(wanted_text, dim)
    ot, op = _text(offered_text, dim)
    low, high = text_range
    similarity = np.clip((wt @ ot.T - low) / (high - low), 0.0, 1.0)
    both = wp[:, None] & op[None, :]
    return np.where(
        both,
        np.where(areas_known, 0.5 * overlap + 0.5 * similarity, similarity),
        np.where(areas_known, overlap, np.nan),
    )


def score_matrices(
    mentees: Sequence[Facts], mentors: Sequence[Facts], context: Context
) -> dict[str, Matrix]:
    """Every criterion's score for every pair, each a (mentees, mentors) matrix in [0, 1]."""
    n, m = len(mentees), len(mentors)
    scores: dict[str, Matrix] = {}

    scores[CriterionKey.GOALS] = _goal_fit(
        [p.focus_areas for p in mentees],
        [p.focus_areas for p in mentors],
        [p.wanted_text for p in mentees],
        [p.offered_text for p in mentors],
        context.text_range,
    )
    # Reciprocity: the other direction too (what the mentor wants, the mentee offers).
    back = _goal_fit(
        [p.focus_areas for p in mentors],
        [p.focus_areas for p in mentees],
        [p.wanted_text for p in mentors],
        [p.offered_text for p in mentees],
        context.text_range,
    ).T
    scores[CriterionKey.RECIPROCITY] = np.sqrt(scores[CriterionKey.GOALS] * back)

    a = _binary([utc_hours(p.availability, p.time_zone) for p in mentees], list(range(168)))
    b = _binary([utc_hours(p.availability, p.time_zone) for p in mentors], list(range(168)))
    common = a @ b.T
    wanted = max(2.0, context.required_hours)
    # Someone who gave no weekly hours (a form that does not ask) is no data, not "no time".
    stated = (a.sum(axis=1) > 0)[:, None] & (b.sum(axis=1) > 0)[None, :]
    scores[CriterionKey.AVAILABILITY] = np.where(stated, np.clip(common / wanted, 0.0, 1.0), np.nan)

    hours_e = np.array([p.hours if p.hours is not None else np.nan for p in mentees])
    hours_r = np.array([p.hours if p.hours is not None else np.nan for p in mentors])
    need = max(0.5, context.required_hours)
    fit = np.clip(np.fmin.outer(hours_e, hours_r) / need, 0.0, 1.0)
    unknown = np.isnan(hours_e)[:, None] | np.isnan(hours_r)[None, :]
    scores[CriterionKey.COMMITMENT] = np.where(unknown, np.nan, fit)

    if context.reverse:
        # Reverse mentoring: the junior mentors; the wider the seniority gap, the better.
        rank_e = np.array([SENIORITY_RANK.get(p.seniority, np.nan) for p in mentees])
        rank_r = np.array([SENIORITY_RANK.get(p.seniority, np.nan) for p in mentors])
        gap = np.subtract.outer(rank_e, rank_r)
        scores[CriterionKey.EXPERIENCE] = np.clip(gap / 3.0, 0.0, 1.0)  # NaN: not stated
    else:
        years_e = np.array([p.years if p.years is not None else np.nan for p in mentees])
        years_r = np.array([p.years if p.years is not None else np.nan for p in mentors])
        gap = -np.subtract.outer(years_e, years_r)  # mentor's years − mentee's, (n, m)
        # A mentor a few years ahead is ideal: 5+ years ahead scores 1, behind scores 0.
        scores[CriterionKey.EXPERIENCE] = np.clip(gap / 5.0, 0.0, 1.0)  # NaN: not stated

    languages = sorted(set().union(*(p.languages for p in [*mentees, *mentors])))
    spoken = np.minimum(
        _binary([p.languages for p in mentees], languages)
        @ _binary([p.languages for p in mentors], languages).T,
        1.0,
    )
    declared = (
        np.array([bool(p.languages) for p in mentees], dtype=bool)[:, None]
        & np.array([bool(p.languages) for p in mentors], dtype=bool)[None, :]
    )
    scores[CriterionKey.LANGUAGE] = np.where(declared, spoken, np.nan)

    offset_e = np.array([_tz_offset(p.time_zone) for p in mentees])
    offset_r = np.array([_tz_offset(p.time_zone) for p in mentors])
    tz_score = np.clip(1.0 - np.abs(np.subtract.outer(offset_e, offset_r)) / 8.0, 0.0, 1.0)
    country = _codes([_norm(p.country) for p in [*mentees, *mentors]])
    city = _codes([_norm(f"{p.country}|{p.city}") if p.city else "" for p in [*mentees, *mentors]])
    same_country = (country[:n, None] == country[None, n:]) & (country[:n, None] >= 0)
    same_city = (city[:n, None] == city[None, n:]) & (city[:n, None] >= 0)
    scores[CriterionKey.LOCATION] = np.where(
        same_city, 1.0, np.where(same_country, np.maximum(0.8, tz_score), tz_score * 0.9)
    )

    genders = _codes(
        [_norm(p.gender) for p in mentors] + [_norm(p.gender_preference) for p in mentees]
    )
    mentor_gender, preference = genders[:m], genders[m:]
    # Without a stated preference, or the mentor's gender, there is nothing to weigh.
    known = (preference >= 0)[:, None] & (mentor_gender >= 0)[None, :]
    scores[CriterionKey.GENDER] = np.where(
        known, (preference[:, None] == mentor_gender[None, :]).astype(float), np.nan
    )

    departments = _codes([_norm(p.department) for p in [*mentees, *mentors]])
    same_department = (departments[:n, None] == departments[None, n:]) & (
        departments[:n, None] >= 0
    )
    user_e = np.array([p.user_id for p in mentees])
    user_r = np.array([p.user_id for p in mentors])
    manager_e = np.array([p.manager_id or -1 for p in mentees])
    manager_r = np.array([p.manager_id or -1 for p in mentors])
    line = (manager_e[:, None] == user_r[None, :]) | (manager_r[None, :] == user_e[:, None])
    scores[CriterionKey.ORGANIZATION] = np.where(
        line | (same_department & context.reverse), 0.0, 1.0
    )
    if n == 0 or m == 0:
        return {key: np.zeros((n, m)) for key in scores}
    return scores


def _mean_known(*matrices: Matrix) -> Matrix:
    """The element-wise mean of the matrices where they have data (not NaN); 0 where none has."""
    total = np.zeros_like(matrices[0])
    count = np.zeros_like(matrices[0])
    for matrix in matrices:
        known = ~np.isnan(matrix)
        total += np.where(known, matrix, 0.0)
        count += known
    return np.divide(total, count, out=np.zeros_like(total), where=count > 0)


def peer_matrix(mentees: Sequence[Facts], context: Context) -> Matrix:
    """How well mentees suit each other in a circle: shared focus areas (both ways), common time
    and a common language, averaged over those with data; the diagonal is unused."""
    parts = score_matrices(mentees, mentees, context)
    goals = parts[CriterionKey.GOALS]
    both_ways = _mean_known(goals, goals.T)
    both_ways[np.isnan(goals) & np.isnan(goals.T)] = np.nan
    return _mean_known(both_ways, parts[CriterionKey.AVAILABILITY], parts[CriterionKey.LANGUAGE])


def combine(
    scores: dict[str, Matrix], weights: dict[str, int], required: set[str]
) -> tuple[Matrix, npt.NDArray[np.bool_]]:
    """The weighted total in [0, 1] and the pairs the musts allow.

    A criterion with no data for a pair (NaN: one side or both did not give it) is left out of
    that pair's weighted mean, whose weights renormalise over the criteria it has data for; a
    pair with data on no weighted criterion scores 0. A must excludes the pairs that score 0 on
    it, never those it has no data for.
    """
    any_matrix = next(iter(scores.values()))
    total = np.zeros(any_matrix.shape)
    total_weight = 0.0
    missing_weight: Matrix | None = None  # per pair, the weight of criteria without data
    for key, weight in weights.items():
        if key not in scores or not weight:
            continue
        total_weight += weight
        missing = np.isnan(scores[key])
        if missing.any():
            total += np.where(missing, 0.0, scores[key]) * weight
            if missing_weight is None:
                missing_weight = np.zeros(any_matrix.shape)
            missing_weight += missing * float(weight)
        else:
            total += scores[key] * weight
    if missing_weight is None:
        total = total / total_weight if total_weight else total
    else:
        known = total_weight - missing_weight
        total = np.divide(total, known, out=np.zeros_like(total), where=known > 0)
    allowed = np.ones(any_matrix.shape, dtype=bool)
    for key in required:
        if key in scores:
            allowed &= ~(scores[key] <= 0)
    return np.asarray(total, dtype=np.float64), allowed


# One place higher in a mentee's own ranking is worth this much score: a full point, the largest
# difference two pairs' scores can have. See ``with_choices`` and docs/matching.md.
CHOICE_STEP = 1.0


def with_choices(
    total: Matrix,
    allowed: npt.NDArray[np.bool_],
    ranks: npt.NDArray[np.int64],
    shown: int,
    min_score: float | None = None,
) -> tuple[Matrix, npt.NDArray[np.bool_]]:
    """The solver's objective and allowed pairs when mentees ranked their suggestions.

    ``ranks[i, j]`` is the place mentee ``i`` gave mentor ``j`` (1 = first choice, 0 = not
    chosen); ``shown`` is how many suggestions each mentee saw. A mentee who chose may only go to
    a mentor they chose; the pair earns a bonus of ``(shown + 1 - rank) × CHOICE_STEP`` on top of
    its score, so the solver prefers first choices over later ones (and the choosers over others
    for a mentor both want), and breaks ties by score. Mentees who did not choose keep their row.

    The engine takes scores in [0, 1]: the objective is divided by ``1 + shown × CHOICE_STEP``
    (which changes no optimum), and the minimum score, which applies to the pair's own score, is
    applied to ``allowed`` here (pass no ``min_score`` to the engine).
    """
    chosen = ranks > 0
    chose = np.asarray(chosen.any(axis=1), dtype=bool)
    allowed = allowed & (~chose[:, None] | chosen)
    if min_score:
        allowed = allowed & (total >= min_score)
    bonus = np.where(chosen, (shown + 1 - ranks) * CHOICE_STEP, 0.0)
    objective = (total + np.clip(bonus, 0.0, None)) / (1.0 + shown * CHOICE_STEP)
    return np.asarray(objective, dtype=np.float64), allowed


# Explanations: parameters kept with a proposal, rendered in the reader's language.


def explain_params(key: str, mentee: Facts, mentor: Facts, context: Context) -> dict[str, Any]:
    if key in (CriterionKey.GOALS, CriterionKey.RECIPROCITY):
        return {
            "common": sorted(
                context.area_names.get(a, "") for a in mentee.focus_areas & mentor.focus_areas
            ),
            "back": sorted(
                context.area_names.get(a, "") for a in mentor.focus_areas & mentee.focus_areas
            ),
            "years": mentor.years,
        }
    if key == CriterionKey.AVAILABILITY:
        common = utc_hours(mentee.availability, mentee.time_zone) & utc_hours(
            mentor.availability, mentor.time_zone
        )
        shared = sorted(
            s for s in mentee.availability if utc_hours(frozenset({s}), mentee.time_zone) & common
        )
        return {"hours": len(common), "slots": shared}
    if key == CriterionKey.COMMITMENT:
        return {"mentee": mentee.hours, "mentor": mentor.hours, "required": context.required_hours}
    if key == CriterionKey.EXPERIENCE:
        return {
            "mentee_years": mentee.years,
            "mentor_years": mentor.years,
            "mentee_seniority": mentee.seniority,
            "mentor_seniority": mentor.seniority,
            "reverse": context.reverse,
        }
    if key == CriterionKey.LANGUAGE:
        return {
            "common": sorted(mentee.languages & mentor.languages),
            "mentee": sorted(mentee.languages),
            "mentor": sorted(mentor.languages),
        }
    if key == CriterionKey.LOCATION:
        return {
            "same_city": bool(mentee.city) and _norm(mentee.city) == _norm(mentor.city),
            "city": mentee.city,
            "hours_apart": abs(_tz_offset(mentee.time_zone) - _tz_offset(mentor.time_zone)),
        }
    if key == CriterionKey.GENDER:
        return {"preference": mentee.gender_preference, "gender": mentor.gender}
    if key == CriterionKey.ORGANIZATION:
        return {
            "line": mentee.manager_id == mentor.user_id or mentor.manager_id == mentee.user_id,
            "same_department": bool(mentee.department)
            and _norm(mentee.department) == _norm(mentor.department),
        }
    return {}


LANGUAGE_NAMES = {
    "es": gettext_lazy("Spanish"),
    "en": gettext_lazy("English"),
    "pt": gettext_lazy("Portuguese"),
    "fr": gettext_lazy("French"),
}


def _day_list(slots: list[str]) -> str:
    days = {
        "mon": _("Monday"),
        "tue": _("Tuesday"),
        "wed": _("Wednesday"),
        "thu": _("Thursday"),
        "fri": _("Friday"),
        "sat": _("Saturday"),
        "sun": _("Sunday"),
    }
    parts = {"morning": _("mornings"), "afternoon": _("afternoons"), "evening": _("evenings")}
    return ", ".join(f"{days.get(s[:3], s)} {parts.get(s[4:], '')}".strip() for s in slots[:4])


def _language_list(codes: list[str]) -> str:
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in codes)


def explain(item: dict[str, Any]) -> str:
    """A breakdown item's sentence in the active language: what was found, or that the pair has
    no data for it (its score is None: left out of the pair's score)."""
    key = item["key"]
    if item.get("score", 0) is None and key != CIRCLE:
        label = CriterionKey(key).label if key in CriterionKey.values else key
        return _("%(criterion)s: no data (one side or both did not give it); not counted.") % {
            "criterion": label
        }
    return sentence(key, item.get("params", {}))


def sentence(key: str, params: dict[str, Any]) -> str:
    """One criterion's explanation in the active language."""
    if key == CriterionKey.GOALS:
        if params.get("common"):
            return _("Both on: %(areas)s.") % {"areas": ", ".join(params["common"])}
        return _("No focus area in common; scored on what they wrote.")
    if key == CriterionKey.RECIPROCITY:
        if params.get("common") and params.get("back"):
            return _("Each can teach the other: %(areas)s.") % {
                "areas": ", ".join(params["common"])
            }
        return _("Learning goes mostly one way.")
    if key == CriterionKey.AVAILABILITY:
        hours = params.get("hours", 0)
        if not hours:
            return _("No common time in their weekly availability.")
        text = ngettext(
            "%(hours)s hour of common availability", "%(hours)s hours of common availability", hours
        ) % {"hours": format_number(hours)}
        if params.get("slots"):
            text += _(" (%(days)s, the mentee's time)") % {"days": _day_list(params["slots"])}
        return text + "."
    if key == CriterionKey.COMMITMENT:
        if params.get("mentee") is None or params.get("mentor") is None:
            return _("Time commitment not stated by both.")
        return _(
            "Mentee can give %(mentee)s h a week, mentor %(mentor)s h; "
            "the program asks %(required)s h."
        ) % {name: format_number(params.get(name), 1) for name in ("mentee", "mentor", "required")}
    if key == CriterionKey.EXPERIENCE:
        if params.get("reverse"):
            labels = dict(Seniority.choices)
            return _(
                "Reverse pair: a person at %(mentor)s level mentors one at %(mentee)s level."
            ) % {
                "mentor": str(labels.get(params.get("mentor_seniority", ""), "?")).lower(),
                "mentee": str(labels.get(params.get("mentee_seniority", ""), "?")).lower(),
            }
        if params.get("mentor_years") is None:
            return _("Mentor's experience not stated.")
        years = params["mentor_years"]
        return ngettext(
            "Mentor has %(years)s year of experience.",
            "Mentor has %(years)s years of experience.",
            years,
        ) % {"years": format_number(years, 1)}
    if key == CriterionKey.LANGUAGE:
        if params.get("common"):
            names = [str(LANGUAGE_NAMES.get(code, code)) for code in params["common"]]
            return _("Both speak %(languages)s.") % {"languages": ", ".join(names)}
        if params.get("mentee") and params.get("mentor"):
            return _(
                "No language in common: the mentee speaks %(mentee)s, the mentor %(mentor)s."
            ) % {
                "mentee": _language_list(params["mentee"]),
                "mentor": _language_list(params["mentor"]),
            }
        return _("No language in common.")
    if key == CriterionKey.LOCATION:
        if params.get("same_city"):
            return _("Both in %(city)s.") % {"city": params["city"]}
        apart = params.get("hours_apart", 0)
        if not apart:
            return _("Same time zone.")
        return _("%(hours)s h apart in time.") % {"hours": format_number(apart, 2)}
    if key == CriterionKey.GENDER:
        if not params.get("preference"):
            return _("No gender preference stated.")
        return _("The mentee asked for a mentor who is %(preference)s.") % params
    if key == CIRCLE:
        if not params.get("with"):
            return _("Alone in the circle so far.")
        return _("In a circle with %(names)s.") % {"names": ", ".join(params["with"])}
    if key == CriterionKey.ORGANIZATION:
        if params.get("line"):
            return _("Line manager and report: not allowed.")
        if params.get("same_department"):
            return _("Same department.")
        return _("Different departments, no reporting line.")
    return ""
