from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from puente.core.forms import SubmitOnceMixin
from puente.instruments import catalog
from puente.instruments.models import Instrument
from puente.programs.archived import hide_archived
from puente.programs.models import Program
from puente.recruitment.models import APPLICANT_ROLES, AutoCriterion, Call

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ApplyForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email"),
        help_text=_("We send you a private link to fill in, save and follow your application."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    role = forms.ChoiceField(
        label=_("I apply as"), choices=APPLICANT_ROLES, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["role"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [(v, label) for v, label in APPLICANT_ROLES if v in roles]
        if len(roles) == 1:
            field.initial = roles[0]


def form_source_choices(program: Program, kind: str) -> list[tuple[str, str]]:
    """Options for a call's form: the program's own instruments, or a copy of a template."""
    own = [
        (f"instrument:{i.pk}", str(i.name))
        for i in Instrument.objects.filter(program=program, kind=kind).order_by("name")
    ]
    templates = [
        (f"template:{t.key}", str(_("New from the template “%(name)s”") % {"name": t.name}))
        for t in catalog.TEMPLATES
        if t.kind == kind
    ]
    return [("", str(_("None"))), *own, *templates]


class CallEditForm(SubmitOnceMixin, forms.ModelForm):
    mentor_form = forms.ChoiceField(label=_("Application form for mentors"), required=False)
    mentee_form = forms.ChoiceField(label=_("Application form for mentees"), required=False)
    rubric_source = forms.ChoiceField(label=_("Screening rubric"), required=False)

    class Meta:
        model = Call
        fields = [
            "title",
            "slug",
            "wave",
            "introduction",
            "expectations",
            "opens_at",
            "closes_at",
            "confirmation_message",
            "allowed_email_domains",
            "is_published",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "expectations": forms.Textarea(attrs={"rows": 3}),
            "confirmation_message": forms.Textarea(attrs={"rows": 3}),
            "opens_at": DATETIME_INPUT,
            "closes_at": DATETIME_INPUT,
        }

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.instance.program = program
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Left empty, it is made from the title.")
        wave = self.fields["wave"]
        assert isinstance(wave, forms.ModelChoiceField)  # noqa: S101
        wave.queryset = program.waves.all()
        hide_archived(wave)
        for name in ("mentor_form", "mentee_form"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            field.choices = form_source_choices(program, Instrument.Kind.APPLICATION)
        rubric = self.fields["rubric_source"]
        assert isinstance(rubric, forms.ChoiceField)  # noqa: S101
        rubric.choices = form_source_choices(program, Instrument.Kind.RUBRIC)
        if self.instance.pk:
            current = {f.role: f"instrument:{f.instrument_id}" for f in self.instance.forms.all()}
            self.initial.setdefault("mentor_form", current.get("mentor", ""))
            self.initial.setdefault("mentee_form", current.get("mentee", ""))
            if self.instance.rubric_id:
                self.initial.setdefault("rubric_source", f"instrument:{self.instance.rubric_id}")

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title", ""))[:70]
        if Call.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another call already uses this web address."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        if not data.get("mentor_form") and not data.get("mentee_form"):
            self.add_error(None, _("Choose an application form for at least one role."))
        return data


class AutoCriterionForm(SubmitOnceMixin, forms.ModelForm):
    """A new automatic criterion: the question is picked from the call's application forms
    (``questions``: grouped choices of keys and labels, see ``selectors.criterion_questions``)."""

    prefix = "criterion"

    class Meta:
        model = AutoCriterion
        fields = ["label", "question_key", "expected", "weight"]

    def __init__(
        self, *args: Any, questions: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question_key"] = forms.ChoiceField(
            label=_("Question"),
            choices=[("", _("Choose a question of the call's forms")), *questions],
            help_text=_("The answer this criterion reads."),
        )
