"""Reads for matching: the people of a run as Facts, runs and proposals for review."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Q, QuerySet

from puente.core.permissions import Role
from puente.instruments.models import Answer
from puente.matching import stages
from puente.matching.criteria import Context, Facts, text_range_for
from puente.matching.models import (
    Criterion,
    CriterionKey,
    Match,
    MatchingSettings,
    MatchRun,
    MentorCapacity,
    MentorResponse,
    PairRule,
    Proposal,
    Suggestion,
    TextEmbedding,
)
from puente.programs.models import Membership, Program, Track, Wave

# Answer keys of the shipped application templates that feed matching.
HOURS_KEY = "hours"
AVAILABILITY_KEY = "availability"
OFFERED_KEYS = ("offer", "teach")
WANTED_KEYS = ("goals", "learn")

# The application answers each criterion reads, by side (mentee, mentor): any one of the keys
# gives it data. Language, location, gender and organizational rules read the profile (the
# language one uses Puente in counts as spoken). The shipped templates ask these for every
# criterion the defaults weigh (a test holds them to it).
ANSWERS_READ: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    CriterionKey.GOALS: (("focus_areas", *WANTED_KEYS), ("focus_areas", *OFFERED_KEYS)),
    CriterionKey.RECIPROCITY: ((*OFFERED_KEYS,), (*WANTED_KEYS,)),
    CriterionKey.AVAILABILITY: ((AVAILABILITY_KEY,), (AVAILABILITY_KEY,)),
    CriterionKey.COMMITMENT: ((HOURS_KEY,), (HOURS_KEY,)),
    CriterionKey.EXPERIENCE: (("years_experience",), ("years_experience",)),
}
REVERSE_EXPERIENCE_READ = (("seniority",), ("seniority",))

DEFAULT_WEIGHTS = {
    CriterionKey.GOALS: 8,
    CriterionKey.AVAILABILITY: 5,
    CriterionKey.COMMITMENT: 3,
    CriterionKey.EXPERIENCE: 3,
    CriterionKey.LANGUAGE: 5,
    CriterionKey.LOCATION: 2,
    CriterionKey.GENDER: 4,
    CriterionKey.ORGANIZATION: 0,
    CriterionKey.RECIPROCITY: 0,
}
REVERSE_WEIGHTS = {
    **DEFAULT_WEIGHTS,
    CriterionKey.ORGANIZATION: 6,
    CriterionKey.RECIPROCITY: 8,
    CriterionKey.GOALS: 4,
}


def settings_for(program: Program) -> MatchingSettings:
    found = MatchingSettings.objects.filter(program=program).first()
    return found or MatchingSettings(program=program)


def weights_for(program: Program) -> tuple[dict[str, int], set[str]]:
    """The program's weights and musts; defaults by format until the coordinator sets them."""
    rows = list(Criterion.objects.filter(program=program))
    if not rows:
        reverse = program.format in (Program.Format.REVERSE, Program.Format.PEER)
        defaults = REVERSE_WEIGHTS if reverse else DEFAULT_WEIGHTS
        # A pair who declared their languages and share none cannot talk: never proposed.
        # (A must never excludes a pair it has no data for.)
        must = {CriterionKey.LANGUAGE, *([CriterionKey.ORGANIZATION] if reverse else [])}
        return {str(k): v for k, v in defaults.items()}, {str(k) for k in must}
    return {c.key: c.weight for c in rows}, {c.key for c in rows if c.required}


def pool(
    program: Program, role: str, wave: Wave | None, track: Track | None
) -> QuerySet[Membership]:
    """The mentees (of the wave) or the mentors (of the wave, or of no wave) of a run."""
    qs = Membership.objects.filter(program=program, role=role, user__is_active=True)
    if wave is not None and role == Role.MENTOR:
        qs = qs.filter(Q(wave=wave) | Q(wave__isnull=True))
    elif wave is not None:
        qs = qs.filter(wave=wave)
    if track is not None:
        qs = qs.filter(track=track)
    return qs.select_related("user").order_by("pk")


def _answers_by_membership(memberships: list[Membership]) -> dict[int, dict[str, Any]]:
    """Hours, availability and free texts from each person's accepted application."""
    ids = [m.pk for m in memberships]
    answers = Answer.objects.filter(
        submission__application__membership_id__in=ids,
        question__key__in=[HOURS_KEY, AVAILABILITY_KEY, *OFFERED_KEYS, *WANTED_KEYS],
    ).values_list(
        "submission__application__membership_id",
        "question__key",
        "text",
        "number",
    )
    result: dict[int, dict[str, Any]] = defaultdict(dict)
    for membership_id, key, text, number in answers:
        result[membership_id][key] = number if number is not None else text
    slots = Answer.objects.filter(
        submission__application__membership_id__in=ids, question__key=AVAILABILITY_KEY
    ).values_list("submission__application__membership_id", "chosen__value")
    for membership_id, value in slots:
        if value:
            result[membership_id].setdefault("slots", set()).add(value)
    return result


def texts_for(membership: Membership, answers: dict[str, Any]) -> tuple[str, str]:
    """What the person offers and what they want, in their own words."""
    user = membership.user
    offered = "\n".join(
        t for t in [user.areas_offered, *(str(answers.get(k, "")) for k in OFFERED_KEYS)] if t
    )
    wanted = "\n".join(
        t for t in [user.areas_wanted, *(str(answers.get(k, "")) for k in WANTED_KEYS)] if t
    )
    return offered, wanted


def _hours(value: Any) -> float | None:
    """Hours a week from a number answer, or from a choice answer such as "2"."""
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def facts_for(memberships: list[Membership], program: Program) -> list[Facts]:
    """Facts for many people in a fixed number of queries."""
    ids = [m.pk for m in memberships]
    areas = defaultdict(set)
    for membership_id, area_id in Membership.focus_areas.through.objects.filter(
        membership_id__in=ids
    ).values_list("membership_id", "focusarea_id"):
        areas[membership_id].add(area_id)
    vectors: dict[tuple[int, str], np.ndarray] = {
        (e.membership_id, e.kind): np.frombuffer(bytes(e.vector), dtype=np.float32)
        for e in TextEmbedding.objects.filter(membership_id__in=ids)
    }
    answers = _answers_by_membership(memberships)
    facts = []
    for membership in memberships:
        user = membership.user
        mine = answers.get(membership.pk, {})
        hours_value = _hours(mine.get(HOURS_KEY))
        facts.append(
            Facts(
                membership_id=membership.pk,
                name=user.full_name,
                focus_areas=frozenset(areas.get(membership.pk, set())),
                offered_text=vectors.get((membership.pk, "offered")),
                wanted_text=vectors.get((membership.pk, "wanted")),
                availability=frozenset(mine.get("slots", set())),
                time_zone=user.time_zone,
                hours=hours_value,
                years=user.years_experience,
                seniority=user.seniority,
                languages=frozenset(user.languages),
                country=user.country,
                city=user.city,
                gender=user.gender,
                gender_preference=user.gender_preference,
                department=user.department,
                user_id=user.pk,
                manager_id=user.manager_id,
            )
        )
    return facts


def capacities_for(mentors: list[Membership], default: int) -> list[int]:
    own = dict(
        MentorCapacity.objects.filter(membership__in=mentors).values_list(
            "membership_id", "capacity"
        )
    )
    return [own.get(m.pk, default) for m in mentors]


def active_load(mentors: list[Membership]) -> dict[int, int]:
    """Mentees each mentor already has in active matches."""
    return dict(
        Match.objects.filter(mentor__in=mentors, status=Match.Status.ACTIVE)
        .values("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )


def earlier_pairs(program: Program, users_e: list[int], users_r: list[int]) -> set[tuple[int, int]]:
    """(mentee user, mentor user) pairs that were matched before, in any wave."""
    return set(
        Match.objects.filter(
            program=program, mentee__user_id__in=users_e, mentor__user_id__in=users_r
        ).values_list("mentee__user_id", "mentor__user_id")
    )


def context_for(program: Program, *, program_format: str, hours_per_week: Any) -> Context:
    """What the criteria need to know about the program (and the encoder of its texts)."""
    encoder = (
        TextEmbedding.objects.filter(membership__program=program)
        .values_list("encoder", flat=True)
        .first()
    )
    return Context(
        required_hours=float(hours_per_week),
        reverse=program_format in (Program.Format.REVERSE, Program.Format.PEER),
        area_names=dict(program.focus_areas.values_list("pk", "name")),
        text_range=text_range_for(encoder or ""),
    )


def run_state(
    program: Program, wave: Wave | None, track: Track | None, *, lock: bool = False
) -> stages.RunState:
    """The decisions a run rests on (``stages.RunState``), in a fixed number of queries.

    With ``lock`` (the save stage, inside its transaction) the program's row is locked first,
    ``FOR NO KEY UPDATE``, so two runs of one program save one after the other and each re-reads
    what the other wrote; rows that merely point at the program are not held up.
    """
    rows = Program.objects.filter(pk=program.pk)
    if lock:
        rows = rows.select_for_update(no_key=True)
    program_format, hours_per_week = rows.values_list("format", "hours_per_week").get()
    found = settings_for(program)
    weights, required = weights_for(program)
    active = list(
        Match.objects.filter(status=Match.Status.ACTIVE)
        .filter(Q(program=program) | Q(mentor__program=program))
        .values_list("program_id", "mentee_id", "mentor_id")
    )
    matched = frozenset(e for p, e, _r in active if p == program.pk)
    mentees = [
        (pk, user)
        for pk, user in pool(program, Role.MENTEE, wave, track).values_list("pk", "user_id")
        if pk not in matched
    ]
    mentors = list(pool(program, Role.MENTOR, wave, None).values_list("pk", "user_id"))
    load: dict[int, int] = defaultdict(int)
    for _p, _e, mentor_id in active:
        load[mentor_id] += 1
    own = dict(
        MentorCapacity.objects.filter(
            membership__program=program, membership__role=Role.MENTOR
        ).values_list("membership_id", "capacity")
    )
    users_e = {user for _pk, user in mentees}
    users_r = {user for _pk, user in mentors}
    earlier = frozenset(
        pair
        for pair in Match.objects.filter(program=program).values_list(
            "mentee__user_id", "mentor__user_id"
        )
        if pair[0] in users_e and pair[1] in users_r
    )
    declined = declined_pairs(program)
    choices = (
        choice_ranks(program, [pk for pk, _user in mentees], declined)
        if found.mentee_choice
        else {}
    )
    return stages.RunState(
        program_format=program_format,
        hours_per_week=hours_per_week,
        settings=stages.Settings(
            min_score=found.min_score,
            default_capacity=found.default_capacity,
            allow_rematch=found.allow_rematch,
            mentee_choice=found.mentee_choice,
            suggestions_shown=found.suggestions_shown,
        ),
        weights=weights,
        required=frozenset(required),
        mentees=tuple(pk for pk, _user in mentees),
        mentors=tuple(pk for pk, _user in mentors),
        capacity=tuple(own.get(pk, found.default_capacity) for pk, _user in mentors),
        load=tuple(load.get(pk, 0) for pk, _user in mentors),
        rules=tuple(
            PairRule.objects.filter(program=program)
            .order_by("pk")
            .values_list("mentee_id", "mentor_id", "kind")
        ),
        declined=tuple(sorted(declined)),
        earlier=earlier,
        choices=tuple((e, r, rank) for (e, r), rank in sorted(choices.items())),
    )


def run_inputs(program: Program, wave: Wave | None, track: Track | None) -> stages.RunInputs:
    """The load stage of a run: everything it needs, as plain data, in a fixed number of
    queries (``stages.RunInputs``). Refuses a run that cannot propose anything before reading
    the people's profiles."""
    state = run_state(program, wave, track)
    stages.check_pool(state)
    wanted_e, wanted_r = set(state.mentees), set(state.mentors)
    people = {m.pk: m for m in pool(program, Role.MENTEE, wave, track) if m.pk in wanted_e} | {
        m.pk: m for m in pool(program, Role.MENTOR, wave, None) if m.pk in wanted_r
    }
    if len(people) != len(wanted_e) + len(wanted_r):
        # Someone left between the two reads: the run would be stale before it starts.
        raise stages.StaleRun(["people"])
    facts = {f.membership_id: f for f in facts_for(list(people.values()), program)}
    return stages.RunInputs(
        state=state,
        facts_e=[facts[pk] for pk in state.mentees],
        facts_r=[facts[pk] for pk in state.mentors],
        context=context_for(
            program, program_format=state.program_format, hours_per_week=state.hours_per_week
        ),
    )


def runs_for(program: Program) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(program=program).select_related("wave", "track", "created_by")


def proposals_for(run: MatchRun) -> QuerySet[Proposal]:
    return run.proposals.select_related("mentee__user", "mentor__user").order_by(
        "mentor__user__full_name", "-score"
    )


# Choice mode.


def declined_pairs(program: Program) -> set[tuple[int, int]]:
    """(mentee, mentor) memberships where the mentor declined the mentee who chose them."""
    return set(
        MentorResponse.objects.filter(program=program, accepted=False).values_list(
            "mentee_id", "mentor_id"
        )
    )


def choice_ranks(
    program: Program, mentee_ids: list[int], declined: set[tuple[int, int]]
) -> dict[tuple[int, int], int]:
    """The mentees' rankings of their suggestions, (mentee, mentor) -> place (1 = first), leaving
    out the ``declined`` pairs (see ``declined_pairs``)."""
    # The program's choices, kept for the mentees asked about here rather than in the query:
    # a run asks about 10,000 mentees, too many for an IN list.
    wanted = set(mentee_ids)
    rows = Suggestion.objects.filter(program=program, choice__isnull=False).values_list(
        "mentee_id", "mentor_id", "choice"
    )
    return {(e, r): rank for e, r, rank in rows if e in wanted and rank and (e, r) not in declined}


def suggestions_for_mentee(mentee: Membership) -> list[Suggestion]:
    return list(
        Suggestion.objects.filter(mentee=mentee).select_related("mentor__user").order_by("position")
    )


def choices_for_mentor(mentor: Membership) -> list[Suggestion]:
    """The suggestions in which a mentee chose this mentor, first choices first."""
    return list(
        Suggestion.objects.filter(mentor=mentor, choice__isnull=False)
        .select_related("mentee__user")
        .order_by("choice", "mentee__user__full_name")
    )


def responses_by_mentee(mentor: Membership) -> dict[int, MentorResponse]:
    return {r.mentee_id: r for r in MentorResponse.objects.filter(mentor=mentor)}


@dataclass(frozen=True)
class ChoiceSummary:
    suggested: int  # mentees with suggestions
    chose: int  # mentees who ranked at least one
    declines: list[MentorResponse]


def choice_summary(program: Program) -> ChoiceSummary:
    """For the coordinator: how far mentees have chosen and which mentors declined, and why."""
    counts = Suggestion.objects.filter(program=program).aggregate(
        suggested=Count("mentee", distinct=True),
        chose=Count("mentee", distinct=True, filter=Q(choice__isnull=False)),
    )
    declines = list(
        MentorResponse.objects.filter(program=program, accepted=False)
        .select_related("mentee__user", "mentor__user")
        .order_by("-updated_at")
    )
    return ChoiceSummary(counts["suggested"], counts["chose"], declines)


# Confirming a run.


def split_confirmable(proposals: list[Proposal]) -> tuple[list[Proposal], list[Proposal]]:
    """The proposals a confirmation turns into matches, and those it skips: one side left the
    program (or was deactivated) since the run, or the mentee was matched meanwhile."""
    people = [p.mentee_id for p in proposals] + [p.mentor_id for p in proposals]
    active_ids = set(
        Membership.objects.filter(pk__in=people, user__is_active=True).values_list("pk", flat=True)
    )
    already = set(
        Match.objects.filter(
            mentee_id__in=[p.mentee_id for p in proposals], status=Match.Status.ACTIVE
        ).values_list("mentee_id", flat=True)
    )
    keep: list[Proposal] = []
    skipped: list[Proposal] = []
    for proposal in proposals:
        gone = proposal.mentee_id not in active_ids or proposal.mentor_id not in active_ids
        (skipped if gone or proposal.mentee_id in already else keep).append(proposal)
    return keep, skipped


@dataclass(frozen=True)
class ConfirmationPreview:
    """What confirming a run would do now: who is matched and emailed, and who is skipped."""

    mentees: int  # each emailed their mentor
    mentors: int  # each emailed their mentees
    skipped: list[str]  # names
    vanished: int  # proposals whose membership was removed since the run


def confirmation_preview(run: MatchRun) -> ConfirmationPreview:
    proposals = list(run.proposals.select_related("mentee__user"))
    keep, skipped = split_confirmable(proposals)
    return ConfirmationPreview(
        mentees=len(keep),
        mentors=len({p.mentor_id for p in keep}),
        skipped=sorted(p.mentee.user.full_name for p in skipped),
        vanished=max(0, run.matched - len(proposals)),
    )
