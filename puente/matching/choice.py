"""Mentee choice mode: suggestions spread over the mentors, mentees' rankings, mentors' answers.

Where a program allows it (``MatchingSettings.mentee_choice``) the coordinator publishes each
mentee's top N suggestions, scored and explained with the same criteria, musts, forbidden pairs
and "met before" rule as a run. Each mentee ranks them (or some of them); each mentor sees who
chose them and accepts or declines with a reason. The next run (``services.match_run``) gives a
mentee who chose only a mentor they chose, favouring their first choice, within capacities; a
declined pair is never suggested or proposed again.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.core.emails import send_templated_email
from puente.core.permissions import Role
from puente.matching import criteria, selectors
from puente.matching.models import (
    Match,
    MatchingSettings,
    MentorResponse,
    PairRule,
    Suggestion,
)
from puente.matching.services import NothingToMatch, pair_scores
from puente.matching.stages import score_decimal
from puente.programs.models import Membership, Program, Wave

# A mentor who has been shown to their fair share of mentees scores two points less for the next
# one (twice the largest possible score difference), so even a mentor who scores best with
# everyone is shown to at most about 1.5 × their share: see ``spread`` and docs/matching.md.
SPREAD_PENALTY = 2.0


def spread(
    total: criteria.Matrix,
    allowed: npt.NDArray[np.bool_],
    capacity: npt.NDArray[np.int64],
    shown: int,
    already: npt.NDArray[np.int64] | None = None,
    penalty: float = SPREAD_PENALTY,
) -> list[list[int]]:
    """Each mentee's suggestions (mentor indices, best score first), spread over the mentors.

    Taken greedily, one mentee at a time in a fixed order (fewest allowed mentors first, then
    their order in the pool), so one popular mentor is not shown to everyone. A mentor's fair
    share is the suggestions to hand out (``shown`` per mentee, plus ``already`` shown ones)
    split in proportion to capacity; for each mentee, a mentor's score is lowered by
    ``penalty × times shown so far / fair share`` before taking the top ``shown``. While some
    mentor is under their share (penalty below ``penalty``), a mentor at ``t`` times their share
    only wins over them with ``penalty × (t - 1)`` less than a score difference (at most 1): so
    no mentor goes much beyond ``1 + 1 / penalty`` times their share. Mentors without capacity
    are not shown. Every mentee gets ``shown`` suggestions when that many mentors are allowed
    for them.
    """
    n, m = total.shape
    times = np.zeros(m) if already is None else already.astype(np.float64)
    open_ = capacity > 0
    if n == 0 or not open_.any():
        return [[] for _i in range(n)]
    to_show = shown * n + times.sum()
    share = np.maximum(to_show * capacity / capacity.sum(), 1e-9)
    candidates = allowed & open_[None, :]
    order = np.lexsort((np.arange(n), candidates.sum(axis=1)))
    picks: list[list[int]] = [[] for _i in range(n)]
    for i in order:
        row = candidates[i]
        k = min(shown, int(row.sum()))
        if not k:
            continue
        adjusted = np.where(row, total[i] - penalty * times / share, -np.inf)
        top = np.argsort(-adjusted, kind="stable")[:k]
        times[top] += 1
        picks[i] = sorted((int(j) for j in top), key=lambda j: (-total[i, j], j))
    return picks


@dataclass(frozen=True)
class Publication:
    suggested: int  # mentees given new suggestions
    kept: int  # mentees who had chosen: their suggestions and choices stand
    without: int  # mentees no mentor could be suggested to


def _settings_in_choice_mode(program: Program, *, lock: bool = False) -> MatchingSettings:
    rows = MatchingSettings.objects.filter(program=program)
    found = (rows.select_for_update() if lock else rows).first()
    if found is None or not found.mentee_choice:
        raise ValidationError(
            _("Mentees do not choose in this program: turn it on in the matching settings first.")
        )
    return found


@transaction.atomic
def suggestions_publish(
    *, program: Program, by: User, wave: Wave | None = None, notify: bool = True
) -> Publication:
    """Give each unmatched mentee of the wave their top suggestions and email them.

    Mentees who already chose keep their suggestions and choices (their mentors count as shown);
    the others get fresh ones, so publishing again takes in new people, freed places and
    mentors' declines. A mentee locked to a mentor gets none. The settings row is locked, so two
    coordinators publishing at once publish one after the other. ``notify=False`` (the demo
    data) sends no email.
    """
    settings = _settings_in_choice_mode(program, lock=True)
    weights, required = selectors.weights_for(program)
    if not any(weights.values()):
        raise NothingToMatch(_("Every criterion weighs zero: give at least one a weight."))
    rules = list(PairRule.objects.filter(program=program))
    locked = {r.mentee_id for r in rules if r.kind == PairRule.Kind.LOCK}
    matched = set(
        Match.objects.filter(program=program, status=Match.Status.ACTIVE).values_list(
            "mentee_id", flat=True
        )
    )
    mentees = [
        m
        for m in selectors.pool(program, Role.MENTEE, wave, None)
        if m.pk not in matched and m.pk not in locked
    ]
    mentors = list(selectors.pool(program, Role.MENTOR, wave, None))
    if not mentors:
        raise NothingToMatch(_("There are no mentors to match with."))
    if not mentees:
        raise NothingToMatch(_("Every mentee is already matched."))
    load = selectors.active_load(mentors)
    lock_load: dict[int, int] = {}
    for rule in rules:
        if rule.kind == PairRule.Kind.LOCK:
            lock_load[rule.mentor_id] = lock_load.get(rule.mentor_id, 0) + 1
    capacities = selectors.capacities_for(mentors, settings.default_capacity)
    capacity = np.array(
        [
            max(0, c - load.get(m.pk, 0) - lock_load.get(m.pk, 0))
            for m, c in zip(mentors, capacities, strict=True)
        ],
        dtype=np.int64,
    )
    if capacity.sum() == 0:
        raise NothingToMatch(_("Every mentor is at full capacity."))

    declined = selectors.declined_pairs(program)
    kept = {e for e, _r in selectors.choice_ranks(program, [m.pk for m in mentees], declined)}
    fresh = [m for m in mentees if m.pk not in kept]
    Suggestion.objects.filter(mentee__in=fresh).delete()
    if not fresh:
        return Publication(suggested=0, kept=len(kept), without=0)
    mentor_index = {m.pk: j for j, m in enumerate(mentors)}
    already = np.zeros(len(mentors), dtype=np.int64)
    for mentor_id, n in (
        Suggestion.objects.filter(mentee_id__in=kept, mentor__in=mentors)
        .values("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    ):
        already[mentor_index[mentor_id]] = n

    scores = pair_scores(
        program=program,
        mentees=fresh,
        mentors=mentors,
        weights=weights,
        required=required,
        rules=rules,
        allow_rematch=settings.allow_rematch,
    )
    allowed = scores.allowed
    if settings.min_score:
        allowed = allowed & (scores.total >= float(settings.min_score))
    picks = spread(scores.total, allowed, capacity, settings.suggestions_shown, already)
    Suggestion.objects.bulk_create(
        Suggestion(
            program=program,
            mentee=fresh[i],
            mentor=mentors[j],
            position=place,
            score=score_decimal(scores.total[i, j]),
            breakdown=scores.breakdown(i, j, weights, required),
            created_by=by,
        )
        for i, row in enumerate(picks)
        for place, j in enumerate(row, start=1)
    )
    url = django_settings.SITE_URL + reverse("matching:choose", args=[program.slug])
    for i, row in enumerate(picks):
        if row and notify:
            person = fresh[i].user
            send_templated_email(
                to=person.email,
                language=person.language,
                template="matching/email/suggestions_ready",
                context={"person": person, "program": program, "count": len(row), "url": url},
            )
    suggested = sum(1 for row in picks if row)
    return Publication(suggested=suggested, kept=len(kept), without=len(fresh) - suggested)


@transaction.atomic
def choices_save(*, mentee: Membership, ranked_mentor_ids: list[int]) -> list[Suggestion]:
    """Store a mentee's ranking of their suggestions: the first id is their first choice.

    Only mentors among their suggestions, and not ones who declined them, may be chosen; the
    ones left out are "not for me". Refused once the mentee has a mentor.
    """
    _settings_in_choice_mode(mentee.program)
    if not ranked_mentor_ids:
        raise ValidationError(_("Choose at least one mentor."))
    if len(set(ranked_mentor_ids)) != len(ranked_mentor_ids):
        raise ValidationError(_("Each mentor can have only one place in your ranking."))
    if Match.objects.filter(mentee=mentee, status=Match.Status.ACTIVE).exists():
        raise ValidationError(_("You already have a mentor in this program."))
    suggestions = {
        s.mentor_id: s
        for s in Suggestion.objects.select_for_update(of=("self",))
        .filter(mentee=mentee)
        .select_related("mentor__user")
    }
    if any(mentor_id not in suggestions for mentor_id in ranked_mentor_ids):
        raise ValidationError(_("You can only choose among your suggestions."))
    declined = set(
        MentorResponse.objects.filter(mentee=mentee, accepted=False).values_list(
            "mentor_id", flat=True
        )
    )
    for mentor_id in ranked_mentor_ids:
        if mentor_id in declined:
            raise ValidationError(
                _("%(mentor)s cannot take you on; choose another mentor.")
                % {"mentor": suggestions[mentor_id].mentor.user.full_name}
            )
    now = timezone.now()
    # Clear first, so the new places never collide with the old ones (one place per mentee).
    Suggestion.objects.filter(mentee=mentee).update(choice=None, chosen_at=None)
    chosen = []
    for place, mentor_id in enumerate(ranked_mentor_ids, start=1):
        suggestion = suggestions[mentor_id]
        suggestion.choice, suggestion.chosen_at = place, now
        chosen.append(suggestion)
    Suggestion.objects.bulk_update(chosen, ["choice", "chosen_at"])
    return chosen


@transaction.atomic
def mentor_respond(
    *, mentor: Membership, mentee_id: int, accept: bool, reason: str = ""
) -> MentorResponse:
    """A mentor accepts, or declines with a reason, a mentee who chose them. A decline keeps the
    pair out of later suggestions and runs; answering again replaces the answer."""
    _settings_in_choice_mode(mentor.program)
    chose = Suggestion.objects.filter(
        mentor=mentor, mentee_id=mentee_id, choice__isnull=False
    ).first()
    if chose is None:
        raise ValidationError(_("This mentee has not chosen you."))
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Say why you decline; only the coordinators read it.")})
    response, _created = MentorResponse.objects.update_or_create(
        mentee_id=mentee_id,
        mentor=mentor,
        defaults={"program": mentor.program, "accepted": accept, "reason": reason},
    )
    return response
