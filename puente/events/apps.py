from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "puente.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Its step (a kick-off planned) on the program home's next-steps checklist
        # (core.hooks.on_checklist).
        from puente.core.hooks import on_checklist
        from puente.events.checklist import steps as checklist_steps

        on_checklist(checklist_steps)

        from puente.core.hooks import on_calendar_feed, on_wave_cloned
        from puente.events.calendars import feed_entries
        from puente.events.wave_copy import copy_wave_events

        # Starting the next wave copies the wave's events (after mentoring's session plan), in
        # the same transaction.
        on_wave_cloned(copy_wave_events)
        # A person's private calendar feed (mentoring's) carries the events they are invited to.
        on_calendar_feed(feed_entries)
        # Proposed meeting times (mentoring's) avoid the events people are invited to.
        from puente.core.hooks import on_busy_times
        from puente.events.selectors import busy_times

        on_busy_times(busy_times)

        # The audit trail (puente/core/audit.py): events' changes and cancellation, and each
        # person's answer and attendance.
        from puente.core.audit import audit
        from puente.events.models import Event, EventInvitation

        audit(Event)
        audit(EventInvitation)
