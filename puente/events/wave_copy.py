"""The events' part of starting the next wave (``core.hooks.wave_cloned``): the wave's events
(not those cancelled), shifted by the waves' offset, never their invitations, attendance or
lessons."""

from datetime import timedelta

from django.utils.translation import gettext as _

from puente.core.hooks import WaveCopy
from puente.events.models import Event
from puente.programs.models import Wave

# The fields of an event that describe it, as opposed to what happened at it.
EVENT_FIELDS = ["program_id", "track_id", "kind", "title", "description", "time_zone", "mode"]
EVENT_FIELDS += ["place", "video_link"]


def copy_wave_events(source_id: int, target_id: int, offset_days: int) -> WaveCopy:
    target = Wave.objects.get(pk=target_id)
    shift = timedelta(days=offset_days)
    events = []
    # A cancelled event is not part of how the wave runs: the next wave does without it.
    source_events = Event.objects.filter(wave_id=source_id, cancelled_at__isnull=True)
    for event in source_events.order_by("starts_at", "pk"):
        copy_event = Event(
            wave=target,
            starts_at=event.starts_at + shift,
            ends_at=event.ends_at + shift,
            **{name: getattr(event, name) for name in EVENT_FIELDS},
        )
        copy_event.full_clean()
        events.append(copy_event)
    Event.objects.bulk_create(events)
    return [(_("Events"), len(events))]
