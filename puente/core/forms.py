import uuid
from collections.abc import Callable
from uuid import UUID

from django import forms
from django.db import IntegrityError, transaction

from puente.core.models import SubmittedForm


class SubmitOnceMixin(forms.Form):
    """Adds a hidden key that identifies one filled-in form, for ``run_once``."""

    submit_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


@transaction.atomic
def run_once(key: UUID, action: Callable[[], str]) -> str:
    """Run ``action`` (which returns the URL of what it made) once per submit key.

    A repeated submission, even one racing the first, gets the first one's URL instead of a copy.
    """
    try:
        with transaction.atomic():
            record = SubmittedForm.objects.create(key=key)
    except IntegrityError:
        return SubmittedForm.objects.get(key=key).result_url
    record.result_url = action()
    record.save(update_fields=["result_url"])
    return record.result_url
