from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "puente.plans"
    verbose_name = _("Growth plans")

    def ready(self) -> None:
        # The relationship's page (mentoring's) shows the plan's open actions under the next
        # meeting, without mentoring importing plans.
        from puente.core.hooks import on_relationship_page
        from puente.plans.panels import open_actions_placeholder

        on_relationship_page("next", open_actions_placeholder)

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
