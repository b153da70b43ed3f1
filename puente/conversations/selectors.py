"""What the conversation pages show, scoped to the person looking (``conversations.scopes``)."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from puente.accounts.models import User
from puente.conversations.models import Message, MessageReport, Participant, Thread
from puente.conversations.scopes import CONVERSATIONS
from puente.programs.models import Program

# The thread page shows the latest messages; a link shows them all.
SHOWN = 50


def thread_messages(thread: Thread, viewer: User, *, everything: bool = False) -> list[Message]:
    """The conversation's messages, oldest first (the latest SHOWN unless ``everything``), with
    their authors and whether ``viewer`` reported each: one query whatever their number."""
    rows = (
        Message.objects.filter(thread=thread)
        .select_related("author")
        .annotate(
            reported=Exists(MessageReport.objects.filter(message=OuterRef("pk"), reporter=viewer))
        )
        .order_by("-created_at", "-pk")
    )
    found: list[Message] = list(rows if everything else rows[:SHOWN])
    found.reverse()
    return found


def message_count(thread: Thread) -> int:
    return Message.objects.filter(thread=thread).count()


def _unread(viewer: User) -> Q:
    """Messages from others, not hidden, written after ``viewer`` last read their conversation
    (all of them if they never did)."""
    read = Participant.objects.filter(
        thread=OuterRef("thread"), user=viewer, last_read_at__isnull=False
    )
    after_reading = Q(created_at__gt=Subquery(read.values("last_read_at")[:1]))
    never_read = Q(~Exists(read))
    return Q(hidden_at__isnull=True) & ~Q(author=viewer) & (after_reading | never_read)


def unread_count(access: Any, relationship_id: int) -> int | None:
    """How many messages of the relationship's conversation ``access``'s person has not read;
    None when they may not read it (coordinators): one query."""
    found = (
        CONVERSATIONS.visible(access)
        .filter(pk=relationship_id)
        .annotate(
            unread=Count(
                "conversation__messages",
                filter=Q(conversation__messages__in=Message.objects.filter(_unread(access.user))),
            )
        )
        .values_list("unread", flat=True)
        .first()
    )
    return found


def open_reports(program: Program) -> list[MessageReport]:
    """Unresolved reports of the program's messages, oldest first, each with its message alone
    (never the rest of the conversation)."""
    return list(
        MessageReport.objects.filter(
            message__thread__relationship__program=program, resolved_at__isnull=True
        )
        .select_related("message__author", "reporter")
        .order_by("created_at", "pk")
    )
