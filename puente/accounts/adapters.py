from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

from puente.accounts.lockout import client_ip
from puente.accounts.models import User
from puente.core.email_limits import link_email_claim
from puente.core.emails import send_templated_email

# The emails allauth sends in Puente's configuration (no open sign-up, no sign-in or reset by
# code, no security notifications: see accounts/tests/test_allauth_emails.py), each written
# again as Puente's own template (accounts/templates/accounts/email/) and sent through the
# outbox. allauth's templates are never used: they greet "from" the request's host and say
# *usted*.
ALLAUTH_EMAILS = {
    "account/email/password_reset_key": "accounts/email/password_reset_key",
    # A password reset asked for an address with no account (allauth's EMAIL_UNKNOWN_ACCOUNTS).
    "account/email/unknown_account": "accounts/email/unknown_account",
    # "Add an email address" in allauth's email page.
    "account/email/email_confirmation": "accounts/email/email_confirmation",
    "account/email/email_confirmation_signup": "accounts/email/email_confirmation",
    "account/email/account_already_exists": "accounts/email/account_already_exists",
}
# allauth's context keys that hold a link to the site, rebuilt on SITE_URL.
LINKS = ("password_reset_url", "activate_url")


def _on_site(url: str) -> str:
    """A link of allauth's (built from the request's host) on the site's own address, like every
    other link Puente emails."""
    parts = urlsplit(url)
    return settings.SITE_URL + parts.path + (f"?{parts.query}" if parts.query else "")


def _language(request: HttpRequest | None, email: str, user: Any) -> str:
    """The recipient's saved language; the request's only when the address has no account."""
    if not isinstance(user, User):
        user = User.objects.filter(email__iexact=email.strip()).first()
    if user is not None and user.language:
        return str(user.language)
    asked = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
    try:
        return translation.get_supported_language_variant(asked or settings.LANGUAGE_CODE)
    except LookupError:
        return str(settings.LANGUAGE_CODE)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People join a program by invitation (or by applying to a call), never by open sign-up.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's emails (a password reset, an address to confirm…) in Puente's own words,
        in the recipient's language, through the outbox like every other email.

        They go to an address someone typed in: each claims a link email first
        (puente/core/email_limits.py), in the transaction that writes it to the outbox. Past the
        limit nothing is sent, and allauth's page answers as usual."""
        template = ALLAUTH_EMAILS.get(template_prefix)
        if template is None:
            raise ImproperlyConfigured(
                f"allauth wants to send {template_prefix!r}, which has no Puente template: "
                "add one to accounts.adapters.ALLAUTH_EMAILS."
            )
        request = getattr(self, "request", None)
        user = context.get("user")
        person = user if isinstance(user, User) else None
        if person is None and template_prefix == "account/email/account_already_exists":
            person = User.objects.filter(email__iexact=email.strip()).first()
        links = {key: _on_site(context[key]) for key in LINKS if context.get(key)}
        url = links.get("password_reset_url") or links.get("activate_url", "")
        with transaction.atomic():
            if not link_email_claim(to=email, client=client_ip(request) if request else None):
                return
            send_templated_email(
                to=email,
                language=_language(request, email, person),
                template=template,
                context={"person": person, "email": email, "url": url, **links},
            )
