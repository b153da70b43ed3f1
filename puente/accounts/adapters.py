from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.http import HttpRequest

from puente.accounts.lockout import client_ip
from puente.core.email_limits import link_email_claim


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People join a program by invitation (or by applying to a call), never by open sign-up.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's emails (a password reset, an address to confirm) go to an address someone
        typed in: each claims a link email first (puente/core/email_limits.py). Past the limit
        nothing is sent, and allauth's page answers as usual."""
        request = getattr(self, "request", None)
        client = client_ip(request) if request is not None else None
        with transaction.atomic():
            if not link_email_claim(to=email, client=client):
                return
        super().send_mail(template_prefix, email, context)
