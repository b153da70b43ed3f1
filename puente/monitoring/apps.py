from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "puente.monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self) -> None:
        from puente.core.hooks import on_daily
        from puente.monitoring.tasks import round_reminders_task

        # `manage.py run_daily` enqueues the M&E round reminders with the other daily work.
        on_daily(round_reminders_task)
