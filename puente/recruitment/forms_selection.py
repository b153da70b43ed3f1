"""Forms of the selection pages: filtering applications, acting on several, deciding."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import User
from puente.core.forms import SubmitOnceMixin
from puente.programs.archived import hide_archived
from puente.programs.models import Track
from puente.recruitment.models import APPLICANT_ROLES, Application

Status = Application.Status

DECISION_CHOICES = [
    (Status.ACCEPTED.value, _("Accept")),
    (Status.WAITLISTED.value, _("Waitlist")),
    (Status.REJECTED.value, _("Reject")),
]
ASSIGN = "assign"

# What the message to applicants says unless the coordinator rewrites it.
DEFAULT_MESSAGES = {
    Status.ACCEPTED: _(
        "Congratulations: you have been selected for the program. We are glad to have you with "
        "us and will write to you soon about the first steps."
    ),
    Status.WAITLISTED: _(
        "Thank you for applying. All places are taken for now, and you are on our waiting list: "
        "if a place opens, we will write to you at once."
    ),
    Status.REJECTED: _(
        "Thank you for applying and for your interest. This time we cannot offer you a place. "
        "We hope you will apply again in a future call."
    ),
}

SORT_CHOICES = [
    ("total", _("Total, highest first")),
    ("submitted", _("Submitted, newest first")),
    ("name", _("Name, A to Z")),
]


class ReviewerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or email")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *APPLICANT_ROLES]
    )
    reviewer = ReviewerChoiceField(
        label=_("Reviewer"), required=False, queryset=User.objects.none(), empty_label=_("Anyone")
    )
    order = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, reviewers: QuerySet[User], **kwargs: Any) -> None:
        # Its own ids: the bulk form on the same page has a reviewer field too.
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        reviewer = self.fields["reviewer"]
        assert isinstance(reviewer, forms.ModelChoiceField)  # noqa: S101
        reviewer.queryset = reviewers
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)  # noqa: S101
        status.choices = [("", _("All who confirmed their email")), *Status.choices]


class BulkActionForm(SubmitOnceMixin, forms.Form):
    """The checked applications and what to do with them: assign a reviewer, or decide."""

    # The checkboxes are drawn in the list of results, not by the field: the error summary links
    # to that list.
    error_anchors = {"applications": "application-results"}
    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        error_messages={"required": _("Select at least one application.")},
    )
    action = forms.ChoiceField(choices=[(ASSIGN, _("Assign")), *DECISION_CHOICES])
    reviewer = ReviewerChoiceField(
        label=_("Reviewer"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Choose a person"),
    )
    # The list's filters, to come back to the same list afterwards.
    query = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    back_to_detail = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        applications: QuerySet[Application],
        reviewers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.fields["applications"]
        assert isinstance(chosen, forms.ModelMultipleChoiceField)  # noqa: S101
        chosen.queryset = applications
        reviewer = self.fields["reviewer"]
        assert isinstance(reviewer, forms.ModelChoiceField)  # noqa: S101
        reviewer.queryset = reviewers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == ASSIGN and not data.get("reviewer"):
            self.add_error("reviewer", _("Choose whom to assign the applications to."))
        return data


class DecisionForm(SubmitOnceMixin, forms.Form):
    """The confirmation of a decision, with the message the applicants receive."""

    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(), widget=forms.MultipleHiddenInput
    )
    decision = forms.ChoiceField(choices=DECISION_CHOICES, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the applicants"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Each person receives it by email, after a greeting in their language."),
    )
    track = forms.ModelChoiceField(
        label=_("Track"),
        required=False,
        queryset=Track.objects.none(),
        help_text=_("For accepted people; empty keeps the track they applied for, if any."),
    )
    query = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    back_to_detail = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        applications: QuerySet[Application],
        tracks: QuerySet[Track],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.fields["applications"]
        assert isinstance(chosen, forms.ModelMultipleChoiceField)  # noqa: S101
        chosen.queryset = applications
        track = self.fields["track"]
        assert isinstance(track, forms.ModelChoiceField)  # noqa: S101
        track.queryset = tracks
        hide_archived(track)
