"""Who files, reads and reviews which mentor reports, and whose certificates (see
``puente.core.scopes``)."""

from puente.core.permissions import Action
from puente.core.scopes import PathScope, via
from puente.mentoring.models import Relationship
from puente.mentoring.scopes import FOLLOWERS
from puente.reports.models import Certificate, MentorReport

# The relationships whose reports one files: one's own as their mentor.
FILED_RELATIONSHIPS = PathScope(
    kind="reports.filed_relationship",
    model=Relationship,
    sees={Action.FILE_MENTOR_REPORTS: ("mentor__user",)},
    changes={Action.FILE_MENTOR_REPORTS: ("mentor__user",)},
)

# A report is read by its mentor, the tutors who follow the relationship and the coordinators;
# its mentor files and edits it (until accepted).
MENTOR_REPORTS = PathScope(
    kind="reports.mentor_report",
    model=MentorReport,
    program="relationship__program",
    all_with=Action.MANAGE_REPORTS,
    sees={
        Action.FILE_MENTOR_REPORTS: ("relationship__mentor__user",),
        Action.REVIEW_MENTOR_REPORTS: via("relationship", FOLLOWERS),
    },
    changes={Action.FILE_MENTOR_REPORTS: ("relationship__mentor__user",)},
)

# Reviewing (accepting or sending back): the coordinators any report, the tutors those of the
# relationships they follow.
REPORT_REVIEWS = PathScope(
    kind="reports.review",
    model=MentorReport,
    program="relationship__program",
    all_with=Action.MANAGE_REPORTS,
    sees={Action.REVIEW_MENTOR_REPORTS: via("relationship", FOLLOWERS)},
    change_all_with=Action.MANAGE_REPORTS,
    changes={Action.REVIEW_MENTOR_REPORTS: via("relationship", FOLLOWERS)},
)

# A certificate is its holder's and the coordinators'.
CERTIFICATES = PathScope(
    kind="reports.certificate",
    model=Certificate,
    all_with=Action.MANAGE_REPORTS,
    sees={Action.VIEW_PROGRAM: ("holder__user",)},
    change_all_with=Action.MANAGE_REPORTS,
)
