"""Forms of importing applicants from a file."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from puente.core.spreadsheets import MAX_UPLOAD_BYTES
from puente.recruitment.importing import MAX_IMPORT_ROWS
from puente.recruitment.models import APPLICANT_ROLES


class ImportUploadForm(forms.Form):
    role = forms.ChoiceField(label=_("They apply as"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["role"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [(value, label) for value, label in APPLICANT_ROLES if value in roles]
        if len(roles) == 1:
            field.initial = roles[0]
        self.fields["file"].help_text = gettext(
            "CSV or Excel (.xlsx), up to %(size)s MB and %(rows)s rows; only the first sheet "
            "is read."
        ) % {"size": MAX_UPLOAD_BYTES // 1024 // 1024, "rows": MAX_IMPORT_ROWS}


class ImportConfirmForm(forms.Form):
    """Names the previewed file kept for this person; a token is used once."""

    token = forms.UUIDField(widget=forms.HiddenInput)
