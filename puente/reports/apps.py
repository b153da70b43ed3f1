from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "puente.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from puente.core.hooks import on_daily
        from puente.reports.tasks import exports_clean_task, report_reminders_task

        # `manage.py run_daily` enqueues the monthly-report reminders and the removal of expired
        # export files with the other daily work.
        on_daily(report_reminders_task)
        on_daily(exports_clean_task)

        # The audit trail (puente/core/audit.py): reports and their review, certificates issued
        # and revoked, and who exported personal data. A report's snapshot is computed from the
        # logs (audited in mentoring); an export's file name is where its file lies.
        from puente.core.audit import audit
        from puente.reports.models import Certificate, ExportFile, MentorReport

        audit(MentorReport, exclude=["snapshot"])
        audit(Certificate)
        audit(ExportFile, exclude=["file_name"])
