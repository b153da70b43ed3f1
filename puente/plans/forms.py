"""Forms of growth plans. Create forms carry a submit key, so a double submit makes one record."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from puente.core.forms import SubmitOnceMixin
from puente.instruments.models import Instrument
from puente.mentoring.models import Meeting
from puente.plans.gaps import TEMPLATE_AREAS
from puente.plans.models import LEVEL_MAX, LEVEL_MIN, Goal, GrowthPlan, ImprovementArea, PlanAction
from puente.programs.archived import hide_archived
from puente.programs.models import BuyerOrganization, FocusArea, Membership, Program

RATINGS = [(str(n), str(n)) for n in range(1, 6)]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BuyerForm(forms.Form):
    """On a plan: the buyers its business targets, and the one the gap is measured against."""

    targets = forms.ModelMultipleChoiceField(
        label=_("Buyers this business targets"),
        queryset=BuyerOrganization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    buyer = forms.ModelChoiceField(
        label=_("Measure the gap against the requirements of"),
        queryset=BuyerOrganization.objects.none(),
        required=False,
        empty_label=_("The program's default targets"),
    )

    def __init__(
        self,
        *args: Any,
        plan: GrowthPlan | None,
        mentee: Membership,
        offered: Callable[[list[int | None]], QuerySet[BuyerOrganization]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        targeted = list(mentee.buyers.values_list("pk", flat=True))
        chosen = plan.buyer_id if plan is not None else None
        self.fields["targets"].queryset = offered(list(targeted))  # type: ignore[attr-defined]
        self.fields["buyer"].queryset = offered([chosen])  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.update(targets=targeted, buyer=chosen)


class AssessmentStartForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label=_("Assessment"), queryset=Instrument.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, instruments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments  # type: ignore[attr-defined]


class AreaRatingForm(forms.Form):
    """An area's ratings and why: what changes when an area is edited."""

    impact = forms.TypedChoiceField(
        label=_("Impact"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        help_text=_("How much closing this gap would change the business: 1 little, 5 a lot."),
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        help_text=_("How soon it matters: 1 can wait, 5 now."),
    )
    note = forms.CharField(
        label=_("Why"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "area")
        super().__init__(*args, **kwargs)


class AreaForm(AreaRatingForm):
    focus_area = forms.ModelChoiceField(
        label=_("Area to improve"), queryset=FocusArea.objects.none()
    )
    field_order = ["focus_area", "impact", "urgency", "note"]

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(  # type: ignore[attr-defined]
            program=program
        )
        hide_archived(self.fields["focus_area"])


class GoalEditForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    area = forms.ModelChoiceField(
        label=_("Improvement area"), queryset=ImprovementArea.objects.none(), required=False
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        help_text=_("What you measure, e.g. “companies that received a quote”."),
    )
    start_value = forms.DecimalField(
        label=_("Starting value"), max_digits=12, decimal_places=2, initial=0
    )
    target_value = forms.DecimalField(label=_("Target value"), max_digits=12, decimal_places=2)
    target_date = forms.DateField(label=_("Target date"), widget=DATE)

    def __init__(self, *args: Any, plan: GrowthPlan | None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "goal")
        super().__init__(*args, **kwargs)
        areas = plan.areas.select_related("focus_area") if plan else ImprovementArea.objects.none()
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["area"].label_from_instance = lambda a: a.focus_area.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("target_value") is not None and cleaned.get("start_value") is not None:
            if cleaned["target_value"] == cleaned["start_value"]:
                self.add_error("target_value", _("The target must differ from the starting value."))
        return cleaned


class GoalForm(SubmitOnceMixin, GoalEditForm):
    """A new goal (a double submit makes one)."""


class PlanActionEditForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none(), required=False)
    owner = forms.ChoiceField(
        label=_("Who does it"), choices=PlanAction.Owner.choices, widget=forms.RadioSelect
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    resource_title = forms.CharField(label=_("Resource or module"), max_length=200, required=False)
    resource_url = forms.URLField(
        label=_("Resource address"), max_length=500, required=False, assume_scheme="https"
    )
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices)

    def __init__(self, *args: Any, plan: GrowthPlan | None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "action")
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all() if plan else Goal.objects.none()  # type: ignore[attr-defined]


class PlanActionForm(SubmitOnceMixin, PlanActionEditForm):
    """A new action (a double submit makes one); it starts as "To do"."""

    def __init__(self, *args: Any, plan: GrowthPlan | None, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        del self.fields["status"]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices)


def meeting_label(meeting: Meeting) -> str:
    return _("Meeting %(number)s, %(date)s") % {
        "number": meeting.number,
        "date": meeting.planned_on.isoformat(),
    }


class ProgressForm(SubmitOnceMixin, forms.Form):
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none())
    value = forms.DecimalField(
        label=_("New current value"), max_digits=12, decimal_places=2, required=False
    )
    percent = forms.DecimalField(
        label=_("Or the percentage reached"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=1,
        required=False,
        help_text=_("Of the way from the starting value to the target."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    meeting = forms.ModelChoiceField(
        label=_("Discussed at the meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args: Any, plan: GrowthPlan | None, meetings: Any, **kwargs: Any):
        kwargs.setdefault("prefix", "progress")
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all() if plan else Goal.objects.none()  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = meeting_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("value") is None and cleaned.get("percent") is None:
            if "value" not in self.errors and "percent" not in self.errors:
                self.add_error("value", _("Give the new value or the percentage reached."))
        return cleaned


class SetupForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Assessment"),
        choices=[
            ("business-gap-assessment", _("Business gap assessment")),
            ("personal-skills-assessment", _("Personal skills assessment")),
        ],
    )

    def clean_template(self) -> str:
        value: str = self.cleaned_data["template"]
        if value not in TEMPLATE_AREAS:
            raise forms.ValidationError(_("Unknown assessment."))
        return value


class TargetsForm(forms.Form):
    """One level field per focus area and column (the program's default, then each buyer that
    is not archived)."""

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from puente.plans.models import AreaTarget

        self.areas = list(FocusArea.objects.filter(program=program).order_by("kind", "name"))
        self.buyers = list(program.buyers.filter(archived_at__isnull=True).order_by("name"))
        current = {
            (t.focus_area_id, t.buyer_id): t.level
            for t in AreaTarget.objects.filter(focus_area__in=self.areas)
        }
        self.columns: list[tuple[int | None, str]] = [
            (None, str(_("Program default"))),
            *[(b.pk, b.name) for b in self.buyers],
        ]
        for area in self.areas:
            for buyer_id, column in self.columns:
                name = self.field_name(area.pk, buyer_id)
                self.fields[name] = forms.DecimalField(
                    label=_("%(area)s, %(column)s") % {"area": area.name, "column": column},
                    min_value=LEVEL_MIN,
                    max_value=LEVEL_MAX,
                    max_digits=2,
                    decimal_places=1,
                    required=False,
                )
                self.initial[name] = current.get((area.pk, buyer_id))

    @staticmethod
    def field_name(area_id: int, buyer_id: int | None) -> str:
        return f"t_{area_id}_{buyer_id or 'default'}"

    def grid(self) -> list[tuple[FocusArea, list[forms.BoundField]]]:
        return [
            (area, [self[self.field_name(area.pk, b)] for b, _c in self.columns])
            for area in self.areas
        ]

    def levels(self) -> dict[tuple[int, int | None], Decimal | None]:
        return {
            (area.pk, buyer_id): self.cleaned_data.get(self.field_name(area.pk, buyer_id))
            for area in self.areas
            for buyer_id, _c in self.columns
        }


def business_label(membership: Membership) -> str:
    """A business as the coordinator knows it: its legal name and its owner (or the owner's name
    alone before the business profile is filled in), with the wave."""
    business = getattr(membership.user, "business", None)
    name = membership.user.full_name or membership.user.email
    label = f"{business.legal_name} · {name}" if business is not None else name
    return f"{label} ({membership.wave})" if membership.wave_id else label


LEVEL_WIDGET = forms.NumberInput(attrs={"step": "0.5", "min": LEVEL_MIN, "max": LEVEL_MAX})


class BuyerEditForm(forms.Form):
    """A buyer: what it is, its requirement in each focus area of the program (a level and what
    it asks for in words) and the program's businesses that target it."""

    name = forms.CharField(label=_("Name"), max_length=150)
    sector = forms.CharField(label=_("Sector"), max_length=150, required=False)
    location = forms.CharField(
        label=_("Location"),
        max_length=150,
        required=False,
        help_text=_("Where it buys: countries, cities or sites."),
    )
    needs = forms.CharField(
        label=_("What it buys"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    selection_criteria = forms.CharField(
        label=_("How it selects suppliers"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Registration, references, payment terms, visits, prices…"),
    )
    technical_specifications = forms.CharField(
        label=_("Technical requirements for every supplier"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What every supplier must meet, whatever the area."),
    )
    businesses = forms.ModelMultipleChoiceField(
        label=_("Businesses that target it"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    FIELDS = (
        "name",
        "sector",
        "location",
        "needs",
        "selection_criteria",
        "technical_specifications",
    )

    def __init__(
        self,
        *args: Any,
        areas: list[FocusArea],
        businesses: QuerySet[Membership],
        buyer: BuyerOrganization | None = None,
        requirements: dict[int, tuple[Decimal, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        field = self.fields["businesses"]
        field.queryset = businesses  # type: ignore[attr-defined]
        field.label_from_instance = business_label  # type: ignore[attr-defined]
        requirements = requirements or {}
        for area in areas:
            level, text = requirements.get(area.pk, (None, ""))
            self.fields[f"level_{area.pk}"] = forms.DecimalField(
                label=_("Level required"),
                min_value=LEVEL_MIN,
                max_value=LEVEL_MAX,
                max_digits=2,
                decimal_places=1,
                required=False,
                widget=LEVEL_WIDGET,
                help_text=_("From 1 to 5, as in the gap assessment. Empty: no requirement."),
            )
            self.fields[f"requirement_{area.pk}"] = forms.CharField(
                label=_("What it asks for"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if not self.is_bound:
                self.initial[f"level_{area.pk}"] = level
                self.initial[f"requirement_{area.pk}"] = text
        if buyer is not None and not self.is_bound:
            self.initial.update({name: getattr(buyer, name) for name in self.FIELDS})
            self.initial["businesses"] = list(
                buyer.businesses.filter(pk__in=businesses.values("pk")).values_list("pk", flat=True)
            )

    def about_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.FIELDS]

    def requirement_fields(self) -> list[tuple[FocusArea, forms.BoundField, forms.BoundField]]:
        return [
            (area, self[f"level_{area.pk}"], self[f"requirement_{area.pk}"]) for area in self.areas
        ]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for area in self.areas:
            level, text = f"level_{area.pk}", f"requirement_{area.pk}"
            if cleaned.get(text, "").strip() and cleaned.get(level) is None:
                if level not in self.errors:
                    self.add_error(level, _("Give the level this requirement asks for."))
        return cleaned

    def buyer_fields(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}

    def requirements(self) -> dict[int, tuple[Decimal | None, str]]:
        return {
            area.pk: (
                self.cleaned_data.get(f"level_{area.pk}"),
                self.cleaned_data.get(f"requirement_{area.pk}", ""),
            )
            for area in self.areas
        }


class BuyerAddForm(SubmitOnceMixin, BuyerEditForm):
    """A new buyer (a double submit makes one)."""
