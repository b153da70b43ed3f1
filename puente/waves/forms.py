from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from puente.core.forms import SubmitOnceMixin
from puente.programs.archived import hide_archived
from puente.programs.models import Wave
from puente.recruitment.models import Call
from puente.waves import selectors

WHO_CHOICES = [
    ("completed", _("Only the mentees who completed their relationship")),
    ("all", _("Every mentee of the wave")),
]


class AlumniInviteForm(SubmitOnceMixin, forms.Form):
    """Whom to invite back as mentors, and where to: an open call, or another wave."""

    who = forms.ChoiceField(
        label=_("Invite"), choices=WHO_CHOICES, initial="completed", widget=forms.RadioSelect
    )
    call = forms.ModelChoiceField(
        label=_("To apply through the call"),
        queryset=Call.objects.none(),
        required=False,
        help_text=_("Open calls with a form for mentors. They get the call's link."),
    )
    target_wave = forms.ModelChoiceField(
        label=_("Or to join this wave as mentors"),
        queryset=Wave.objects.none(),
        required=False,
        help_text=_("They get an invitation to join that wave as mentors."),
    )

    def __init__(self, *args: Any, wave: Wave, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program = wave.program
        self.fields["call"].queryset = selectors.mentor_calls(program)  # type: ignore[attr-defined]
        self.fields["target_wave"].queryset = program.waves.exclude(pk=wave.pk).filter(  # type: ignore[attr-defined]
            number__gt=wave.number
        )
        hide_archived(self.fields["target_wave"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("call")) == bool(data.get("target_wave")):
            raise forms.ValidationError(_("Choose either a call or a wave."))
        return data
