from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from puente.core.forms import SubmitOnceMixin
from puente.core.permissions import Role
from puente.instruments.models import Instrument, InstrumentVersion
from puente.monitoring import packs
from puente.monitoring.models import (
    SURVEYED_ROLES,
    Indicator,
    Result,
    ResultLevel,
    Round,
    RoundKind,
)
from puente.programs.archived import hide_archived
from puente.programs.models import Program, Wave


class RoundOpenForm(SubmitOnceMixin, forms.Form):
    wave = forms.ModelChoiceField(queryset=Wave.objects.none(), label=_("Wave"))
    kind = forms.ChoiceField(choices=RoundKind.choices, label=_("Round"))
    instrument = forms.ModelChoiceField(
        queryset=Instrument.objects.none(),
        label=_("Survey"),
        help_text=_("A published survey of this program (see Forms)."),
    )
    roles = forms.MultipleChoiceField(
        choices=[(role.value, role.label) for role in SURVEYED_ROLES],
        widget=forms.CheckboxSelectMultiple,
        label=_("Send it to"),
        initial=[Role.MENTEE.value],
    )
    closes_on = forms.DateField(
        label=_("Closes on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Reminders stop after this day; you close the round yourself."),
    )
    reminder_every_days = forms.IntegerField(
        label=_("Remind every (days)"), min_value=1, max_value=60, initial=7
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        # Ask, by default, the roles the program's indicators count (both sides of a reverse-
        # mentoring pack), so that no indicator waits for a round that did not ask its people.
        counted = set(program.indicators.exclude(role="").values_list("role", flat=True))
        if counted:
            kwargs.setdefault("initial", {}).setdefault(
                "roles", [role.value for role in SURVEYED_ROLES if role in counted]
            )
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["wave"].queryset = program.waves.order_by("number")  # type: ignore[attr-defined]
        hide_archived(self.fields["wave"])
        self.fields["instrument"].queryset = Instrument.objects.filter(  # type: ignore[attr-defined]
            program=program,
            kind=Instrument.Kind.SURVEY,
            versions__status=InstrumentVersion.Status.PUBLISHED,
        ).distinct()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wave, kind = data.get("wave"), data.get("kind")
        if wave and kind and Round.objects.filter(wave=wave, kind=kind).exists():
            self.add_error("kind", _("This wave already has a round of this kind."))
        return data


class IndicatorForm(SubmitOnceMixin, forms.ModelForm[Indicator]):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "definition",
            "unit",
            "result",
            "level",
            "target",
            "computation",
            "question_key",
            "role",
            "disaggregation",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["role"].choices = [("", _("Everyone surveyed"))] + [  # type: ignore[attr-defined]
            (role.value, role.label) for role in SURVEYED_ROLES
        ]
        results = Result.objects.filter(program=program).order_by("position", "pk")
        self.fields["result"].queryset = results  # type: ignore[attr-defined]
        if results.exists():
            # The indicator takes its result's level.
            del self.fields["level"]
            self.fields["result"].required = True
        else:
            del self.fields["result"]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        clash = Indicator.objects.filter(program=self.program, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("This program already has an indicator with this name."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("computation") in Indicator.ON_ANSWERS and not data.get("question_key"):
            self.add_error(
                "question_key", _("Give the key of the question this indicator is computed on.")
            )
        return data

    def validate_unique(self) -> None:
        # The program is set by the service; the name clash is checked in clean_name.
        pass


class IndicatorPackForm(SubmitOnceMixin, forms.Form):
    pack = forms.ChoiceField(
        label=_("Which kind of program is this?"),
        choices=[(pack.key, pack.label) for pack in packs.PACKS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of program.")},
    )

    def clean_pack(self) -> packs.Pack:
        return packs.get(self.cleaned_data["pack"])


# --- The results framework ----------------------------------------------------------------------


class FrameworkTemplateForm(SubmitOnceMixin, forms.Form):
    template = forms.ChoiceField(
        label=_("Start from the template of"),
        choices=[(pack.key, pack.label) for pack in packs.PACKS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of program.")},
    )


class ResultForm(SubmitOnceMixin, forms.Form):
    title = forms.CharField(label=_("Result"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=ResultLevel.choices)
    parent = forms.ModelChoiceField(
        queryset=Result.objects.none(),
        required=False,
        label=_("Contributes to"),
        empty_label=_("Nothing: a top result"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, program: Program, result: Result | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        parents = Result.objects.filter(program=program).order_by("position", "pk")
        if result is not None:
            parents = parents.exclude(pk=result.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class IndicatorTargetsForm(forms.Form):
    baseline = forms.DecimalField(
        label=_("Baseline"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("The value before the program started."),
    )
    baseline_on = forms.DateField(
        label=_("Baseline measured on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    target = forms.DecimalField(
        label=_("Life-of-program target"), required=False, max_digits=14, decimal_places=2
    )


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("End"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=14, decimal_places=2)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            self.add_error("end" if start else "start", _("Give both the start and the end."))
        elif start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        return data


PeriodFormSet = forms.formset_factory(PeriodForm, extra=2)
