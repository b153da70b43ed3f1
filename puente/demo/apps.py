from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data. Last in line: it may use every app before it, and none uses it."""

    name = "puente.demo"
    verbose_name = _("Demo data")
