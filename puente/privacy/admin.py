from django.contrib import admin

from puente.privacy.models import ErasureRecord, ErasureRequest


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "created_at", "handled_at", "handled_by"]
    list_filter = ["status"]
    readonly_fields = ["user", "reason", "created_at", "confirmed_at", "handled_at", "handled_by"]


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    list_display = ["user_id_erased", "erased_by", "erased_at"]
    readonly_fields = ["user_id_erased", "erased_by", "erased_at", "request", "reason", "counts"]
