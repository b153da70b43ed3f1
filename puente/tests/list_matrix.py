"""The declared list table: for every page that lists objects and every list endpoint of the API,
which objects of the list world (`list_world.py`) each persona sees — exactly — or the status the
page answers them with. Written from docs/architecture.md's "Who sees what", not from the code:
where the code disagrees, the cell is marked ``xfail`` with the disagreement (a bug to fix).

A row is keyed by its URL name, with ``#section`` when a page holds several lists and ``@note``
for a second row of the same URL with other kwargs (another program's address). Its arguments:

- kwargs: as in `permission_matrix.py` ("slug=program.slug pk=call.pk", read on the world);
- kind: which named objects of the world are the candidates (``world.named[kind]``);
- outcomes: nine tokens in the persona order below; ``*`` where the persona gets the list (then
  the persona's keyword gives the names seen, space-separated, "" for none), else the status or
  ``login`` as in the permission matrix;
- marker (pages): the text only that object puts on the page, as a format string of ``obj`` and
  ``pk`` (default ``id="<kind>-{pk}"``, see MARKERS); the API reads the ids of the JSON results
  (every page of them).

    anonymous outsider observer mentee mentor tutor reviewer coordinator other_coordinator

Pages that are not lists are in NOT_LISTS, each with its reason; the API's lists are found from
the views (every ListAPIView needs a row). See docs/architecture.md ("Adding a list").
"""

from dataclasses import dataclass, field

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
LIST = "*"

# How a page marks one object of a kind, when not ``id="<kind>-{pk}"``.
MARKERS = {
    "plan": 'id="plan-{obj.relationship_id}-{obj.mentee_id}"',
    "proposal": 'id="proposal-{obj.mentee_id}"',
    "feedback": 'data-feedback="{pk}"',
}
# Which field of the API's results holds an object's key, when not ``id``.
API_KEYS = {"program": "slug"}


@dataclass(frozen=True)
class ListRow:
    kwargs_spec: str
    kind: str
    outcomes: dict[str, str]  # persona -> a status, "login", or LIST
    seen: dict[str, frozenset[str]]  # persona -> the names seen, for the LIST cells
    marker: str = ""
    json: bool = False
    xfail: dict[str, str] = field(default_factory=dict)  # persona -> the disagreement

    def marker_for(self) -> str:
        return self.marker or MARKERS.get(self.kind, 'id="' + self.kind + '-{pk}"')


def _row(
    kwargs: str,
    kind: str,
    outcomes: str,
    *,
    marker: str = "",
    json: bool = False,
    xfail: dict[str, str] | None = None,
    **seen: str,
) -> ListRow:
    tokens = outcomes.split()
    assert len(tokens) == len(PERSONAS), outcomes
    by_persona = dict(zip(PERSONAS, tokens, strict=True))
    listed = {p for p, token in by_persona.items() if token == LIST}
    assert listed == set(seen), f"{outcomes}: names for {sorted(listed)}, got {sorted(seen)}"
    return ListRow(
        kwargs_spec=kwargs,
        kind=kind,
        outcomes=by_persona,
        seen={p: frozenset(names.split()) for p, names in seen.items()},
        marker=marker,
        json=json,
        xfail=xfail or {},
    )


def page(kwargs: str, kind: str, outcomes: str, **options: str | dict[str, str]) -> ListRow:
    return _row(kwargs, kind, outcomes, **options)  # type: ignore[arg-type]


def api(kwargs: str, kind: str, outcomes: str, **options: str | dict[str, str]) -> ListRow:
    return _row(kwargs, kind, outcomes, json=True, **options)  # type: ignore[arg-type]


def url_name(key: str) -> str:
    """The URL name of a row's key ("reports:mine#to-review" -> "reports:mine")."""
    return key.split("#")[0].split("@")[0]


# --- Names used by several rows -----------------------------------------------------------------

# The pilot program's memberships, and those any member of the directory sees (coordinators,
# tutors, mentors: core.permissions.PUBLIC_ROLES).
EVERY_MEMBER = (
    "coordinator coordinator2 reviewer reviewer2 tutor tutor2 mentor mentor2 circle_mentor"
    " mentee mentee2 circle_mentee observer"
)
PUBLIC = "coordinator coordinator2 tutor tutor2 mentor mentor2 circle_mentor"
OTHER_MEMBERS = "other_coordinator other_tutor other_mentor other_mentee"
# Relationships: the world's pair (followed by the world's tutor), the pair of wave 2, the circle
# the world's mentee is in (followed by the world's tutor through that mentee).
ALL_RELATIONSHIPS = "relationship second_pair circle"
MENTEES_RELATIONSHIPS = "relationship circle"
TUTORS_RELATIONSHIPS = "relationship circle"
# Reading another program's address: only its coordinator gets in.
OTHER_ONLY = "login 404 404 404 404 404 404 404 *"
COORDINATOR_ONLY = "login 404 403 403 403 403 403 * 404"
API_COORDINATOR_ONLY = "401 404 403 403 403 403 403 * 404"

ROWS: dict[str, ListRow] = {
    # Persona order: anonymous outsider observer mentee mentor tutor reviewer coordinator
    # other_coordinator.
    # --- programs -----------------------------------------------------------------------------
    "programs:my-programs": page(
        "",
        "program",
        "login * * * * * * * *",
        outsider="",
        observer="program",
        mentee="program",
        mentor="program",
        tutor="program",
        reviewer="program",
        coordinator="program",
        other_coordinator="other_program",
    ),
    "programs:directory": page(
        "slug=program.slug",
        "membership",
        "login 404 403 * * * * * 404",
        mentee=f"{PUBLIC} mentee",
        mentor=PUBLIC,
        tutor=EVERY_MEMBER,
        reviewer=f"{PUBLIC} reviewer",
        coordinator=EVERY_MEMBER,
    ),
    "programs:directory@other": page(
        "slug=other_program.slug", "membership", OTHER_ONLY, other_coordinator=OTHER_MEMBERS
    ),
    # --- instruments --------------------------------------------------------------------------
    "instruments:instrument-list": page(
        "slug=program.slug", "instrument", COORDINATOR_ONLY, coordinator="instrument"
    ),
    # --- library ------------------------------------------------------------------------------
    # Each member reads the resources for their role's audiences in the version for their wave
    # (every persona is in wave 1); the coordinator reads each resource's newest version.
    "library:resource-list": page(
        "slug=program.slug",
        "resource",
        "login 404 403 * * * * * 404",
        mentee="resource mentees_guide",
        mentor="resource mentors_file mentors_manual",
        tutor="resource mentors_file mentors_manual mentees_guide tutors_guide",
        reviewer="resource",
        coordinator=(
            "resource_wave2 mentors_file mentors_manual mentees_guide tutors_guide"
            " coordinators_guide"
        ),
    ),
    "library:confirmations": page(
        "slug=program.slug",
        "resource",
        COORDINATOR_ONLY,
        marker='id="manual-{pk}"',
        coordinator="mentors_manual",
    ),
    # --- recruitment --------------------------------------------------------------------------
    "recruitment:call-list": page(
        "slug=program.slug", "call", COORDINATOR_ONLY, coordinator="call second_call"
    ),
    "recruitment:application-list": page(
        "slug=program.slug pk=call.pk",
        "application",
        COORDINATOR_ONLY,
        coordinator="application second_application",
    ),
    # The reviews asked of the person asking; a coordinator reads the others' through the
    # applications.
    "recruitment:review-list": page(
        "slug=program.slug",
        "assignment",
        "login 404 403 403 403 403 * * 404",
        reviewer="assignment",
        coordinator="coordinator_assignment",
    ),
    # --- matching -----------------------------------------------------------------------------
    "matching:overview": page("slug=program.slug", "run", COORDINATOR_ONLY, coordinator="run"),
    "matching:run": page(
        "slug=program.slug pk=run.pk", "proposal", COORDINATOR_ONLY, coordinator="proposal"
    ),
    "matching:matches": page(
        "slug=program.slug",
        "match",
        COORDINATOR_ONLY,
        coordinator="match second_match circle_match",
    ),
    "matching:tutors": page(
        "slug=program.slug",
        "tutoring",
        COORDINATOR_ONLY,
        coordinator="tutoring second_tutoring circle_tutoring",
    ),
    # --- mentoring ----------------------------------------------------------------------------
    "mentoring:mine": page(
        "slug=program.slug",
        "relationship",
        "login 404 403 * * * 403 403 404",
        mentee=MENTEES_RELATIONSHIPS,
        mentor="relationship",
        tutor=TUTORS_RELATIONSHIPS,
    ),
    "mentoring:caseload": page(
        "slug=program.slug",
        "tutoring",
        "login 404 403 403 403 * 403 * 404",
        marker='data-tutoring="{pk}"',
        tutor="tutoring",
        coordinator="tutoring second_tutoring circle_tutoring",
    ),
    "mentoring:board": page(
        "slug=program.slug", "relationship", COORDINATOR_ONLY, coordinator=ALL_RELATIONSHIPS
    ),
    "mentoring:board@other": page(
        "slug=other_program.slug", "relationship", OTHER_ONLY, other_coordinator="other_pair"
    ),
    # The events one is invited to (the world's mentor also to the mentors' workshop); every
    # event for the coordinator.
    "events:events": page(
        "slug=program.slug",
        "event",
        "login 404 403 * * * * * 404",
        mentee="event past_event",
        mentor="event mentors_event past_event",
        tutor="event past_event",
        reviewer="event past_event",
        coordinator="event mentors_event past_event",
    ),
    "events:events@other": page(
        "slug=other_program.slug", "event", OTHER_ONLY, other_coordinator="other_event"
    ),
    # --- plans --------------------------------------------------------------------------------
    "plans:overview": page(
        "slug=program.slug",
        "plan",
        COORDINATOR_ONLY,
        coordinator="plan second_pair_plan circle_plan circle_other_plan",
    ),
    # A tutor reads the plans of their assigned mentees: in the circle, the world's mentee's
    # plan, not that of the circle's other mentee (assigned to another tutor).
    "plans:mine": page(
        "slug=program.slug",
        "plan",
        "login 404 403 * * * 403 403 404",
        mentee="plan circle_plan",
        mentor="plan",
        tutor="plan circle_plan",
    ),
    # The program's corporate buyers, archived ones too (never another program's).
    "plans:buyers": page(
        "slug=program.slug", "buyer", COORDINATOR_ONLY, coordinator="buyer archived_buyer"
    ),
    "plans:buyers@other": page(
        "slug=other_program.slug", "buyer", OTHER_ONLY, other_coordinator="other_buyer"
    ),
    # --- feedback -----------------------------------------------------------------------------
    "feedback:my-feedback#meetings": page(
        "slug=program.slug",
        "meeting",
        "login 404 403 * * * 403 403 404",
        mentee="meeting circle_meeting",
        mentor="meeting",
        tutor="",
    ),
    "feedback:my-feedback#pulses": page(
        "slug=program.slug",
        "pulse",
        "login 404 403 * * * 403 403 404",
        mentee="pulse mentees_pulse",
        mentor="pulse",
        tutor="pulse",
    ),
    "feedback:live#comments": page(
        "slug=program.slug",
        "feedback",
        "login 404 403 403 403 * 403 * 404",
        tutor="mentor_feedback circle_feedback",
        coordinator="mentor_feedback second_pair_feedback circle_feedback",
    ),
    "feedback:live#lowest-rated": page(
        "slug=program.slug",
        "relationship",
        "login 404 403 403 403 * 403 * 404",
        marker='id="lowest-rated-{pk}"',
        tutor=TUTORS_RELATIONSHIPS,
        coordinator=ALL_RELATIONSHIPS,
    ),
    "feedback:pulses": page(
        "slug=program.slug",
        "pulse",
        COORDINATOR_ONLY,
        coordinator="pulse mentees_pulse wave2_pulse",
    ),
    "feedback:lessons": page(
        "slug=program.slug",
        "lesson",
        "login 404 403 403 * * 403 * 404",
        mentor="lesson",
        tutor="tutor_lesson",
        coordinator="lesson tutor_lesson coordinator_lesson mentor2_lesson",
    ),
    # --- monitoring ---------------------------------------------------------------------------
    # Every relationship has meetings past without a log.
    "monitoring:health": page(
        "slug=program.slug",
        "relationship",
        "login 404 403 403 403 * 403 * 404",
        marker='data-relationship="{pk}"',
        tutor=TUTORS_RELATIONSHIPS,
        coordinator=ALL_RELATIONSHIPS,
    ),
    "monitoring:rounds": page(
        "slug=program.slug", "round", COORDINATOR_ONLY, coordinator="round wave2_round"
    ),
    "monitoring:round": page(
        "slug=program.slug pk=round.pk",
        "invitation",
        COORDINATOR_ONLY,
        coordinator="mentee_invitation mentor_invitation",
    ),
    "monitoring:round-quality": page(
        "slug=program.slug pk=round.pk", "quality_flag", COORDINATOR_ONLY, coordinator="flag"
    ),
    "monitoring:my-surveys": page(
        "slug=program.slug",
        "invitation",
        "login 404 403 * * * 403 403 404",
        mentee="mentee_invitation",
        mentor="mentor_invitation",
        tutor="",
    ),
    "monitoring:indicators": page(
        "slug=program.slug",
        "indicator",
        "login 404 * 403 403 403 403 * 404",
        observer="indicator",
        coordinator="indicator",
    ),
    # --- community ----------------------------------------------------------------------------
    "community:index": page(
        "slug=program.slug",
        "wave",
        "login 404 403 * * * 403 * 404",
        marker='id="space-wave-{pk}"',
        mentee="wave",
        mentor="wave",
        tutor="wave",
        coordinator="wave wave2",
    ),
    "community:feed": page(
        "slug=program.slug number=wave.number",
        "post",
        "login 404 403 * * * 403 * 404",
        mentee="post",
        mentor="post",
        tutor="post",
        coordinator="post hidden_post",
    ),
    "community:program-feed": page(
        "slug=program.slug",
        "post",
        "login 404 403 404 404 404 403 * 404",
        coordinator="program_post",
    ),
    "community:post": page(
        "slug=program.slug pk=post.pk",
        "comment",
        "login 404 403 * * * 403 * 404",
        mentee="comment",
        mentor="comment",
        tutor="comment",
        coordinator="comment hidden_comment",
    ),
    "community:moderation#reports": page(
        "slug=program.slug", "report", COORDINATOR_ONLY, coordinator="content_report wave2_report"
    ),
    "community:moderation#to-review": page(
        "slug=program.slug", "story", COORDINATOR_ONLY, coordinator="story"
    ),
    "community:moderation#published": page(
        "slug=program.slug",
        "story",
        COORDINATOR_ONLY,
        marker='id="published-story-{pk}"',
        coordinator="published_story",
    ),
    "community:moderation#message-reports": page(
        "slug=program.slug",
        "message_report",
        COORDINATOR_ONLY,
        marker='id="message-report-{pk}"',
        coordinator="message_report",
    ),
    "community:public-stories": page(
        "slug=program.slug",
        "story",
        "* * * * * * * * *",
        anonymous="published_story",
        outsider="published_story",
        observer="published_story",
        mentee="published_story",
        mentor="published_story",
        tutor="published_story",
        reviewer="published_story",
        coordinator="published_story",
        other_coordinator="published_story",
    ),
    # --- conversations ------------------------------------------------------------------------
    # A relationship's conversation: its members and the tutors who follow it, never the
    # coordinators (they meet a message only when it is reported); a hidden message keeps its
    # place (its words are gone).
    "conversations:thread": page(
        "slug=program.slug pk=relationship.pk",
        "message",
        "login 404 403 * * * 403 403 404",
        mentee="message hidden_message",
        mentor="message hidden_message",
        tutor="message hidden_message",
    ),
    "conversations:thread@circle": page(
        "slug=program.slug pk=circle.pk",
        "message",
        "login 404 403 * 404 * 403 403 404",
        mentee="circle_message",
        tutor="circle_message",
    ),
    # --- waves --------------------------------------------------------------------------------
    "waves:compare": page(
        "slug=program.slug",
        "wave",
        COORDINATOR_ONLY,
        marker='id="wave-{pk}"',
        coordinator="wave wave2",
    ),
    # --- reports ------------------------------------------------------------------------------
    # The reports page: a mentor's relationships to report on, the reports awaiting one's review
    # (all for coordinators, those of the relationships they follow for tutors), one's own
    # certificates.
    "reports:mine#my-reports": page(
        "slug=program.slug",
        "relationship",
        "login 404 * * * * * * 404",
        marker='id="reports-of-{pk}"',
        observer="",
        mentee="",
        mentor="relationship",
        tutor="",
        reviewer="",
        coordinator="",
    ),
    "reports:mine#to-review": page(
        "slug=program.slug",
        "mentor_report",
        "login 404 * * * * * * 404",
        marker='id="to-review-{pk}"',
        observer="",
        mentee="",
        mentor="",
        tutor="mentor_report circle_report",
        reviewer="",
        coordinator="mentor_report second_pair_report circle_report",
    ),
    "reports:mine#certificates": page(
        "slug=program.slug",
        "certificate",
        "login 404 * * * * * * 404",
        marker='id="my-certificate-{pk}"',
        observer="",
        mentee="certificate",
        mentor="mentor_certificate",
        tutor="",
        reviewer="",
        coordinator="",
    ),
    "reports:filing": page(
        "slug=program.slug", "relationship", COORDINATOR_ONLY, coordinator=ALL_RELATIONSHIPS
    ),
    "reports:certificates": page(
        "slug=program.slug",
        "certificate",
        COORDINATOR_ONLY,
        coordinator="certificate mentor_certificate",
    ),
    "reports:program-stories": page(
        "slug=program.slug", "story", COORDINATOR_ONLY, coordinator="published_story"
    ),
    # --- privacy ------------------------------------------------------------------------------
    # The requests of people of one's programs (a person in no program: organization admins and
    # operators only).
    "privacy:requests": page(
        "",
        "erasure",
        "login 403 403 403 403 403 403 * *",
        coordinator="erasure",
        other_coordinator="other_erasure",
    ),
    # --- api (pages) --------------------------------------------------------------------------
    "api:tokens": page(
        "",
        "token",
        "login * * * * * * * *",
        outsider="",
        observer="",
        mentee="mentee_token",
        mentor="api_token",
        tutor="",
        reviewer="",
        coordinator="coordinator_token",
        other_coordinator="other_coordinator_token",
    ),
    # --- api (/api/v1/) -----------------------------------------------------------------------
    "api:program-list": api(
        "",
        "program",
        "401 * * * * * * * *",
        outsider="",
        observer="program",
        mentee="program",
        mentor="program",
        tutor="program",
        reviewer="program",
        coordinator="program",
        other_coordinator="other_program",
    ),
    "api:wave-list": api(
        "slug=program.slug",
        "wave",
        "401 404 * * * * * * 404",
        observer="wave wave2",
        mentee="wave wave2",
        mentor="wave wave2",
        tutor="wave wave2",
        reviewer="wave wave2",
        coordinator="wave wave2",
    ),
    "api:track-list": api(
        "slug=program.slug",
        "track",
        "401 404 * * * * * * 404",
        observer="track",
        mentee="track",
        mentor="track",
        tutor="track",
        reviewer="track",
        coordinator="track",
    ),
    "api:membership-list": api(
        "slug=program.slug",
        "membership",
        "401 404 403 * * * * * 404",
        mentee=f"{PUBLIC} mentee",
        mentor=PUBLIC,
        tutor=EVERY_MEMBER,
        reviewer=f"{PUBLIC} reviewer",
        coordinator=EVERY_MEMBER,
    ),
    "api:membership-list@other": api(
        "slug=other_program.slug",
        "membership",
        "401 404 404 404 404 404 404 404 *",
        other_coordinator=OTHER_MEMBERS,
    ),
    "api:call-list": api(
        "slug=program.slug", "call", API_COORDINATOR_ONLY, coordinator="call second_call"
    ),
    "api:application-list": api(
        "slug=program.slug",
        "application",
        API_COORDINATOR_ONLY,
        coordinator="application second_application second_call_application",
    ),
    "api:match-run-list": api("slug=program.slug", "run", API_COORDINATOR_ONLY, coordinator="run"),
    "api:match-list": api(
        "slug=program.slug",
        "match",
        API_COORDINATOR_ONLY,
        coordinator="match second_match circle_match",
    ),
    "api:relationship-list": api(
        "slug=program.slug",
        "relationship",
        "401 404 403 * * * 403 * 404",
        mentee=MENTEES_RELATIONSHIPS,
        mentor="relationship",
        tutor=TUTORS_RELATIONSHIPS,
        coordinator=ALL_RELATIONSHIPS,
    ),
    "api:relationship-list@other": api(
        "slug=other_program.slug",
        "relationship",
        "401 404 404 404 404 404 404 404 *",
        other_coordinator="other_pair",
    ),
    "api:meeting-list": api(
        "slug=program.slug",
        "meeting",
        "401 404 403 * * * 403 * 404",
        mentee="meeting circle_meeting",
        mentor="meeting",
        tutor="meeting circle_meeting",
        coordinator="meeting second_pair_meeting circle_meeting",
    ),
    # As relationships, but a mentee sees only their own plan, and a tutor those of their
    # assigned mentees.
    "api:plan-list": api(
        "slug=program.slug",
        "plan",
        "401 404 403 * * * 403 * 404",
        mentee="plan circle_plan",
        mentor="plan",
        tutor="plan circle_plan",
        coordinator="plan second_pair_plan circle_plan circle_other_plan",
    ),
    "api:round-list": api(
        "slug=program.slug", "round", API_COORDINATOR_ONLY, coordinator="round wave2_round"
    ),
    "api:indicator-list": api(
        "slug=program.slug",
        "indicator",
        "401 404 * 403 403 403 403 * 404",
        observer="indicator",
        coordinator="indicator",
    ),
    # A coordinator's own exports (not another coordinator's of the same program).
    "api:export-list": api(
        "slug=program.slug", "export", API_COORDINATOR_ONLY, coordinator="export"
    ),
    "api:webhook-list": api(
        "slug=program.slug", "webhook", API_COORDINATOR_ONLY, coordinator="webhook"
    ),
}


def _not_lists(reason: str, *names: str) -> dict[str, str]:
    return dict.fromkeys(names, reason)


# Pages (GET rows of the permission matrix) that do not list objects, with the reason.
NOT_LISTS: dict[str, str] = {
    **_not_lists(
        "a form (to create or change one thing, or one's settings): no list",
        "accounts:profile-edit",
        "accounts:link-request",
        "programs:program-create",
        "programs:program-edit",
        "programs:program-part-edit",
        "programs:wave-clone",
        "programs:invite",
        "instruments:question-edit",
        "library:resource-create",
        "library:resource-edit",
        "library:resource-new-version",
        "recruitment:call-create",
        "recruitment:call-edit",
        "recruitment:application-import",
        "matching:run-confirm",
        "events:event-create",
        "events:event-edit",
        "mentoring:meeting",
        "mentoring:meeting-offer",
        "mentoring:agreement",
        "plans:targets",
        "plans:buyer-add",
        "plans:buyer-edit",
        "plans:area-edit",
        "plans:goal-edit",
        "plans:action-edit",
        "monitoring:indicator-create",
        "monitoring:indicator-edit",
        "monitoring:indicator-targets",
        "monitoring:result-create",
        "monitoring:result-edit",
        "notifications:preferences",
        "community:post-edit",
        "community:post-report",
        "community:comment-report",
        "conversations:message-report",
        "community:my-story",
        "waves:alumni-invite",
        "reports:report-edit",
        "reports:report-final",
        "reports:export",
    ),
    **_not_lists(
        "one object's page, fetched through its access helper (the permission matrix checks "
        "who reaches it; what it holds is that object's own)",
        "programs:member-detail",
        "instruments:builder",
        "instruments:preview",
        "library:resource-detail",
        "recruitment:application-detail",
        "recruitment:review-form",
        "events:event",
        "mentoring:relationship",
        "plans:relationship",
        "plans:open-actions",
        "plans:plan",
        "plans:assessment",
        "reports:relationship-characterization",
        "reports:characterization",
        "feedback:give",
        "feedback:pulse",
        "monitoring:round-answer",
        "monitoring:comparison-answer",
        "reports:report-detail",
    ),
    **_not_lists(
        "a fixed text file for crawlers, the same for everyone",
        "robots",
    ),
    **_not_lists(
        "a script, the same for everyone (the service worker that keeps surveys offline)",
        "monitoring:service-worker",
    ),
    **_not_lists(
        "a file of one object (a download or a calendar entry)",
        "library:resource-file",
        "conversations:attachment",
        "recruitment:answer-file",
        "events:event-ics",
        "mentoring:meeting-ics",
        "reports:certificate-pdf",
        "reports:characterization-pdf",
        "reports:export-download",
        "privacy:download-file",
        "monitoring:iati",
    ),
    **_not_lists(
        "aggregates without records (counts, means, charts; small groups suppressed), or the "
        "person's own summary",
        "home",
        "accounts:profile",
        "programs:program-home",
        "feedback:pulse-results",
        "reports:program-final",
        "reports:program-final-pdf",
        "reports:program-monthly",
        "reports:program-monthly-pdf",
        "reports:funder-dashboard",
        "reports:funder-dashboard-export",
        "monitoring:framework",
        "privacy:my-data",
    ),
    **_not_lists(
        "a public page reached by a token or a code: the same for everyone who holds it",
        "accounts:link-signin",
        "accounts:unsubscribe",
        "programs:invitation-accept",
        "recruitment:call-public",
        "recruitment:call-sent",
        "recruitment:application",
        "reports:certificate-verify",
        "privacy:erasure-confirm",
        "api:docs",
    ),
    **_not_lists(
        "a health probe for the proxy and the orchestrator: the process's status, no records",
        "healthz",
        "readyz",
    ),
    "mentoring:calendar-feed": (
        "the token owner's own meetings and events, whoever asks (a private address); what it "
        "holds is tested in mentoring/tests/test_calendars.py"
    ),
    "mentoring:session-plans": (
        "settings: the program's session plan and one per wave, all of one program"
    ),
    "mentoring:session-plans-relayout": (
        "a confirmation for coordinators only: what re-laying out would move, all of one program "
        "(tested in mentoring/tests/test_relayout.py)"
    ),
    "recruitment:application-export": (
        "a file of the applications recruitment:application-list shows (coordinators only)"
    ),
    "matching:choose": (
        "a list only when the program lets mentees choose (otherwise 404 to everyone, as in the "
        "world); tested in matching/tests/test_choice.py"
    ),
    "matching:requests": (
        "a list only when the program lets mentees choose (otherwise 404 to everyone, as in the "
        "world); tested in matching/tests/test_choice.py"
    ),
}
