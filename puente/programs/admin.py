from django.contrib import admin

from puente.programs.models import (
    Break,
    BuyerOrganization,
    FocusArea,
    Invitation,
    Membership,
    Organization,
    Program,
    Track,
    Wave,
)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["admins"]


@admin.register(BuyerOrganization)
class BuyerOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "sector", "location", "archived_at"]
    list_filter = ["organization"]


class WaveInline(admin.TabularInline):
    model = Wave
    extra = 0


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


class BreakInline(admin.TabularInline):
    model = Break
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "format", "status", "starts_on", "ends_on"]
    list_filter = ["status", "format"]
    search_fields = ["name"]
    inlines = [WaveInline, TrackInline, FocusAreaInline, BreakInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "role", "wave", "track"]
    list_filter = ["role", "program"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "program", "role", "created_at", "accepted_at"]
    exclude = ["token_hash"]
