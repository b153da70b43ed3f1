import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from puente.mentoring.models import Agreement, Meeting, Relationship
from puente.programs.models import FocusArea, Membership, Track, Wave


class MeetingLogForm(forms.Form):
    held = forms.TypedChoiceField(
        label=_("Did the meeting take place?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=5, max_value=600, required=False
    )
    attended = forms.ModelMultipleChoiceField(
        label=_("Mentees who attended"),
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 3}))
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas covered"),
        queryset=FocusArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    next_steps = forms.CharField(
        label=_("Agreed next steps"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    shared_notes = forms.CharField(
        label=_("Shared notes"),
        help_text=_("Both sides, the tutor and the coordinator read these."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, relationship: Relationship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = relationship.mentees.select_related("user")  # type: ignore[attr-defined]
        self.fields["attended"].label_from_instance = lambda m: m.user.full_name  # type: ignore[attr-defined]
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(  # type: ignore[attr-defined]
            program=relationship.program
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("held") and not data.get("duration_minutes"):
            self.add_error("duration_minutes", _("Say how long the meeting lasted."))
        return data


def _time_zones() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class MeetingMoveForm(forms.Form):
    on = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(
        label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("Ends at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zones)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if bool(starts) != bool(ends):
            self.add_error("ends", _("Give both the start and the end time, or neither."))
        elif starts and ends and ends <= starts:
            self.add_error("ends", _("A meeting cannot end before it starts."))
        return data

    def moments(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        data = self.cleaned_data
        if not data.get("starts"):
            return None, None
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        return (
            dt.datetime.combine(data["on"], data["starts"], tzinfo=zone),
            dt.datetime.combine(data["on"], data["ends"], tzinfo=zone),
        )

    @classmethod
    def for_meeting(cls, meeting: Meeting, **kwargs: Any) -> "MeetingMoveForm":
        zone = zoneinfo.ZoneInfo(meeting.time_zone)
        initial: dict[str, Any] = {"on": meeting.planned_on, "time_zone": meeting.time_zone}
        if meeting.starts_at and meeting.ends_at:
            initial["starts"] = meeting.starts_at.astimezone(zone).time()
            initial["ends"] = meeting.ends_at.astimezone(zone).time()
        return cls(initial=initial, **kwargs)


class PrivateNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Private note"),
        help_text=_("Only you will ever read this note."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "goals",
            "mentor_expectations",
            "mentee_expectations",
            "frequency",
            "channel",
            "confidentiality",
        ]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 3}),
            "mentor_expectations": forms.Textarea(attrs={"rows": 2}),
            "mentee_expectations": forms.Textarea(attrs={"rows": 2}),
            "confidentiality": forms.Textarea(attrs={"rows": 2}),
        }


class BoardFilterForm(forms.Form):
    wave = forms.ModelChoiceField(
        label=_("Wave"), queryset=Wave.objects.none(), required=False, empty_label=_("All")
    )
    track = forms.ModelChoiceField(
        label=_("Track"), queryset=Track.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Relationship.Status.choices],
        required=False,
    )
    at_risk = forms.BooleanField(label=_("Only relationships at risk"), required=False)

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = Wave.objects.filter(program=program)  # type: ignore[attr-defined]
        self.fields["track"].queryset = Track.objects.filter(program=program)  # type: ignore[attr-defined]


class RiskFollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Follow-up taken"),
        help_text=_("Who you contacted, when, and what was agreed."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ContactRuleForm(forms.Form):
    meetings_per_month = forms.IntegerField(
        label=_("Meetings per calendar month"),
        help_text=_("Each active relationship holding fewer in a month is flagged at risk."),
        min_value=1,
        max_value=31,
    )
