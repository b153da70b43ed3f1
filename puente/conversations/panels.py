"""What conversations adds to other apps' pages through core.hooks: the relationship page's link
to its conversation (with the unread count) and the reported messages in the coordinators'
moderation queue."""

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse

from puente.conversations import selectors
from puente.core.permissions import Action


def relationship_link(access: Any, relationship: Any) -> str:
    """The conversation's link with what is unread (one query); nothing for those who may not
    read it (coordinators)."""
    unread = selectors.unread_count(access, relationship.pk)
    if unread is None:
        return ""
    return render_to_string(
        "conversations/_relationship_link.html",
        {
            "url": reverse("conversations:thread", args=[access.program.slug, relationship.pk]),
            "unread": unread,
        },
    )


def moderation_queue(access: Any) -> str:
    """The reported messages waiting, each shown alone (never its conversation)."""
    if not access.can(Action.MODERATE_COMMUNITY):
        return ""
    return render_to_string(
        "conversations/_moderation.html",
        {
            "program": access.program,
            "message_reports": selectors.open_reports(access.program),
        },
    )
