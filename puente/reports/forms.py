"""Forms of the reports app. The report's own questions come from the instruments engine."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from puente.core.forms import SubmitOnceMixin
from puente.core.permissions import Role
from puente.mentoring.models import Relationship
from puente.programs.archived import hide_archived
from puente.programs.models import Membership, Program, Track, Wave
from puente.reports.exports import TABLES, Filters


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Send back to the mentor"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the mentor"),
        help_text=_("Required when you send the report back: say what should change."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what should change before sending it back."))
        return data


class FilingFilterForm(forms.Form):
    wave = forms.ModelChoiceField(
        label=_("Wave"), queryset=Wave.objects.none(), required=False, empty_label=_("All")
    )
    tutor = forms.ModelChoiceField(
        label=_("Tutor"), queryset=Membership.objects.none(), required=False, empty_label=_("All")
    )
    until = forms.DateField(
        label=_("Up to the month of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = Wave.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["wave"])
        tutors = Membership.objects.filter(program=program, role=Role.TUTOR).select_related("user")
        self.fields["tutor"].queryset = tutors.order_by("user__full_name")  # type: ignore[attr-defined]
        self.fields["tutor"].label_from_instance = lambda m: m.user.full_name  # type: ignore[attr-defined]


class CertificatesIssueForm(forms.Form):
    wave = forms.ModelChoiceField(
        label=_("Wave"),
        queryset=Wave.objects.none(),
        required=False,
        empty_label=_("Every wave"),
        help_text=_("Certificates are issued for the completed relationships that have none."),
    )

    signer_name = forms.CharField(
        label=_("Signed by"),
        max_length=150,
        required=False,
        help_text=_("The name on the signature line. Left empty: yours."),
    )
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=150,
        required=False,
        help_text=_("Under the name, e.g. “Program director”. Left empty: “Program coordination”."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = Wave.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["wave"])


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ExportForm(SubmitOnceMixin, forms.Form):
    tables = forms.MultipleChoiceField(
        label=_("Tables"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one table.")},
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("xlsx", _("Excel workbook (.xlsx), with a README sheet")),
            ("csv", _("CSV (a zip of CSV files for several tables)")),
        ],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False)
    wave = forms.ModelChoiceField(
        label=_("Wave"), queryset=Wave.objects.none(), required=False, empty_label=_("All")
    )
    track = forms.ModelChoiceField(
        label=_("Track"), queryset=Track.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Relationship status"),
        choices=[("", _("All")), *Relationship.Status.choices],
        required=False,
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tables"].choices = [(t.key, t.title) for t in TABLES.values()]  # type: ignore[attr-defined]
        self.fields["role"].choices = [("", _("All")), *Role.choices]  # type: ignore[attr-defined]
        self.fields["wave"].queryset = Wave.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["wave"])
        self.fields["track"].queryset = Track.objects.filter(program=program)  # type: ignore[attr-defined]
        hide_archived(self.fields["track"])

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            wave_id=data["wave"].pk if data.get("wave") else None,
            track_id=data["track"].pk if data.get("track") else None,
            role=data.get("role") or "",
            status=data.get("status") or "",
            query=data.get("q") or "",
        )


def parse_month(year: int, month: int) -> dt.date | None:
    try:
        return dt.date(year, month, 1)
    except ValueError:
        return None
