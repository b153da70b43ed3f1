from django import forms
from django.utils.translation import gettext_lazy as _

from puente.core.forms import SubmitOnceMixin


class ApiTokenForm(SubmitOnceMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “reporting spreadsheet”."),
    )
