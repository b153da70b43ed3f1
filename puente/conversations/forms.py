from django import forms
from django.utils.translation import gettext_lazy as _

from puente.conversations.models import Message, MessageReport
from puente.core.forms import SubmitOnceMixin
from puente.library.uploads import ALLOWED, MAX_BYTES, validate_resource_file


class MessageForm(SubmitOnceMixin, forms.ModelForm[Message]):
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
        # The toolkit's checks: a few document and image types, their first bytes matching.
        validators=[validate_resource_file],
        help_text=_("%(types)s, up to %(size)s MB.") % {"types": ALLOWED, "size": MAX_BYTES >> 20},
    )

    class Meta:
        model = Message
        fields = ["body"]
        labels = {"body": _("Your message")}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class MessageReportForm(forms.ModelForm[MessageReport]):
    class Meta:
        model = MessageReport
        fields = ["reason"]
        labels = {"reason": _("What is wrong? (optional)")}
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}
