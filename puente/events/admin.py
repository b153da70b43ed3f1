from django.contrib import admin

from puente.events.models import Event, EventInvitation


class EventInvitationInline(admin.TabularInline[EventInvitation, Event]):
    model = EventInvitation
    extra = 0
    raw_id_fields = ["user", "membership", "invited_by"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["title", "program", "kind", "starts_at", "mode"]
    list_filter = ["kind", "mode"]
    raw_id_fields = ["created_by", "attendance_taken_by", "lessons_written_by"]
    inlines = [EventInvitationInline]
