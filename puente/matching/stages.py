"""The pure middle of a matching run: score and solve, on plain data, without the database.

A run (``services.match_run``) has four stages:

1. **load** (``selectors.run_inputs``): one read of everything the run needs, in a fixed number
   of queries, into the plain ``RunInputs`` below (ids, numbers, ``criteria.Facts``; no ORM
   object), outside any transaction;
2. **score** (``score``): every pair scored and the pairs never to propose marked;
3. **solve** (``solve``): the exact solver, circles in group programs, and each proposal's
   explanation, ready to be written;
4. **save** (``services.match_run``): one short transaction that re-reads the run's ``RunState``
   under lock, refuses the run if it differs from the one loaded (``changed``), and writes it.

Stages 2 and 3 touch no database and hold no lock, so a run over 10,000 mentees does not keep
other writers waiting while it computes (docs/matching.md, "A run in four stages").
"""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from puente.matching import circles, criteria, engine

# How much a circle's inner compatibility weighs against the mentee–mentor scores (group format).
CIRCLE_WEIGHT = 1.0

LOCK = "lock"
FORBID = "forbid"


class NothingToMatch(ValidationError):
    """A run that cannot propose anything; it changes nothing and says why."""


def score_decimal(value: float) -> Decimal:
    return Decimal(str(round(float(value), 4)))


@dataclass(frozen=True)
class Settings:
    """The matching settings a run used (``MatchingSettings``, or its defaults)."""

    min_score: Decimal
    default_capacity: int
    allow_rematch: bool
    mentee_choice: bool
    suggestions_shown: int


# What may change under a run, by section, with the words that tell the coordinator which one.
SECTIONS = {
    "people": gettext_lazy("the mentees or mentors of the run (someone joined, left or withdrew)"),
    "matches": gettext_lazy("the confirmed matches (another run was confirmed)"),
    "places": gettext_lazy("the mentors' places"),
    "rules": gettext_lazy("the locked or forbidden pairs"),
    "choices": gettext_lazy("the mentees' choices or the mentors' answers"),
    "settings": gettext_lazy("the matching settings or criteria"),
}


@dataclass(frozen=True)
class RunState:
    """The decisions a run rests on, as plain data: who takes part, their places, the pairs
    locked, forbidden, declined, chosen or met before, the settings and the criteria.

    Read when a run starts and again, under lock, when it is saved: a difference means the run
    was computed from data that changed meanwhile. The people's profiles (focus areas, texts,
    availability) are not part of it: a profile edited during a run makes its scores a little
    older, not its proposals wrong, and re-reading them would make the save as long as the load.
    """

    program_format: str
    hours_per_week: Decimal
    settings: Settings
    weights: dict[str, int]
    required: frozenset[str]
    mentees: tuple[int, ...]  # memberships not in an active match, in pool order
    mentors: tuple[int, ...]
    capacity: tuple[int, ...]  # each mentor's places, their own or the default
    load: tuple[int, ...]  # each mentor's active matches
    rules: tuple[tuple[int, int, str], ...]  # (mentee, mentor, kind) of the program, by pk
    declined: tuple[tuple[int, int], ...]  # (mentee, mentor) a mentor declined, sorted
    earlier: frozenset[tuple[int, int]]  # (mentee user, mentor user) matched in any wave
    choices: tuple[tuple[int, int, int], ...]  # (mentee, mentor, place), sorted; choice mode

    @property
    def free_places(self) -> npt.NDArray[np.int64]:
        return np.array(
            [max(0, c - n) for c, n in zip(self.capacity, self.load, strict=True)], dtype=np.int64
        )

    @cached_property
    def fingerprint(self) -> dict[str, str]:
        """A digest per section (see ``SECTIONS``), to compare two readings cheaply. Only what
        concerns this run's people counts: a pair forbidden in another wave changes nothing."""
        s = self.settings
        mentees, mentors = set(self.mentees), set(self.mentors)
        sections: dict[str, Any] = {
            "people": [self.mentees, self.mentors],
            "matches": [self.load, sorted(self.earlier)],
            "places": [self.capacity],
            "rules": [[r for r in self.rules if r[0] in mentees and r[1] in mentors]],
            "choices": [
                [d for d in self.declined if d[0] in mentees and d[1] in mentors],
                [c for c in self.choices if c[1] in mentors],
            ],
            "settings": [
                self.program_format,
                str(self.hours_per_week),
                str(s.min_score),
                s.default_capacity,
                s.allow_rematch,
                s.mentee_choice,
                s.suggestions_shown,
                sorted(self.weights.items()),
                sorted(self.required),
            ],
        }
        return {
            key: hashlib.sha256(
                json.dumps(value, separators=(",", ":"), default=str).encode()
            ).hexdigest()
            for key, value in sections.items()
        }


class StaleRun(ValidationError):
    """The run's inputs changed while it was computing: it was not saved, and says what changed."""

    def __init__(self, sections: list[str]) -> None:
        self.sections = sections
        super().__init__(
            _(
                "While this run was computing, %(what)s changed, so its proposals would rest on "
                "old data. Nothing was saved: run the matching again."
            )
            % {"what": "; ".join(str(SECTIONS[key]) for key in sections)}
        )


def changed(loaded: RunState, current: RunState) -> list[str]:
    """The sections (keys of ``SECTIONS``) that differ between two readings."""
    before, now = loaded.fingerprint, current.fingerprint
    return [key for key in SECTIONS if before[key] != now[key]]


def check_pool(state: RunState) -> None:
    """Refuse, with the reason, a run that cannot propose anything (before reading profiles)."""
    if not any(state.weights.values()):
        raise NothingToMatch(_("Every criterion weighs zero: give at least one a weight."))
    if not state.mentors:
        raise NothingToMatch(_("There are no mentors to match with."))
    if not state.mentees:
        raise NothingToMatch(_("Every mentee is already matched."))
    if state.free_places.sum() == 0:
        raise NothingToMatch(_("Every mentor is at full capacity."))


@dataclass(frozen=True)
class RunInputs:
    """Everything a run reads: its ``RunState`` and the people's ``Facts``, in pool order."""

    state: RunState
    facts_e: list[criteria.Facts]
    facts_r: list[criteria.Facts]
    context: criteria.Context


def _rounded(value: float) -> float | None:
    return None if np.isnan(value) else round(value, 3)


@dataclass(frozen=True)
class PairScores:
    """Every mentee–mentor pair of a pool scored, and whether a run may propose it."""

    facts_e: list[criteria.Facts]
    facts_r: list[criteria.Facts]
    context: criteria.Context
    parts: dict[str, criteria.Matrix]
    total: criteria.Matrix
    allowed: npt.NDArray[np.bool_]

    def breakdown(
        self, i: int, j: int, weights: dict[str, int], required: set[str] | frozenset[str]
    ) -> list[dict[str, Any]]:
        """The per-criterion explanation kept with a proposal (or a suggestion); a criterion
        without data for the pair has the score None (left out of the pair's score)."""
        return [
            {
                "key": key,
                "score": _rounded(float(self.parts[key][i, j])),
                "weight": weights.get(key, 0),
                "required": key in required,
                "params": criteria.explain_params(
                    key, self.facts_e[i], self.facts_r[j], self.context
                ),
            }
            for key in self.parts
            if weights.get(key, 0) or key in required
        ]


def pair_scores(
    *,
    facts_e: list[criteria.Facts],
    facts_r: list[criteria.Facts],
    context: criteria.Context,
    weights: dict[str, int],
    required: set[str] | frozenset[str],
    forbidden: list[tuple[int, int]],
    declined: list[tuple[int, int]],
    earlier: set[tuple[int, int]] | frozenset[tuple[int, int]],
    allow_rematch: bool,
) -> PairScores:
    """Score every pair with the program's criteria and mark those never to propose: failing a
    must, forbidden by a coordinator, declined by the mentor (choice mode), or that met in an
    earlier wave (``earlier``: mentee user, mentor user) unless the program allows it. Shared by
    runs and by suggestions. ``forbidden`` and ``declined`` are (mentee, mentor) memberships."""
    parts = criteria.score_matrices(facts_e, facts_r, context)
    total, allowed = criteria.combine(parts, weights, set(required))
    mentee_index = {f.membership_id: i for i, f in enumerate(facts_e)}
    mentor_index = {f.membership_id: j for j, f in enumerate(facts_r)}
    for mentee_id, mentor_id in [*forbidden, *declined]:
        if mentee_id in mentee_index and mentor_id in mentor_index:
            allowed[mentee_index[mentee_id], mentor_index[mentor_id]] = False
    if not allow_rematch:
        # Walk the (few) earlier pairs, not every mentee × mentor pair of the pool.
        rows: dict[int, list[int]] = {}
        for i, person in enumerate(facts_e):
            rows.setdefault(person.user_id, []).append(i)
        columns: dict[int, list[int]] = {}
        for j, person in enumerate(facts_r):
            columns.setdefault(person.user_id, []).append(j)
        for mentee_user, mentor_user in earlier:
            for i in rows.get(mentee_user, []):
                allowed[i, columns.get(mentor_user, [])] = False
    return PairScores(facts_e, facts_r, context, parts, total, allowed)


@dataclass(frozen=True)
class Scored:
    """The score stage's result: what the solver works on."""

    scores: PairScores
    objective: criteria.Matrix  # the total, or with the mentees' choices (choice mode)
    allowed: npt.NDArray[np.bool_]
    min_score: float | None  # for the solver (None when already applied to ``allowed``)
    capacity: npt.NDArray[np.int64]  # each mentor's free places
    locks: list[tuple[int, int]]  # (mentee, mentor) indices kept as they are
    choices: dict[tuple[int, int], int]  # (mentee, mentor) memberships -> place


def score(inputs: RunInputs) -> Scored:
    """Stage 2: score every pair and mark those never to propose; locks keep their places."""
    state = inputs.state
    mentee_index = {m: i for i, m in enumerate(state.mentees)}
    mentor_index = {m: j for j, m in enumerate(state.mentors)}
    scores = pair_scores(
        facts_e=inputs.facts_e,
        facts_r=inputs.facts_r,
        context=inputs.context,
        weights=state.weights,
        required=state.required,
        forbidden=[(e, r) for e, r, kind in state.rules if kind == FORBID],
        declined=list(state.declined),
        earlier=state.earlier,
        allow_rematch=state.settings.allow_rematch,
    )
    if not scores.allowed.any():
        raise NothingToMatch(_("Every pair is excluded by the musts or forbidden pairs."))
    objective, allowed = scores.total, scores.allowed
    min_score = float(state.settings.min_score) or None
    choices = {(e, r): rank for e, r, rank in state.choices}
    if choices:
        ranks = np.zeros(scores.total.shape, dtype=np.int64)
        for (mentee_id, mentor_id), rank in choices.items():
            if mentor_id in mentor_index:
                ranks[mentee_index[mentee_id], mentor_index[mentor_id]] = rank
        objective, allowed = criteria.with_choices(
            scores.total, allowed, ranks, state.settings.suggestions_shown, min_score
        )
        min_score = None
    locks = [
        (mentee_index[e], mentor_index[r])
        for e, r, kind in state.rules
        if kind == LOCK and e in mentee_index and r in mentor_index
    ]
    return Scored(scores, objective, allowed, min_score, state.free_places, locks, choices)


@dataclass(frozen=True)
class ProposalRow:
    mentee_id: int
    mentor_id: int
    score: Decimal
    locked: bool
    breakdown: list[dict[str, Any]]


@dataclass(frozen=True)
class Solution:
    """The solve stage's result: the rows the save stage writes, explained."""

    proposals: list[ProposalRow]
    unmatched: list[tuple[int, str]]  # (mentee membership, reason)
    total_score: Decimal
    timings: dict[str, float] = field(default_factory=dict)


def solve(inputs: RunInputs, scored: Scored) -> Solution:
    """Stage 3: the exact solver on the pairs not locked, circles in group programs, and each
    proposal's explanation."""
    state, scores = inputs.state, scored.scores
    n = len(state.mentees)
    free = np.ones(n, dtype=bool)
    remaining = scored.capacity.copy()
    for i, j in scored.locks:
        free[i] = False
        remaining[j] = max(0, remaining[j] - 1)
    free_rows = np.flatnonzero(free)
    result = engine.solve(
        scored.objective[free_rows],
        remaining,
        allowed=scored.allowed[free_rows],
        min_score=scored.min_score,
    )
    free_pairs = [(int(free_rows[i]), int(j)) for i, j in result.pairs]
    peer = None
    if state.program_format == "group" and len(free_pairs) > 1:
        # Circles: the mentees of a mentor should suit each other too (see circles.py).
        peer = criteria.peer_matrix(scores.facts_e, scores.context)
        free_pairs = circles.refine_circles(
            free_pairs, scored.objective, peer, scored.allowed, remaining, weight=CIRCLE_WEIGHT
        )
    pairs = free_pairs + scored.locks
    total = scores.total
    locked = set(scored.locks)
    circle_of: dict[int, list[int]] = {}
    for i, j in pairs:
        circle_of.setdefault(j, []).append(i)

    def explained(i: int, j: int) -> list[dict[str, Any]]:
        items = scores.breakdown(i, j, state.weights, state.required)
        if peer is not None:
            mates = [k for k in circle_of[j] if k != i]
            items.append(
                {
                    "key": criteria.CIRCLE,
                    "score": round(float(np.mean(peer[i, mates])) if mates else 0.0, 3),
                    "weight": 0,
                    "required": False,
                    "params": {"with": sorted(scores.facts_e[k].name for k in mates)},
                }
            )
        return items

    proposals = [
        ProposalRow(
            mentee_id=state.mentees[i],
            mentor_id=state.mentors[j],
            score=score_decimal(total[i, j]),
            locked=(i, j) in locked,
            breakdown=explained(i, j),
        )
        for i, j in pairs
    ]
    matched_rows = {i for i, _j in pairs}
    unmatched = [
        (state.mentees[int(free_rows[i])], result.reasons.get(i, engine.NO_CAPACITY))
        for i in range(len(free_rows))
        if int(free_rows[i]) not in matched_rows
    ]
    return Solution(
        proposals=proposals,
        unmatched=unmatched,
        total_score=score_decimal(sum(total[i, j] for i, j in pairs)),
    )
