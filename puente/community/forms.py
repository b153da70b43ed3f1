from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from puente.community.models import Comment, Post, Report, Story
from puente.core.forms import SubmitOnceMixin

# Shown next to the consent checkbox and stored, in the words the author read, with the time.
CONSENT_TEXT = _(
    "I agree that the coordinators of this program may publish my story on the program's public "
    "stories page, where anyone can read it, with my first name (and my business's name if I "
    "ticked it). I can withdraw this consent at any time, and the story is then taken down at "
    "once."
)


class PostForm(SubmitOnceMixin, forms.ModelForm[Post]):
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Post
        fields = ["kind", "title", "body", "link"]
        labels = {"kind": _("What are you sharing?"), "title": _("Title (optional)")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class PostEditForm(forms.ModelForm[Post]):
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Post
        fields = ["kind", "title", "body", "link"]
        labels = PostForm.Meta.labels
        widgets = PostForm.Meta.widgets


class CommentForm(SubmitOnceMixin, forms.ModelForm[Comment]):
    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class ReportForm(forms.ModelForm[Report]):
    class Meta:
        model = Report
        fields = ["reason"]
        labels = {"reason": _("What is wrong? (optional)")}
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=500,
        help_text=_("Only coordinators see it."),
        widget=forms.TextInput(),
    )


class SettingsForm(forms.Form):
    program_space_open = forms.BooleanField(
        label=_("Open the program-wide space to every mentor, mentee and tutor, alumni included"),
        required=False,
    )


class StoryForm(forms.ModelForm[Story]):
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)

    class Meta:
        model = Story
        fields = ["title", "body", "show_business"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "body": _("What did you learn? What changed for you or your business?"),
            "show_business": _("Only your first name is shown otherwise."),
        }

    def __init__(self, *args: Any, has_business: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_business:
            del self.fields["show_business"]
