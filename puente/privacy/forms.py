from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import User
from puente.privacy.models import DataExport


class DownloadForm(forms.Form):
    file_format = forms.ChoiceField(label=_("Format"), choices=DataExport.Format.choices)


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you want to be erased?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your coordinator reads it before erasing you."),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm it is you."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not user.has_usable_password():
            # Confirmed by an emailed link instead.
            del self.fields["password"]


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that erasing cannot be undone."), required=True
    )
    reason = forms.CharField(
        label=_("Note for the record"),
        max_length=500,
        required=False,
        help_text=_("Do not write the person's name: the record keeps no personal data."),
    )
