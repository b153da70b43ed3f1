from django.contrib import admin

from puente.notifications.models import DigestSent, NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    list_display = ["user", "weekly_digest", "updated_at"]
    list_filter = ["weekly_digest"]
    raw_id_fields = ["user"]


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin[DigestSent]):
    list_display = ["week", "program", "user", "emailed", "sent_at"]
    list_filter = ["emailed", "week"]
    raw_id_fields = ["user", "program"]
