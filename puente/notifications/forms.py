from django import forms
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import User
from puente.notifications.models import MessageEmails, NotificationPreference


class NotificationPreferencesForm(forms.Form):
    meeting_reminders = forms.BooleanField(
        label=_("Meeting reminders by email"),
        required=False,
        help_text=User._meta.get_field("meeting_reminders").help_text,
    )
    log_nudges = forms.BooleanField(
        label=_("Reminders to log meetings by email"),
        required=False,
        help_text=User._meta.get_field("log_nudges").help_text,
    )
    weekly_digest = forms.BooleanField(
        label=_("Weekly digest by email"),
        required=False,
        help_text=NotificationPreference._meta.get_field("weekly_digest").help_text,
    )
    message_emails = forms.ChoiceField(
        label=_("New messages in your conversations"),
        choices=MessageEmails.choices,
        initial=MessageEmails.EACH,
        # A form posted without it (an older page) keeps the saved choice.
        required=False,
        widget=forms.RadioSelect,
        help_text=NotificationPreference._meta.get_field("message_emails").help_text,
    )
