from django import forms
from django.utils.translation import gettext_lazy as _

from puente.notifications.models import NotificationPreference


class NotificationPreferencesForm(forms.Form):
    meeting_reminders = forms.BooleanField(
        label=_("Meeting reminders by email"),
        required=False,
        help_text=_("A reminder the day before each meeting, and a nudge to log it afterwards."),
    )
    weekly_digest = forms.BooleanField(
        label=_("Weekly digest by email"),
        required=False,
        help_text=NotificationPreference._meta.get_field("weekly_digest").help_text,
    )
