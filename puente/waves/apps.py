from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WavesConfig(AppConfig):
    name = "puente.waves"
    label = "waves"
    verbose_name = _("Waves")

    def ready(self) -> None:
        from puente.core.audit import audit
        from puente.waves.models import AlumniInvitation

        audit(AlumniInvitation)
