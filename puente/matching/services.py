"""Writes of matching: running the solver, locking and forbidding pairs, confirming a run."""

import hashlib
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
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
from puente.matching import criteria, engine, selectors, stages
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
from puente.matching.stages import NothingToMatch as NothingToMatch  # callers catch it here
from puente.matching.stages import StaleRun
from puente.matching.text import get_encoder
from puente.programs.models import Membership, Program, Track, Wave


def pair_scores(
    *,
    program: Program,
    mentees: list[Membership],
    mentors: list[Membership],
    weights: dict[str, int],
    required: set[str],
    rules: list[PairRule],
    allow_rematch: bool,
) -> stages.PairScores:
    """Read what scoring these people needs, then score every pair and mark those never to
    propose (``stages.pair_scores``). Used by suggestions; a run loads once for all stages."""
    facts = selectors.facts_for([*mentees, *mentors], program)
    earlier = (
        set()
        if allow_rematch
        else selectors.earlier_pairs(
            program, [m.user_id for m in mentees], [m.user_id for m in mentors]
        )
    )
    return stages.pair_scores(
        facts_e=facts[: len(mentees)],
        facts_r=facts[len(mentees) :],
        context=selectors.context_for(
            program, program_format=program.format, hours_per_week=program.hours_per_week
        ),
        weights=weights,
        required=required,
        forbidden=[(r.mentee_id, r.mentor_id) for r in rules if r.kind == PairRule.Kind.FORBID],
        declined=sorted(selectors.declined_pairs(program)),
        earlier=earlier,
        allow_rematch=allow_rematch,
    )


def match_run(
    *, program: Program, by: User, wave: Wave | None = None, track: Track | None = None
) -> MatchRun:
    """Score every mentee–mentor pair, solve, and store the run with its explained proposals.

    Mentees already in an active match are left out; locked pairs are kept as they are and
    take their mentor's capacity; forbidden pairs, pairs that met in an earlier wave (unless the
    program allows it), pairs a mentor declined and pairs failing a must are never proposed.
    In choice mode, mentees who ranked their suggestions go only to mentors they chose, the
    first choice favoured (``criteria.with_choices``); the others are matched as before.

    Four stages (``stages``): load (one read, outside any transaction), score and solve (no
    database at all), then save: one short transaction that re-reads the run's decisions under
    lock and refuses the run (``stages.StaleRun``, nothing written) if they changed meanwhile.
    So the solver never holds a write lock. Nothing is written before the save, so a run that
    fails (``NothingToMatch``, or the solver raising) leaves no trace and supersedes nothing.
    """
    started = time.perf_counter()
    inputs = selectors.run_inputs(program, wave, track)
    loaded = time.perf_counter()
    scored = stages.score(inputs)
    scored_at = time.perf_counter()
    solution = stages.solve(inputs, scored)
    solved = time.perf_counter()
    timings = {
        "load_s": round(loaded - started, 4),
        "score_s": round(scored_at - loaded, 4),
        "solve_s": round(solved - scored_at, 4),
    }
    # The rows are built before the transaction (10,000 model instances take a second), so the
    # save stage only checks and inserts.
    proposals = [
        Proposal(
            mentee_id=row.mentee_id,
            mentor_id=row.mentor_id,
            score=row.score,
            locked=row.locked,
            breakdown=row.breakdown,
        )
        for row in solution.proposals
    ]
    unmatched = [
        Unmatched(mentee_id=mentee_id, reason=reason) for mentee_id, reason in solution.unmatched
    ]
    with transaction.atomic():
        saving = time.perf_counter()
        run = _run_save(
            program=program,
            by=by,
            wave=wave,
            track=track,
            inputs=inputs,
            scored=scored,
            solution=solution,
            timings=timings,
            proposals=proposals,
            unmatched=unmatched,
        )
        run.timings = {
            **timings,
            # The write transaction, from its start to its last statement (the commit follows).
            "save_s": round(time.perf_counter() - saving, 4),
            "total_s": round(time.perf_counter() - started, 4),
        }
        run.save(update_fields=["timings"])
    return run


def _run_save(
    *,
    program: Program,
    by: User,
    wave: Wave | None,
    track: Track | None,
    inputs: stages.RunInputs,
    scored: stages.Scored,
    solution: stages.Solution,
    timings: dict[str, float],
    proposals: list[Proposal],
    unmatched: list[Unmatched],
) -> MatchRun:
    """The save stage, inside the caller's transaction: check that the run's decisions are still
    those it was computed from, then write the run, its ``proposals`` and ``unmatched``."""
    state = inputs.state
    stale = stages.changed(state, selectors.run_state(program, wave, track, lock=True))
    if stale:
        raise StaleRun(stale)
    run = MatchRun.objects.create(
        program=program,
        wave=wave,
        track=track,
        created_by=by,
        settings_used={
            "weights": state.weights,
            "required": sorted(state.required),
            "min_score": str(state.settings.min_score),
            "default_capacity": state.settings.default_capacity,
            "allow_rematch": state.settings.allow_rematch,
            "mentee_choice": state.settings.mentee_choice,
        },
        inputs={
            "mentees": list(state.mentees),
            "mentors": list(state.mentors),
            "capacities": scored.capacity.tolist(),
            "locks": [[state.mentees[i], state.mentors[j]] for i, j in scored.locks],
            "forbidden": [[e, r] for e, r, kind in state.rules if kind == PairRule.Kind.FORBID],
            "declined": [list(pair) for pair in state.declined],
            "choices": [list(choice) for choice in state.choices],
            "fingerprint": state.fingerprint,
        },
        mentees=len(state.mentees),
        mentors=len(state.mentors),
        matched=len(solution.proposals),
        total_score=solution.total_score,
        timings=timings,
    )
    for proposal in proposals:
        proposal.run_id = run.pk
    for left in unmatched:
        left.run_id = run.pk
    Proposal.objects.bulk_create(proposals)
    Unmatched.objects.bulk_create(unmatched)
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
def run_confirm(*, run: MatchRun, by: User, message: str = "") -> Confirmation:
    """Turn a run's proposals into matches, once, and tell both sides in their language, with
    the coordinator's ``message`` (empty: the usual sentence, in each person's language).

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
    confirmable, left_out = selectors.split_confirmable(proposals)
    skipped = [proposal.mentee.user.full_name for proposal in left_out]
    matches = []
    for proposal in confirmable:
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
            context={
                "match": match,
                "program": run.program,
                "other": match.mentor.user,
                "message": message,
            },
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
                "message": message,
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
    return [{**item, "sentence": criteria.explain(item)} for item in breakdown]


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
    context = selectors.context_for(
        program, program_format=program.format, hours_per_week=program.hours_per_week
    )
    parts = criteria.score_matrices(facts_e, facts_t, context)
    scores, _allowed = criteria.combine(
        parts, {CriterionKey.LOCATION: 1, CriterionKey.GOALS: 1}, set()
    )
    result = engine.solve(scores, capacity)
    assignments = [
        TutorAssignment(program=program, tutor=tutors[j], mentee=mentees[i])
        for i, j in result.pairs
    ]
    TutorAssignment.objects.bulk_create(assignments)
    return assignments
