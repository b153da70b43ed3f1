"""The notification preferences page, in the profile area: any signed-in person, their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from puente.accounts.models import User
from puente.core.forms import posted
from puente.notifications import selectors, services
from puente.notifications.forms import NotificationPreferencesForm


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    preference = selectors.preference_for(user)
    form = NotificationPreferencesForm(
        # Unticking both boxes posts no field at all: still a submitted form.
        posted(request),
        initial={
            "meeting_reminders": user.meeting_reminders,
            "log_nudges": user.log_nudges,
            "weekly_digest": preference.weekly_digest,
            "message_emails": preference.message_emails,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            services.notification_preferences_save(
                user=user,
                meeting_reminders=form.cleaned_data["meeting_reminders"],
                log_nudges=form.cleaned_data["log_nudges"],
                weekly_digest=form.cleaned_data["weekly_digest"],
                message_emails=form.cleaned_data["message_emails"] or None,
            )
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
        status = 422
    else:
        status = 200
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "digest_programs": selectors.digest_programs(user)},
        status=status,
    )
