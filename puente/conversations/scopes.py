"""Who reads and writes which relationship's conversation (see ``puente.core.scopes``): its
mentor and mentees read and write it; the tutors who follow it read it, and write once a member
has invited them in. Nobody sees all of them: coordinators hold no path here (a coordinator who
is also a mentor reads their own), and meet a message only when someone reports it."""

from puente.conversations.models import Message, Thread
from puente.core.permissions import Action
from puente.core.scopes import PathScope
from puente.mentoring.models import Relationship
from puente.mentoring.scopes import FOLLOWERS, SIDES

# From a relationship to the tutors its members invited into the conversation.
INVITED_TUTORS = "conversation__tutor_invitations__tutor"

# The relationships whose conversation a person reads (and, changing, writes in). Keyed on the
# relationship so that a conversation not opened yet (no Thread row) is found the same way.
CONVERSATIONS = PathScope(
    kind="conversations.conversation",
    model=Relationship,
    sees={Action.READ_CONVERSATIONS: (*SIDES, FOLLOWERS)},
    # An invited tutor who stops following the relationship no longer sees it, so cannot write.
    changes={Action.POST_MESSAGES: (*SIDES, INVITED_TUTORS)},
)

THREADS = CONVERSATIONS.through("relationship", Thread, "conversations.thread")

MESSAGES = CONVERSATIONS.through("thread__relationship", Message, "conversations.message")
