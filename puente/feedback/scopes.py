"""Who reads which post-meeting feedback and lessons learned (see ``puente.core.scopes``).

Feedback on a meeting is read by the coordinators and by the tutors who follow the pair, never
by the other side; its author changes their own (on the meeting's feedback form). Lessons are
the coordinators' to read, all of them; the others who write lessons read their own."""

from puente.core.permissions import Action
from puente.core.scopes import PathScope, via
from puente.feedback.models import Lesson, MeetingFeedback
from puente.mentoring.scopes import FOLLOWERS

MEETING_FEEDBACK = PathScope(
    kind="feedback.meeting_feedback",
    model=MeetingFeedback,
    program="meeting__relationship__program",
    all_with=Action.MANAGE_FEEDBACK,
    sees={Action.FOLLOW_RELATIONSHIPS: via("meeting__relationship", FOLLOWERS)},
    changes={Action.GIVE_FEEDBACK: ("author",)},
)

LESSONS = PathScope(
    kind="feedback.lesson",
    model=Lesson,
    all_with=Action.MANAGE_FEEDBACK,
    sees={Action.WRITE_LESSONS: ("author",)},
    changes={Action.WRITE_LESSONS: ("author",)},
)
