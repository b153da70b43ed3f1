import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from puente.accounts.timezones import TimeZoneField
from puente.mentoring.models import (
    Agreement,
    Meeting,
    MeetingVenue,
    Relationship,
    SessionPlan,
)
from puente.programs.archived import hide_archived
from puente.programs.models import FocusArea, Membership, Program, Track, Wave


@dataclass(frozen=True)
class LogChoices:
    """The choices of a relationship's log forms, read once for all its meetings."""

    mentees: list[tuple[int, str]]
    focus_areas: list[tuple[int, str]]

    @classmethod
    def for_relationship(cls, relationship: Relationship) -> "LogChoices":
        return cls(
            mentees=[(m.pk, m.user.full_name) for m in relationship.mentees.select_related("user")],
            focus_areas=[
                (area.pk, str(area))
                for area in FocusArea.objects.filter(program=relationship.program)
            ],
        )


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

    def __init__(
        self,
        *args: Any,
        relationship: Relationship,
        choices: "LogChoices | None" = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = relationship.mentees.select_related("user")  # type: ignore[attr-defined]
        self.fields["attended"].label_from_instance = lambda m: m.user.full_name  # type: ignore[attr-defined]
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(  # type: ignore[attr-defined]
            program=relationship.program
        )
        if choices is not None:
            # One read of the choices for every meeting's form on a page, not two per meeting.
            self.fields["attended"].choices = choices.mentees  # type: ignore[attr-defined]
            self.fields["focus_areas"].choices = choices.focus_areas  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("held") and not data.get("duration_minutes"):
            self.add_error("duration_minutes", _("Say how long the meeting lasted."))
        return data


class MeetingMoveForm(forms.Form):
    on = forms.DateField(
        label=_("New date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    starts = forms.TimeField(
        label=_("Starts at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    ends = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    time_zone = TimeZoneField(label=_("Time zone"), help_text="")
    mode = forms.ChoiceField(
        label=_("Where"), choices=Meeting.Mode.choices, widget=forms.RadioSelect, required=False
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("For a meeting in person: the address, or where to meet."),
    )
    video_link = forms.URLField(
        label=_("Video link"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_(
            "For a meeting online: the address of the call. Leave it empty to use the "
            "program's (a room of its own, or the mentor's link), when it gives one."
        ),
    )

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
    def for_meeting(
        cls, meeting: Meeting, *, time_zone: str | None = None, **kwargs: Any
    ) -> "MeetingMoveForm":
        """The meeting as it stands; a meeting without a time yet offers ``time_zone`` (the
        viewer's, from their profile)."""
        zone = zoneinfo.ZoneInfo(meeting.time_zone)
        initial: dict[str, Any] = {
            "on": meeting.planned_on,
            "time_zone": meeting.time_zone,
            "mode": meeting.mode,
            "place": meeting.place,
            "video_link": meeting.video_link,
        }
        if meeting.starts_at is None and time_zone:
            initial["time_zone"] = time_zone
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
        hide_archived(self.fields["wave"])
        self.fields["track"].queryset = Track.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["track"])


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


class MeetingVenueForm(forms.ModelForm):
    """How the program's pairs meet (``MeetingVenue``); the model checks the address template."""

    class Meta:
        model = MeetingVenue
        fields = ["mode", "url_template", "place", "offers"]
        widgets = {"mode": forms.RadioSelect, "offers": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "venue")
        super().__init__(*args, **kwargs)
        # Left out, the setting stays as it is (forms sent before it existed).
        self.fields["offers"].required = False


class RelationshipStatusForm(forms.Form):
    """Pause, resume, end early or complete a relationship; the choices offered depend on where
    it stands now."""

    status = forms.ChoiceField(label=_("New status"), choices=())
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Required when the relationship ends early. Both sides will read it."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, allowed: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Relationship.Status.choices if value in allowed
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == Relationship.Status.ENDED_EARLY
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Say why the relationship ends early."))
        return data


class SessionPlanForm(forms.Form):
    WEEKS, MONTHS = "weeks", "months"
    meetings = forms.IntegerField(label=_("Number of meetings"), min_value=1, max_value=104)
    span = forms.IntegerField(
        label=_("In how long"),
        help_text=_(
            "The meetings are spread evenly over this time, the last one inside it (12 meetings "
            "in 16 weeks, 10 in 6 months); empty to follow the cadence."
        ),
        min_value=1,
        max_value=156,
        required=False,
    )
    span_unit = forms.ChoiceField(
        label=_("Weeks or months"),
        choices=[(WEEKS, _("weeks")), (MONTHS, _("months"))],
        initial=WEEKS,
        required=False,
    )
    hours_per_meeting = forms.DecimalField(
        label=_("Hours per meeting"), min_value=Decimal("0.5"), max_value=24, decimal_places=1
    )
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Program.Cadence.choices)
    themes = forms.CharField(
        label=_("Themes"),
        help_text=_(
            "One line per meeting, in order (e.g. introductions and agreement, negotiation, "
            "public speaking). Meetings without a line have no theme."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

    def clean_themes(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("themes", "").splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("Keep each theme under 200 characters."))
        return lines

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        span, unit = data.get("span"), data.get("span_unit") or self.WEEKS
        data["span_weeks"] = span if span and unit == self.WEEKS else None
        data["span_months"] = span if span and unit == self.MONTHS else None
        meetings, themes = data.get("meetings"), data.get("themes") or []
        if data["span_months"] and data["span_months"] > 36:
            self.add_error("span", _("A plan lasts 36 months at most."))
        elif span and meetings and meetings > span * (7 if unit == self.WEEKS else 28):
            self.add_error("span", _("That many meetings do not fit in so short a time."))
        if meetings and len(themes) > meetings:
            self.add_error(
                "themes",
                ngettext_lazy(
                    "There are more themes than meetings: give at most %(count)s line.",
                    "There are more themes than meetings: give at most %(count)s lines.",
                    meetings,
                )
                % {"count": meetings},
            )
        return data

    @classmethod
    def for_plan(cls, plan: SessionPlan, **kwargs: Any) -> "SessionPlanForm":
        return cls(
            initial={
                "meetings": plan.meetings,
                "span": plan.span_months or plan.span_weeks,
                "span_unit": cls.MONTHS if plan.span_months else cls.WEEKS,
                "hours_per_meeting": plan.hours_per_meeting,
                "cadence": plan.cadence,
                "themes": "\n".join(str(theme) for theme in plan.themes or []),
            },
            **kwargs,
        )


class SecretInput(forms.URLInput):
    """An address input that never writes a value back into the page, not even the one just
    typed when the form comes back with an error: the address is a secret."""

    def format_value(self, value: Any) -> str | None:
        return None


class BusyCalendarForm(forms.Form):
    url = forms.CharField(
        label=_("Private address of your calendar (iCal)"),
        help_text=_(
            "It starts with https:// or webcal:// and usually ends in .ics. Puente shows it "
            "back only as its host and last characters."
        ),
        max_length=2000,
        widget=SecretInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class SlotOfferForm(forms.Form):
    """Two or three times to offer: ticked among Puente's proposals, and one typed (a date and a
    start time on the offerer's clock; it lasts the program's meeting length)."""

    slots = forms.MultipleChoiceField(
        label=_("Times that suit everyone"), required=False, widget=forms.CheckboxSelectMultiple
    )
    on = forms.DateField(
        label=_("Another time: date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    starts = forms.TimeField(
        label=_("Starts at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(
        self,
        *args: Any,
        proposed: list[tuple[str, str]],
        zone: dt.tzinfo,
        length: dt.timedelta,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = proposed  # type: ignore[attr-defined]
        self.zone, self.length = zone, length

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("on")) != bool(data.get("starts")):
            self.add_error("starts", _("Give both the date and the start time, or neither."))
        elif len(self.moments()) not in range(2, 4):
            raise forms.ValidationError(_("Offer two or three times."))
        return data

    def moments(self) -> list[tuple[dt.datetime, dt.datetime]]:
        data = getattr(self, "cleaned_data", {})
        found = []
        for value in data.get("slots", []):
            start = dt.datetime.fromisoformat(value)
            found.append((start, start + self.length))
        if data.get("on") and data.get("starts"):
            start = dt.datetime.combine(data["on"], data["starts"], tzinfo=self.zone)
            found.append((start, start + self.length))
        return found
