from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from puente.core.forms import SubmitOnceMixin
from puente.core.permissions import Role
from puente.events.models import Event
from puente.feedback.models import Lesson, Pulse
from puente.programs.archived import hide_archived
from puente.programs.models import Program, Track, Wave

USEFULNESS = [
    (1, _("1 · Not useful")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 · Very useful")),
]
GOING = [
    (1, _("1 · Badly")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 · Very well")),
]


def _scale(label: Any, choices: list[tuple[int, Any]], **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        **kwargs,
    )


def _text(label: Any, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        **kwargs,
    )


class MeetingFeedbackForm(forms.Form):
    usefulness = _scale(_("How useful was this meeting?"), USEFULNESS)
    helped = _text(_("One thing that helped"))
    change = _text(_("One thing to change"))


class WaveFilterForm(forms.Form):
    wave = forms.ModelChoiceField(
        label=_("Wave"), queryset=Wave.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = Wave.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["wave"])


class LiveFilterForm(WaveFilterForm):
    track = forms.ModelChoiceField(
        label=_("Track"), queryset=Track.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, program=program, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["track"])


AUDIENCE = [
    (Role.MENTOR.value, Role.MENTOR.label),
    (Role.MENTEE.value, Role.MENTEE.label),
    (Role.TUTOR.value, Role.TUTOR.label),
]


class PulseOpenForm(SubmitOnceMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Pulse.Kind.choices, initial=Pulse.Kind.PULSE)
    title = forms.CharField(label=_("Title"), max_length=150)
    wave = forms.ModelChoiceField(label=_("Wave"), queryset=Wave.objects.none())
    roles = forms.MultipleChoiceField(
        label=_("Who answers"),
        choices=AUDIENCE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every mentor, mentee and tutor of the wave."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = Wave.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["wave"])


class PulseAnswerForm(forms.Form):
    def __init__(self, *args: Any, pulse: Pulse, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if pulse.kind == Pulse.Kind.PULSE:
            self.fields["rating"] = _scale(_("How is it going?"), GOING)
            self.fields["comment"] = _text(_("Anything you want to add"))
        else:
            self.fields["went_well"] = _text(_("What went well"))
            self.fields["to_improve"] = _text(_("What to improve"))
            self.fields["to_try"] = _text(_("What to try"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts = ("went_well", "to_improve", "to_try")
        if "went_well" in self.fields and not any(data.get(name) for name in texts):
            self.add_error("went_well", _("Write at least one of the three answers."))
        return data


class LessonForm(SubmitOnceMixin, forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=Lesson.Theme.choices)
    wave = forms.ModelChoiceField(
        label=_("Wave"), queryset=Wave.objects.none(), required=False, empty_label=_("None")
    )
    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("None: the wave as a whole"),
    )
    worked = _text(_("What worked"))
    to_change = _text(_("What to change"))

    def __init__(
        self, *args: Any, program: Program, events: QuerySet[Event], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = Wave.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["wave"])
        self.fields["event"].queryset = events  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("worked") and not data.get("to_change"):
            self.add_error("worked", _("Write what worked, what to change, or both."))
        return data
