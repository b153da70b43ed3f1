"""Who sees which applications and reviews (see ``puente.core.scopes``): the coordinators every
application and review of the program; a reviewer the applications assigned to them, and only
their own reviews. Applicants have no account: their emailed link is their key
(``recruitment.views_public``)."""

from puente.core.permissions import Action
from puente.core.scopes import PathScope
from puente.recruitment.models import Application, ReviewAssignment

APPLICATIONS = PathScope(
    kind="recruitment.application",
    model=Application,
    program="call__program",
    all_with=Action.MANAGE_CALLS,
    sees={Action.REVIEW_APPLICATIONS: ("reviews__reviewer",)},
    change_all_with=Action.MANAGE_CALLS,
)

REVIEWS = PathScope(
    kind="recruitment.review",
    model=ReviewAssignment,
    program="application__call__program",
    all_with=Action.MANAGE_CALLS,
    sees={Action.REVIEW_APPLICATIONS: ("reviewer",)},
    changes={Action.REVIEW_APPLICATIONS: ("reviewer",)},
)
