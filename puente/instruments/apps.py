from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "puente.instruments"
    verbose_name = _("Forms and surveys")

    def ready(self) -> None:
        # Its step (application forms published) on the program home's next-steps checklist
        # (core.hooks.on_checklist).
        from puente.core.hooks import on_checklist
        from puente.instruments.checklist import steps as checklist_steps

        on_checklist(checklist_steps)
