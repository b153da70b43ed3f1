"""Forms of the data-quality page: a rule of a round, and the decision on a flag."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from puente.core.forms import SubmitOnceMixin
from puente.instruments.models import Question
from puente.monitoring.quality_models import QualityFlag, QualityRule


class RuleForm(SubmitOnceMixin, forms.Form):
    kind = forms.ChoiceField(choices=QualityRule.Kind.choices, label=_("Rule"))
    question_key = forms.ChoiceField(
        label=_("Question"), required=False, help_text=_("Not needed for duplicates and grids.")
    )
    other_key = forms.ChoiceField(
        label=_("Other question"),
        required=False,
        help_text=_("For “required if” and “consistent with another answer”."),
    )
    comparison = forms.ChoiceField(
        label=_("The answer must be"),
        required=False,
        choices=[("", "—"), *QualityRule.Comparison.choices],
        help_text=_("For “consistent with another answer”: the answer against the other one."),
    )
    min_value = forms.DecimalField(label=_("Minimum"), required=False, max_digits=14)
    max_value = forms.DecimalField(label=_("Maximum"), required=False, max_digits=14)
    factor = forms.DecimalField(
        label=_("Factor"),
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text=QualityRule._meta.get_field("factor").help_text,
    )

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((q.key, f"{q.display_label} ({q.key})") for q in questions)]
        self.fields["question_key"].choices = choices  # type: ignore[attr-defined]
        self.fields["other_key"].choices = choices  # type: ignore[attr-defined]


class FlagDecisionForm(SubmitOnceMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (
                QualityFlag.Status.RESOLVED,
                pgettext_lazy("flag decision", "Resolve: correct the value, or leave it out"),
            ),
            (
                QualityFlag.Status.ACCEPTED,
                pgettext_lazy("flag decision", "Accept: the answer is right as it is"),
            ),
        ],
    )
    corrected_value = forms.DecimalField(
        label=_("Corrected value"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("Resolving a number: the right value, if you know it. Empty leaves it out."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you checked or were told (e.g. “confirmed by phone”)."),
    )
