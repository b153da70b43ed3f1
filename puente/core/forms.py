import uuid
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from django import forms
from django.db import IntegrityError, transaction
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest

from puente.core.models import SubmittedForm


class FormRenderer(TemplatesSetting):
    """Forms render with the project's templates, and ``{{ form }}`` as
    ``includes/form_fields.html`` does: the error summary first, then each field with its errors
    tied to it (Django sets ``aria-invalid`` and ``aria-describedby`` on a field in error)."""

    form_template_name = "includes/form_fields.html"


class SubmitOnceMixin(forms.Form):
    """Adds a hidden key that identifies one filled-in form, for ``run_once``."""

    submit_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class SubmitKeyTaken(Exception):
    """The submit key was already used for another owner's form: it is not acted on."""


@transaction.atomic
def run_once(key: UUID, action: Callable[[], str], *, owner: str = "") -> str:
    """Run ``action`` (which returns the URL of what it made) once per submit key.

    A repeated submission, even one racing the first, gets the first one's URL instead of a copy.
    ``owner`` names whose form it is (a round's invitation, say) when a key must not serve
    anyone else: the same key sent for another owner raises ``SubmitKeyTaken``.
    """
    try:
        with transaction.atomic():
            record = SubmittedForm.objects.create(key=key, owner=owner)
    except IntegrityError:
        record = SubmittedForm.objects.get(key=key)
        if record.owner != owner:
            raise SubmitKeyTaken from None
        return record.result_url
    record.result_url = action()
    record.save(update_fields=["result_url"])
    return record.result_url


def previous_result(data: Mapping[str, Any], *, prefix: str = "", owner: str = "") -> str | None:
    """The URL a form with this submit key already led to, if it was acted on before.

    Checked before validation: the repeated submission of a form that creates something unique
    (a web address, say) would otherwise fail against the very record the first one created.
    ``prefix`` is the form's prefix, if it has one; a key used for another ``owner`` (see
    ``run_once``) raises ``SubmitKeyTaken``.
    """
    name = f"{prefix}-submit_key" if prefix else "submit_key"
    try:
        key = UUID(str(data.get(name, "")))
    except ValueError:
        return None
    record = SubmittedForm.objects.filter(key=key).exclude(result_url="").first()
    if record and record.owner != owner:
        raise SubmitKeyTaken
    return record.result_url if record else None


def posted(request: HttpRequest) -> Any:
    """A POST's form data, even an empty POST's, else None (a GET's form is unbound).

    ``request.POST or None`` leaves an empty POST unbound: the form then shows no error and the
    page answers as if it were a GET, instead of refusing it with its errors (422)."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    """A POST's uploaded files (see ``posted``), else None."""
    return request.FILES if request.method == "POST" else None
