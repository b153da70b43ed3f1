from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from puente.core.forms import SubmitOnceMixin
from puente.matching.models import CriterionKey, MatchingSettings, Suggestion
from puente.programs.archived import hide_archived
from puente.programs.models import Program, Track, Wave


class SettingsForm(forms.ModelForm):
    prefix = "settings"

    class Meta:
        model = MatchingSettings
        fields = [
            "min_score",
            "default_capacity",
            "allow_rematch",
            "mentee_choice",
            "suggestions_shown",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only used in choice mode: left empty, it keeps its value.
        self.fields["suggestions_shown"].required = False

    def clean_suggestions_shown(self) -> int:
        value: int | None = self.cleaned_data.get("suggestions_shown")
        return value or self.instance.suggestions_shown


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
        hide_archived(wave)
        hide_archived(track)


class RunCreateForm(SubmitOnceMixin, RunForm):
    """A new run: once per submit key, so a double click starts one run."""


# The sentence the match emails carry unless the coordinator writes another message.
DEFAULT_MATCH_MESSAGE = _(
    "Your first meeting is for getting to know each other, agreeing on expectations and "
    "setting the calendar."
)


class RunConfirmForm(SubmitOnceMixin, forms.Form):
    """The confirmation of a run, with the message every matched person receives."""

    message = forms.CharField(
        label=_("Message in the emails"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Each mentee and mentor receives it after the names of their match. Left as "
            "proposed, each person reads it in their own language."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["message"].initial = str(DEFAULT_MATCH_MESSAGE)

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        # Unchanged, the usual sentence goes out in each recipient's language.
        return "" if message == str(DEFAULT_MATCH_MESSAGE) else message


class PairForm(forms.Form):
    mentee = forms.IntegerField(widget=forms.HiddenInput)
    mentor = forms.IntegerField(label=_("Mentor"))
    action = forms.ChoiceField(
        choices=[("lock", _("Lock")), ("forbid", _("Forbid")), ("clear", _("Clear"))]
    )


# Choice mode.

ORDINALS = [
    _("1st choice"),
    _("2nd choice"),
    _("3rd choice"),
    _("4th choice"),
    _("5th choice"),
    _("6th choice"),
    _("7th choice"),
    _("8th choice"),
    _("9th choice"),
    _("10th choice"),
]


def ordinal(place: int) -> str:
    return str(ORDINALS[place - 1]) if 1 <= place <= len(ORDINALS) else str(place)


class ChoiceForm(forms.Form):
    """A mentee's ranking: for each suggestion, a place (1st, 2nd…) or "not for me"."""

    def __init__(
        self,
        *args: Any,
        suggestions: list[Suggestion],
        unavailable: set[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        places = [("", _("Not for me"))] + [
            (str(n), ordinal(n)) for n in range(1, len(suggestions) + 1)
        ]
        for suggestion in suggestions:
            if suggestion.mentor_id in unavailable:
                continue
            # Labelled in the template, with the mentor's name.
            self.fields[self.field_name(suggestion)] = forms.TypedChoiceField(
                choices=places,
                coerce=int,
                empty_value=None,
                required=False,
                initial=suggestion.choice,
            )

    @staticmethod
    def field_name(suggestion: Suggestion) -> str:
        return f"mentor_{suggestion.mentor_id}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        by_place: dict[int, list[str]] = {}
        for name, place in data.items():
            if place is not None:
                by_place.setdefault(place, []).append(name)
        for names in by_place.values():
            if len(names) > 1:
                for name in names:
                    self.add_error(name, _("You gave this place to another mentor too."))
        if not by_place and not self.errors:
            raise forms.ValidationError(_("Choose at least one mentor."))
        return data

    def ranked_mentor_ids(self) -> list[int]:
        chosen = [
            (place, int(name.removeprefix("mentor_")))
            for name, place in self.cleaned_data.items()
            if place is not None
        ]
        return [mentor_id for _place, mentor_id in sorted(chosen)]


class ResponseForm(forms.Form):
    """A mentor's answer to one mentee who chose them (prefixed by the mentee): the pressed
    button says accept or decline; declining needs a reason."""

    answer = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed to decline. Only the coordinators read it."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you decline; only the coordinators read it."))
        return data


class PublishForm(forms.Form):
    prefix = "publish"
    wave = forms.ModelChoiceField(
        label=_("Wave"), queryset=Wave.objects.none(), required=False, empty_label=_("All waves")
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wave = self.fields["wave"]
        assert isinstance(wave, forms.ModelChoiceField)  # noqa: S101
        wave.queryset = program.waves.all()
        hide_archived(wave)
