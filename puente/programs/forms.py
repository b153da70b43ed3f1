from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import User
from puente.core.forms import SubmitOnceMixin
from puente.core.permissions import Role
from puente.programs.archived import hide_archived
from puente.programs.calendar import MONDAY_TO_FRIDAY, WEEKDAYS, country_choices, country_code
from puente.programs.models import Break, FocusArea, Organization, Program, Track, Wave

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkingDaysField(forms.MultipleChoiceField):
    """Weekdays as checkboxes, stored as ISO digits in order ("12345": Monday to Friday)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        super().__init__(choices=WEEKDAYS, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return list(value) if isinstance(value, str) else value

    def clean(self, value: Any) -> str:
        return "".join(sorted(set(super().clean(value))))


def _country_field(form: forms.BaseForm) -> None:
    """The countries sorted in the reader's language, and what choosing none means."""
    field = form.fields["country"]
    field.choices = [  # type: ignore[attr-defined]
        ("", _("None: no public holidays are skipped")),
        *country_choices(),
    ]
    field.help_text = _(
        "Meetings are laid out on the working days below, skipping this country's public "
        "holidays and the breaks declared on the session plans page."
    )


class ProgramForm(forms.ModelForm):
    working_days = WorkingDaysField(
        label=_("Working days"),
        initial=list(MONDAY_TO_FRIDAY),
        error_messages={"required": _("Choose at least one weekday.")},
    )

    class Meta:
        model = Program
        # How many meetings, over how long, is the session plan's (mentoring): once the program
        # exists it is changed there, so that the program and its plan cannot disagree.
        fields = [
            "name",
            "purpose",
            "format",
            "delivery",
            "starts_on",
            "ends_on",
            "hours_per_week",
            "country",
            "working_days",
            "tutor_caseload",
            "status",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _country_field(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if self.instance.pk and starts and ends:
            outside = self.instance.waves.exclude(starts_on__gte=starts, ends_on__lte=ends)
            names = ", ".join(str(wave) for wave in outside)
            if names:
                self.add_error(
                    None,
                    _("These waves would fall outside the program's new dates: %(waves)s.")
                    % {"waves": names},
                )
        return data


class ProgramCreateForm(SubmitOnceMixin, ProgramForm):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization"), empty_label=None
    )

    class Meta(ProgramForm.Meta):
        # Tutors come later: their caseload is set up once the program exists (default 10). The
        # planned meetings and their cadence start the program's session plan.
        fields = [
            "organization",
            "name",
            "purpose",
            "format",
            "delivery",
            "starts_on",
            "ends_on",
            "hours_per_week",
            "planned_meetings",
            "cadence",
            "country",
            "working_days",
            "status",
        ]

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        # The organization shown first is the one chosen unless changed: its country, when
        # Puente recognises its free-text name, is the program's to start with.
        first = organizations.first()
        if first is not None and not self.is_bound and not self.initial.get("country"):
            self.initial["country"] = country_code(first.country)
        self.fields["planned_meetings"].help_text = _(
            "The session plans page refines them later: the span in weeks or months, the themes, "
            "a plan per wave."
        )


# The inline forms of the set-up page: each adds one wave, track or focus area (with a submit key,
# so a double click or a resent request adds it once) or, given an instance, renames it.


class WaveForm(SubmitOnceMixin, forms.ModelForm):
    prefix = "wave"

    class Meta:
        model = Wave
        fields = ["name", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set before validation, so the model's checks against the program's dates run.
        self.instance.program = program
        if self.instance.pk is None:
            self.instance.number = program.waves.count() + 1


class WaveCloneForm(SubmitOnceMixin, forms.Form):
    """The name and dates of the next wave, started from an earlier one."""

    name = forms.CharField(label=_("name"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("starts on"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE_INPUT)

    def __init__(self, *args: Any, wave: Wave, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wave = wave

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The wave cannot end before it starts."))
        number = self.wave.number + 1
        if self.wave.program.waves.filter(number=number).exists():
            raise forms.ValidationError(
                _("The program already has a wave %(number)s.") % {"number": number}
            )
        return data


class TrackForm(SubmitOnceMixin, forms.ModelForm):
    prefix = "track"

    class Meta:
        model = Track
        fields = ["name", "description"]
        widgets = {"description": forms.TextInput()}

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.program = program


class FocusAreaForm(SubmitOnceMixin, forms.ModelForm):
    prefix = "area"

    class Meta:
        model = FocusArea
        fields = ["name", "kind"]

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.program = program


class BreakForm(SubmitOnceMixin, forms.ModelForm):
    prefix = "break"

    class Meta:
        model = Break
        fields = ["name", "wave", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}
        labels = {"name": _("Name of the break")}
        help_texts = {"name": _("For example: Holy Week, end-of-year holidays.")}

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.program = program
        wave = self.fields["wave"]
        wave.queryset = program.waves.order_by("number")  # type: ignore[attr-defined]
        wave.empty_label = _("The whole program")  # type: ignore[attr-defined]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False)
    wave = forms.ModelChoiceField(
        label=_("Wave"), required=False, queryset=Wave.objects.none(), empty_label=_("All waves")
    )
    track = forms.ModelChoiceField(
        label=_("Track"), required=False, queryset=Track.objects.none(), empty_label=_("All tracks")
    )

    def __init__(
        self, *args: Any, program: Program, roles: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *roles]  # type: ignore[attr-defined]
        self.fields["wave"].queryset = program.waves.all()  # type: ignore[attr-defined]
        self.fields["track"].queryset = program.tracks.all()  # type: ignore[attr-defined]
        hide_archived(self.fields["wave"])
        hide_archived(self.fields["track"])


class InvitationForm(SubmitOnceMixin, forms.Form):
    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    wave = forms.ModelChoiceField(
        label=_("Wave"), required=False, queryset=Wave.objects.none(), empty_label=_("None")
    )
    track = forms.ModelChoiceField(
        label=_("Track"), required=False, queryset=Track.objects.none(), empty_label=_("None")
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[
            ("", _("The person's own, or Spanish")),
            *settings.LANGUAGES,
        ],
        required=False,
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["wave"].queryset = program.waves.all()  # type: ignore[attr-defined]
        self.fields["track"].queryset = program.tracks.all()  # type: ignore[attr-defined]
        hide_archived(self.fields["wave"])
        hide_archived(self.fields["track"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, role = data.get("email"), data.get("role")
        if (
            email
            and role
            and self.program.memberships.filter(user__email__iexact=email, role=role).exists()
        ):
            raise forms.ValidationError(
                _("%(email)s is already a %(role)s in this program."),
                params={"email": email, "role": Role(role).label.lower()},
                code="already_member",
            )
        pending = self.program.invitations.filter(
            email__iexact=email or "", role=role, accepted_at__isnull=True, expires_at__gt=now()
        ).first()
        if pending is not None:
            raise forms.ValidationError(
                _("An invitation to %(email)s in this role is already pending (sent on %(date)s)."),
                params={
                    "email": email,
                    "date": date_format(pending.created_at, "SHORT_DATE_FORMAT"),
                },
                code="already_invited",
            )
        return data


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            try:
                validate_password(p1, User(email=self.email, full_name=data.get("full_name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
