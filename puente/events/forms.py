import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from puente.accounts.timezones import TimeZoneField
from puente.core.forms import SubmitOnceMixin
from puente.core.permissions import Role
from puente.events.models import Event, EventInvitation
from puente.programs.archived import hide_archived
from puente.programs.models import Membership, Program, Track, Wave


class EventForm(SubmitOnceMixin, forms.ModelForm):
    """An event's details; its start and end are a day, two times and a time zone."""

    # Browsers read date and time inputs only in ISO form, whatever the page's language: a
    # localized value ("10/12/2026") shows an empty field, and saving the edit then fails.
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_zone = TimeZoneField(label=_("Time zone"))
    video_link = forms.URLField(
        label=_("Video link"), max_length=200, required=False, assume_scheme="https"
    )

    class Meta:
        model = Event
        fields = ["kind", "title", "description", "wave", "track", "mode", "place", "video_link"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    field_order = [
        "kind",
        "title",
        "description",
        "wave",
        "track",
        "on",
        "starts",
        "ends",
        "time_zone",
        "mode",
        "place",
        "video_link",
    ]

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            zone = zoneinfo.ZoneInfo(instance.time_zone)
            kwargs.setdefault("initial", {}).update(
                on=instance.starts_at.astimezone(zone).date(),
                starts=instance.starts_at.astimezone(zone).time(),
                ends=instance.ends_at.astimezone(zone).time(),
                time_zone=instance.time_zone,
            )
        else:
            kwargs.setdefault("initial", {}).setdefault("time_zone", settings.TIME_ZONE)
        super().__init__(*args, **kwargs)
        if instance is not None and instance.pk:
            # Ticked by default: invitees expect to hear of a new time or place; untick it to
            # fix a detail quietly. Other edits (description, kind...) are never emailed.
            self.fields["notify"] = forms.BooleanField(
                label=_("Email the invitees if the time or place changes"),
                help_text=_(
                    "Everyone invited who has not declined gets the new details and an updated "
                    "calendar invitation."
                ),
                required=False,
                initial=True,
            )
        self.instance.program = program
        self.fields["wave"].queryset = Wave.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["wave"])
        self.fields["track"].queryset = Track.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["track"])
        self.fields["wave"].empty_label = _("The whole program")  # type: ignore[attr-defined]
        self.fields["track"].empty_label = _("Every track")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The event must end after it starts."))
        mode = data.get("mode")
        if mode in (Event.Mode.IN_PERSON, Event.Mode.HYBRID) and not data.get("place"):
            self.add_error("place", _("Say where the event takes place."))
        if mode in (Event.Mode.VIRTUAL, Event.Mode.HYBRID) and not data.get("video_link"):
            self.add_error("video_link", _("Give the video link for those who join online."))
        on, zone_name = data.get("on"), data.get("time_zone")
        if on and starts and ends and ends > starts and zone_name:
            # Set before the model's own checks run (right after this), which need them.
            zone = zoneinfo.ZoneInfo(zone_name)
            self.instance.starts_at = dt.datetime.combine(on, starts, tzinfo=zone)
            self.instance.ends_at = dt.datetime.combine(on, ends, tzinfo=zone)
            self.instance.time_zone = zone_name
        return data

    def event_data(self) -> dict[str, Any]:
        data = {f: self.cleaned_data.get(f) for f in self._meta.fields or []}
        data["starts_at"] = self.instance.starts_at
        data["ends_at"] = self.instance.ends_at
        data["time_zone"] = self.cleaned_data["time_zone"]
        return data


class EventAudienceForm(forms.Form):
    """Who to invite: everyone of the program, narrowed by waves, tracks and roles."""

    waves = forms.ModelMultipleChoiceField(
        label=_("Waves"),
        queryset=Wave.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every wave."),
    )
    tracks = forms.ModelMultipleChoiceField(
        label=_("Tracks"),
        queryset=Track.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every track."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(r.value, r.label) for r in Role if r != Role.OBSERVER],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every role except observers."),
    )
    # Set by the page that warns, for an event under way, that invitees can no longer answer.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        if event.wave_id:
            initial.setdefault("waves", [event.wave_id])
        if event.track_id:
            initial.setdefault("tracks", [event.track_id])
        super().__init__(*args, **kwargs)
        self.fields["waves"].queryset = Wave.objects.filter(program_id=event.program_id)  # type: ignore[attr-defined]
        hide_archived(self.fields["waves"])
        self.fields["tracks"].queryset = Track.objects.filter(program_id=event.program_id)  # type: ignore[attr-defined]
        hide_archived(self.fields["tracks"])


class EventRsvpForm(forms.Form):
    rsvp = forms.ChoiceField(
        label=_("Will you come?"),
        choices=[
            (EventInvitation.Rsvp.YES, _("Yes")),
            (EventInvitation.Rsvp.MAYBE, _("Maybe")),
            (EventInvitation.Rsvp.NO, _("No")),
        ],
    )


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes, one per line, under a box that narrows them as one types (a small script,
    ``events/filter-list.js``): usable on a phone and by keyboard, where a multiple select needs
    Ctrl-click. Without the script the box stays hidden and every checkbox is listed."""

    template_name = "events/widgets/filter_checkboxes.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"class": "filter-list-options", **(attrs or {})})


class EventAttendanceForm(forms.Form):
    """The day's checklist: who of the invited came, plus members who came uninvited."""

    attended = forms.ModelMultipleChoiceField(
        label=_("Invited people who came"),
        queryset=EventInvitation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    walk_ins = forms.ModelMultipleChoiceField(
        label=_("Members who came without an invitation"),
        queryset=Membership.objects.none(),
        widget=FilterableCheckboxes,
        required=False,
        help_text=_("Tick each member who came."),
    )

    def __init__(self, *args: Any, event: Event, invitations: Any = None, **kwargs: Any) -> None:
        if invitations is not None and "initial" not in kwargs:
            kwargs["initial"] = {"attended": [i.pk for i in invitations if i.attended]}
        super().__init__(*args, **kwargs)
        attended: Any = self.fields["attended"]
        attended.queryset = EventInvitation.objects.filter(event=event).select_related("user")
        attended.label_from_instance = lambda i: i.user.full_name
        walk_ins: Any = self.fields["walk_ins"]
        walk_ins.queryset = (
            Membership.objects.filter(program_id=event.program_id)
            .exclude(role=Role.OBSERVER)
            .exclude(user__event_invitations__event=event)
            .select_related("user")
            .order_by("user__full_name", "role")
        )
        walk_ins.label_from_instance = lambda m: f"{m.user.full_name} · {m.get_role_display()}"


class EventLessonsForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["lessons_who_came", "lessons_what_worked", "lessons_to_change"]
        widgets = {
            "lessons_who_came": forms.Textarea(attrs={"rows": 2}),
            "lessons_what_worked": forms.Textarea(attrs={"rows": 3}),
            "lessons_to_change": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "lessons_who_came": _("Who came and who was missing, in a few words."),
        }


class EventCancelForm(forms.Form):
    cancel_reason = forms.CharField(
        label=_("Why is it cancelled?"),
        help_text=_("The invitees receive it in the email telling them of the cancellation."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the event is cancelled: the invitees are told.")},
    )
