from django import forms
from django.utils.translation import gettext_lazy as _

from puente.core.forms import SubmitOnceMixin
from puente.recruitment.models import APPLICANT_ROLES


class LotteryForm(SubmitOnceMixin, forms.Form):
    role = forms.ChoiceField(label=_("Among the applicants for"), choices=APPLICANT_ROLES)
    places = forms.IntegerField(label=_("Places to draw"), min_value=1, max_value=10_000)
    seed = forms.IntegerField(
        label=_("Seed (optional)"),
        required=False,
        min_value=0,
        max_value=2**62,
        help_text=_(
            "Leave it empty for a random one. Anyone with the seed and the list of eligible "
            "applicants can draw again and find the same result."
        ),
    )
