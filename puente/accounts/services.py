from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from puente.accounts import unsubscribe
from puente.accounts.models import SignInLink, User
from puente.core.email_limits import link_email_claim
from puente.core.emails import send_templated_email
from puente.core.tokens import new_token, token_hash


def user_create(*, email: str, full_name: str, password: str | None = None, **profile: Any) -> User:
    user = User(email=User.objects.normalize_email(email).lower(), full_name=full_name, **profile)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def signin_link_create(*, user: User, minutes: int | None = None) -> str:
    """A new one-time sign-in link for this person; returns its full URL."""
    token = new_token()
    SignInLink.objects.create(
        user=user,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(minutes=minutes or settings.SIGNIN_LINK_MINUTES),
    )
    return settings.SITE_URL + reverse("accounts:link-signin", args=[token])


@transaction.atomic
def signin_link_send(*, email: str, client: str | None = None) -> None:
    """Email a one-time sign-in link if the address belongs to an active person.

    Says nothing either way to the caller, so the form cannot be used to probe who has an account.
    Every request claims a link email (``puente.core.email_limits``, per address and per
    ``client`` address), whether or not the address has an account; past the limit nothing is
    sent.
    """
    if not link_email_claim(to=email, client=client):
        return
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    send_templated_email(
        to=user.email,
        language=user.language,
        template="accounts/email/signin_link",
        context={
            "user": user,
            "url": signin_link_create(user=user),
            "minutes": settings.SIGNIN_LINK_MINUTES,
        },
    )


def signin_link_find(*, token: str) -> SignInLink | None:
    """The unused, unexpired link for this token, or None."""
    return (
        SignInLink.objects.select_related("user")
        .filter(
            token_hash=token_hash(token),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


@transaction.atomic
def signin_link_use(*, token: str) -> User | None:
    """Spend the link: a conditional UPDATE, so two clicks at once sign in only one of them."""
    link = signin_link_find(token=token)
    if link is None:
        return None
    spent = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    return link.user if spent else None


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# The emails whose choice is kept on the person (mentoring reads them there).
EMAIL_CHOICES = (unsubscribe.MEETING_REMINDERS, unsubscribe.LOG_NUDGES)


@transaction.atomic
def user_email_choice_turn_off(*, user: User, choice: str) -> None:
    """Turn off one kind of email kept on the person; nothing changes if it is off already."""
    if choice not in EMAIL_CHOICES:
        raise ValueError(f"{choice} is not an email choice of the person")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if getattr(locked, choice):
        setattr(locked, choice, False)
        locked.save(update_fields=[choice])
    setattr(user, choice, False)
