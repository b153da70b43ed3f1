"""The declared permission table: one row per named URL of the site.

Each row says how to build the URL from the matrix world (`matrix_world.py`) and what each
persona gets, per method, in this order:

    anonymous outsider observer mentee mentor tutor reviewer coordinator other_coordinator

Outcomes: an HTTP status ("200", "401", "403", "404", "405", "302" for a redirect elsewhere…),
"login" (redirected to sign in) or "ok" (an allowed action: 200, 201, 204, 302, 400 or 422 —
done, redirected, or its input refused as invalid; never a 500). GET tries the page; POST (PUT,
DELETE for the API) tries the action with an empty body (or the row's `data`; JSON for the API's
rows): a refused action must be refused whatever it carries.

kwargs: "name=path" pairs, where path is read on the matrix world (``program.slug``,
``relationship.pk``…), 'quoted' is a literal string and digits a literal number.

A new URL without a row fails test_every_url_has_a_row_and_every_row_a_url; see
docs/architecture.md ("Adding a URL") for how to write one.
"""

from dataclasses import dataclass, field
from typing import Any

PERSONAS = (
    "anonymous",
    "outsider",
    "observer",
    "mentee",
    "mentor",
    "tutor",
    "reviewer",
    "coordinator",
    "other_coordinator",
)
OUTCOMES = {"login", "ok", "200", "302", "400", "401", "403", "404", "405", "410", "422", "429"}
OK = {"200", "201", "204", "302", "400", "422"}
METHODS = ("GET", "POST", "PUT", "DELETE")


@dataclass(frozen=True)
class Row:
    kwargs_spec: str
    expect: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    json: bool = False  # send the body as JSON (the API)

    def kwargs_for(self, world: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        for pair in self.kwargs_spec.split():
            key, value = pair.split("=", 1)
            if value.startswith("'"):
                kwargs[key] = value.strip("'")
            elif value.isdigit():
                kwargs[key] = int(value)
            else:
                target = world
                for attribute in value.split("."):
                    target = getattr(target, attribute)
                kwargs[key] = target
        return kwargs


def row(
    kwargs: str = "",
    *,
    GET: str | None = None,  # noqa: N803 - named as the method
    POST: str | None = None,  # noqa: N803
    PUT: str | None = None,  # noqa: N803
    DELETE: str | None = None,  # noqa: N803
    data: dict[str, Any] | None = None,
    json: bool = False,
) -> Row:
    given = zip(METHODS, (GET, POST, PUT, DELETE), strict=True)
    expect = {method: e for method, e in given if e is not None}
    return Row(kwargs_spec=kwargs, expect=expect, data=data or {}, json=json)


def api(kwargs: str = "", **expect: Any) -> Row:
    """A row of the REST API (bodies sent as JSON)."""
    return row(kwargs, json=True, **expect)


@dataclass(frozen=True)
class Exclusion:
    """URLs the matrix does not walk, with the reason."""

    namespace: str | None  # the name's namespace ("admin"), or None for un-namespaced names
    route_prefix: str
    reason: str

    def matches(self, namespace: str | None, route: str) -> bool:
        return namespace == self.namespace and route.startswith(self.route_prefix)


EXCLUDED = [
    Exclusion(
        "admin",
        "operators/",
        "Django's admin, for operators (staff) only: Django's own staff and model permissions, "
        "no program roles.",
    ),
    Exclusion(
        None,
        "accounts/",
        "django-allauth's sign-in, sign-up, password and email pages: public or the signed-in "
        "person's own, no program data (Puente's own links under accounts/link/ are rows).",
    ),
]

ROWS: dict[str, Row] = {
    # Persona order: anonymous outsider observer mentee mentor tutor reviewer coordinator
    # other_coordinator.
    # --- core ---------------------------------------------------------------------------------
    "home": row("", GET="200 200 200 200 200 200 200 200 200"),
    # Health probes (core/health.py): public, JSON, no data (POST: 405 for everyone).
    "healthz": row("", GET="200 200 200 200 200 200 200 200 200"),
    "readyz": row("", GET="200 200 200 200 200 200 200 200 200"),
    "robots": row("", GET="200 200 200 200 200 200 200 200 200"),
    # --- accounts -----------------------------------------------------------------------------
    "accounts:profile": row("", GET="login 200 200 200 200 200 200 200 200"),
    "accounts:profile-edit": row(
        "",
        GET="login 200 200 200 200 200 200 200 200",
        POST="login 422 422 422 422 422 422 422 422",
    ),
    "accounts:link-request": row(
        "", GET="200 200 200 200 200 200 200 200 200", POST="422 422 422 422 422 422 422 422 422"
    ),
    "accounts:link-signin": row(
        "token=signin_token",
        GET="200 200 200 200 200 200 200 200 200",
        POST="ok ok ok ok ok ok ok ok ok",
    ),
    # A notification turned off from its email, without signing in: a valid token opens it for
    # anyone who holds it (GET shows the button, POST turns it off); a bad one is a 404.
    "accounts:unsubscribe": row(
        "kind='weekly_digest' token=unsubscribe_token",
        GET="200 200 200 200 200 200 200 200 200",
        POST="ok ok ok ok ok ok ok ok ok",
    ),
    "accounts:language": row("", POST="ok ok ok ok ok ok ok ok ok"),
    # --- programs -----------------------------------------------------------------------------
    "programs:my-programs": row("", GET="login 200 200 200 200 200 200 200 200"),
    "programs:program-create": row(
        "",
        GET="login 403 403 403 403 403 403 200 200",
        POST="login 403 403 403 403 403 403 422 422",
    ),
    "programs:program-home": row("slug=program.slug", GET="login 404 200 200 200 200 200 200 404"),
    "programs:program-edit": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 422 404",
    ),
    "programs:program-part-add": row(
        "slug=program.slug part='waves'", POST="login 404 403 403 403 403 403 ok 404"
    ),
    # Without htmx, asking to rename leads to the set-up page with that row as a form (302).
    "programs:program-part-edit": row(
        "slug=program.slug part='tracks' ref=track.pk",
        GET="login 404 403 403 403 403 403 302 404",
        POST="login 404 403 403 403 403 403 422 404",
    ),
    "programs:program-part-move": row(
        "slug=program.slug part='tracks' ref=track.pk",
        POST="login 404 403 403 403 403 403 400 404",
    ),
    "programs:program-part-archive": row(
        "slug=program.slug part='tracks' ref=track.pk",
        POST="login 404 403 403 403 403 403 400 404",
    ),
    # The world's track has members: deleting it is refused with the reason (back to set-up).
    "programs:program-part-delete": row(
        "slug=program.slug part='tracks' ref=track.pk",
        POST="login 404 403 403 403 403 403 302 404",
    ),
    "programs:wave-clone": row(
        "slug=program.slug number=wave.number",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 422 404",
    ),
    "programs:directory": row("slug=program.slug", GET="login 404 403 200 200 200 200 200 404"),
    "programs:invite": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 422 404",
    ),
    "programs:member-detail": row(
        "slug=program.slug user_id=mentee.pk", GET="login 404 403 200 404 200 404 200 404"
    ),
    "programs:invitation-accept": row(
        "token=invitation_token",
        GET="200 403 403 403 403 403 403 403 403",
        POST="422 403 403 403 403 403 403 403 403",
    ),
    # --- instruments --------------------------------------------------------------------------
    "instruments:instrument-list": row(
        "slug=program.slug", GET="login 404 403 403 403 403 403 200 404"
    ),
    "instruments:instrument-create": row(
        "slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "instruments:instrument-from-template": row(
        "slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "instruments:builder": row(
        "slug=program.slug pk=instrument.pk", GET="login 404 403 403 403 403 403 200 404"
    ),
    "instruments:version-edit": row(
        "slug=program.slug pk=instrument.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "instruments:version-publish": row(
        "slug=program.slug pk=instrument.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "instruments:preview": row(
        "slug=program.slug pk=instrument.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "instruments:question-add": row(
        "slug=program.slug pk=instrument.pk number=1", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "instruments:question-edit": row(
        "slug=program.slug pk=instrument.pk question_id=question.pk",
        GET="login 404 403 403 403 403 403 302 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "instruments:question-move": row(
        "slug=program.slug pk=instrument.pk question_id=question.pk",
        POST="login 404 403 403 403 403 403 400 404",
    ),
    "instruments:question-delete": row(
        "slug=program.slug pk=instrument.pk question_id=question.pk",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    # --- library ------------------------------------------------------------------------------
    "library:resource-list": row("slug=program.slug", GET="login 404 403 200 200 200 200 200 404"),
    "library:resource-create": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 422 404",
    ),
    "library:confirmations": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "library:resource-detail": row(
        "slug=program.slug pk=resource.pk", GET="login 404 403 200 200 200 200 200 404"
    ),
    "library:resource-file": row(
        "slug=program.slug pk=mentors_file.pk", GET="login 404 403 404 200 200 404 200 404"
    ),
    "library:resource-edit": row(
        "slug=program.slug pk=resource.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 422 404",
    ),
    "library:resource-new-version": row(
        "slug=program.slug pk=resource.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 422 404",
    ),
    "library:manual-confirm": row(
        "slug=program.slug pk=mentors_manual.pk", POST="login 404 403 404 ok 403 404 403 404"
    ),
    # --- recruitment --------------------------------------------------------------------------
    "recruitment:call-public": row(
        "slug=call.slug",
        GET="200 200 200 200 200 200 200 200 200",
        POST="422 422 422 422 422 422 422 422 422",
    ),
    "recruitment:call-sent": row("slug=call.slug", GET="200 200 200 200 200 200 200 200 200"),
    "recruitment:application": row(
        "slug=call.slug token=application_token",
        GET="200 200 200 200 200 200 200 200 200",
        POST="ok ok ok ok ok ok ok ok ok",
    ),
    "recruitment:call-list": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "recruitment:call-create": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 422 404",
    ),
    "recruitment:call-edit": row(
        "slug=program.slug pk=call.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 422 404",
    ),
    "recruitment:criterion-add": row(
        "slug=program.slug pk=call.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "recruitment:application-list": row(
        "slug=program.slug pk=call.pk", GET="login 404 403 403 403 403 403 200 404"
    ),
    "recruitment:application-bulk": row(
        "slug=program.slug pk=call.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "recruitment:application-decide": row(
        "slug=program.slug pk=call.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "recruitment:lottery": row(
        "slug=program.slug pk=call.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "recruitment:application-detail": row(
        "slug=program.slug pk=application.pk", GET="login 404 403 403 403 403 403 200 404"
    ),
    "recruitment:answer-file": row(
        "slug=program.slug pk=application.pk answer_id=file_answer_id",
        GET="login 404 403 403 403 403 403 200 404",
    ),
    "recruitment:review-list": row(
        "slug=program.slug", GET="login 404 403 403 403 403 200 200 404"
    ),
    "recruitment:review-form": row(
        "slug=program.slug pk=assignment.pk",
        GET="login 404 403 403 403 403 200 404 404",
        POST="login 404 403 403 403 403 ok 404 404",
    ),
    "recruitment:application-import": row(
        "slug=program.slug pk=call.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "recruitment:application-import-confirm": row(
        "slug=program.slug pk=call.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "recruitment:application-export": row(
        "slug=program.slug pk=call.pk fmt='csv'", GET="login 404 403 403 403 403 403 200 404"
    ),
    # --- matching -----------------------------------------------------------------------------
    "matching:overview": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "matching:settings": row("slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"),
    "matching:run-create": row("slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"),
    "matching:run": row("slug=program.slug pk=run.pk", GET="login 404 403 403 403 403 403 200 404"),
    "matching:pair-rule": row(
        "slug=program.slug pk=run.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "matching:run-again": row(
        "slug=program.slug pk=run.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "matching:run-confirm": row(
        "slug=program.slug pk=run.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "matching:matches": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "matching:tutors": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "matching:tutors-assign": row("slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"),
    "matching:choose": row(
        "slug=program.slug",
        GET="login 404 403 404 403 403 403 403 404",
        POST="login 404 403 404 403 403 403 403 404",
    ),
    "matching:requests": row("slug=program.slug", GET="login 404 403 403 404 403 403 403 404"),
    "matching:respond": row("slug=program.slug", POST="login 404 403 403 404 403 403 403 404"),
    "matching:suggestions-publish": row(
        "slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"
    ),
    # --- mentoring ----------------------------------------------------------------------------
    "mentoring:mine": row("slug=program.slug", GET="login 404 403 200 200 200 403 403 404"),
    "mentoring:caseload": row("slug=program.slug", GET="login 404 403 403 403 200 403 200 404"),
    "mentoring:board": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "mentoring:calendar-feed-renew": row(
        "slug=program.slug", POST="login 404 403 ok ok ok 403 ok 404"
    ),
    # One's own calendar address for busy times, on *My mentoring* (an empty form: 422).
    "mentoring:busy-calendar-save": row(
        "slug=program.slug", POST="login 404 403 ok ok ok 403 403 404"
    ),
    "mentoring:busy-calendar-remove": row(
        "slug=program.slug", POST="login 404 403 ok ok ok 403 403 404"
    ),
    "mentoring:calendar-feed": row(
        "token=calendar_token", GET="200 200 200 200 200 200 200 200 200"
    ),
    "mentoring:relationships-create": row(
        "slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "mentoring:contact-rule": row("slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"),
    "mentoring:risk-follow-up": row(
        "slug=program.slug flag_pk=flag.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "mentoring:session-plans": row(
        "slug=program.slug", GET="login 404 403 403 403 403 403 200 404"
    ),
    "mentoring:meeting-venue": row(
        "slug=program.slug",
        POST="login 404 403 403 403 403 403 ok 404",
        data={"venue-mode": "jitsi"},
    ),
    "mentoring:session-plan-save": row(
        "slug=program.slug scope=wave.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "mentoring:session-plan-delete": row(
        "slug=program.slug scope=wave.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "mentoring:session-plans-relayout": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "mentoring:break-add": row("slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"),
    "mentoring:break-remove": row(
        "slug=program.slug pk=program_break.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "mentoring:relationship": row(
        "slug=program.slug pk=relationship.pk", GET="login 404 404 200 200 200 404 200 404"
    ),
    "mentoring:relationship-status": row(
        "slug=program.slug pk=relationship.pk", POST="login 404 404 403 403 403 404 ok 404"
    ),
    "mentoring:agreement": row(
        "slug=program.slug pk=relationship.pk",
        GET="login 404 404 200 200 403 404 403 404",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "mentoring:agreement-confirm": row(
        "slug=program.slug pk=relationship.pk", POST="login 404 404 ok ok 403 404 403 404"
    ),
    "mentoring:meeting-ics": row(
        "slug=program.slug pk=relationship.pk number=meeting.number",
        GET="login 404 404 200 200 200 404 200 404",
    ),
    "mentoring:meeting": row(
        "slug=program.slug pk=relationship.pk number=meeting.number",
        GET="login 404 404 200 200 403 404 403 404",
    ),
    "mentoring:meeting-log": row(
        "slug=program.slug pk=relationship.pk number=meeting.number",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "mentoring:meeting-move": row(
        "slug=program.slug pk=relationship.pk number=meeting.number",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    # Offering times: the side the program names (the mentor by default); picking: the other.
    "mentoring:meeting-offer": row(
        "slug=program.slug pk=relationship.pk number=meeting.number",
        GET="login 404 404 403 ok 403 404 403 404",
        POST="login 404 404 403 ok 403 404 403 404",
    ),
    "mentoring:meeting-pick": row(
        "slug=program.slug pk=relationship.pk number=meeting.number",
        POST="login 404 404 ok 403 403 404 403 404",
    ),
    "mentoring:meeting-confirm": row(
        "slug=program.slug pk=relationship.pk number=meeting.number",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "mentoring:private-note": row(
        "slug=program.slug pk=relationship.pk number=meeting.number",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    # --- events -------------------------------------------------------------------------------
    "events:events": row("slug=program.slug", GET="login 404 403 200 200 200 200 200 404"),
    "events:event-create": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "events:event": row(
        "slug=program.slug pk=event.pk", GET="login 404 403 200 200 200 200 200 404"
    ),
    "events:event-ics": row(
        "slug=program.slug pk=event.pk", GET="login 404 403 200 200 200 200 200 404"
    ),
    "events:event-edit": row(
        "slug=program.slug pk=event.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "events:event-cancel": row(
        "slug=program.slug pk=event.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "events:event-invite": row(
        "slug=program.slug pk=event.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "events:event-rsvp": row(
        "slug=program.slug pk=event.pk", POST="login 404 403 ok ok ok ok ok 404"
    ),
    "events:event-attendance": row(
        "slug=program.slug pk=event.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "events:event-lessons": row(
        "slug=program.slug pk=event.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    # --- plans --------------------------------------------------------------------------------
    "plans:overview": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "plans:mine": row("slug=program.slug", GET="login 404 403 200 200 200 403 403 404"),
    "plans:setup": row("slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"),
    "plans:targets": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "plans:buyers": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "plans:buyer-add": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "plans:buyer-edit": row(
        "slug=program.slug pk=buyer.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "plans:buyer-archive": row(
        "slug=program.slug pk=buyer.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "plans:buyer-delete": row(
        "slug=program.slug pk=buyer.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "plans:relationship": row(
        "slug=program.slug pk=relationship.pk", GET="login 404 404 302 302 302 404 302 404"
    ),
    "plans:open-actions": row(
        "slug=program.slug pk=relationship.pk", GET="login 404 404 302 302 302 404 302 404"
    ),
    "plans:plan": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id",
        GET="login 404 404 200 200 200 404 200 404",
    ),
    "plans:buyer": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:assessment-start": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:assessment": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id assessment_pk=assessment.pk",
        GET="login 404 404 200 200 403 404 403 404",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:area-save": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:goal-add": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:action-add": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:area-edit": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id area_pk=action.goal.area_id",
        GET="login 404 404 200 200 403 404 403 404",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:area-delete": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id area_pk=action.goal.area_id",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:goal-edit": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id goal_pk=action.goal_id",
        GET="login 404 404 200 200 403 404 403 404",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:goal-delete": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id goal_pk=action.goal_id",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:action-edit": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id action_pk=action.pk",
        GET="login 404 404 200 200 403 404 403 404",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:action-delete": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id action_pk=action.pk",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:action-status": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id action_pk=action.pk",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "plans:progress-add": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    # --- feedback -----------------------------------------------------------------------------
    "feedback:my-feedback": row("slug=program.slug", GET="login 404 403 200 200 200 403 403 404"),
    "feedback:live": row("slug=program.slug", GET="login 404 403 403 403 200 403 200 404"),
    "feedback:give": row(
        "slug=program.slug pk=relationship.pk number=meeting.number",
        GET="login 404 404 200 200 403 404 403 404",
        POST="login 404 404 ok ok 403 404 403 404",
    ),
    "feedback:pulses": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "feedback:pulse-open": row("slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"),
    "feedback:pulse": row(
        "slug=program.slug pulse_pk=pulse.pk",
        GET="login 404 403 200 200 200 403 403 404",
        POST="login 404 403 ok ok ok 403 403 404",
    ),
    "feedback:pulse-close": row(
        "slug=program.slug pulse_pk=pulse.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "feedback:pulse-results": row(
        "slug=program.slug pulse_pk=pulse.pk", GET="login 404 403 403 403 403 403 200 404"
    ),
    "feedback:lessons": row(
        "slug=program.slug",
        GET="login 404 403 403 200 200 403 200 404",
        POST="login 404 403 403 ok ok 403 ok 404",
    ),
    # --- monitoring ---------------------------------------------------------------------------
    "monitoring:health": row("slug=program.slug", GET="login 404 403 403 403 200 403 200 404"),
    "monitoring:rounds": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "monitoring:round-open": row("slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"),
    "monitoring:round": row(
        "slug=program.slug pk=round.pk", GET="login 404 403 403 403 403 403 200 404"
    ),
    "monitoring:round-close": row(
        "slug=program.slug pk=round.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    # The service worker that keeps surveys offline: a public script at the site's root.
    "monitoring:service-worker": row("", GET="200 200 200 200 200 200 200 200 200"),
    "monitoring:round-answer": row(
        "slug=program.slug pk=round.pk",
        GET="login 404 404 200 200 404 404 404 404",
        POST="login 404 404 ok ok 404 404 404 404",
    ),
    "monitoring:round-comparison": row(
        "slug=program.slug pk=round.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    # The comparison group's private link: no account, anyone holding the link.
    "monitoring:comparison-answer": row(
        "token=comparison_token",
        GET="200 200 200 200 200 200 200 200 200",
        POST="ok ok ok ok ok ok ok ok ok",
    ),
    "monitoring:round-quality": row(
        "slug=program.slug pk=round.pk", GET="login 404 403 403 403 403 403 200 404"
    ),
    "monitoring:quality-check": row(
        "slug=program.slug pk=round.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "monitoring:quality-flag": row(
        "slug=program.slug pk=round.pk flag=quality_flag.pk",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "monitoring:quality-rule-add": row(
        "slug=program.slug pk=round.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "monitoring:quality-rule-delete": row(
        "slug=program.slug pk=round.pk rule=quality_rule.pk",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "monitoring:my-surveys": row("slug=program.slug", GET="login 404 403 200 200 200 403 403 404"),
    "monitoring:indicators": row("slug=program.slug", GET="login 404 200 403 403 403 403 200 404"),
    "monitoring:indicator-create": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "monitoring:indicator-pack": row(
        "slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "monitoring:indicator-edit": row(
        "slug=program.slug pk=indicator.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "monitoring:indicator-delete": row(
        "slug=program.slug pk=indicator.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "monitoring:framework": row("slug=program.slug", GET="login 404 200 403 403 403 403 200 404"),
    "monitoring:framework-template": row(
        "slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "monitoring:result-create": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "monitoring:result-edit": row(
        "slug=program.slug pk=result.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "monitoring:result-delete": row(
        "slug=program.slug pk=result.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "monitoring:indicator-targets": row(
        "slug=program.slug pk=indicator.pk",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "monitoring:iati": row("slug=program.slug", GET="login 404 200 403 403 403 403 200 404"),
    # --- notifications ------------------------------------------------------------------------
    "notifications:preferences": row(
        "", GET="login 200 200 200 200 200 200 200 200", POST="login ok ok ok ok ok ok ok ok"
    ),
    # --- community ----------------------------------------------------------------------------
    "community:index": row("slug=program.slug", GET="login 404 403 200 200 200 403 200 404"),
    "community:feed": row(
        "slug=program.slug number=wave.number",
        GET="login 404 403 200 200 200 403 200 404",
        POST="login 404 403 422 422 422 403 422 404",
    ),
    "community:program-feed": row(
        "slug=program.slug",
        GET="login 404 403 404 404 404 403 200 404",
        POST="login 404 403 404 404 404 403 422 404",
    ),
    "community:post": row(
        "slug=program.slug pk=post.pk", GET="login 404 403 200 200 200 403 200 404"
    ),
    "community:comment-create": row(
        "slug=program.slug pk=post.pk", POST="login 404 403 ok ok ok 403 ok 404"
    ),
    "community:post-edit": row(
        "slug=program.slug pk=post.pk",
        GET="login 404 403 200 403 403 403 403 404",
        POST="login 404 403 422 403 403 403 403 404",
    ),
    "community:post-delete": row(
        "slug=program.slug pk=post.pk", POST="login 404 403 ok 403 403 403 403 404"
    ),
    "community:post-cheer": row(
        "slug=program.slug pk=post.pk", POST="login 404 403 ok ok ok 403 ok 404"
    ),
    "community:post-report": row(
        "slug=program.slug pk=post.pk",
        GET="login 404 403 200 200 200 403 200 404",
        POST="login 404 403 ok ok ok 403 ok 404",
    ),
    "community:post-moderate": row(
        "slug=program.slug pk=post.pk",
        POST="login 404 403 403 403 403 403 ok 404",
        data={"action": "pin"},
    ),
    "community:comment-report": row(
        "slug=program.slug pk=comment.pk",
        GET="login 404 403 200 200 200 403 200 404",
        POST="login 404 403 ok ok ok 403 ok 404",
    ),
    "community:comment-moderate": row(
        "slug=program.slug pk=comment.pk",
        POST="login 404 403 403 403 403 403 ok 404",
        data={"action": "unhide"},
    ),
    "community:moderation": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "community:settings": row("slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"),
    "community:report-dismiss": row(
        "slug=program.slug pk=content_report.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "community:story-review": row(
        "slug=program.slug pk=story.pk",
        POST="login 404 403 403 403 403 403 ok 404",
        data={"decision": "publish"},
    ),
    "community:my-story": row(
        "slug=program.slug",
        GET="login 404 403 200 200 403 403 403 404",
        POST="login 404 403 422 422 403 403 403 404",
    ),
    "community:story-withdraw": row(
        "slug=program.slug", POST="login 404 403 ok 404 403 403 403 404"
    ),
    "community:public-stories": row("slug=program.slug", GET="200 200 200 200 200 200 200 200 200"),
    # --- conversations ------------------------------------------------------------------------
    # The relationship's members read and write; its tutor reads (writes once invited in);
    # coordinators never read it (403), and meet a message only when it is reported.
    "conversations:thread": row(
        "slug=program.slug pk=relationship.pk", GET="login 404 403 200 200 200 403 403 404"
    ),
    "conversations:message-create": row(
        "slug=program.slug pk=relationship.pk", POST="login 404 403 ok ok 403 403 403 404"
    ),
    "conversations:tutors": row(
        "slug=program.slug pk=relationship.pk", POST="login 404 403 ok ok 403 403 403 404"
    ),
    "conversations:message-report": row(
        "slug=program.slug pk=message.pk",
        GET="login 404 403 200 200 200 403 403 404",
        POST="login 404 403 ok ok ok 403 403 404",
    ),
    "conversations:attachment": row(
        "slug=program.slug pk=message.pk", GET="login 404 403 200 200 200 403 403 404"
    ),
    "conversations:report-resolve": row(
        "slug=program.slug pk=message_report.pk",
        POST="login 404 403 403 403 403 403 ok 404",
        data={"decision": "dismiss"},
    ),
    # --- waves --------------------------------------------------------------------------------
    "waves:compare": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "waves:alumni-invite": row(
        "slug=program.slug number=wave.number",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 422 404",
    ),
    # --- reports ------------------------------------------------------------------------------
    "reports:mine": row("slug=program.slug", GET="login 404 200 200 200 200 200 200 404"),
    # A business and its buyer on one page: read as its plan is (the mentor, that mentee, the
    # mentee's tutor, coordinators).
    "reports:relationship-characterization": row(
        "slug=program.slug pk=relationship.pk", GET="login 404 404 302 302 302 404 302 404"
    ),
    "reports:characterization": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id",
        GET="login 404 404 200 200 200 404 200 404",
    ),
    "reports:characterization-pdf": row(
        "slug=program.slug pk=relationship.pk mentee_pk=plan.mentee_id",
        GET="login 404 404 200 200 200 404 200 404",
    ),
    "reports:filing": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "reports:report-edit": row(
        "slug=program.slug pk=relationship.pk year=2026 month=10",
        GET="login 404 404 403 ok 403 404 403 404",
        POST="login 404 404 403 ok 403 404 403 404",
    ),
    "reports:report-final": row(
        "slug=program.slug pk=relationship.pk",
        GET="login 404 404 403 404 403 404 403 404",
        POST="login 404 404 403 404 403 404 403 404",
    ),
    "reports:report-detail": row(
        "slug=program.slug pk=mentor_report.pk", GET="login 404 404 403 200 200 404 200 404"
    ),
    "reports:report-review": row(
        "slug=program.slug pk=mentor_report.pk", POST="login 404 403 403 403 ok 403 ok 404"
    ),
    "reports:certificates": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "reports:certificates-issue": row(
        "slug=program.slug", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "reports:certificate-revoke": row(
        "slug=program.slug pk=certificate.pk", POST="login 404 403 403 403 403 403 ok 404"
    ),
    "reports:certificate-pdf": row(
        "slug=program.slug pk=certificate.pk", GET="login 404 404 200 404 404 404 200 404"
    ),
    "reports:certificate-verify": row(
        "code=certificate.code", GET="200 200 200 200 200 200 200 200 200"
    ),
    "reports:export": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "reports:program-final": row("slug=program.slug", GET="login 404 403 403 403 403 403 200 404"),
    "reports:program-final-pdf": row(
        "slug=program.slug", GET="login 404 403 403 403 403 403 200 404"
    ),
    "reports:program-monthly": row(
        "slug=program.slug", GET="login 404 403 403 403 403 403 200 404"
    ),
    "reports:program-monthly-pdf": row(
        "slug=program.slug", GET="login 404 403 403 403 403 403 200 404"
    ),
    "reports:program-stories": row(
        "slug=program.slug",
        GET="login 404 403 403 403 403 403 200 404",
        POST="login 404 403 403 403 403 403 ok 404",
    ),
    "reports:funder-dashboard": row(
        "slug=program.slug", GET="login 404 200 403 403 403 403 200 404"
    ),
    "reports:funder-dashboard-export": row(
        "slug=program.slug file_format='csv'", GET="login 404 200 403 403 403 403 200 404"
    ),
    "reports:export-download": row(
        "token=export_token", GET="login 404 404 404 404 404 404 200 404"
    ),
    # --- privacy ------------------------------------------------------------------------------
    "privacy:my-data": row("", GET="login 200 200 200 200 200 200 200 200"),
    "privacy:download": row("", POST="login ok ok ok ok ok ok ok ok"),
    "privacy:download-file": row(
        "token=data_download_token", GET="login 404 404 200 404 404 404 404 404"
    ),
    "privacy:erasure-request": row("", POST="login ok ok ok ok ok ok ok ok"),
    "privacy:erasure-withdraw": row("", POST="login 404 404 ok 404 404 404 404 404"),
    "privacy:erasure-confirm": row(
        "token=erasure_token", GET="login 404 404 302 404 404 404 404 404"
    ),
    "privacy:requests": row("", GET="login 403 403 403 403 403 403 200 200"),
    "privacy:erase": row("pk=erasure.pk", POST="login 403 403 403 403 403 403 ok 404"),
    # --- api ----------------------------------------------------------------------------------
    "api:tokens": row("", GET="login 200 200 200 200 200 200 200 200"),
    "api:token-create": row("", POST="login ok ok ok ok ok ok ok ok"),
    "api:token-revoke": row("pk=api_token.pk", POST="login 404 404 404 ok 404 404 404 404"),
    "api:schema": api("", GET="200 200 200 200 200 200 200 200 200"),
    "api:docs": row("", GET="login 200 200 200 200 200 200 200 200"),
    "api:program-list": api("", GET="401 200 200 200 200 200 200 200 200"),
    "api:program-detail": api("slug=program.slug", GET="401 404 200 200 200 200 200 200 404"),
    "api:wave-list": api("slug=program.slug", GET="401 404 200 200 200 200 200 200 404"),
    "api:track-list": api("slug=program.slug", GET="401 404 200 200 200 200 200 200 404"),
    "api:membership-list": api("slug=program.slug", GET="401 404 403 200 200 200 200 200 404"),
    "api:call-list": api("slug=program.slug", GET="401 404 403 403 403 403 403 200 404"),
    "api:application-list": api("slug=program.slug", GET="401 404 403 403 403 403 403 200 404"),
    "api:match-run-list": api("slug=program.slug", GET="401 404 403 403 403 403 403 200 404"),
    "api:match-list": api("slug=program.slug", GET="401 404 403 403 403 403 403 200 404"),
    "api:relationship-list": api("slug=program.slug", GET="401 404 403 200 200 200 403 200 404"),
    "api:relationship-detail": api(
        "slug=program.slug pk=relationship.pk", GET="401 404 403 200 200 200 403 200 404"
    ),
    "api:meeting-list": api("slug=program.slug", GET="401 404 403 200 200 200 403 200 404"),
    "api:meeting-log": api(
        "slug=program.slug pk=meeting.pk",
        GET="401 404 403 200 200 200 403 200 404",
        PUT="401 404 403 ok ok 403 403 403 404",
    ),
    "api:plan-list": api("slug=program.slug", GET="401 404 403 200 200 200 403 200 404"),
    "api:round-list": api("slug=program.slug", GET="401 404 403 403 403 403 403 200 404"),
    "api:indicator-list": api("slug=program.slug", GET="401 404 200 403 403 403 403 200 404"),
    "api:export-list": api(
        "slug=program.slug",
        GET="401 404 403 403 403 403 403 200 404",
        POST="401 404 403 403 403 403 403 ok 404",
    ),
    "api:export-detail": api(
        "slug=program.slug pk=export.pk", GET="401 404 403 403 403 403 403 200 404"
    ),
    "api:export-file": api(
        "slug=program.slug pk=export.pk", GET="401 404 403 403 403 403 403 200 404"
    ),
    "api:webhook-list": api(
        "slug=program.slug",
        GET="401 404 403 403 403 403 403 200 404",
        POST="401 404 403 403 403 403 403 ok 404",
    ),
    "api:not-found": api(
        "", GET="404 404 404 404 404 404 404 404 404", POST="404 404 404 404 404 404 404 404 404"
    ),
    "api:webhook-detail": api(
        "slug=program.slug pk=webhook.pk",
        GET="401 404 403 403 403 403 403 200 404",
        DELETE="401 404 403 403 403 403 403 ok 404",
    ),
}
