from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "puente.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from puente.core.hooks import on_daily
        from puente.core.tasks import deliver_outbox_task, link_email_counts_purge_task

        # Every app's object scopes (puente/<app>/scopes.py) in one registry, core.scopes.
        autodiscover_modules("scopes")

        # `manage.py run_daily` (hourly) sweeps the email outbox: emails whose task was lost.
        on_daily(deliver_outbox_task)
        # ... and deletes the link-email counts of past windows (puente.core.email_limits).
        on_daily(link_email_counts_purge_task)
