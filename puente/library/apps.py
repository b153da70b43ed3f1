from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "puente.library"
    label = "library"
    verbose_name = _("Toolkit")

    def ready(self) -> None:
        # The next wave reads the same versions of the toolkit (see library/wave_copy.py).
        from puente.core.hooks import on_wave_cloned
        from puente.library.wave_copy import inherit_toolkit

        on_wave_cloned(inherit_toolkit)

        # The audit trail (puente/core/audit.py): the toolkit's resources and who confirmed
        # reading the onboarding manual.
        from puente.core.audit import audit
        from puente.library.models import ManualConfirmation, Resource

        audit(Resource)
        audit(ManualConfirmation)
