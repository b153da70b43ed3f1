from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from puente.matching.models import CriterionKey, MatchingSettings
from puente.programs.models import Program, Track, Wave


class SettingsForm(forms.ModelForm):
    prefix = "settings"

    class Meta:
        model = MatchingSettings
        fields = ["min_score", "default_capacity", "allow_rematch"]


class CriteriaForm(forms.Form):
    """A weight (0–10) and a "must" for every criterion."""

    prefix = "criteria"

    def __init__(
        self,
        *args: Any,
        weights: dict[str, int],
        required: set[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for key, label in CriterionKey.choices:
            self.fields[f"{key}_weight"] = forms.IntegerField(
                label=label, min_value=0, max_value=10, initial=weights.get(key, 0)
            )
            self.fields[f"{key}_required"] = forms.BooleanField(
                label=_("must"), required=False, initial=key in required
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(label), self[f"{key}_weight"], self[f"{key}_required"])
            for key, label in CriterionKey.choices
        ]

    def values(self) -> tuple[dict[str, int], set[str]]:
        data = self.cleaned_data
        weights = {key: data[f"{key}_weight"] for key in CriterionKey.values}
        required = {key for key in CriterionKey.values if data.get(f"{key}_required")}
        return weights, required


class RunForm(forms.Form):
    prefix = "run"
    wave = forms.ModelChoiceField(
        label=_("Wave"), queryset=Wave.objects.none(), required=False, empty_label=_("All waves")
    )
    track = forms.ModelChoiceField(
        label=_("Track"), queryset=Track.objects.none(), required=False, empty_label=_("All tracks")
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wave = self.fields["wave"]
        track = self.fields["track"]
        assert isinstance(wave, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(track, forms.ModelChoiceField)  # noqa: S101
        wave.queryset = program.waves.all()
        track.queryset = program.tracks.all()


class PairForm(forms.Form):
    mentee = forms.IntegerField(widget=forms.HiddenInput)
    mentor = forms.IntegerField(label=_("Mentor"))
    action = forms.ChoiceField(
        choices=[("lock", _("Lock")), ("forbid", _("Forbid")), ("clear", _("Clear"))]
    )
