"""The one place that says which role may do what in a program.

Apps look up a person's roles in a program (see ``puente.programs.access``) and ask ``can`` here;
no view decides on its own.
"""

from collections.abc import Iterable
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    REVIEWER = "reviewer", _("Reviewer")
    TUTOR = "tutor", _("Tutor")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    OBSERVER = "observer", _("Observer (funder)")


class Action(StrEnum):
    VIEW_PROGRAM = "view_program"
    MANAGE_PROGRAM = "manage_program"
    VIEW_DIRECTORY = "view_directory"
    VIEW_ALL_MEMBERS = "view_all_members"
    VIEW_CONTACT_DETAILS = "view_contact_details"
    INVITE = "invite"
    MANAGE_FORMS = "manage_forms"
    MANAGE_CALLS = "manage_calls"
    REVIEW_APPLICATIONS = "review_applications"
    MANAGE_MATCHING = "manage_matching"
    CHOOSE_MENTOR = "choose_mentor"
    RESPOND_TO_CHOICES = "respond_to_choices"
    VIEW_RELATIONSHIPS = "view_relationships"
    FOLLOW_RELATIONSHIPS = "follow_relationships"
    VIEW_OWN_MENTORING = "view_own_mentoring"
    LOG_MEETINGS = "log_meetings"
    OFFER_TIMES = "offer_times"
    PICK_TIMES = "pick_times"
    MANAGE_MENTORING = "manage_mentoring"
    FOLLOW_UP_RISKS = "follow_up_risks"
    EDIT_PLANS = "edit_plans"
    MANAGE_PLANS = "manage_plans"
    VIEW_BUYERS = "view_buyers"
    MANAGE_BUYERS = "manage_buyers"
    VIEW_EVENTS = "view_events"
    MANAGE_EVENTS = "manage_events"
    GIVE_FEEDBACK = "give_feedback"
    VIEW_FEEDBACK = "view_feedback"
    MANAGE_FEEDBACK = "manage_feedback"
    WRITE_LESSONS = "write_lessons"
    VIEW_PROGRAM_HEALTH = "view_program_health"
    MANAGE_MONITORING = "manage_monitoring"
    VIEW_INDICATORS = "view_indicators"
    EXPORT_IATI = "export_iati"
    MANAGE_DATA_QUALITY = "manage_data_quality"
    TAKE_PART_IN_COMMUNITY = "take_part_in_community"
    MODERATE_COMMUNITY = "moderate_community"
    WRITE_STORY = "write_story"
    FILE_MENTOR_REPORTS = "file_mentor_reports"
    REVIEW_MENTOR_REPORTS = "review_mentor_reports"
    MANAGE_REPORTS = "manage_reports"
    EXPORT_DATA = "export_data"
    ERASE_PEOPLE = "erase_people"
    VIEW_LIBRARY = "view_library"
    MANAGE_LIBRARY = "manage_library"
    VIEW_FUNDER_DASHBOARD = "view_funder_dashboard"
    RECEIVE_DIGEST = "receive_digest"
    VIEW_CASELOADS = "view_caseloads"
    READ_CONVERSATIONS = "read_conversations"
    POST_MESSAGES = "post_messages"
    INVITE_TUTOR = "invite_tutor"
    REPORT_MESSAGES = "report_messages"


ALL_ROLES = frozenset(Role)

ROLE_ACTIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW_PROGRAM: ALL_ROLES,
    Action.MANAGE_PROGRAM: frozenset({Role.COORDINATOR}),
    Action.VIEW_DIRECTORY: frozenset(
        {Role.COORDINATOR, Role.REVIEWER, Role.TUTOR, Role.MENTOR, Role.MENTEE}
    ),
    # Mentees' and reviewers' entries are only listed to those who work with all of them.
    Action.VIEW_ALL_MEMBERS: frozenset({Role.COORDINATOR, Role.TUTOR}),
    Action.VIEW_CONTACT_DETAILS: frozenset({Role.COORDINATOR, Role.TUTOR}),
    Action.INVITE: frozenset({Role.COORDINATOR}),
    Action.MANAGE_FORMS: frozenset({Role.COORDINATOR}),
    # Calls, every application and every review, decisions, imports and exports.
    Action.MANAGE_CALLS: frozenset({Role.COORDINATOR}),
    # Scoring the applications assigned to oneself (the selectors scope them).
    Action.REVIEW_APPLICATIONS: frozenset({Role.REVIEWER, Role.COORDINATOR}),
    # Criteria and weights, runs, locks and forbids, confirmation, tutor assignments.
    Action.MANAGE_MATCHING: frozenset({Role.COORDINATOR}),
    # Choice mode: a mentee ranks their own suggestions and a mentor answers the mentees who chose
    # them. Personal acts, so not the coordinator's (who locks or forbids pairs instead).
    Action.CHOOSE_MENTOR: frozenset({Role.MENTEE}),
    Action.RESPOND_TO_CHOICES: frozenset({Role.MENTOR}),
    # Relationship pages; the access helper narrows them to one's own (mentor, mentee), those of
    # one's assigned mentees (tutor) or all of the program (coordinator).
    Action.VIEW_RELATIONSHIPS: frozenset({Role.COORDINATOR, Role.TUTOR, Role.MENTOR, Role.MENTEE}),
    # Following the relationships of the mentees assigned to one (tutors): their pages, plans,
    # feedback, reports to review, risk flags and the caseload (the scopes narrow them).
    Action.FOLLOW_RELATIONSHIPS: frozenset({Role.TUTOR}),
    # "My mentoring": the relationships one takes part in or follows, one's plans and surveys.
    Action.VIEW_OWN_MENTORING: frozenset({Role.TUTOR, Role.MENTOR, Role.MENTEE}),
    # Logging, moving meetings and confirming the agreement: the two sides' own acts.
    Action.LOG_MEETINGS: frozenset({Role.MENTOR, Role.MENTEE}),
    # Offering times for a meeting and picking one of them: the two sides' own acts. Which side
    # offers in a program (its setting) is ``mentoring.services.may_offer``; the other picks.
    Action.OFFER_TIMES: frozenset({Role.MENTOR, Role.MENTEE}),
    Action.PICK_TIMES: frozenset({Role.MENTOR, Role.MENTEE}),
    # The board of all relationships, creating them from matches, session plans.
    Action.MANAGE_MENTORING: frozenset({Role.COORDINATOR}),
    # Recording the follow-up of a relationship at risk (tutors see the flags, not this).
    Action.FOLLOW_UP_RISKS: frozenset({Role.COORDINATOR}),
    # A mentee's growth plan: its mentor and that mentee write it (the access helper narrows it);
    # the tutor and coordinator read it through VIEW_RELATIONSHIPS.
    Action.EDIT_PLANS: frozenset({Role.MENTOR, Role.MENTEE}),
    # The overview of every plan, the assessments' set-up and the buyers' target levels.
    Action.MANAGE_PLANS: frozenset({Role.COORDINATOR}),
    # The program's corporate buyers and their requirements, read where a plan is measured
    # against them (the plan's targets, a business's characterization) by those who take part in
    # plans or follow them. Reviewers and observers have no plans to read.
    Action.VIEW_BUYERS: frozenset({Role.COORDINATOR, Role.TUTOR, Role.MENTOR, Role.MENTEE}),
    # Adding, changing, archiving and deleting buyers, their requirements per focus area and the
    # businesses that target each one.
    Action.MANAGE_BUYERS: frozenset({Role.COORDINATOR}),
    # The events one is invited to, answering them and their calendar invites (the views narrow
    # them to one's own invitations). Observers see aggregates only, never events.
    Action.VIEW_EVENTS: frozenset(
        {Role.COORDINATOR, Role.REVIEWER, Role.TUTOR, Role.MENTOR, Role.MENTEE}
    ),
    # Creating events, inviting audiences, taking attendance and writing the lessons learned.
    Action.MANAGE_EVENTS: frozenset({Role.COORDINATOR}),
    # Feedback on one's own held meetings (the two sides') and answering the pulses and retros of
    # one's wave: personal acts, so not the coordinator's.
    Action.GIVE_FEEDBACK: frozenset({Role.MENTOR, Role.MENTEE, Role.TUTOR}),
    # The feedback view: all of the program for coordinators, the pairs they follow for tutors.
    # Observers get none of it (answers are personal; the funder's aggregates live in reports).
    Action.VIEW_FEEDBACK: frozenset({Role.COORDINATOR, Role.TUTOR}),
    # Opening and closing pulses and retros, their results, every lesson learned.
    Action.MANAGE_FEEDBACK: frozenset({Role.COORDINATOR}),
    # Writing lessons learned at the end of a wave or after an event.
    Action.WRITE_LESSONS: frozenset({Role.COORDINATOR, Role.TUTOR, Role.MENTOR}),
    # Meetings held against planned, hours and logs missing; tutors see their relationships only.
    Action.VIEW_PROGRAM_HEALTH: frozenset({Role.COORDINATOR, Role.TUTOR}),
    # M&E rounds (opening, closing, who answered) and the indicators' definitions.
    Action.MANAGE_MONITORING: frozenset({Role.COORDINATOR}),
    # The indicator results: aggregates only, suppressed by monitoring.disclosure (under 5 people).
    Action.VIEW_INDICATORS: frozenset({Role.COORDINATOR, Role.OBSERVER}),
    # The program's results framework as an IATI activity file (aggregates only, suppressed
    # like the indicators): for who reports to funders and for the funders themselves.
    Action.EXPORT_IATI: frozenset({Role.COORDINATOR, Role.OBSERVER}),
    # A round's data-quality page: its rules and flags, which name the people whose answers
    # were flagged, resolving or accepting each. Funders read only the counts (dashboard, report).
    Action.MANAGE_DATA_QUALITY: frozenset({Role.COORDINATOR}),
    # Reading and writing in one's wave's community space (the access helper narrows it to the
    # waves one belongs to; coordinators see every wave). Observers and reviewers have none.
    Action.TAKE_PART_IN_COMMUNITY: frozenset(
        {Role.COORDINATOR, Role.TUTOR, Role.MENTOR, Role.MENTEE}
    ),
    # Hiding, pinning, closing comments, the report queue, publishing stories.
    Action.MODERATE_COMMUNITY: frozenset({Role.COORDINATOR}),
    # Writing one's own story of what one learned (published only with consent).
    Action.WRITE_STORY: frozenset({Role.MENTOR, Role.MENTEE}),
    # A mentor's monthly and final reports on their own relationships: a personal act.
    Action.FILE_MENTOR_REPORTS: frozenset({Role.MENTOR}),
    # Accepting or sending back the reports of the relationships one follows (the access helper
    # narrows tutors to those of their assigned mentees; coordinators review any).
    Action.REVIEW_MENTOR_REPORTS: frozenset({Role.COORDINATOR, Role.TUTOR}),
    # Who has not filed their reports; issuing and revoking certificates.
    Action.MANAGE_REPORTS: frozenset({Role.COORDINATOR}),
    # People, applications, relationships and meetings as CSV or XLSX: personal data, so the
    # coordinator's alone (observers get aggregates only).
    Action.EXPORT_DATA: frozenset({Role.COORDINATOR}),
    # Erasing a member of the program who asked for it (puente/privacy): anonymises them in every
    # record of every program, so it is the coordinator's alone.
    Action.ERASE_PEOPLE: frozenset({Role.COORDINATOR}),
    # The toolkit: each role reads the resources for its audience (puente.library.models
    # ROLE_AUDIENCES); observers see aggregates only, so no toolkit.
    Action.VIEW_LIBRARY: frozenset(
        {Role.COORDINATOR, Role.REVIEWER, Role.TUTOR, Role.MENTOR, Role.MENTEE}
    ),
    # Writing resources, their versions per wave, the onboarding manual and who confirmed it.
    Action.MANAGE_LIBRARY: frozenset({Role.COORDINATOR}),
    # The funder's dashboard: aggregates only, suppressed by monitoring.disclosure, never a name or
    # free text; coordinators open it to see what the funder sees.
    Action.VIEW_FUNDER_DASHBOARD: frozenset({Role.COORDINATOR, Role.OBSERVER}),
    # The weekly digest of the relationships one follows up (the scope narrows tutors to theirs;
    # organization admins get the coordinators').
    Action.RECEIVE_DIGEST: frozenset({Role.COORDINATOR, Role.TUTOR}),
    # Tutors' caseloads: each tutor's mentees against the program's limit, their pairs' risk
    # flags and last contact (a tutor sees their own).
    Action.VIEW_CASELOADS: frozenset({Role.COORDINATOR, Role.TUTOR}),
    # A relationship's conversation (puente/conversations): its mentor and mentees read and write
    # it; the tutors who follow it read it, and write once a member invites them in (the scope
    # narrows each to their own). Coordinators never read private conversations: they see a
    # message only when someone reports it (MODERATE_COMMUNITY, as in the community space).
    Action.READ_CONVERSATIONS: frozenset({Role.MENTOR, Role.MENTEE, Role.TUTOR}),
    Action.POST_MESSAGES: frozenset({Role.MENTOR, Role.MENTEE, Role.TUTOR}),
    Action.INVITE_TUTOR: frozenset({Role.MENTOR, Role.MENTEE}),
    Action.REPORT_MESSAGES: frozenset({Role.MENTOR, Role.MENTEE, Role.TUTOR}),
}

# Roles whose entries any member of the directory may see.
PUBLIC_ROLES = frozenset({Role.COORDINATOR, Role.TUTOR, Role.MENTOR})


def can(roles: Iterable[str], action: Action) -> bool:
    allowed = ROLE_ACTIONS[action]
    return any(role in allowed for role in roles)


def roles_allowed(action: Action) -> frozenset[Role]:
    """The roles whose holders may do ``action`` (to find them in bulk, e.g. for an email)."""
    return ROLE_ACTIONS[action]
