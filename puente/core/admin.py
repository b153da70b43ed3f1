from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from puente.core.models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """Read only: operators look for stuck emails (not sent, many attempts, a last error)."""

    list_display = ["pk", "to", "subject", "created_at", "attempts", "sending_until", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "attempts"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "to",
        "subject",
        "body",
        "language",
        "unsubscribe_url",
        "created_at",
        "sending_until",
        "attempts",
        "sent_at",
        "last_error",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
