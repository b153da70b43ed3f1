"""Who sees which tutor assignments (see ``puente.core.scopes``): those who run matching or
mentoring see every one; a tutor sees their own caseload."""

from puente.core.permissions import Action
from puente.core.scopes import PathScope
from puente.matching.models import TutorAssignment

TUTOR_ASSIGNMENTS = PathScope(
    kind="matching.tutor_assignment",
    model=TutorAssignment,
    all_with=Action.MANAGE_MENTORING,
    sees={Action.FOLLOW_RELATIONSHIPS: ("tutor__user",)},
    change_all_with=Action.MANAGE_MATCHING,
)
