"""Who sees which relationships, meetings, notes, agreements and risk flags: declared once here
(see ``puente.core.scopes``); every page, selector, API endpoint, digest and export of a later app
asks these, or builds on ``SIDES`` and ``FOLLOWERS`` for its own kinds."""

from puente.core.permissions import Action
from puente.core.scopes import PathScope, via
from puente.mentoring.models import Agreement, Meeting, PrivateNote, Relationship, RiskFlag
from puente.programs.models import Membership

# From a relationship to the people who take part in it: its mentor and its mentees.
SIDES = ("mentor__user", "mentees__user")
# From a mentee (a membership) to their tutor: matching's TutorAssignment.
MENTEE_TUTOR = "tutor_assignment__tutor__user"
# From a relationship to the tutors who follow it: the tutors assigned to its mentees. The one
# place that says which relationships a tutor follows.
FOLLOWING_TUTORS = "mentees__tutor_assignment__tutor"
FOLLOWERS = f"{FOLLOWING_TUTORS}__user"

# All of the program for those who run mentoring (coordinators); their own for its two sides;
# those of their assigned mentees for tutors. Only the two sides act on it (log, move, agree).
RELATIONSHIPS = PathScope(
    kind="mentoring.relationship",
    model=Relationship,
    all_with=Action.MANAGE_MENTORING,
    sees={Action.LOG_MEETINGS: SIDES, Action.FOLLOW_RELATIONSHIPS: (FOLLOWERS,)},
    changes={Action.LOG_MEETINGS: SIDES},
)

# The relationships one follows up: all of the program for coordinators, those of their assigned
# mentees for tutors (program health, the weekly digest, caseloads); not one's own as a side.
FOLLOWED_RELATIONSHIPS = PathScope(
    kind="mentoring.followed_relationship",
    model=Relationship,
    all_with=Action.MANAGE_MENTORING,
    sees={Action.FOLLOW_RELATIONSHIPS: (FOLLOWERS,)},
)

MEETINGS = RELATIONSHIPS.through("relationship", Meeting, "mentoring.meeting")

AGREEMENTS = RELATIONSHIPS.through("relationship", Agreement, "mentoring.agreement")

# A private note is its author's alone: not the other side, the tutor or the coordinator.
PRIVATE_NOTES = PathScope(
    kind="mentoring.private_note",
    model=PrivateNote,
    program="meeting__relationship__program",
    sees={Action.LOG_MEETINGS: ("author",)},
    changes={Action.LOG_MEETINGS: ("author",)},
)

# The watch's flags are for those who follow pairs up, not for the pairs themselves; the
# coordinator records the follow-up.
RISK_FLAGS = PathScope(
    kind="mentoring.risk_flag",
    model=RiskFlag,
    program="relationship__program",
    all_with=Action.MANAGE_MENTORING,
    sees={Action.FOLLOW_RELATIONSHIPS: via("relationship", FOLLOWERS)},
    change_all_with=Action.FOLLOW_UP_RISKS,
)

# Whose caseloads one sees (tutor memberships are the ones with a caseload): every tutor's for
# coordinators, one's own for a tutor.
CASELOADS = PathScope(
    kind="mentoring.caseload",
    model=Membership,
    all_with=Action.MANAGE_MENTORING,
    sees={Action.FOLLOW_RELATIONSHIPS: ("user",)},
)
