from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from puente.accounts import lockout, services, unsubscribe
from puente.accounts.forms import BusinessProfileForm, ProfileForm, SignInLinkForm
from puente.accounts.models import BusinessProfile, User
from puente.core.forms import posted
from puente.core.hooks import profile_changed


@require_GET
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"person": request.user})


@require_http_methods(["GET", "POST"])
@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101
    business = BusinessProfile.objects.filter(owner=user).first()
    data = posted(request)
    form = ProfileForm(data, instance=user)
    has_business = data.get("has_business") == "on" if data is not None else bool(business)
    business_form = BusinessProfileForm(
        data if has_business else None,
        instance=business or BusinessProfile(owner=user),
    )
    if data is not None and form.is_valid() and (not has_business or business_form.is_valid()):
        with transaction.atomic():
            form.save()
            profile_changed(user.pk)
            if has_business:
                business_form.save()
            elif business is not None:
                # Unticking the box means the person no longer runs a business in a program.
                business.delete()
        # Confirm in the language just chosen, which the next page will use.
        translation.activate(user.language)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile_edit.html",
        {"form": form, "business_form": business_form, "has_business": has_business},
        status=422 if data is not None else 200,
    )


@require_http_methods(["GET", "POST"])
def signin_link_request(request: HttpRequest) -> HttpResponse:
    form = SignInLinkForm(posted(request))
    if request.method == "POST" and form.is_valid():
        # The same page whether a link was sent, the address has no account, or its link emails
        # reached their limit (puente/core/email_limits.py): the form cannot probe for accounts
        # nor flood an inbox.
        services.signin_link_send(
            email=form.cleaned_data["email"], client=lockout.client_ip(request)
        )
        return render(
            request, "accounts/signin_link_sent.html", {"email": form.cleaned_data["email"]}
        )
    return render(
        request,
        "accounts/signin_link_request.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def signin_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button: mail scanners that follow links must not spend the link.

    A valid link is never refused (puente/accounts/lockout.py): only unknown, used or expired
    links count towards the lockout of this address and are refused once it is locked."""
    if request.method == "POST":
        user = services.signin_link_use(token=token)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("You are signed in."))
            return redirect("programs:my-programs")
    elif services.signin_link_find(token=token) is not None:
        return render(request, "accounts/signin_link_confirm.html")
    locked = lockout.guard(request, subject=lockout.SIGNIN_LINK)
    if locked is not None:
        return locked
    # Guessing tokens from one address is locked out like guessing passwords.
    lockout.record_failure(request, subject=lockout.SIGNIN_LINK)
    return render(request, "accounts/signin_link_invalid.html", status=404)


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch language; a signed-in person's choice is saved in their profile too."""
    response = set_language(request)
    code = request.POST.get("language", "")
    if isinstance(request.user, User) and code in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=code)
    if isinstance(response, HttpResponseRedirect) and not url_has_allowed_host_and_scheme(
        response.url, allowed_hosts={request.get_host()}
    ):
        return redirect("home")
    return response


@csrf_exempt  # RFC 8058: mail programs POST without cookies or a CSRF token; the token is the key
@require_http_methods(["GET", "POST"])
def notification_turn_off(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    """One notification turned off from its email, without signing in (accounts/unsubscribe.py).
    GET shows a button (link scanners open addresses, they do not press buttons); POST, the
    mail program's one click or the button, turns it off. A valid token is never refused; a bad
    one is a 404 that counts toward the lockout."""
    found = unsubscribe.find(kind=kind, token=token)
    if found is None:
        locked = lockout.guard(request, subject=lockout.UNSUBSCRIBE)
        if locked is not None:
            return locked
        lockout.record_failure(request, subject=lockout.UNSUBSCRIBE)
        raise Http404
    notification, person = found
    if request.method == "POST":
        notification.turn_off(person)
    # The page speaks the language of the person the email went to.
    with translation.override(person.language):
        return render(
            request,
            "accounts/unsubscribe.html",
            {
                "notification": notification,
                "is_on": notification.is_on(person),
                "turned_off": request.method == "POST",
            },
        )
