from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "puente.monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self) -> None:
        # Its step (indicators defined) on the program home's next-steps checklist
        # (core.hooks.on_checklist).
        from puente.core.hooks import on_checklist
        from puente.monitoring.checklist import steps as checklist_steps

        on_checklist(checklist_steps)

        from puente.core.hooks import on_daily
        from puente.monitoring.tasks import round_reminders_task

        # `manage.py run_daily` enqueues the M&E round reminders with the other daily work.
        on_daily(round_reminders_task)

        # Data quality: every open round checked again each day (outliers need the whole round).
        from puente.monitoring.quality_tasks import quality_check_open_rounds_task

        on_daily(quality_check_open_rounds_task)

        # The audit trail (puente/core/audit.py): rounds opened and closed, who was surveyed,
        # indicator definitions, the results framework. Reminder days are the daily job's
        # bookkeeping.
        from puente.core.audit import audit
        from puente.monitoring.models import (
            Indicator,
            IndicatorPeriod,
            Result,
            Round,
            RoundInvitation,
        )

        audit(Round)
        audit(RoundInvitation, exclude=["reminded_on", "token_hash"])
        audit(Indicator)
        # The results framework: its results and each indicator's periods and targets.
        audit(Result)
        audit(IndicatorPeriod)
        from puente.monitoring.quality_models import QualityFlag, QualityRule

        audit(QualityRule)
        audit(QualityFlag, exclude=["detail", "fingerprint"])
