"""Data quality of the M&E rounds: the checks, the rules' and flags' services, and what the pages
read about them.

Rules belong to a round (``QualityRule``): a round gets default rules from its questions' types
when it opens (``rules_default``: a required question must be answered; a number stays within
its question's bounds, is not an outlier beyond 3 median absolute deviations and does not rise
or fall more than 100 times from the wave's baseline; the round looks for duplicate people and
straight-liners), and coordinators add, change or remove rules on the data-quality page.

The checks (``check``) run on one person's answer when it is submitted (``response_check``:
everything but outliers, which need the whole round) and on a whole round in a background task
(``round_check``, from the page's button, when the round closes, and daily for open rounds).
Each finding is a ``QualityFlag`` with a fingerprint, so running the checks again creates
nothing twice; an open flag whose problem is gone is removed, a decided one is kept.

An open flag, or one resolved without a corrected value, leaves its answer out of the
indicators (the whole answer for a duplicate or a straight-liner: ``left_out_answers``); every
indicator says how many answers it left out and why (``annotate_left_out``).
"""

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from puente.accounts.models import User
from puente.core.numbers import format_number
from puente.instruments import registry
from puente.instruments.models import Answer, Question, QuestionType
from puente.monitoring import indicators
from puente.monitoring.models import Round, RoundInvitation, RoundKind
from puente.monitoring.quality_models import QualityFlag, QualityRule
from puente.programs.models import Program

R = QualityRule.Kind
F = QualityFlag.Kind
S = QualityFlag.Status

# Defaults of the rules' parameters.
ACROSS_ROUNDS_FACTOR = Decimal(100)
OUTLIER_MADS = Decimal(3)
STRAIGHT_LINING_ITEMS = Decimal(5)
# Outliers are looked for only among this many answers or more.
OUTLIER_MIN_ANSWERS = 5
# The median absolute deviation of a normal distribution is 0.6745 of its standard deviation.
MAD_SCALE = 1.4826
NUMERIC = (QuestionType.NUMBER, QuestionType.SCALE)
GRID_TYPES = (QuestionType.SCALE, QuestionType.SINGLE_CHOICE)
# The order in which a left-out answer's reason is told when it has several.
REASONS = [F.DUPLICATE, F.STRAIGHT_LINING, F.OUT_OF_RANGE, F.INCONSISTENT, F.OUTLIER]


def leaving_out() -> Q:
    """The flags that leave their answer out: open, or resolved without a corrected value."""
    return Q(status=S.OPEN) | Q(status=S.RESOLVED, corrected_value__isnull=True)


def left_out_answers() -> Q:
    """A filter on ``Answer``: the answers a flag leaves out of the indicators."""
    flags = QualityFlag.objects.filter(leaving_out())
    return Q(Exists(flags.filter(answer=OuterRef("pk")))) | Q(
        Exists(
            flags.filter(
                kind__in=QualityFlag.WHOLE_RESPONSE, invitation__submission=OuterRef("submission")
            )
        )
    )


# --- Rules --------------------------------------------------------------------------------------


def _default_rules(round_: Round, questions: Iterable[Question]) -> list[QualityRule]:
    rules = [
        QualityRule(round=round_, kind=R.DUPLICATE),
        QualityRule(round=round_, kind=R.STRAIGHT_LINING, factor=STRAIGHT_LINING_ITEMS),
    ]
    for question in questions:
        if question.required:
            rules.append(QualityRule(round=round_, kind=R.REQUIRED, question_key=question.key))
        if question.type != QuestionType.NUMBER:
            continue
        if question.min_value is not None or question.max_value is not None:
            rules.append(
                QualityRule(
                    round=round_,
                    kind=R.RANGE,
                    question_key=question.key,
                    min_value=question.min_value,
                    max_value=question.max_value,
                )
            )
        rules.append(
            QualityRule(
                round=round_, kind=R.OUTLIER, question_key=question.key, factor=OUTLIER_MADS
            )
        )
        if round_.kind != RoundKind.BASELINE:
            rules.append(
                QualityRule(
                    round=round_,
                    kind=R.ACROSS_ROUNDS,
                    question_key=question.key,
                    factor=ACROSS_ROUNDS_FACTOR,
                )
            )
    return rules


@transaction.atomic
def rules_default(*, round_: Round) -> int:
    """Give a round the rules its questions' types call for; those it has stay as they are.
    Returns the number of rules added."""
    questions = list(round_.version.questions.order_by("position", "pk"))
    have = set(round_.quality_rules.values_list("kind", "question_key", "other_key"))
    new = [
        rule
        for rule in _default_rules(round_, questions)
        if (rule.kind, rule.question_key, rule.other_key) not in have
    ]
    QualityRule.objects.bulk_create(new)
    return len(new)


RULE_FIELDS = [
    "kind",
    "question_key",
    "other_key",
    "comparison",
    "min_value",
    "max_value",
    "factor",
]


def _rule_clean(rule: QualityRule, keys: dict[str, Question]) -> None:
    errors: dict[str, Any] = {}
    if rule.kind in QualityRule.ON_QUESTION:
        if rule.question_key not in keys:
            errors["question_key"] = _("Choose a question of this round's survey.")
        elif rule.kind in (R.RANGE, R.ACROSS_ROUNDS, R.OUTLIER, R.CONSISTENCY) and (
            keys[rule.question_key].type not in NUMERIC
        ):
            errors["question_key"] = _("This rule needs a number or scale question.")
    else:
        rule.question_key = ""
    if rule.kind in QualityRule.WITH_OTHER:
        if rule.other_key not in keys or rule.other_key == rule.question_key:
            errors["other_key"] = _("Choose another question of this round's survey.")
        elif rule.kind == R.CONSISTENCY and keys[rule.other_key].type not in NUMERIC:
            errors["other_key"] = _("This rule needs a number or scale question.")
    else:
        rule.other_key = ""
    if rule.kind == R.CONSISTENCY:
        if not rule.comparison:
            errors["comparison"] = _("Choose how the two answers compare.")
    else:
        rule.comparison = ""
    if rule.kind == R.RANGE:
        if rule.min_value is None and rule.max_value is None:
            errors["min_value"] = _("Give a minimum, a maximum or both.")
        elif (
            rule.min_value is not None
            and rule.max_value is not None
            and rule.min_value > rule.max_value
        ):
            errors["max_value"] = _("The maximum must not be below the minimum.")
    else:
        rule.min_value = rule.max_value = None
    if rule.kind == R.ACROSS_ROUNDS and (rule.factor is None or rule.factor <= 1):
        errors["factor"] = _("Give a factor above 1 (e.g. 100).")
    elif rule.kind == R.OUTLIER and (rule.factor is None or rule.factor <= 0):
        errors["factor"] = _("Give a number of deviations above 0 (e.g. 3).")
    elif rule.kind == R.STRAIGHT_LINING and (
        rule.factor is None or rule.factor < 2 or rule.factor != int(rule.factor)
    ):
        errors["factor"] = _("Give a whole number of items, 2 or more (e.g. 5).")
    elif rule.kind not in (R.ACROSS_ROUNDS, R.OUTLIER, R.STRAIGHT_LINING):
        rule.factor = None
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def rule_save(
    *, round_: Round, data: dict[str, Any], by: User | None, rule: QualityRule | None = None
) -> QualityRule:
    """Add a rule to a round, or change one; the round is checked again after the commit.
    Adding a rule of a kind the question already has changes that rule's parameters."""
    if rule is None:
        rule = QualityRule.objects.filter(
            round=round_,
            kind=data.get("kind", ""),
            question_key=data.get("question_key") or "",
            other_key=data.get("other_key") or "",
        ).first() or QualityRule(round=round_, created_by=by)
    for name in RULE_FIELDS:
        if name in data:
            value = data[name]
            numeric = name in ("min_value", "max_value", "factor")
            setattr(rule, name, value if value is not None or numeric else "")
    if rule.factor is None and rule.kind in (R.ACROSS_ROUNDS, R.OUTLIER, R.STRAIGHT_LINING):
        defaults: dict[str, Decimal] = {
            R.ACROSS_ROUNDS: ACROSS_ROUNDS_FACTOR,
            R.OUTLIER: OUTLIER_MADS,
            R.STRAIGHT_LINING: STRAIGHT_LINING_ITEMS,
        }
        rule.factor = defaults[rule.kind]
    keys = {q.key: q for q in round_.version.questions.all()}
    _rule_clean(rule, keys)
    rule.full_clean()
    rule.save()
    # Flags this rule raised under other parameters are found again, or removed, by the check.
    check_later(round_)
    return rule


@transaction.atomic
def rule_delete(*, rule: QualityRule) -> None:
    """Remove a rule and the open flags it raised (decided ones stay, with their decision)."""
    round_ = rule.round
    removed, _counts = rule.flags.filter(status=S.OPEN).delete()
    rule.delete()
    if removed:
        indicators.invalidate(round_.program_id)


def check_later(round_: Round) -> None:
    """Check the whole round in the background once the transaction commits."""
    from puente.monitoring.quality_tasks import quality_check_task

    round_id = round_.pk
    transaction.on_commit(lambda: quality_check_task.enqueue(round_id))


# --- The checks ---------------------------------------------------------------------------------


@dataclass
class Finding:
    kind: str
    invitation_id: int
    fingerprint: str
    rule: QualityRule | None = None
    answer_id: int | None = None
    question_key: str = ""
    value: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Response:
    invitation: RoundInvitation
    answers: dict[str, Answer]

    def value(self, key: str) -> Any:
        answer = self.answers.get(key)
        return None if answer is None else registry.of(answer.question).value(answer)


def _has_value(value: Any) -> bool:
    """An answer that makes another required: given, and not "no", 0 or empty."""
    return not registry.is_empty(value) and value is not False and value != 0


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)[:200]


COMPARE = {
    "lte": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
    "gte": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "eq": lambda a, b: a == b,
}


Person = tuple[str, int | None]


def _person(invitation: RoundInvitation) -> Person:
    """Who answered, across rounds: a member by account, the comparison group by application."""
    if invitation.user_id is not None:
        return ("user", invitation.user_id)
    return ("application", invitation.application_id)


def _on_response(rule: QualityRule, response: Response, before: dict[Person, Any]) -> list[Finding]:
    invitation = response.invitation
    key = rule.question_key
    answer = response.answers.get(key)
    value = response.value(key)
    mark = f"{rule.kind}:{key}:{rule.other_key}:{invitation.pk}"

    def found(kind: str, **detail: Any) -> Finding:
        return Finding(
            kind=kind,
            invitation_id=invitation.pk,
            fingerprint=mark,
            rule=rule,
            answer_id=answer.pk if answer else None,
            question_key=key,
            value="" if value is None else _text(value),
            detail={k: _text(v) if isinstance(v, Decimal) else v for k, v in detail.items()},
        )

    if rule.kind == R.REQUIRED and registry.is_empty(value):
        return [found(F.MISSING)]
    if rule.kind == R.REQUIRED_IF:
        other = response.value(rule.other_key)
        if registry.is_empty(value) and _has_value(other):
            return [found(F.MISSING, other=rule.other_key)]
        return []
    if not isinstance(value, Decimal):
        return []
    if rule.kind == R.RANGE:
        low, high = rule.min_value, rule.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            return [found(F.OUT_OF_RANGE, min=low, max=high)]
    elif rule.kind == R.CONSISTENCY:
        other = response.value(rule.other_key)
        if isinstance(other, Decimal) and not COMPARE[rule.comparison](value, other):
            return [
                found(
                    F.INCONSISTENT,
                    other=rule.other_key,
                    other_value=other,
                    comparison=rule.get_comparison_display(),
                )
            ]
    elif rule.kind == R.ACROSS_ROUNDS and rule.factor:
        earlier = before.get(_person(invitation))
        # A ratio needs two positive values: from or to 0 it is not a multiple.
        if isinstance(earlier, Decimal) and earlier > 0 and value > 0:
            ratio = value / earlier
            if ratio > rule.factor or ratio < 1 / rule.factor:
                return [found(F.INCONSISTENT, before=earlier, factor=rule.factor)]
    return []


def grid_blocks(questions: list[Question], least: int) -> list[list[Question]]:
    """Runs of ``least`` or more questions in a row that offer the same options: scales of
    the same kind, or single choices with the same options (a grid)."""
    blocks: list[list[Question]] = []
    run: list[Question] = []

    def shape(question: Question) -> Any:
        if question.type == QuestionType.SCALE:
            return ("scale", question.scale)
        if question.type == QuestionType.SINGLE_CHOICE:
            return ("choice", tuple(str(o.get("value")) for o in question.choices))
        return None

    for question in [*questions, None]:
        if question is not None and run and shape(question) == shape(run[0]):
            run.append(question)
            continue
        if len(run) >= least:
            blocks.append(run)
        run = [question] if question is not None and shape(question) is not None else []
    return blocks


def _straight_lining(
    rule: QualityRule, response: Response, blocks: list[list[Question]]
) -> list[Finding]:
    findings = []
    for block in blocks:
        values = [response.value(q.key) for q in block]
        if any(registry.is_empty(v) for v in values) or len({_text(v) for v in values}) > 1:
            continue
        first = block[0]
        findings.append(
            Finding(
                kind=F.STRAIGHT_LINING,
                invitation_id=response.invitation.pk,
                fingerprint=f"{rule.kind}:{first.key}:{response.invitation.pk}",
                rule=rule,
                question_key=first.key,
                value=registry.value_text(first, values[0]),
                detail={"items": len(block), "last": block[-1].key},
            )
        )
    return findings


def _plain(text: str) -> str:
    """A name or email as people type it in different ways: no accents, case, punctuation."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9@]+", " ", text.lower()).strip()


def _email(email: str) -> str:
    local, _at, domain = (email or "").lower().strip().partition("@")
    return f"{local.split('+')[0]}@{domain}"


def _duplicates(rule: QualityRule, round_: Round, scope: set[int] | None) -> list[Finding]:
    """The people answering the round twice under two accounts: the same email (ignoring case
    and a +tag), the same full name in the same city, or the same business. The first to
    answer is kept; each later answer is flagged."""
    answered = list(
        RoundInvitation.objects.filter(round=round_, answered_at__isnull=False)
        .select_related("user__business")
        .order_by("answered_at", "pk")
    )
    first: dict[tuple[str, str], RoundInvitation] = {}
    findings: list[Finding] = []
    for invitation in answered:
        user = invitation.user
        if user is None:
            # The comparison group answers by a private link, one invitation per application.
            continue
        business = getattr(user, "business", None)
        keys = [("email", _email(user.email))]
        if _plain(user.full_name):
            keys.append(("name", f"{_plain(user.full_name)}|{_plain(user.city)}"))
        if business is not None and _plain(business.legal_name):
            # Spaces and dots dropped too: "S.A.S." and "SAS" are the same business.
            keys.append(("business", _plain(business.legal_name).replace(" ", "")))
        match = next(((k[0], first[k]) for k in keys if k in first), None)
        for k in keys:
            first.setdefault(k, invitation)
        if match is None or (scope is not None and invitation.pk not in scope):
            continue
        how, other = match
        findings.append(
            Finding(
                kind=F.DUPLICATE,
                invitation_id=invitation.pk,
                fingerprint=f"{rule.kind}::{invitation.pk}",
                rule=rule,
                # The other answer's invitation, not the person's name: an erased person's
                # name must not stay behind in another's flag (the page reads it live).
                detail={"by": how, "other": other.pk},
            )
        )
    return findings


def _outliers(rule: QualityRule, responses: list[Response]) -> list[Finding]:
    """Numbers farther from the median than ``factor`` median absolute deviations (scaled to
    a standard deviation); with no deviation (most answers equal), beyond the interquartile
    fences as far out (Q1 − k·IQR, Q3 + k·IQR); with neither, none.

    Amounts that are never negative (sales, employees) are skewed and often 0 ("none"): they
    are judged on a log scale among the positive answers, and 0 is never an outlier; a question
    with negative answers is judged as it is."""
    points = [
        (response, response.value(rule.question_key))
        for response in responses
        if isinstance(response.value(rule.question_key), Decimal)
    ]
    logarithmic = bool(points) and all(value >= 0 for _r, value in points)
    if logarithmic:
        points = [(r, value) for r, value in points if value > 0]
    if len(points) < OUTLIER_MIN_ANSWERS or not rule.factor:
        return []
    values = np.array([float(v) for _r, v in points])
    if logarithmic:
        values = np.log10(values)
    k = float(rule.factor)
    median = float(np.median(values))
    mad = float(np.median(np.abs(values - median))) * MAD_SCALE
    if mad > 0:
        low, high = median - k * mad, median + k * mad
    else:
        q1, q3 = (float(x) for x in np.percentile(values, [25, 75]))
        if q3 == q1:
            return []
        low, high = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
    middle = float(np.median([float(v) for _r, v in points]))
    findings = []
    for (response, value), scaled in zip(points, values, strict=True):
        if low <= float(scaled) <= high:
            continue
        answer = response.answers[rule.question_key]
        findings.append(
            Finding(
                kind=F.OUTLIER,
                invitation_id=response.invitation.pk,
                fingerprint=f"{rule.kind}:{rule.question_key}::{response.invitation.pk}",
                rule=rule,
                answer_id=answer.pk,
                question_key=rule.question_key,
                value=_text(value),
                detail={"median": _text(Decimal(str(round(middle, 2))))},
            )
        )
    return findings


def _earlier_values(
    round_: Round, keys: set[str], people: set[Person]
) -> dict[str, dict[Person, Any]]:
    """For the across-rounds rules: the same people's numbers in the wave's baseline round."""
    if not keys or round_.kind == RoundKind.BASELINE:
        return {}
    users = {pk for kind, pk in people if kind == "user"}
    applications = {pk for kind, pk in people if kind == "application"}
    values: dict[str, dict[Person, Any]] = defaultdict(dict)
    invitation = "submission__round_invitation__"
    rows = Answer.objects.filter(
        Q(**{f"{invitation}user__in": users}) | Q(**{f"{invitation}application__in": applications}),
        **{
            f"{invitation}round__wave": round_.wave_id,
            f"{invitation}round__kind": RoundKind.BASELINE,
            "question__key__in": keys,
            "number__isnull": False,
        },
    ).values_list("question__key", f"{invitation}user", f"{invitation}application", "number")
    for key, user, application, number in rows:
        person: Person = ("user", user) if user is not None else ("application", application)
        values[key][person] = number
    return values


def find(round_: Round, *, invitation: RoundInvitation | None = None) -> list[Finding]:
    """What the round's rules find in its answers (``invitation``: in that one answer only;
    outliers need the whole round and are looked for only then)."""
    rules = list(round_.quality_rules.all())
    questions = list(round_.version.questions.order_by("position", "pk"))
    invitations = RoundInvitation.objects.filter(round=round_, answered_at__isnull=False)
    if invitation is not None:
        invitations = invitations.filter(pk=invitation.pk)
    invitations = invitations.select_related("submission")
    by_submission = {i.submission_id: Response(i, {}) for i in invitations if i.submission_id}
    answers = (
        Answer.objects.filter(submission__in=list(by_submission))
        .select_related("question")
        .prefetch_related("chosen")
    )
    for answer in answers:
        by_submission[answer.submission_id].answers[answer.question.key] = answer
    responses = list(by_submission.values())
    people = {_person(r.invitation) for r in responses}
    across = {r.question_key for r in rules if r.kind == R.ACROSS_ROUNDS}
    before = _earlier_values(round_, across, people)
    scope = None if invitation is None else {invitation.pk}
    findings: list[Finding] = []
    for rule in rules:
        if rule.kind == R.DUPLICATE:
            findings += _duplicates(rule, round_, scope)
        elif rule.kind == R.STRAIGHT_LINING:
            blocks = grid_blocks(questions, int(rule.factor or STRAIGHT_LINING_ITEMS))
            for response in responses:
                findings += _straight_lining(rule, response, blocks)
        elif rule.kind == R.OUTLIER:
            if invitation is None:
                findings += _outliers(rule, responses)
        else:
            for response in responses:
                findings += _on_response(rule, response, before.get(rule.question_key, {}))
    return findings


def _store(round_: Round, findings: list[Finding], flags: QuerySet[QualityFlag]) -> int:
    """Make the stored flags (``flags``: those the check looked for) match the findings: new
    ones created, open ones no longer found removed, decided ones kept. Returns the changes."""
    found = {f.fingerprint: f for f in findings}
    stored = {flag.fingerprint: flag for flag in flags}
    gone = [flag.pk for key, flag in stored.items() if key not in found and flag.status == S.OPEN]
    changed = 0
    if gone:
        changed += QualityFlag.objects.filter(pk__in=gone).delete()[0]
    new = [
        QualityFlag(
            round=round_,
            rule=f.rule,
            invitation_id=f.invitation_id,
            answer_id=f.answer_id,
            kind=f.kind,
            question_key=f.question_key,
            fingerprint=f.fingerprint,
            value=f.value,
            detail=f.detail,
        )
        for key, f in found.items()
        if key not in stored
    ]
    QualityFlag.objects.bulk_create(new)
    changed += len(new)
    for key, f in found.items():
        flag = stored.get(key)
        if (
            flag is not None
            and flag.status == S.OPEN
            and (flag.value, flag.detail)
            != (
                f.value,
                f.detail,
            )
        ):
            flag.value, flag.detail, flag.answer_id = f.value, f.detail, f.answer_id
            flag.save(update_fields=["value", "detail", "answer", "updated_at"])
            changed += 1
    if changed:
        indicators.invalidate(round_.program_id)
    return changed


@transaction.atomic
def response_check(*, invitation: RoundInvitation) -> int:
    """Check one person's answer to a round, as it is submitted (in its transaction): every
    rule but outliers. Returns the number of flags added, removed or changed."""
    round_ = invitation.round
    findings = find(round_, invitation=invitation)
    flags = QualityFlag.objects.filter(round=round_, invitation=invitation).exclude(kind=F.OUTLIER)
    return _store(round_, findings, flags)


@transaction.atomic
def round_check(*, round_: Round) -> int:
    """Check every answer of a round against its rules. The round is locked meanwhile (answers
    wait), so a check and an answer do not cross. Returns the flags added, removed or changed."""
    round_ = (
        Round.objects.select_for_update(of=("self",))
        .select_related("wave", "version")
        .get(pk=round_.pk)
    )
    if not round_.quality_rules.exists():
        rules_default(round_=round_)
    return _store(round_, find(round_), QualityFlag.objects.filter(round=round_))


def open_rounds_check() -> int:
    """Check every open round (the daily run); returns the changes."""
    return sum(
        round_check(round_=round_) for round_ in Round.objects.filter(status=Round.Status.OPEN)
    )


# --- Deciding on a flag -------------------------------------------------------------------------


@transaction.atomic
def flag_decide(
    *,
    flag: QualityFlag,
    status: str,
    note: str,
    by: User | None,
    corrected_value: Decimal | None = None,
    now: dt.datetime | None = None,
) -> QualityFlag:
    """Resolve a flag (with a corrected value the answer takes it and counts again; without
    one it stays out of the indicators) or accept it (the answer counts as it is), with a note,
    recording who and when. Deciding again the same way changes nothing; a flag decided
    otherwise is not changed."""
    flags = QualityFlag.objects.select_for_update(of=("self",)).select_related(
        "answer__question", "round"
    )
    flag = flags.get(pk=flag.pk)
    note = (note or "").strip()
    if status not in (S.RESOLVED, S.ACCEPTED):
        raise ValidationError({"status": _("Choose to resolve or to accept the flag.")})
    if not note:
        raise ValidationError({"note": _("Say in a note what you found or did.")})
    if corrected_value is not None:
        if status != S.RESOLVED:
            raise ValidationError(
                {"corrected_value": _("A corrected value goes with resolving, not accepting.")}
            )
        if flag.answer is None or flag.answer.question.type not in NUMERIC:
            raise ValidationError(
                {"corrected_value": _("Only a number answer can take a corrected value.")}
            )
    if flag.status != S.OPEN:
        if (flag.status, flag.note, flag.corrected_value) == (status, note, corrected_value):
            return flag
        raise ValidationError(
            _("This flag was already decided (%(status)s) by %(who)s.")
            % {"status": flag.get_status_display(), "who": flag.decided_by or "—"}
        )
    flag.status, flag.note, flag.corrected_value = status, note, corrected_value
    flag.decided_by, flag.decided_at = by, now or timezone.now()
    flag.full_clean()
    flag.save()
    if corrected_value is not None and flag.answer is not None:
        flag.answer.number = corrected_value
        flag.answer.save(update_fields=["number"])
    indicators.invalidate(flag.round.program_id)
    return flag


# --- Reads --------------------------------------------------------------------------------------


def round_flags(round_: Round) -> QuerySet[QualityFlag]:
    """A round's flags for its data-quality page, open first (names: coordinators only)."""
    return (
        QualityFlag.objects.filter(round=round_)
        .select_related("invitation__user", "invitation__application", "rule", "decided_by")
        .annotate(decided=Case(When(status=S.OPEN, then=Value(0)), default=Value(1)))
        .order_by(
            # Open first, then those decided.
            "decided",
            "kind",
            "question_key",
            "invitation__user__full_name",
            "pk",
        )
    )


def duplicate_names(flags: Iterable[QualityFlag]) -> dict[int, str]:
    """The names of the people whose answers the duplicates repeat, in one query."""
    ids = {f.detail.get("other") for f in flags if f.kind == F.DUPLICATE and f.detail}
    # Always one query (an empty list would make none): the page's count stays the same.
    wanted = [i for i in ids if i] or [0]
    rows = RoundInvitation.objects.filter(pk__in=wanted).select_related("user")
    return {invitation.pk: str(invitation.user) for invitation in rows}


KIND_LABELS: dict[str, Any] = {
    F.MISSING: gettext_lazy("missing answer"),
    F.OUT_OF_RANGE: gettext_lazy("out of range"),
    F.INCONSISTENT: gettext_lazy("inconsistent"),
    F.DUPLICATE: gettext_lazy("duplicate"),
    F.STRAIGHT_LINING: gettext_lazy("straight-lining"),
    F.OUTLIER: gettext_lazy("outlier"),
}


def describe(
    flag: QualityFlag, questions: dict[str, Question], names: dict[int, str] | None = None
) -> str:
    """What a flag found, in the reader's language (``names``: the people of the invitations a
    duplicate points at, from ``duplicate_names``)."""
    detail = flag.detail or {}

    def label(key: str) -> str:
        question = questions.get(key)
        return question.display_label if question else key

    def number(text: Any) -> str:
        return format_number(Decimal(str(text))) if text not in (None, "") else "—"

    if flag.kind == F.MISSING:
        if detail.get("other"):
            return _("Not answered, though “%(other)s” was.") % {"other": label(detail["other"])}
        return _("Not answered.")
    if flag.kind == F.OUT_OF_RANGE:
        return _("%(value)s is outside %(min)s to %(max)s.") % {
            "value": number(flag.value),
            "min": number(detail.get("min")),
            "max": number(detail.get("max")),
        }
    if flag.kind == F.INCONSISTENT and "before" in detail:
        return _(
            "%(value)s against %(before)s at the baseline: more than %(factor)s times as much "
            "or as little."
        ) % {
            "value": number(flag.value),
            "before": number(detail["before"]),
            "factor": number(detail.get("factor")),
        }
    if flag.kind == F.INCONSISTENT:
        return _("%(value)s is not %(comparison)s “%(other)s” (%(other_value)s).") % {
            "value": number(flag.value),
            "comparison": detail.get("comparison", ""),
            "other": label(detail.get("other", "")),
            "other_value": number(detail.get("other_value")),
        }
    if flag.kind == F.OUTLIER:
        return _("%(value)s is far from the round's median (%(median)s).") % {
            "value": number(flag.value),
            "median": number(detail.get("median")),
        }
    if flag.kind == F.DUPLICATE:
        how = {
            "email": _("the same email"),
            "name": _("the same name and city"),
            "business": _("the same business"),
        }.get(detail.get("by", ""), "")
        return _("Answered already as %(other)s (%(how)s).") % {
            "other": (names or {}).get(detail.get("other", 0), "—"),
            "how": how,
        }
    if flag.kind == F.STRAIGHT_LINING:
        return _("The same answer (“%(value)s”) to all %(n)s items from “%(first)s”.") % {
            "value": flag.value,
            "n": detail.get("items", ""),
            "first": label(flag.question_key),
        }
    return ""


@dataclass
class Summary:
    """A round's flags by status, and the answers they leave out of the indicators."""

    round: Round
    open: int = 0
    resolved: int = 0
    accepted: int = 0
    left_out: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.open + self.resolved + self.accepted

    @property
    def kinds(self) -> list[tuple[str, int]]:
        return [(str(KIND_LABELS[kind]), n) for kind, n in self.by_kind.items()]


def summaries(program: Program, *, rounds: Iterable[Round] | None = None) -> list[Summary]:
    """Per round of the program: flags open, resolved and accepted, open flags by kind, and
    the answers left out; in three queries whatever the number of rounds and flags. No names."""
    if rounds is None:
        rounds = Round.objects.filter(program=program).select_related("wave")
    result = {round_.pk: Summary(round_) for round_ in rounds}
    rows = (
        QualityFlag.objects.filter(round__in=list(result))
        .values("round_id", "status", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        summary = result[row["round_id"]]
        setattr(summary, row["status"], getattr(summary, row["status"]) + row["n"])
        if row["status"] == S.OPEN:
            summary.by_kind[row["kind"]] = summary.by_kind.get(row["kind"], 0) + row["n"]
    for summary in result.values():
        counted = summary.by_kind
        summary.by_kind = {k: counted[k] for k in [F.MISSING, *REASONS] if k in counted}
    left = (
        Answer.objects.filter(
            left_out_answers(), submission__round_invitation__round__in=list(result)
        )
        .values("submission__round_invitation__round")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in left:
        result[row["submission__round_invitation__round"]].left_out = row["n"]
    return list(result.values())


# --- Indicators: the answers they leave out -----------------------------------------------------


@dataclass
class LeftOut:
    """The answers an indicator left out, and why."""

    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.reasons.values())

    def __str__(self) -> str:
        if not self.total:
            return ""
        parts = ", ".join(f"{KIND_LABELS[kind]} ({n})" for kind, n in self.reasons.items())
        return ngettext(
            "%(n)s answer left out: %(reasons)s",
            "%(n)s answers left out: %(reasons)s",
            self.total,
        ) % {"n": self.total, "reasons": parts}


def _left_out_rows(program: Program, keys: set[str]) -> dict[int, dict[str, Any]]:
    """Every answer of the program's rounds left out by a flag, with its question, role,
    columns and its first reason (``REASONS``); two queries."""
    flags = QualityFlag.objects.filter(leaving_out(), round__program=program)
    answers: dict[int, dict[str, Any]] = {}
    role = "submission__round_invitation__membership__role"
    fields = ("pk", "question__key", role, "number", "boolean")
    own = Answer.objects.filter(
        question__key__in=keys,
        quality_flags__in=flags.filter(answer__isnull=False),
    ).values(*fields, "quality_flags__kind")
    whole = Answer.objects.filter(
        question__key__in=keys,
        submission__round_invitation__flags__in=flags.filter(kind__in=QualityFlag.WHOLE_RESPONSE),
    ).values(*fields, "submission__round_invitation__flags__kind")
    for row in [*own, *whole]:
        kind = row.get("quality_flags__kind") or row["submission__round_invitation__flags__kind"]
        seen = answers.get(row["pk"])
        if seen is None or REASONS.index(kind) < REASONS.index(seen["kind"]):
            answers[row["pk"]] = {**row, "kind": kind}
    return answers


def annotate_left_out(program: Program, results: list[Any]) -> None:
    """Give each indicator result (``indicators.Result``) the answers it left out, by reason."""
    on_answers = [r for r in results if r.indicator.is_on_answers and r.indicator.question_key]
    for result in results:
        result.left_out = LeftOut()
    if not on_answers:
        return
    rows = _left_out_rows(program, {r.indicator.question_key for r in on_answers})
    for result in on_answers:
        indicator = result.indicator
        column = (
            "boolean"
            if indicator.computation == indicator.Computation.ANSWER_SHARE_YES
            else "number"
        )
        counts: Counter[str] = Counter()
        for row in rows.values():
            if row["question__key"] != indicator.question_key or row[column] is None:
                continue
            role = row["submission__round_invitation__membership__role"]
            if indicator.role and role != indicator.role:
                continue
            counts[row["kind"]] += 1
        result.left_out = LeftOut({k: counts[k] for k in REASONS if counts[k]})
