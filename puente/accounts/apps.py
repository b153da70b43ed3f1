from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "puente.accounts"
    verbose_name = _("People")

    def ready(self) -> None:
        # The audit trail (puente/core/audit.py): people's own data. Never the password hash; the
        # last sign-in changes on every sign-in and is no decision. Sign-in links hold token hashes.
        from puente.accounts.models import BusinessProfile, User
        from puente.core.audit import audit

        audit(User, exclude=["password", "last_login"])
        audit(BusinessProfile)

        # One click in a reminder's email turns that kind of reminder off (unsubscribe.py).
        from puente.accounts import services, unsubscribe

        for choice in services.EMAIL_CHOICES:
            unsubscribe.register_person_choice(choice)
