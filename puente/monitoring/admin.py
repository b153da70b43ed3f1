from django.contrib import admin

from puente.monitoring.models import Indicator, IndicatorPeriod, Result, Round, RoundInvitation


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin[Round]):
    list_display = ["program", "wave", "kind", "status", "opened_on", "closes_on"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["program", "wave", "instrument", "version", "opened_by", "closed_by"]


@admin.register(RoundInvitation)
class RoundInvitationAdmin(admin.ModelAdmin[RoundInvitation]):
    list_display = ["round", "user", "answered_at", "reminded_on"]
    raw_id_fields = ["round", "user", "membership", "submission"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["program", "name", "level", "computation", "disaggregation", "target"]
    list_filter = ["level", "computation"]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin[Result]):
    list_display = ["program", "title", "level", "parent", "position"]
    list_filter = ["level"]
    raw_id_fields = ["program", "parent"]


@admin.register(IndicatorPeriod)
class IndicatorPeriodAdmin(admin.ModelAdmin[IndicatorPeriod]):
    list_display = ["indicator", "start", "end", "target"]
    raw_id_fields = ["indicator"]
