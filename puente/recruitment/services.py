"""Writes of calls and selection: applying, reviewing, deciding. Each one atomic and recorded."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import BusinessProfile, Seniority, User
from puente.accounts.services import signin_link_create, user_create
from puente.core import hooks
from puente.core.email_limits import link_email_claim
from puente.core.emails import send_templated_email
from puente.core.hooks import profile_changed
from puente.core.tokens import new_token, token_hash
from puente.instruments.engine import typed_answers
from puente.instruments.models import Instrument, InstrumentVersion, Submission
from puente.instruments.services import (
    instrument_from_template,
    published_version,
    submission_save,
    version_publish,
)
from puente.programs.models import Membership, Program, Track, Wave
from puente.programs.services import membership_add
from puente.recruitment import scoring
from puente.recruitment.models import (
    Application,
    ApplicationEvent,
    AutoCriterion,
    Call,
    CallForm,
    ReviewAssignment,
)

ACCESS_LINK_DAYS = 60  # how long a newly accepted person's first sign-in link stays valid


@transaction.atomic
def call_create(
    *,
    program: Program,
    title: str,
    slug: str,
    introduction: str,
    opens_at: datetime,
    closes_at: datetime,
    confirmation_message: str,
    forms: dict[str, Instrument],
    wave: Wave | None = None,
    rubric: Instrument | None = None,
    **fields: Any,
) -> Call:
    call = Call(
        program=program,
        wave=wave,
        title=title,
        slug=slug,
        introduction=introduction,
        opens_at=opens_at,
        closes_at=closes_at,
        confirmation_message=confirmation_message,
        rubric=rubric,
        **fields,
    )
    call.full_clean()
    call.save()
    for role, instrument in forms.items():
        call_form_set(call=call, role=role, instrument=instrument)
    return call


@transaction.atomic
def call_form_set(*, call: Call, role: str, instrument: Instrument) -> CallForm:
    if instrument.program_id != call.program_id:
        raise ValidationError(_("The form must belong to the call's program."))
    form, _created = CallForm.objects.update_or_create(
        call=call, role=role, defaults={"instrument": instrument}
    )
    return form


def _log(application: Application, action: str, actor: User | None = None, note: str = "") -> None:
    ApplicationEvent.objects.create(application=application, action=action, actor=actor, note=note)


def _access_url(call: Call, token: str) -> str:
    return settings.SITE_URL + reverse("recruitment:application", args=[call.slug, token])


@transaction.atomic
def application_start(
    *, call: Call, email: str, role: str, language: str, client: str | None = None
) -> Application | None:
    """Start an application and email its private link; for a returning email, email a new link.

    The applicant always sees the same answer ("check your email"), so the page never tells a
    stranger whether an address has applied. Their link lets them confirm, resume and follow it.

    Each link email is claimed first (``puente.core.email_limits``: per address, and per
    ``client`` address when given). Past the limit nothing happens: no application is created,
    the latest link stays the valid one, no email is sent; returns the existing application, if
    any.
    """
    email = email.strip().lower()
    if not call.is_open():
        raise ValidationError(_("This call is not open for applications."), code="closed")
    if not call.accepts_email(email):
        raise ValidationError(
            _("This call is only open to addresses of: %(domains)s."),
            params={"domains": ", ".join(call.domains)},
            code="domain",
        )
    if not call.forms.filter(role=role).exists():
        raise ValidationError(_("This call does not take applications for that role."))
    if not link_email_claim(to=email, client=client):
        return Application.objects.filter(call=call, email__iexact=email).first()
    token = new_token()
    application = (
        Application.objects.select_for_update().filter(call=call, email__iexact=email).first()
    )
    returning = application is not None
    if application is None:
        try:
            # A savepoint: the same address sent twice at once (a double click, two tabs) makes
            # the second INSERT wait for the first and then hit the unique (call, email).
            with transaction.atomic():
                application = Application.objects.create(
                    call=call,
                    email=email,
                    role=role,
                    language=language,
                    token_hash=token_hash(token),
                )
        except IntegrityError:
            application = Application.objects.select_for_update().get(
                call=call, email__iexact=email
            )
            returning = True
        else:
            _log(application, ApplicationEvent.Action.STARTED)
    if returning:
        # A new link replaces the old one: only the latest email works.
        application.token_hash = token_hash(token)
        application.save(update_fields=["token_hash", "updated_at"])
    send_templated_email(
        to=email,
        language=application.language,
        template="recruitment/email/application_link",
        context={
            "call": call,
            "application": application,
            "returning": returning,
            "url": _access_url(call, token),
        },
    )
    return application


def application_find(*, call: Call, token: str) -> Application | None:
    return (
        Application.objects.select_related("call", "call__program", "submission__version")
        .filter(call=call, token_hash=token_hash(token))
        .first()
    )


def application_form_version(application: Application) -> InstrumentVersion | None:
    """The version the applicant answers: the one they started, else the published one."""
    if application.submission is not None:
        return application.submission.version
    form = application.call.forms.select_related("instrument").filter(role=application.role).first()
    return published_version(form.instrument) if form else None


@transaction.atomic
def application_confirm_email(*, application: Application) -> Application:
    if application.status == Application.Status.STARTED:
        application.status = Application.Status.DRAFT
        application.email_confirmed_at = timezone.now()
        application.save(update_fields=["status", "email_confirmed_at", "updated_at"])
    return application


def _auto_points(call: Call, answers: dict[str, Any]) -> Decimal:
    return sum(
        (
            criterion.weight
            for criterion in call.auto_criteria.all()
            if scoring.criterion_met(criterion.expected, answers.get(criterion.question_key))
        ),
        Decimal(0),
    )


@transaction.atomic
def application_save(
    *, application: Application, cleaned: dict[str, Any], submit: bool
) -> Application:
    """Save the applicant's answers as a draft, or submit them (once)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable:
        return application
    if submit and not application.call.is_open():
        raise ValidationError(_("The call closed; your draft is kept but can no longer be sent."))
    version = application_form_version(application)
    if version is None:
        raise ValidationError(_("This call's form is not published yet."))
    application.submission = submission_save(
        version=version, cleaned=cleaned, submit=submit, submission=application.submission
    )
    application.status = Application.Status.DRAFT
    application.email_confirmed_at = application.email_confirmed_at or timezone.now()
    if cleaned.get("full_name"):
        application.full_name = str(cleaned["full_name"])[:150]
    if submit:
        application.status = Application.Status.SUBMITTED
        application.submitted_at = timezone.now()
        application.auto_points = _auto_points(
            application.call, typed_answers(application.submission)
        )
        _log(application, ApplicationEvent.Action.SUBMITTED)
        send_templated_email(
            to=application.email,
            language=application.language,
            template="recruitment/email/application_received",
            context={"call": application.call, "application": application},
        )
    application.save()
    if submit:
        hooks.event(
            "application.submitted",
            {
                "program": application.call.program_id,
                "call": application.call_id,
                "application": application.pk,
                "role": application.role,
            },
        )
    return application


@transaction.atomic
def call_rescore(*, call: Call) -> int:
    """Recompute the automatic points of every submitted application (after criteria change)."""
    applications = list(call.applications.exclude(submission=None).select_related("submission"))
    for application in applications:
        assert application.submission is not None  # noqa: S101 - excluded above
        application.auto_points = _auto_points(call, typed_answers(application.submission))
    Application.objects.bulk_update(applications, ["auto_points"])
    return len(applications)


def call_weights(call: Call) -> tuple[Decimal, Decimal]:
    """The call's total rubric weight and total automatic-criteria weight."""
    rubric_version = published_version(call.rubric) if call.rubric else None
    rubric = scoring.rubric_weight(rubric_version.questions.all()) if rubric_version else Decimal(0)
    auto = call.auto_criteria.aggregate(w=Sum("weight"))["w"] or Decimal(0)
    return rubric, auto


@transaction.atomic
def reviews_assign(
    *, applications: Iterable[Application], reviewer: User, by: User
) -> list[ReviewAssignment]:
    """Ask a reviewer to score submitted applications; assigning twice changes nothing."""
    created = []
    for application in applications:
        # Only what the applicant sent can be scored (a draft may still change).
        if application.status in (
            Application.Status.STARTED,
            Application.Status.DRAFT,
            Application.Status.WITHDRAWN,
        ):
            continue
        assignment, is_new = ReviewAssignment.objects.get_or_create(
            application=application, reviewer=reviewer, defaults={"assigned_by": by}
        )
        if is_new:
            created.append(assignment)
            _log(application, ApplicationEvent.Action.ASSIGNED, by, reviewer.full_name)
    return created


@transaction.atomic
def review_save(
    *, assignment: ReviewAssignment, cleaned: dict[str, Any], submit: bool
) -> ReviewAssignment:
    """Save a reviewer's rubric scores; submitting computes their weighted total."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.completed_at is not None:
        return assignment
    call = assignment.application.call
    if call.rubric is None:
        raise ValidationError(_("This call has no screening rubric."))
    version = (
        assignment.submission.version if assignment.submission else published_version(call.rubric)
    )
    if version is None:
        raise ValidationError(_("The call's rubric is not published yet."))
    assignment.submission = submission_save(
        version=version,
        cleaned=cleaned,
        submit=submit,
        submission=assignment.submission,
        respondent=assignment.reviewer,
    )
    if submit:
        assignment.completed_at = timezone.now()
        assignment.total = scoring.review_total(version.questions.all(), cleaned)
        _log(assignment.application, ApplicationEvent.Action.REVIEWED, assignment.reviewer)
    assignment.save()
    return assignment


PROFILE_TEXT_KEYS = {
    "full_name": "full_name",
    "organization": "organization",
    "job_title": "job_title",
    "city": "city",
    "department": "department",
}
OFFERED_KEYS = ("offer", "teach")
WANTED_KEYS = ("goals", "learn")


def _profile_from_answers(answers: dict[str, Any]) -> dict[str, Any]:
    profile: dict[str, Any] = {
        field: str(answers[key])[:150]
        for key, field in PROFILE_TEXT_KEYS.items()
        if answers.get(key)
    }
    if answers.get("years_experience") is not None:
        profile["years_experience"] = int(answers["years_experience"])
    if answers.get("seniority") in Seniority.values:
        profile["seniority"] = answers["seniority"]
    offered = "\n".join(str(answers[k]) for k in OFFERED_KEYS if answers.get(k))
    wanted = "\n".join(str(answers[k]) for k in WANTED_KEYS if answers.get(k))
    if offered:
        profile["areas_offered"] = offered
    if wanted:
        profile["areas_wanted"] = wanted
    return profile


def _person_for(application: Application, answers: dict[str, Any]) -> User:
    """The person an accepted application becomes: an existing account, or a new one filled
    from the answers (existing profiles are completed, never overwritten)."""
    profile = _profile_from_answers(answers)
    user = User.objects.filter(email__iexact=application.email).first()
    if user is None:
        full_name = profile.pop("full_name", "") or application.full_name or application.email
        return user_create(
            email=application.email, full_name=full_name, language=application.language, **profile
        )
    changed = [field for field, value in profile.items() if not getattr(user, field)]
    for field in changed:
        setattr(user, field, profile[field])
    if changed:
        user.save(update_fields=changed)
    return user


# The answers of a business application that become its business profile (below), and the
# owner's name: pages that show both (a business's characterization) leave these answers out.
BUSINESS_PROFILE_KEYS = frozenset(
    {
        "full_name",
        "legal_name",
        "economic_activity",
        "city",
        "years_operating",
        "women_owned",
        "sold_to_corporates",
        "prior_sales",
    }
)


def _business_from_answers(user: User, answers: dict[str, Any]) -> None:
    if not answers.get("legal_name") or BusinessProfile.objects.filter(owner=user).exists():
        return
    employees = int(answers.get("employees") or 0)
    BusinessProfile.objects.create(
        owner=user,
        legal_name=str(answers["legal_name"])[:200],
        economic_activity=str(answers.get("economic_activity", ""))[:200],
        size="micro" if employees <= 10 else "small" if employees <= 50 else "medium",
        city=str(answers.get("city", ""))[:80],
        years_operating=int(answers.get("years_operating") or 0),
        women_owned=bool(answers.get("women_owned")),
        sold_to_corporates=bool(answers.get("sold_to_corporates")),
        prior_corporate_sales=str(answers.get("prior_sales", "")),
        # What the application asks of the funders' definitions (the rest is the profile's).
        employees=employees if answers.get("employees") is not None else None,
    )


def person_from_application(application: Application) -> tuple[User, dict[str, Any]]:
    """The person (and business) an accepted application becomes, and its answers by key."""
    answers = typed_answers(application.submission) if application.submission else {}
    user = _person_for(application, answers)
    _business_from_answers(user, answers)
    return user, answers


def _accept(application: Application, by: User, track: Track | None) -> Membership:
    user, answers = person_from_application(application)
    membership = membership_add(
        user=user,
        program=application.call.program,
        role=application.role,
        wave=application.call.wave,
        track=track or application.track,
    )
    area_ids = [int(v) for v in answers.get("focus_areas", []) if str(v).isdigit()]
    if area_ids:
        membership.focus_areas.add(*application.call.program.focus_areas.filter(pk__in=area_ids))
    application.membership = membership
    profile_changed(user.pk)  # its answers are new texts to encode for matching
    return membership


DECISIONS: dict[str, str] = {
    Application.Status.ACCEPTED: ApplicationEvent.Action.ACCEPTED,
    Application.Status.WAITLISTED: ApplicationEvent.Action.WAITLISTED,
    Application.Status.REJECTED: ApplicationEvent.Action.REJECTED,
}


@transaction.atomic
def applications_decide(
    *,
    applications: Iterable[Application],
    decision: str,
    by: User,
    message: str,
    track: Track | None = None,
) -> list[Application]:
    """Accept, waitlist or reject in bulk, emailing each person the coordinator's message.

    An application already carrying this decision is skipped, so a repeated click decides once;
    accepting creates the person's membership (and account) exactly once.
    """
    if decision not in DECISIONS:
        raise ValidationError(_("Unknown decision."))
    decided = []
    ids = [a.pk for a in applications]
    locked = (
        # Only the applications' rows: PostgreSQL refuses to lock the nullable side of a join.
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("call", "call__program", "call__wave", "submission")
        .order_by("pk")
    )
    for application in locked:
        if application.status == decision or application.status in (
            Application.Status.STARTED,
            Application.Status.DRAFT,
            Application.Status.WITHDRAWN,
        ):
            continue
        context: dict[str, Any] = {
            "call": application.call,
            "program": application.call.program,
            "application": application,
            "message": message,
        }
        if decision == Application.Status.ACCEPTED:
            membership = _accept(application, by, track)
            context["url"] = signin_link_create(
                user=membership.user, minutes=ACCESS_LINK_DAYS * 24 * 60
            )
        application.status = decision
        application.decided_at = timezone.now()
        application.decided_by = by
        application.save()
        _log(application, DECISIONS[decision], by, message)
        send_templated_email(
            to=application.email,
            language=application.language,
            template=f"recruitment/email/decision_{decision}",
            context=context,
        )
        decided.append(application)
    return decided


def auto_criterion_add(
    *, call: Call, label: str, question_key: str, expected: str, weight: Decimal
) -> AutoCriterion:
    criterion = AutoCriterion(
        call=call, label=label, question_key=question_key, expected=expected, weight=weight
    )
    criterion.full_clean()
    criterion.save()
    call_rescore(call=call)
    return criterion


def submitted(application: Application) -> bool:
    return application.submission is not None and (
        application.submission.status == Submission.Status.SUBMITTED
    )


@transaction.atomic
def instrument_for_source(*, program: Program, source: str, by: User) -> Instrument | None:
    """Resolve a form choice: ``instrument:<id>`` of this program, or ``template:<key>``, which
    copies the template and publishes it so the call can take applications at once."""
    if not source:
        return None
    kind, _sep, value = source.partition(":")
    if kind == "instrument":
        return Instrument.objects.get(program=program, pk=int(value))
    if kind == "template":
        instrument = instrument_from_template(program=program, template_key=value)
        version_publish(version=instrument.versions.get(), by=by)
        return instrument
    raise ValidationError(_("Unknown form choice."))


@transaction.atomic
def call_save(
    *, program: Program, by: User, data: dict[str, Any], call: Call | None = None
) -> Call:
    """Create or update a call from the coordinator's form (forms given as sources)."""
    data = dict(data)
    sources = {
        "mentor": data.pop("mentor_form", ""),
        "mentee": data.pop("mentee_form", ""),
    }
    rubric = instrument_for_source(program=program, source=data.pop("rubric_source", ""), by=by)
    data.pop("submit_key", None)
    if call is None:
        call = Call(program=program)
    for name, value in data.items():
        setattr(call, name, value)
    call.rubric = rubric
    call.full_clean()
    call.save()
    for role, source in sources.items():
        instrument = instrument_for_source(program=program, source=source, by=by)
        if instrument is None:
            call.forms.filter(role=role).delete()
        else:
            call_form_set(call=call, role=role, instrument=instrument)
    return call
