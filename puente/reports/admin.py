from django.contrib import admin

from puente.reports.models import Certificate, ExportFile, MentorReport, ReportReminder


@admin.register(MentorReport)
class MentorReportAdmin(admin.ModelAdmin):
    list_display = ["relationship", "kind", "month", "status", "submitted_at", "reviewed_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["relationship", "submission", "author", "reviewed_by"]


@admin.register(ReportReminder)
class ReportReminderAdmin(admin.ModelAdmin):
    list_display = ["mentor", "month", "sent_at"]
    raw_id_fields = ["mentor"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["holder_name", "program_name", "role", "code", "issued_at", "revoked_at"]
    search_fields = ["holder_name", "code"]
    raw_id_fields = ["relationship", "holder", "program", "issued_by", "revoked_by"]


@admin.register(ExportFile)
class ExportFileAdmin(admin.ModelAdmin):
    list_display = ["program", "requested_by", "file_format", "status", "rows", "created_at"]
    list_filter = ["status", "file_format"]
    raw_id_fields = ["program", "requested_by"]
