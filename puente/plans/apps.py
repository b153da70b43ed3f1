from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "puente.plans"
    verbose_name = _("Growth plans")

    def ready(self) -> None:
        # The audit trail (puente/core/audit.py): a mentee's plan and every change to it.
        from puente.core.audit import audit
        from puente.plans.models import (
            AreaTarget,
            GapAssessment,
            Goal,
            GrowthPlan,
            ImprovementArea,
            PlanAction,
            ProgressUpdate,
        )

        for model in (
            GrowthPlan,
            GapAssessment,
            ImprovementArea,
            Goal,
            PlanAction,
            ProgressUpdate,
            AreaTarget,
        ):
            audit(model)
