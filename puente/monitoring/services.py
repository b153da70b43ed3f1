"""Writes of the monitoring app: opening a survey round (with its invitations and emails),
answering it, closing it, reminding those who have not answered, and indicators."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.core import hooks
from puente.core.emails import send_templated_email
from puente.instruments.engine import store_answers
from puente.instruments.models import Instrument, InstrumentVersion, Submission
from puente.instruments.services import (
    instrument_from_template,
    published_version,
    version_publish,
)
from puente.monitoring import indicators, packs, quality
from puente.monitoring.models import (
    Indicator,
    IndicatorPeriod,
    Result,
    ResultLevel,
    Round,
    RoundInvitation,
)
from puente.programs.models import Membership, Program, Wave

ROLE_ORDER = ["mentee", "mentor", "tutor"]


def _round_email(*, invitation: RoundInvitation, template: str) -> None:
    round_ = invitation.round
    user = invitation.user
    assert user is not None  # noqa: S101 - members' invitations; the comparison group's: comparison
    path = reverse("monitoring:round-answer", args=[round_.program.slug, round_.pk])
    send_templated_email(
        to=user.email,
        language=user.language,
        template=template,
        context={
            "person": user,
            "round": round_,
            "program": round_.program,
            "url": f"{settings.SITE_URL}{path}",
        },
    )


@transaction.atomic
def round_open(
    *,
    program: Program,
    wave: Wave,
    kind: str,
    instrument: Instrument,
    roles: list[str],
    by: User | None,
    today: dt.date,
    closes_on: dt.date | None = None,
    reminder_every_days: int = 7,
    notify: bool = True,
) -> Round:
    """Open a round of ``wave`` on the instrument's latest published version and invite, once
    each, the people of the wave in ``roles``; each gets an email in their language with the
    address of their own answer (not with ``notify`` off, as in the demo)."""
    if wave.program_id != program.pk or instrument.program_id != program.pk:
        raise ValidationError(_("The wave and the survey must belong to this program."))
    version = published_version(instrument)
    if version is None:
        raise ValidationError(
            {"instrument": _("Publish this survey before opening a round with it.")}
        )
    if Round.objects.filter(wave=wave, kind=kind).exists():
        raise ValidationError({"kind": _("This wave already has a round of this kind.")})
    round_ = Round(
        program=program,
        wave=wave,
        kind=kind,
        instrument=instrument,
        version=version,
        roles=[r for r in ROLE_ORDER if r in roles],
        opened_on=today,
        closes_on=closes_on,
        reminder_every_days=reminder_every_days,
        opened_by=by,
    )
    round_.full_clean()
    round_.save()
    memberships = (
        Membership.objects.filter(program=program, wave=wave, role__in=round_.roles)
        .select_related("user")
        .filter(user__is_active=True)
    )
    # One invitation per person: someone in two of the roles answers once, as their first role.
    chosen: dict[int, Membership] = {}
    for membership in sorted(memberships, key=lambda m: ROLE_ORDER.index(m.role)):
        chosen.setdefault(membership.user_id, membership)
    invitations = RoundInvitation.objects.bulk_create(
        RoundInvitation(round=round_, user=m.user, membership=m) for m in chosen.values()
    )
    for invitation in invitations if notify else []:
        invitation.round = round_
        _round_email(invitation=invitation, template="monitoring/email/round_invitation")
    quality.rules_default(round_=round_)
    indicators.invalidate(program.pk)
    return round_


@transaction.atomic
def round_answer(
    *, invitation: RoundInvitation, cleaned: dict[str, Any], now: dt.datetime | None = None
) -> Submission:
    """Store a person's answer to an open round: the first time it creates their submission,
    later times edit that same submission. A closed round's answers no longer change."""
    invitation = RoundInvitation.objects.select_for_update().get(pk=invitation.pk)
    round_ = Round.objects.select_for_update().get(pk=invitation.round_id)
    if not round_.is_open:
        raise ValidationError(_("This round is closed; its answers can no longer change."))
    now = now or timezone.now()
    submission = invitation.submission
    if submission is None:
        submission = Submission.objects.create(
            version=round_.version,
            respondent=invitation.user,
            status=Submission.Status.SUBMITTED,
            submitted_at=now,
        )
        invitation.submission = submission
        invitation.answered_at = now
        invitation.save(update_fields=["submission", "answered_at", "updated_at"])
    store_answers(submission, cleaned, list(round_.version.questions.all()))
    submission.save()
    invitation.round = round_
    quality.response_check(invitation=invitation)
    indicators.invalidate(round_.program_id)
    return submission


@transaction.atomic
def round_close(*, round_: Round, by: User | None, now: dt.datetime | None = None) -> Round:
    """Close a round: its answers are locked and no more reminders go out. Closing twice does
    nothing more."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.is_open:
        round_.status = Round.Status.CLOSED
        round_.closed_at = now or timezone.now()
        round_.closed_by = by
        round_.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
        hooks.event(
            "round.closed",
            {"program": round_.program_id, "round": round_.pk, "kind": round_.kind},
        )
        # The whole round's checks (outliers among them) on its final answers.
        quality.check_later(round_)
        indicators.invalidate(round_.program_id)
    return round_


def _claim(invitation: RoundInvitation, today: dt.date) -> bool:
    """Mark the reminder of ``today`` as sent; True only for the one caller whose UPDATE took
    it, so a second or concurrent run of the task sends nothing twice the same day."""
    return (
        RoundInvitation.objects.filter(pk=invitation.pk, answered_at__isnull=True)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .update(reminded_on=today)
        == 1
    )


def reminders_send(*, today: dt.date) -> int:
    """Remind each person who has not answered an open round, ``reminder_every_days`` after it
    opened and then as often. Each invitation is claimed before its email is queued, so a person
    gets at most one reminder per round and day. Returns the number of reminders sent."""
    rounds = Round.objects.filter(status=Round.Status.OPEN, opened_on__lt=today).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )
    sent = 0
    for round_ in rounds.select_related("program"):
        cutoff = today - dt.timedelta(days=round_.reminder_every_days)
        due = (
            round_.invitations.filter(answered_at__isnull=True, user__is_active=True)
            .filter(
                Q(reminded_on__isnull=True, round__opened_on__lte=cutoff)
                | Q(reminded_on__lte=cutoff)
            )
            .select_related("user")
        )
        for invitation in due:
            with transaction.atomic():
                if not _claim(invitation, today):
                    continue
                invitation.round = round_
                _round_email(invitation=invitation, template="monitoring/email/round_reminder")
                sent += 1
    return sent


INDICATOR_FIELDS = [
    "name",
    "definition",
    "unit",
    "result",
    "baseline",
    "baseline_on",
    "target",
    "disaggregation",
    "computation",
    "question_key",
    "role",
]


@transaction.atomic
def indicator_save(
    *, program: Program, data: dict[str, Any], indicator: Indicator | None = None
) -> Indicator:
    """Create or change an indicator; ``data`` is an indicator form's cleaned data."""
    if indicator is None:
        last = (
            Indicator.objects.filter(program=program)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        indicator = Indicator(program=program, position=0 if last is None else last + 1)
    for name in INDICATOR_FIELDS:
        if name in data:
            nullable = name in ("target", "result", "baseline", "baseline_on")
            setattr(indicator, name, data[name] if data[name] is not None or nullable else "")
    if "level" in data and indicator.result is None:
        indicator.level = data["level"]
    if indicator.result is not None:
        if indicator.result.program_id != program.pk:
            raise ValidationError(_("This result is not one of this program's."))
        # One level per indicator: its result's.
        indicator.level = indicator.result.level
    if not indicator.is_on_answers:
        indicator.question_key = ""
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    indicator.delete()


@dataclass(frozen=True)
class PackCreated:
    """What creating a pack did: its baseline survey (new or found) and the indicators added."""

    survey: Instrument
    survey_created: bool
    indicators: list[Indicator]


@transaction.atomic
def indicator_pack_create(
    *, program: Program, pack: packs.Pack, by: User, language: str = "es"
) -> PackCreated:
    """Give ``program`` a pack's indicators, without targets, and the published baseline survey
    that asks their questions, named in ``language``.

    Creating it again (or a double click) adds nothing twice: a published survey already copied
    from the pack's template is used again, and an indicator whose name the program already
    uses is left as it is."""
    Program.objects.select_for_update().filter(pk=program.pk).first()
    survey = (
        Instrument.objects.filter(
            program=program,
            template_key=pack.survey_key,
            versions__status=InstrumentVersion.Status.PUBLISHED,
        )
        .order_by("pk")
        .first()
    )
    survey_created = survey is None
    if survey is None:
        # A draft copied earlier is the coordinator's work in progress: left alone.
        survey = instrument_from_template(
            program=program, template_key=pack.survey_key, language=language
        )
        version_publish(version=survey.versions.get(), by=by)
    taken = {name.casefold() for name in program.indicators.values_list("name", flat=True)}
    made: list[Indicator] = []
    with translation.override(language):
        for spec in pack.indicators:
            name = str(spec.name)
            if name.casefold() in taken:
                continue
            made.append(
                indicator_save(
                    program=program,
                    data={
                        "name": name,
                        "definition": str(spec.definition),
                        "unit": str(spec.unit),
                        "level": spec.level,
                        "target": None,
                        "computation": spec.computation,
                        "question_key": spec.question_key,
                        "role": spec.role,
                    },
                )
            )
            taken.add(name.casefold())
    framework_from_template(program=program, key=pack.key, language=language)
    indicators.invalidate(program.pk)
    return PackCreated(survey=survey, survey_created=survey_created, indicators=made)


# --- The results framework ----------------------------------------------------------------------


@transaction.atomic
def framework_from_template(*, program: Program, key: str, language: str = "es") -> list[Result]:
    """Give ``program`` the results framework template ``key`` (one per indicator pack), in
    ``language``, and hang from its results the indicators it names that are not placed yet.
    A program that has results already keeps them: nothing is added (returns [])."""
    from puente.monitoring import framework_templates

    Program.objects.select_for_update().filter(pk=program.pk).first()
    if Result.objects.filter(program=program).exists():
        return []
    loose = list(Indicator.objects.filter(program=program, result__isnull=True))
    made: list[Result] = []

    def create(spec: framework_templates.ResultSpec, parent: Result | None) -> None:
        result = Result.objects.create(
            program=program,
            parent=parent,
            level=spec.level,
            title=str(spec.title),
            position=len(made),
        )
        made.append(result)
        for indicator in list(loose):
            named = (indicator.question_key, indicator.role) in spec.measured_by
            if named or (
                not indicator.is_on_answers and indicator.computation in spec.computations
            ):
                indicator.result, indicator.level = result, result.level
                indicator.save(update_fields=["result", "level", "updated_at"])
                loose.remove(indicator)
        for child in spec.children:
            create(child, result)

    with translation.override(language):
        create(framework_templates.TEMPLATES[key], None)
    # What the template does not name hangs from the first result of its level.
    first: dict[str, Result] = {}
    for result in made:
        first.setdefault(result.level, result)
    for indicator in loose:
        target = first.get(indicator.level)
        if target is not None:
            indicator.result = target
            indicator.save(update_fields=["result", "updated_at"])
    indicators.invalidate(program.pk)
    return made


@transaction.atomic
def result_save(
    *,
    program: Program,
    title: str,
    level: str,
    parent: Result | None = None,
    description: str = "",
    result: Result | None = None,
) -> Result:
    """Add a result to the framework, or change one; its indicators take its level."""
    if parent is not None and parent.program_id != program.pk:
        raise ValidationError(_("This result is not one of this program's."))
    if result is not None and parent is not None:
        ancestor: Result | None = parent
        while ancestor is not None:
            if ancestor.pk == result.pk:
                raise ValidationError(_("A result cannot contribute to itself or its own results."))
            ancestor = ancestor.parent
    if result is None:
        last = Result.objects.filter(program=program).order_by("-position").first()
        result = Result(program=program, position=last.position + 1 if last else 0)
    result.title, result.level, result.parent, result.description = (
        title,
        ResultLevel(level),
        parent,
        description,
    )
    result.full_clean()
    result.save()
    result.indicators.exclude(level=result.level).update(level=result.level)
    indicators.invalidate(program.pk)
    return result


@transaction.atomic
def result_delete(*, result: Result) -> None:
    """Delete a result and the results under it; their indicators stay, not placed."""
    program_id = result.program_id
    result.delete()
    indicators.invalidate(program_id)


@transaction.atomic
def indicator_periods_save(
    *,
    indicator: Indicator,
    baseline: Any,
    baseline_on: dt.date | None,
    target: Any,
    periods: list[tuple[dt.date, dt.date, Any]],
) -> list[IndicatorPeriod]:
    """An indicator's baseline, life-of-program target and periods (start, end, target), which
    replace its periods. Periods may not overlap."""
    ordered = sorted(periods, key=lambda p: p[0])
    for (_start, end, _target), (next_start, _end, _t) in zip(ordered, ordered[1:], strict=False):
        if next_start <= end:
            raise ValidationError(_("Two periods overlap: each day belongs to one period."))
    indicator.baseline, indicator.baseline_on, indicator.target = baseline, baseline_on, target
    indicator.full_clean()
    indicator.save()
    indicator.periods.all().delete()
    made = []
    for start, end, period_target in ordered:
        period = IndicatorPeriod(indicator=indicator, start=start, end=end, target=period_target)
        period.full_clean()
        period.save()
        made.append(period)
    indicators.invalidate(indicator.program_id)
    return made
