from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import BusinessProfile, User
from puente.accounts.timezones import TimeZoneField


def _https_urls(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Model fields as form fields, web addresses typed without a scheme taken as https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        formfield_callback = _https_urls
        fields = [
            "full_name",
            "preferred_name",
            "language",
            "country",
            "city",
            "time_zone",
            "gender",
            "grammatical_gender",
            "organization",
            "job_title",
            "department",
            "seniority",
            "years_experience",
            "bio",
            "links",
            "video_link",
            "areas_offered",
            "areas_wanted",
            "spoken_languages",
            "gender_preference",
            "meeting_reminders",
            "log_nudges",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
            "areas_offered": forms.Textarea(attrs={"rows": 3}),
            "areas_wanted": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # By country and city, with a search box, instead of ~600 raw names.
        self.fields["time_zone"] = TimeZoneField(
            help_text=_(
                "Meeting times are shown to you in it. Choose your country, then your city "
                "(or the nearest one listed)."
            )
        )


# What the funders' definitions read (puente.accounts.definitions).
FUNDER_FIELDS = [
    "women_ownership_share",
    "woman_in_senior_management",
    "women_management_share",
    "controlled_by_women",
    "has_board",
    "women_board_share",
    "employees",
    "annual_sales",
    "total_assets",
]


class BusinessProfileForm(forms.ModelForm):
    prefix = "business"

    class Meta:
        model = BusinessProfile
        fields = [
            "legal_name",
            "economic_activity",
            "size",
            "country",
            "city",
            "years_operating",
            "women_owned",
            "sold_to_corporates",
            "prior_corporate_sales",
            *FUNDER_FIELDS,
        ]
        widgets = {"prior_corporate_sales": forms.Textarea(attrs={"rows": 3})}


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
