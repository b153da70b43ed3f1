from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from puente.core.forms import SubmitOnceMixin
from puente.library.models import Audience, Kind, Resource, Stage
from puente.library.uploads import ALLOWED, MAX_BYTES, validate_resource_file
from puente.programs.archived import hide_archived
from puente.programs.models import Program, Wave


class ToolkitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Every stage")), *Stage.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Every kind")), *Kind.choices]
    )
    wave = forms.ModelChoiceField(
        label=_("As read by"),
        queryset=Wave.objects.none(),
        required=False,
        empty_label=_("The newest version"),
    )

    def __init__(
        self,
        *args: Any,
        program: Program,
        audiences: frozenset[str],
        coordinator: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        audience_field = self.fields["audience"]
        assert isinstance(audience_field, forms.ChoiceField)  # noqa: S101
        audience_field.choices = [
            ("", _("Every audience")),
            *((value, label) for value, label in Audience.choices if value in audiences),
        ]
        if coordinator:
            wave_field = self.fields["wave"]
            assert isinstance(wave_field, forms.ModelChoiceField)  # noqa: S101
            wave_field.queryset = Wave.objects.filter(program=program)
            hide_archived(wave_field)
        else:
            del self.fields["wave"]


class ResourceForm(forms.ModelForm[Resource]):
    file = forms.FileField(
        label=_("File"),
        required=False,
        validators=[validate_resource_file],
        help_text=_("%(types)s, up to %(size)s MB.") % {"types": ALLOWED, "size": MAX_BYTES >> 20},
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text=_("A secure address (https://) to a document or a shared template."),
    )

    class Meta:
        model = Resource
        fields = [
            "title",
            "kind",
            "audience",
            "stage",
            "wave",
            "body",
            "file",
            "url",
            "is_onboarding_manual",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.program = program
        if "wave" in self.fields:
            wave_field = self.fields["wave"]
            assert isinstance(wave_field, forms.ModelChoiceField)  # noqa: S101
            wave_field.queryset = Wave.objects.filter(program=program)
            wave_field.empty_label = _("Every wave")
            hide_archived(wave_field)


class ResourceCreateForm(SubmitOnceMixin, ResourceForm):
    pass


class ResourceEditForm(ResourceForm):
    """A version keeps its wave; a different wave is a new version."""

    class Meta(ResourceForm.Meta):
        fields = [name for name in ResourceForm.Meta.fields if name != "wave"]


class NewVersionForm(ResourceForm):
    """The earlier version's fields, for the wave it will apply from."""

    def __init__(self, *args: Any, source: Resource, taken: set[int], **kwargs: Any) -> None:
        # The new row is made by the service from the earlier one; the form validates a draft
        # of it in the same family, with the same file unless a new one is uploaded.
        draft = Resource(original_id=source.family_id, file=source.file.name or "")
        super().__init__(*args, program=source.program, instance=draft, **kwargs)
        wave_field = self.fields["wave"]
        assert isinstance(wave_field, forms.ModelChoiceField)  # noqa: S101
        wave_field.required = True
        wave_field.queryset = Wave.objects.filter(program=source.program).exclude(pk__in=taken)
        hide_archived(wave_field)
        wave_field.help_text = _(
            "The new version applies from this wave on; earlier waves keep theirs."
        )
        self.fields["file"].help_text = _("Leave empty to keep the earlier version's file.")
        if not self.is_bound:
            for name in ResourceEditForm.Meta.fields:
                if name != "file":
                    self.initial[name] = getattr(source, name)


class ConfirmManualForm(forms.Form):
    read = forms.BooleanField(
        label=_("I have read the manual"),
        error_messages={"required": _("Tick the box to confirm you have read the manual.")},
    )
