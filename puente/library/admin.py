from django.contrib import admin

from puente.library.models import ManualConfirmation, Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin[Resource]):
    list_display = ("title", "program", "wave", "kind", "audience", "stage", "is_onboarding_manual")
    list_filter = ("kind", "audience", "stage", "is_onboarding_manual")
    search_fields = ("title", "program__name")
    raw_id_fields = ("program", "wave", "original", "created_by")


@admin.register(ManualConfirmation)
class ManualConfirmationAdmin(admin.ModelAdmin[ManualConfirmation]):
    list_display = ("user", "resource", "at")
    raw_id_fields = ("user", "resource")
