from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "puente.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Texts are encoded when they change, in the background, never during a match run.
        from puente.core.hooks import on_profile_changed
        from puente.matching.tasks import enqueue_refresh_for_user

        on_profile_changed(enqueue_refresh_for_user)
