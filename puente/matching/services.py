"""Writes of matching: running the solver, locking and forbidding pairs, confirming a run."""

import hashlib
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.core import hooks
from puente.core.emails import send_templated_email
from puente.core.permissions import Role
from puente.matching import circles, criteria, engine, selectors
from puente.matching.models import (
    Criterion,
    CriterionKey,
    Match,
    MatchRun,
    PairRule,
    Proposal,
    TextEmbedding,
    TutorAssignment,
    Unmatched,
)
from puente.matching.text import get_encoder
from puente.programs.models import Membership, Program, Track, Wave

# How much a circle's inner compatibility weighs against the mentee–mentor scores (group format).
CIRCLE_WEIGHT = 1.0


class NothingToMatch(ValidationError):
    """A run that cannot propose anything; it changes nothing and says why."""


def _context(program: Program) -> criteria.Context:
    encoder = (
        TextEmbedding.objects.filter(membership__program=program)
        .values_list("encoder", flat=True)
        .first()
    )
    return criteria.Context(
        required_hours=float(program.hours_per_week),
        reverse=program.format in (Program.Format.REVERSE, Program.Format.PEER),
        area_names=dict(program.focus_areas.values_list("pk", "name")),
        text_range=criteria.text_range_for(encoder or ""),
    )


@dataclass(frozen=True)
class PairScores:
    """Every mentee–mentor pair of a pool scored, and whether a run may propose it."""

    facts_e: list[criteria.Facts]
    facts_r: list[criteria.Facts]
    context: criteria.Context
    parts: dict[str, criteria.Matrix]
    total: criteria.Matrix
    allowed: npt.NDArray[np.bool_]
    declined: list[tuple[int, int]]  # (mentee, mentor) memberships where the mentor declined
    prepared: float  # time.perf_counter() once the facts were read, for the run's timings

    def breakdown(
        self, i: int, j: int, weights: dict[str, int], required: set[str]
    ) -> list[dict[str, Any]]:
        """The per-criterion explanation kept with a proposal (or a suggestion)."""
        return [
            {
                "key": key,
                "score": round(float(self.parts[key][i, j]), 3),
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
    program: Program,
    mentees: list[Membership],
    mentors: list[Membership],
    weights: dict[str, int],
    required: set[str],
    rules: list[PairRule],
    allow_rematch: bool,
) -> PairScores:
    """Score every pair with the program's criteria and mark those never to propose: failing a
    must, forbidden by a coordinator, declined by the mentor (choice mode), or that met in an
    earlier wave unless the program allows it. Shared by runs and by suggestions."""
    facts_e = selectors.facts_for(mentees, program)
    facts_r = selectors.facts_for(mentors, program)
    context = _context(program)
    prepared = time.perf_counter()
    parts = criteria.score_matrices(facts_e, facts_r, context)
    total, allowed = criteria.combine(parts, weights, required)
    mentee_index = {m.pk: i for i, m in enumerate(mentees)}
    mentor_index = {m.pk: j for j, m in enumerate(mentors)}
    for rule in rules:
        if (
            rule.kind == PairRule.Kind.FORBID
            and rule.mentee_id in mentee_index
            and rule.mentor_id in mentor_index
        ):
            allowed[mentee_index[rule.mentee_id], mentor_index[rule.mentor_id]] = False
    declined = sorted(selectors.declined_pairs(program))
    for mentee_id, mentor_id in declined:
        if mentee_id in mentee_index and mentor_id in mentor_index:
            allowed[mentee_index[mentee_id], mentor_index[mentor_id]] = False
    if not allow_rematch:
        before = selectors.earlier_pairs(
            program, [m.user_id for m in mentees], [m.user_id for m in mentors]
        )
        # Walk the (few) earlier pairs, not every mentee × mentor pair of the pool.
        rows: dict[int, list[int]] = {}
        for i, mentee in enumerate(mentees):
            rows.setdefault(mentee.user_id, []).append(i)
        columns: dict[int, list[int]] = {}
        for j, mentor in enumerate(mentors):
            columns.setdefault(mentor.user_id, []).append(j)
        for mentee_user, mentor_user in before:
            for i in rows.get(mentee_user, []):
                allowed[i, columns.get(mentor_user, [])] = False
    return PairScores(facts_e, facts_r, context, parts, total, allowed, declined, prepared)


@transaction.atomic
def match_run(
    *, program: Program, by: User, wave: Wave | None = None, track: Track | None = None
) -> MatchRun:
    """Score every mentee–mentor pair, solve, and store the run with its explained proposals.

    Mentees already in an active match are left out; locked pairs are kept as they are and
    take their mentor's capacity; forbidden pairs, pairs that met in an earlier wave (unless the
    program allows it), pairs a mentor declined and pairs failing a must are never proposed.
    In choice mode, mentees who ranked their suggestions go only to mentors they chose, the
    first choice favoured (``criteria.with_choices``); the others are matched as before.
    """
    started = time.perf_counter()
    settings = selectors.settings_for(program)
    weights, required = selectors.weights_for(program)
    if not any(weights.values()):
        raise NothingToMatch(_("Every criterion weighs zero: give at least one a weight."))
    matched_ids = set(
        Match.objects.filter(program=program, status=Match.Status.ACTIVE).values_list(
            "mentee_id", flat=True
        )
    )
    mentees = [
        m for m in selectors.pool(program, Role.MENTEE, wave, track) if m.pk not in matched_ids
    ]
    mentors = list(selectors.pool(program, Role.MENTOR, wave, None))
    if not mentors:
        raise NothingToMatch(_("There are no mentors to match with."))
    if not mentees:
        raise NothingToMatch(_("Every mentee is already matched."))
    load = selectors.active_load(mentors)
    capacity = np.array(
        [
            max(0, c - load.get(m.pk, 0))
            for m, c in zip(
                mentors, selectors.capacities_for(mentors, settings.default_capacity), strict=True
            )
        ],
        dtype=np.int64,
    )
    if capacity.sum() == 0:
        raise NothingToMatch(_("Every mentor is at full capacity."))

    mentee_index = {m.pk: i for i, m in enumerate(mentees)}
    mentor_index = {m.pk: j for j, m in enumerate(mentors)}
    rules = list(PairRule.objects.filter(program=program))
    locks = [
        (mentee_index[r.mentee_id], mentor_index[r.mentor_id])
        for r in rules
        if r.kind == PairRule.Kind.LOCK
        and r.mentee_id in mentee_index
        and r.mentor_id in mentor_index
    ]

    scores = pair_scores(
        program=program,
        mentees=mentees,
        mentors=mentors,
        weights=weights,
        required=required,
        rules=rules,
        allow_rematch=settings.allow_rematch,
    )
    prepared, total, allowed = scores.prepared, scores.total, scores.allowed
    if not allowed.any():
        raise NothingToMatch(_("Every pair is excluded by the musts or forbidden pairs."))
    objective, min_score = total, float(settings.min_score) or None
    choices = (
        selectors.choice_ranks(program, list(mentee_index), set(scores.declined))
        if settings.mentee_choice
        else {}
    )
    if choices:
        ranks = np.zeros(total.shape, dtype=np.int64)
        for (mentee_id, mentor_id), rank in choices.items():
            if mentor_id in mentor_index:
                ranks[mentee_index[mentee_id], mentor_index[mentor_id]] = rank
        objective, allowed = criteria.with_choices(
            total, allowed, ranks, settings.suggestions_shown, min_score
        )
        min_score = None

    # Locked pairs are fixed first; the solver works on the rest.
    free = np.ones(len(mentees), dtype=bool)
    remaining = capacity.copy()
    for i, j in locks:
        free[i] = False
        remaining[j] = max(0, remaining[j] - 1)
    free_rows = np.flatnonzero(free)
    scored = time.perf_counter()
    result = engine.solve(
        objective[free_rows],
        remaining,
        allowed=allowed[free_rows],
        min_score=min_score,
    )
    free_pairs = [(int(free_rows[i]), int(j)) for i, j in result.pairs]
    peer = None
    if program.format == Program.Format.GROUP and len(free_pairs) > 1:
        # Circles: the mentees of a mentor should suit each other too (see circles.py).
        peer = criteria.peer_matrix(scores.facts_e, scores.context)
        free_pairs = circles.refine_circles(
            free_pairs, objective, peer, allowed, remaining, weight=CIRCLE_WEIGHT
        )
    solved = time.perf_counter()
    pairs = free_pairs + locks

    run = MatchRun.objects.create(
        program=program,
        wave=wave,
        track=track,
        created_by=by,
        settings_used={
            "weights": weights,
            "required": sorted(required),
            "min_score": str(settings.min_score),
            "default_capacity": settings.default_capacity,
            "allow_rematch": settings.allow_rematch,
            "mentee_choice": settings.mentee_choice,
        },
        inputs={
            "mentees": [m.pk for m in mentees],
            "mentors": [m.pk for m in mentors],
            "capacities": capacity.tolist(),
            "locks": [[mentees[i].pk, mentors[j].pk] for i, j in locks],
            "forbidden": [
                [r.mentee_id, r.mentor_id] for r in rules if r.kind == PairRule.Kind.FORBID
            ],
            "declined": [list(pair) for pair in scores.declined],
            "choices": [[e, r, rank] for (e, r), rank in sorted(choices.items())],
        },
        mentees=len(mentees),
        mentors=len(mentors),
        matched=len(pairs),
        total_score=selectors.score_decimal(sum(total[i, j] for i, j in pairs)),
    )
    locked = set(locks)
    circle_of: dict[int, list[int]] = {}
    for i, j in pairs:
        circle_of.setdefault(j, []).append(i)

    def explained(i: int, j: int) -> list[dict[str, Any]]:
        items = scores.breakdown(i, j, weights, required)
        if peer is not None:
            mates = [k for k in circle_of[j] if k != i]
            items.append(
                {
                    "key": criteria.CIRCLE,
                    "score": round(float(np.mean(peer[i, mates])) if mates else 0.0, 3),
                    "weight": 0,
                    "required": False,
                    "params": {"with": sorted(mentees[k].user.full_name for k in mates)},
                }
            )
        return items

    Proposal.objects.bulk_create(
        Proposal(
            run=run,
            mentee=mentees[i],
            mentor=mentors[j],
            score=selectors.score_decimal(total[i, j]),
            locked=(i, j) in locked,
            breakdown=explained(i, j),
        )
        for i, j in pairs
    )
    matched_rows = {i for i, _j in pairs}
    Unmatched.objects.bulk_create(
        Unmatched(
            run=run,
            mentee=mentees[int(free_rows[i])],
            reason=result.reasons.get(i, Unmatched.Reason.NO_CAPACITY),
        )
        for i in range(len(free_rows))
        if int(free_rows[i]) not in matched_rows
    )
    run.timings = {
        "prepare_s": round(prepared - started, 4),
        "score_s": round(scored - prepared, 4),
        "solve_s": round(solved - scored, 4),
        "store_s": round(time.perf_counter() - solved, 4),
    }
    run.save(update_fields=["timings"])
    MatchRun.objects.filter(program=program, status=MatchRun.Status.PROPOSED).exclude(
        pk=run.pk
    ).update(status=MatchRun.Status.SUPERSEDED)
    return run


def _membership_pair(
    program: Program, mentee_id: int, mentor_id: int
) -> tuple[Membership, Membership]:
    mentee = Membership.objects.filter(program=program, pk=mentee_id, role=Role.MENTEE).first()
    mentor = Membership.objects.filter(program=program, pk=mentor_id, role=Role.MENTOR).first()
    if mentee is None or mentor is None:
        raise ValidationError(_("That pair is not in this program."))
    return mentee, mentor


@transaction.atomic
def pair_lock(*, program: Program, mentee_id: int, mentor_id: int, by: User) -> PairRule:
    """Lock a pair for the next runs; refused when it would exceed the mentor's capacity."""
    mentee, mentor = _membership_pair(program, mentee_id, mentor_id)
    settings = selectors.settings_for(program)
    capacity = selectors.capacities_for([mentor], settings.default_capacity)[0]
    taken = (
        selectors.active_load([mentor]).get(mentor.pk, 0)
        + PairRule.objects.filter(mentor=mentor, kind=PairRule.Kind.LOCK)
        .exclude(mentee=mentee)
        .count()
    )
    if taken >= capacity:
        raise ValidationError(
            _("%(mentor)s already has %(taken)s of %(capacity)s places taken or locked.")
            % {"mentor": mentor.user.full_name, "taken": taken, "capacity": capacity}
        )
    PairRule.objects.filter(mentee=mentee, kind=PairRule.Kind.LOCK).exclude(mentor=mentor).delete()
    rule, _created = PairRule.objects.update_or_create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        defaults={"kind": PairRule.Kind.LOCK, "created_by": by},
    )
    return rule


@transaction.atomic
def pair_forbid(*, program: Program, mentee_id: int, mentor_id: int, by: User) -> PairRule:
    mentee, mentor = _membership_pair(program, mentee_id, mentor_id)
    rule, _created = PairRule.objects.update_or_create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        defaults={"kind": PairRule.Kind.FORBID, "created_by": by},
    )
    return rule


@transaction.atomic
def pair_clear(*, program: Program, mentee_id: int, mentor_id: int) -> None:
    PairRule.objects.filter(program=program, mentee_id=mentee_id, mentor_id=mentor_id).delete()


@dataclass(frozen=True)
class Confirmation:
    matches: list[Match]
    skipped: list[str]  # names of people who left or were matched elsewhere since the run
    vanished: int  # proposals whose membership was removed since the run


def _check_places(run: MatchRun, matches: list[Match]) -> None:
    """Refuse a run that would give a mentor more mentees than their places: another run was
    confirmed since this one was made."""
    wanted: dict[int, int] = {}
    mentors: dict[int, Membership] = {}
    for match in matches:
        wanted[match.mentor_id] = wanted.get(match.mentor_id, 0) + 1
        mentors[match.mentor_id] = match.mentor
    people = list(mentors.values())
    default = selectors.settings_for(run.program).default_capacity
    load = selectors.active_load(people)
    for mentor, capacity in zip(people, selectors.capacities_for(people, default), strict=True):
        if load.get(mentor.pk, 0) + wanted[mentor.pk] > capacity:
            raise ValidationError(
                _(
                    "%(mentor)s no longer has enough free places for this run: another match "
                    "was confirmed since it was made. Run the matching again."
                )
                % {"mentor": mentor.user.full_name}
            )


@transaction.atomic
def run_confirm(*, run: MatchRun, by: User) -> Confirmation:
    """Turn a run's proposals into matches, once, and tell both sides in their language.

    The run row is locked and its status checked, so two coordinators confirming at once
    confirm it once. A person who left the program since the run is skipped and reported.
    """
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchRun.Status.PROPOSED:
        raise ValidationError(_("This run was already confirmed or replaced by a newer one."))
    proposals = list(run.proposals.select_related("mentee__user", "mentor__user"))
    # Two runs made from the same state may both be confirmed at once (two coordinators, two
    # waves): lock every person in this run, in one order, before counting places, so the second
    # confirmation waits and then sees the first one's matches.
    list(
        Membership.objects.select_for_update()
        .filter(pk__in=[p.mentee_id for p in proposals] + [p.mentor_id for p in proposals])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    active_ids = set(
        Membership.objects.filter(
            pk__in=[p.mentee_id for p in proposals] + [p.mentor_id for p in proposals],
            user__is_active=True,
        ).values_list("pk", flat=True)
    )
    already = set(
        Match.objects.filter(
            mentee_id__in=[p.mentee_id for p in proposals], status=Match.Status.ACTIVE
        ).values_list("mentee_id", flat=True)
    )
    matches = []
    skipped = []
    for proposal in proposals:
        gone = proposal.mentee_id not in active_ids or proposal.mentor_id not in active_ids
        if gone or proposal.mentee_id in already:
            skipped.append(proposal.mentee.user.full_name)
            continue
        matches.append(
            Match(
                program=run.program,
                wave=run.wave or proposal.mentee.wave,
                mentee=proposal.mentee,
                mentor=proposal.mentor,
                run=run,
                score=proposal.score,
                breakdown=proposal.breakdown,
                confirmed_by=by,
            )
        )
    _check_places(run, matches)
    Match.objects.bulk_create(matches)
    run.status = MatchRun.Status.CONFIRMED
    run.confirmed_at = timezone.now()
    run.confirmed_by = by
    run.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    PairRule.objects.filter(
        program=run.program, kind=PairRule.Kind.LOCK, mentee_id__in=[m.mentee_id for m in matches]
    ).delete()
    by_mentor: dict[int, list[Match]] = {}
    for match in matches:
        by_mentor.setdefault(match.mentor_id, []).append(match)
        send_templated_email(
            to=match.mentee.user.email,
            language=match.mentee.user.language,
            template="matching/email/matched_mentee",
            context={"match": match, "program": run.program, "other": match.mentor.user},
        )
    for mentor_matches in by_mentor.values():
        mentor = mentor_matches[0].mentor.user
        send_templated_email(
            to=mentor.email,
            language=mentor.language,
            template="matching/email/matched_mentor",
            context={
                "program": run.program,
                "mentor": mentor,
                "mentees": [m.mentee.user for m in mentor_matches],
            },
        )
    hooks.matches_confirmed(run.program_id)
    for match in matches:
        hooks.event(
            "match.confirmed",
            {"program": run.program_id, "run": run.pk, "match": match.pk},
        )
    return Confirmation(matches, skipped, max(0, run.matched - len(proposals)))


def _text_hash(text: str, encoder: str) -> str:
    return hashlib.sha256(f"{encoder}\n{text}".encode()).hexdigest()


def embeddings_refresh(*, program: Program) -> int:
    """Encode the offered and wanted texts of the program's mentors and mentees whose text
    changed since last time. Run in the background (never during a match run)."""
    encoder = get_encoder(prefer="tfidf" if django_settings.TEXT_ENCODER == "tfidf" else "semantic")
    memberships = list(
        Membership.objects.filter(program=program, role__in=[Role.MENTOR, Role.MENTEE])
        .select_related("user")
        .order_by("pk")
    )
    answers = selectors._answers_by_membership(memberships)
    existing = {
        (e.membership_id, e.kind): e.text_hash
        for e in TextEmbedding.objects.filter(membership__in=memberships)
    }
    todo: list[tuple[Membership, TextEmbedding.Kind, str, str]] = []
    for membership in memberships:
        offered, wanted = selectors.texts_for(membership, answers.get(membership.pk, {}))
        for kind, text in (
            (TextEmbedding.Kind.OFFERED, offered),
            (TextEmbedding.Kind.WANTED, wanted),
        ):
            digest = _text_hash(text, encoder.name)
            if existing.get((membership.pk, kind)) != digest:
                todo.append((membership, kind, text, digest))
    if not todo:
        return 0
    vectors = encoder.encode([text for _m, _k, text, _d in todo])
    with transaction.atomic():
        for (membership, kind, _text, digest), vector in zip(todo, vectors, strict=True):
            TextEmbedding.objects.update_or_create(
                membership=membership,
                kind=kind,
                defaults={
                    "encoder": encoder.name,
                    "text_hash": digest,
                    "vector": np.asarray(vector, dtype=np.float32).tobytes(),
                },
            )
    return len(todo)


def breakdown_sentences(breakdown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A proposal's breakdown with each criterion's sentence in the active language."""
    return [
        {**item, "sentence": criteria.sentence(item["key"], item.get("params", {}))}
        for item in breakdown
    ]


@transaction.atomic
def criteria_save(*, program: Program, weights: dict[str, int], required: set[str]) -> None:
    for key, weight in weights.items():
        Criterion.objects.update_or_create(
            program=program, key=key, defaults={"weight": weight, "required": key in required}
        )


@transaction.atomic
def tutors_assign(
    *, program: Program, wave: Wave | None = None, caseload: int | None = None
) -> list[TutorAssignment]:
    """Give every mentee without a tutor one, at most ``caseload`` each (the program's
    ``tutor_caseload`` unless given), preferring tutors in the
    same place and with the same focus areas. Solved with the same exact solver as matching."""
    mentees = list(
        selectors.pool(program, Role.MENTEE, wave, None).filter(tutor_assignment__isnull=True)
    )
    tutors = list(selectors.pool(program, Role.TUTOR, wave, None))
    if not mentees or not tutors:
        return []
    load = dict(
        TutorAssignment.objects.filter(tutor__in=tutors)
        .values("tutor_id")
        .annotate(n=Count("id"))
        .values_list("tutor_id", "n")
    )
    limit = program.tutor_caseload if caseload is None else caseload
    capacity = np.array([max(0, limit - load.get(t.pk, 0)) for t in tutors], dtype=np.int64)
    facts_e = selectors.facts_for(mentees, program)
    facts_t = selectors.facts_for(tutors, program)
    context = _context(program)
    parts = criteria.score_matrices(facts_e, facts_t, context)
    scores = 0.5 * parts[CriterionKey.LOCATION] + 0.5 * parts[CriterionKey.GOALS]
    result = engine.solve(scores, capacity)
    assignments = [
        TutorAssignment(program=program, tutor=tutors[j], mentee=mentees[i])
        for i, j in result.pairs
    ]
    TutorAssignment.objects.bulk_create(assignments)
    return assignments
