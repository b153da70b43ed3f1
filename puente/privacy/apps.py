from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "puente.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from puente.core.audit import audit
        from puente.core.hooks import on_daily
        from puente.privacy.models import ErasureRecord, ErasureRequest
        from puente.privacy.tasks import data_exports_clean_task

        # Expired download files of personal data are removed with the other daily work.
        on_daily(data_exports_clean_task)
        # The reason is the person's own words; the log says a request was made and handled.
        audit(ErasureRequest, exclude=["reason"])
        audit(ErasureRecord)
