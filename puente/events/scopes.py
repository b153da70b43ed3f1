"""Who sees which events (see ``puente.core.scopes``): those who run events every event of the
program; everyone else the events they are invited to (observers none: aggregates only)."""

from puente.core.permissions import Action
from puente.core.scopes import PathScope
from puente.events.models import Event, EventInvitation

EVENTS = PathScope(
    kind="events.event",
    model=Event,
    all_with=Action.MANAGE_EVENTS,
    sees={Action.VIEW_EVENTS: ("invitations__user",)},
    change_all_with=Action.MANAGE_EVENTS,
)

# One's own invitations (to answer them); every invitation for those who run events.
INVITATIONS = PathScope(
    kind="events.invitation",
    model=EventInvitation,
    program="event__program",
    all_with=Action.MANAGE_EVENTS,
    sees={Action.VIEW_EVENTS: ("user",)},
    changes={Action.VIEW_EVENTS: ("user",)},
    change_all_with=Action.MANAGE_EVENTS,
)
