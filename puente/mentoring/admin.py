from django.contrib import admin

from puente.mentoring.models import (
    ContactRule,
    Meeting,
    MeetingVenue,
    Relationship,
    RiskFlag,
    SessionPlan,
)


@admin.register(SessionPlan)
class SessionPlanAdmin(admin.ModelAdmin[SessionPlan]):
    list_display = ["program", "wave", "meetings", "span_weeks", "span_months", "cadence"]


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin[Relationship]):
    list_display = ["program", "mentor", "kind", "status", "starts_on", "ends_on"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["mentor", "mentees", "matches"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ["relationship", "number", "planned_on", "status"]
    raw_id_fields = ["relationship"]


@admin.register(ContactRule)
class ContactRuleAdmin(admin.ModelAdmin[ContactRule]):
    list_display = ["program", "meetings_per_month"]


@admin.register(MeetingVenue)
class MeetingVenueAdmin(admin.ModelAdmin[MeetingVenue]):
    list_display = ["program", "mode"]


@admin.register(RiskFlag)
class RiskFlagAdmin(admin.ModelAdmin[RiskFlag]):
    list_display = ["relationship", "reason", "month", "raised_on", "resolved_on"]
    list_filter = ["reason"]
    raw_id_fields = ["relationship", "followed_up_by"]
