from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "puente.plans"
    verbose_name = _("Growth plans")
