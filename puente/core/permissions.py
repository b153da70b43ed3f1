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
    LOG_MEETINGS = "log_meetings"
    MANAGE_MENTORING = "manage_mentoring"
    FOLLOW_UP_RISKS = "follow_up_risks"


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
    # Logging, moving meetings and confirming the agreement: the two sides' own acts.
    Action.LOG_MEETINGS: frozenset({Role.MENTOR, Role.MENTEE}),
    # The board of all relationships, creating them from matches, session plans.
    Action.MANAGE_MENTORING: frozenset({Role.COORDINATOR}),
    # Recording the follow-up of a relationship at risk (tutors see the flags, not this).
    Action.FOLLOW_UP_RISKS: frozenset({Role.COORDINATOR}),
}

# Roles whose entries any member of the directory may see.
PUBLIC_ROLES = frozenset({Role.COORDINATOR, Role.TUTOR, Role.MENTOR})


def can(roles: Iterable[str], action: Action) -> bool:
    allowed = ROLE_ACTIONS[action]
    return any(role in allowed for role in roles)
