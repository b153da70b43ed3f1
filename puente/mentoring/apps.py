from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "puente.mentoring"
    verbose_name = _("Mentoring")

    def ready(self) -> None:
        # Confirming matches lays out the relationships and their meetings, once it has committed.
        from puente.core.hooks import on_matches_confirmed
        from puente.mentoring.services import relationships_from_matches_for

        on_matches_confirmed(relationships_from_matches_for)
