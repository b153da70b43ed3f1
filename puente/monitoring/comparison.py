"""Change per participant and the comparison group.

- **Writes**: inviting the comparison group to a round (``comparison_invite``): the eligible
  applicants of the round's wave who were not selected (waitlisted, which is also where a
  lottery leaves those not drawn), each with a private link to answer without an account
  (``comparison_find``; answering is ``services.round_answer``, as for everyone).
- **Reads**: ``evidence`` gives, for every indicator on answers, the paired change of the people
  who answered both rounds (baseline → midline, baseline → endline) with its 95 % intervals and
  Cohen's d_z, the comparison group's own change, and the difference in differences (mentored
  minus comparison, Welch interval), each as a ``disclosure.Figure`` so that small groups are
  hidden as everywhere, and a sentence in plain words. Whether the comparison is randomized
  (selection by lottery, with its seed) is said with the honest caveat. In three queries for a
  whole program, whatever the number of people.

The statistics themselves are ``monitoring.statistics`` (NumPy).
"""

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from puente.accounts.models import User
from puente.core.emails import send_templated_email
from puente.core.numbers import PERCENTAGE_POINTS, change_unit, format_change, format_number
from puente.core.tokens import new_token, token_hash
from puente.instruments.models import Question
from puente.monitoring import disclosure, statistics
from puente.monitoring.disclosure import Figure
from puente.monitoring.indicators import answers_that_count
from puente.monitoring.models import Indicator, Round, RoundInvitation, RoundKind
from puente.programs.models import Program
from puente.recruitment.models import Application, Lottery

C = Indicator.Computation
CHANGES = [RoundKind.MIDLINE, RoundKind.ENDLINE]

# --- Inviting the comparison group ---------------------------------------------------------------


def candidates(round_: Round) -> QuerySet[Application]:
    """The applicants of the round's wave who were eligible and not selected (waitlisted) in a
    role the round surveys, and not yet invited to it."""
    return (
        Application.objects.filter(
            call__program=round_.program_id,
            call__wave=round_.wave_id,
            status=Application.Status.WAITLISTED,
            role__in=round_.roles,
        )
        .exclude(round_invitations__round=round_)
        .order_by("pk")
    )


def _email(invitation: RoundInvitation, application: Application, token: str) -> None:
    round_ = invitation.round
    path = reverse("monitoring:comparison-answer", args=[token])
    send_templated_email(
        to=application.email,
        language=application.language,
        template="monitoring/email/comparison_invitation",
        context={
            "name": application.full_name,
            "round": round_,
            "program": round_.program,
            "url": f"{settings.SITE_URL}{path}",
        },
    )


@transaction.atomic
def comparison_invite(*, round_: Round, by: User | None, notify: bool = True) -> int:
    """Invite the comparison group (``candidates``) to an open round, once each; each gets an
    email in their language with their private link (not with ``notify`` off, as in the demo).
    Returns how many were invited."""
    from puente.monitoring import indicators

    round_ = (
        Round.objects.select_for_update(of=("self",))
        .select_related("program", "wave")
        .get(pk=round_.pk)
    )
    if not round_.is_open:
        return 0
    invited = 0
    for application in candidates(round_):
        token = new_token()
        invitation = RoundInvitation.objects.create(
            round=round_, comparison=True, application=application, token_hash=token_hash(token)
        )
        invited += 1
        if notify:
            _email(invitation, application, token)
    if invited:
        indicators.invalidate(round_.program_id)
    return invited


def comparison_find(token: str) -> RoundInvitation | None:
    """The comparison invitation a private link opens (None for an unknown link)."""
    return (
        RoundInvitation.objects.filter(comparison=True, token_hash=token_hash(token))
        .select_related("round__program", "round__wave", "round__version", "submission")
        .first()
    )


# --- Change per participant, comparison, difference in differences ------------------------------


@dataclass
class Shown:
    """How a change is written (in the language active when the page is drawn)."""

    kind: str
    unit: str
    places: int

    @property
    def kind_label(self) -> str:
        if self.kind == RoundKind.MIDLINE:
            return _("Baseline → midline")
        return _("Baseline → endline")

    def _interval(self, interval: statistics.Interval | None) -> str:
        return "—" if interval is None else interval_text(interval.low, interval.high, self.places)


@dataclass
class Change(Shown):
    """One group's paired change from baseline to ``kind``."""

    figure: Figure  # the mean change; ``people`` = those who answered both rounds
    stats: statistics.PairedChange
    sentence: str = ""

    @property
    def mean_text(self) -> str:
        return format_change(self.stats.mean, self.unit, self.places)

    @property
    def interval_t(self) -> str:
        return self._interval(self.stats.interval)

    @property
    def interval_bootstrap(self) -> str:
        return self._interval(self.stats.bootstrap)

    @property
    def effect_text(self) -> str:
        size = self.stats.effect_size
        return "—" if size is None else format_number(size, 2)


@dataclass
class Difference(Shown):
    """Mentored change minus comparison change from baseline to ``kind``."""

    figure: Figure
    stats: statistics.Difference
    sentence: str = ""

    @property
    def difference_text(self) -> str:
        return format_change(self.stats.difference, self.unit, self.places)

    @property
    def interval_t(self) -> str:
        return self._interval(self.stats.interval)


@dataclass
class Design:
    randomized: bool
    seeds: list[int]
    caveat: str


@dataclass
class Evidence:
    indicator: Indicator
    changes: list[Change] = field(default_factory=list)
    comparison: list[Change] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    design: Design | None = None

    @property
    def rows(self) -> list[tuple[str, Change]]:
        return [("mentored", c) for c in self.changes] + [
            ("comparison", c) for c in self.comparison
        ]

    @property
    def has_data(self) -> bool:
        return any(c.figure.has_data for c in (*self.changes, *self.comparison))


def _places(indicator: Indicator) -> int:
    return 2 if indicator.computation == C.ANSWER_SUM else 1


def _unit(indicator: Indicator, scale: tuple[int, int] | None = None) -> str:
    """The unit of a change: percentage points for a share, points for a scale's mean (its
    own unit reads "out of 5"), else the indicator's."""
    if indicator.computation == C.ANSWER_SHARE_YES:
        return PERCENTAGE_POINTS
    if scale is not None and indicator.computation == C.ANSWER_MEAN:
        # Translators: the unit of a change on a rating scale: "+0,9 pts".
        return pgettext("unit", "pts")
    return change_unit(indicator.shown_unit)


def interval_text(low: float, high: float, places: int = 1) -> str:
    """A 95 % interval as people read it: "0,8–1,4", or "−0,8 to 0,4" across zero or below."""
    values = {"low": format_number(low, places), "high": format_number(high, places)}
    if low >= 0:
        return f"{values['low']}–{values['high']}"
    # Translators: a confidence interval whose ends have signs: "−0,8 a 0,4".
    return _("%(low)s to %(high)s") % values


def _change_sentence(indicator: Indicator, change: Change, scale: tuple[int, int] | None) -> str:
    if change.figure.hidden is not None:
        return _(
            "Change per participant hidden: fewer than %(n)s people answered both rounds "
            "(appears when %(n)s do)."
        ) % {"n": disclosure.MIN_PEOPLE}
    stats = change.stats
    if not stats.n:
        return ""
    places = _places(indicator)
    size = abs(stats.mean)
    rounded = float(Decimal(str(size)).quantize(Decimal(1).scaleb(-places)))
    values = {
        "name": indicator.shown_name,
        "n": format_number(stats.n, 0),
        "interval": interval_text(stats.interval.low, stats.interval.high, places)
        if stats.interval
        else "—",
    }
    if rounded == 0:
        return _("%(name)s did not change on average (95%% CI %(interval)s), n = %(n)s.") % values
    up = stats.mean > 0
    if indicator.computation == C.ANSWER_SHARE_YES:
        values["change"] = format_number(size, places)
        text = (
            _("%(name)s rose %(change)s percentage points (95%% CI %(interval)s), n = %(n)s.")
            if up
            else _("%(name)s fell %(change)s percentage points (95%% CI %(interval)s), n = %(n)s.")
        )
        return text % values
    if scale is not None and indicator.computation == C.ANSWER_MEAN:
        values["change"] = format_number(size, places)
        values["points"] = format_number(scale[1] - scale[0] + 1, 0)
        one = 1 if rounded == 1 else 2  # "1 point", "1.5 points"
        text = (
            ngettext(
                "%(name)s rose %(change)s point on a %(points)s-point scale (95%% CI "
                "%(interval)s), n = %(n)s.",
                "%(name)s rose %(change)s points on a %(points)s-point scale (95%% CI "
                "%(interval)s), n = %(n)s.",
                one,
            )
            if up
            else ngettext(
                "%(name)s fell %(change)s point on a %(points)s-point scale (95%% CI "
                "%(interval)s), n = %(n)s.",
                "%(name)s fell %(change)s points on a %(points)s-point scale (95%% CI "
                "%(interval)s), n = %(n)s.",
                one,
            )
        )
        return text % values
    values["change"] = format_change(size, _unit(indicator, scale), places).lstrip("+")
    text = (
        _("%(name)s rose %(change)s (95%% CI %(interval)s), n = %(n)s.")
        if up
        else _("%(name)s fell %(change)s (95%% CI %(interval)s), n = %(n)s.")
    )
    return text % values


def _difference_sentence(
    indicator: Indicator, difference: Difference, scale: tuple[int, int] | None
) -> str:
    if difference.figure.hidden is not None:
        return _(
            "Difference in differences hidden: the mentored or the comparison group has fewer "
            "than %(n)s people who answered both rounds."
        ) % {"n": disclosure.MIN_PEOPLE}
    stats = difference.stats
    places = _places(indicator)
    return _(
        "Mentored participants' change minus the comparison group's: %(difference)s (95%% CI "
        "%(interval)s, Welch), n = %(n)s mentored and %(m)s in the comparison group."
    ) % {
        "difference": format_change(stats.difference, _unit(indicator, scale), places),
        "interval": interval_text(stats.interval.low, stats.interval.high, places)
        if stats.interval
        else "—",
        "n": format_number(stats.n, 0),
        "m": format_number(stats.n_other, 0),
    }


def _design(lotteries: list[Lottery], comparison_applications: set[int]) -> Design | None:
    if not comparison_applications:
        return None
    not_drawn: set[int] = set()
    for lottery in lotteries:
        not_drawn |= set(lottery.eligible) - set(lottery.selected)
    if lotteries and comparison_applications <= not_drawn:
        seeds = sorted({lottery.seed for lottery in lotteries})
        return Design(
            True,
            seeds,
            _(
                "Randomized: selected by lottery, seed %(seeds)s, among eligible applicants; "
                "the comparison group are those not drawn. The difference estimates what "
                "mentoring changed, within its interval."
            )
            % {"seeds": ", ".join(str(seed) for seed in seeds)},
        )
    return Design(
        False,
        [],
        _(
            "Not randomized: the comparison group are eligible applicants who were not "
            "selected (waitlisted). They may differ from the participants in ways these "
            "figures do not show, so read the difference as an indication, not as proof of "
            "what mentoring changed."
        ),
    )


def _value(computation: str, number: Any, boolean: Any) -> float | None:
    if computation == C.ANSWER_SHARE_YES:
        return None if boolean is None else (100.0 if boolean else 0.0)
    return None if number is None else float(number)


def _scales(program: Program, keys: set[str]) -> dict[str, tuple[int, int]]:
    scales: dict[str, tuple[int, int]] = {}
    rows = (
        Question.objects.filter(version__rounds__program=program, key__in=keys, type="scale")
        .values_list("key", "scale")
        .distinct()
    )
    bounds = {"1-5": (1, 5), "0-10": (0, 10), "nps": (0, 10)}
    for key, scale in rows:
        if scale in bounds:
            scales[key] = bounds[scale]
    return scales


def _figure(stats: statistics.PairedChange, places: int) -> Figure:
    value = None if not stats.n else Decimal(str(round(stats.mean, places + 2)))
    return Figure(value, stats.n)


def evidence(program: Program, indicators: Iterable[Indicator]) -> dict[int, Evidence]:
    """The paired change (and comparison) of every indicator on answers, by indicator id."""
    on_answers = [i for i in indicators if i.is_on_answers and i.question_key]
    if not on_answers:
        return {}
    keys = {i.question_key for i in on_answers}
    invitation = "submission__round_invitation__"
    rows = (
        answers_that_count(program.pk, comparison=None)
        .filter(question__key__in=keys)
        .filter(Q(number__isnull=False) | Q(boolean__isnull=False))
        .values_list(
            "question__key",
            f"{invitation}round__kind",
            f"{invitation}round__wave_id",
            f"{invitation}comparison",
            f"{invitation}user_id",
            f"{invitation}application_id",
            f"{invitation}membership__role",
            f"{invitation}application__role",
            "number",
            "boolean",
        )
        .order_by()
    )
    # key → [(kind, wave, comparison, person, role, number, boolean)]
    answers: dict[str, list[tuple[Any, ...]]] = {}
    comparison_applications: set[int] = set()
    for key, kind, wave, comparison, user, application, role, app_role, number, boolean in rows:
        person = application if comparison else user
        answers.setdefault(key, []).append(
            (kind, wave, comparison, person, app_role if comparison else role, number, boolean)
        )
        if comparison:
            comparison_applications.add(application)
    scales = _scales(program, keys)
    design = _design(
        list(Lottery.objects.filter(call__program=program).order_by("pk")),
        comparison_applications,
    )
    result: dict[int, Evidence] = {}
    for indicator in on_answers:
        # (comparison, wave, person) → {kind: value}
        people: dict[tuple[bool, int, int], dict[str, float]] = {}
        for kind, wave, comparison, person, role, number, boolean in answers.get(
            indicator.question_key, []
        ):
            if indicator.role and role != indicator.role:
                continue
            value = _value(indicator.computation, number, boolean)
            if value is not None:
                people.setdefault((comparison, wave, person), {})[kind] = value
        item = Evidence(indicator=indicator)
        places = _places(indicator)
        scale = scales.get(indicator.question_key)
        figures: list[Figure] = []
        relations: list[disclosure.Relation] = []
        for kind in CHANGES:
            groups: dict[bool, statistics.PairedChange] = {}
            for comparison in (False, True):
                changes = [
                    values[kind] - values[RoundKind.BASELINE]
                    for (group, _wave, _person), values in sorted(people.items())
                    if group is comparison and kind in values and RoundKind.BASELINE in values
                ]
                groups[comparison] = statistics.change_of(changes)
            unit = _unit(indicator, scale)
            mentored = Change(kind, unit, places, _figure(groups[False], places), groups[False])
            item.changes.append(mentored)
            figures.append(mentored.figure)
            if groups[True].n:
                other = Change(kind, unit, places, _figure(groups[True], places), groups[True])
                item.comparison.append(other)
                difference = statistics.welch_difference(
                    groups[False].changes, groups[True].changes
                )
                if groups[False].n and not math.isnan(difference.difference):
                    did = Difference(
                        kind,
                        unit,
                        places,
                        Figure(
                            Decimal(str(round(difference.difference, places + 2))),
                            min(groups[False].n, groups[True].n),
                        ),
                        difference,
                    )
                    item.differences.append(did)
                    relations.append(disclosure.derives(did.figure, mentored.figure, other.figure))
                figures.append(other.figure)
        disclosure.protect(figures, relations)
        for change in (*item.changes, *item.comparison):
            change.sentence = _change_sentence(indicator, change, scale)
        for did in item.differences:
            did.sentence = _difference_sentence(indicator, did, scale)
        item.changes = [c for c in item.changes if c.stats.n]
        item.design = design if item.comparison else None
        result[indicator.pk] = item
    return result


# Part of the cache key: evidence cached in another shape is not read back.
CACHE_FORMAT = 1


def cached_evidence(program: Program, indicators: Iterable[Indicator]) -> dict[int, Evidence]:
    """``evidence``, kept in the shared cache like the indicators' figures
    (``indicators.program_results``): under the same version, which answers, rounds and
    invitations replace, for ``INDICATORS_CACHE_SECONDS``, per language (its sentences)."""
    from puente.monitoring.indicators import _version_key

    indicators = list(indicators)
    seconds = settings.INDICATORS_CACHE_SECONDS
    if not indicators or seconds <= 0:
        return evidence(program, indicators)
    version = cache.get(_version_key(program.pk)) or "0"
    signature = repr(
        (
            [(i.pk, i.updated_at.isoformat()) for i in indicators],
            CACHE_FORMAT,
            translation.get_language(),
        )
    )
    digest = hashlib.sha256(signature.encode()).hexdigest()[:32]
    key = f"evidence:{program.pk}:{version}:{digest}"
    found: dict[int, Evidence] | None = cache.get(key)
    if found is None:
        found = evidence(program, indicators)
        cache.set(key, found, timeout=seconds)
    live = {indicator.pk: indicator for indicator in indicators}
    for item in found.values():
        item.indicator = live[item.indicator.pk]  # the live object, not a pickled copy
    return found


def attach(program: Program, results: Iterable[Any]) -> None:
    """Give each indicator result (``indicators.Result``) its ``evidence`` (None for an
    indicator on activity)."""
    results = list(results)
    found = cached_evidence(program, [result.indicator for result in results])
    for result in results:
        result.evidence = found.get(result.indicator.pk)
