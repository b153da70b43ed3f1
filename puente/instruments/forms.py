"""Forms of the form builder: starting a form, and adding or changing one question."""

from typing import Any

from django import forms
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from puente.core.forms import SubmitOnceMixin
from puente.instruments import catalog, registry
from puente.instruments.models import Instrument, InstrumentVersion, Question

OPTION_VALUE_MAX = 100  # the length of AnswerChoice.value


def template_label(template: catalog.Template) -> str:
    """A shipped template's name in the language of the page, with its kind and size."""
    language = translation.get_language() or ""
    name = template.name_en if language.startswith("en") else template.name
    count = len(template.questions)
    return ngettext(
        "%(name)s (%(kind)s, %(count)s question)",
        "%(name)s (%(kind)s, %(count)s questions)",
        count,
    ) % {"name": name, "kind": Instrument.Kind(template.kind).label, "count": count}


class InstrumentFromTemplateForm(SubmitOnceMixin, forms.Form):
    prefix = "template"

    template = forms.ChoiceField(label=_("Template"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [  # type: ignore[attr-defined]
            (template.key, template_label(template)) for template in catalog.TEMPLATES
        ]


class InstrumentCreateForm(SubmitOnceMixin, forms.Form):
    prefix = "blank"

    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Instrument.Kind.choices)


def options_to_text(choices: list[dict[str, str]]) -> str:
    return "\n".join(
        f"{option.get('value', '')} | {option.get('label', '')} | {option.get('label_en', '')}"
        for option in choices
    )


def parse_options(text: str) -> list[dict[str, str]]:
    """Options written one a line as ``value | etiqueta | label`` or ``etiqueta | label``.

    Without a value, the value is made from the Spanish text; the English text may be left out.
    """
    options: list[dict[str, str]] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) > 3:
            raise forms.ValidationError(
                _("Line %(line)s has more than three parts."), params={"line": number}
            )
        if len(parts) == 3:
            value, label, label_en = parts
        else:
            label, label_en = parts[0], parts[1] if len(parts) == 2 else ""
            value = slugify(label)
        value = slugify(value)[:OPTION_VALUE_MAX]
        if not label or not value:
            raise forms.ValidationError(
                _("Line %(line)s needs a Spanish text made of letters or numbers."),
                params={"line": number},
            )
        if value in seen:
            raise forms.ValidationError(
                _("Line %(line)s repeats the value “%(value)s”."),
                params={"line": number, "value": value},
            )
        seen.add(value)
        options.append({"value": value, "label": label, "label_en": label_en})
    return options


class QuestionForm(forms.ModelForm):
    """One question of a draft version; the options are typed as text, one a line."""

    options = forms.CharField(
        label=_("Options (choice questions)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One option per line, Spanish and English separated by a bar: "
            "“Mañana | Morning”. The stored value is made from the Spanish text; to choose "
            "it yourself write three parts: “morning | Mañana | Morning”."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "type",
            "key",
            "label",
            "label_en",
            "help_text",
            "help_text_en",
            "required",
            "scale",
            "min_value",
            "max_value",
            "max_length",
            "weight",
        ]
        help_texts = {
            "scale": _("For scale questions."),
            "min_value": _("For number questions; leave empty for no limit."),
            "max_value": _("For number questions; leave empty for no limit."),
            "max_length": _("For text questions, in characters; leave empty for the default."),
        }

    # The order the fields are shown in, grouped.
    GROUPS = [
        (_("The question"), ["type", "key", "label", "label_en", "help_text", "help_text_en"]),
        (
            _("Answer settings"),
            ["required", "options", "scale", "min_value", "max_value", "max_length", "weight"],
        ),
    ]

    def __init__(self, *args: Any, version: InstrumentVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.instance.version = version
        if self.instance.pk and not self.is_bound:
            self.initial["options"] = options_to_text(self.instance.choices)

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(legend), [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        taken = self.version.questions.filter(key=key).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("This form already has a question with the key “%(key)s”. Keys must differ."),
                params={"key": key},
            )
        return key

    def clean_options(self) -> list[dict[str, str]]:
        # The type is cleaned first (declared fields come after the model's).
        kind = registry.find(self.cleaned_data.get("type"))
        if kind is None or not kind.has_options:
            return []
        return parse_options(self.cleaned_data.get("options", ""))

    def clean(self) -> dict[str, Any]:
        """Keep the settings the question's type uses (its ``has_…`` flags), check them, and
        empty the others."""
        cleaned: dict[str, Any] = super().clean() or {}
        kind = registry.find(cleaned.get("type"))
        if kind is None:
            return cleaned  # the type's own error says why
        if kind.has_options:
            if "options" in cleaned and len(cleaned["options"]) < 2:
                self.add_error("options", _("Give at least two options."))
        else:
            cleaned["options"] = []
        if kind.has_scale:
            if not cleaned.get("scale"):
                self.add_error("scale", _("Choose the scale."))
        else:
            cleaned["scale"] = ""
        if kind.has_bounds:
            low, high = cleaned.get("min_value"), cleaned.get("max_value")
            if low is not None and high is not None and low > high:
                self.add_error("max_value", _("The maximum must not be below the minimum."))
        else:
            cleaned["min_value"] = cleaned["max_value"] = None
        if kind.text_limit is not None:
            limit = kind.text_limit
            if (cleaned.get("max_length") or 0) > limit:
                self.add_error(
                    "max_length",
                    _("At most %(limit)s characters for this type.") % {"limit": limit},
                )
        else:
            cleaned["max_length"] = None
        return cleaned

    def question_fields(self) -> dict[str, Any]:
        """The cleaned values as the keyword arguments of ``question_add``/``question_update``."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["choices"] = self.cleaned_data["options"]
        return fields


class QuestionAddForm(SubmitOnceMixin, QuestionForm):
    """A new question: added once per submit key, so a double click adds one."""
