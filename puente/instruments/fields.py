"""Form pieces the question types are made of: the availability grid, the checks of an uploaded
file, and the fixed lists and limits they use. No model here: the types (``registry``) put them
together."""

from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
DAY_PARTS = [
    ("morning", _("morning")),
    ("afternoon", _("afternoon")),
    ("evening", _("evening")),
]
AVAILABILITY_SLOTS = [f"{day}-{part}" for day, _d in WEEKDAYS for part, _p in DAY_PARTS]
SLOT_LABELS = {
    f"{day}-{part}": format_lazy("{} {}", day_label, part_label)
    for day, day_label in WEEKDAYS
    for part, part_label in DAY_PARTS
}

FILE_EXTENSIONS = {".pdf", ".doc", ".docx", ".odt", ".jpg", ".jpeg", ".png", ".xlsx", ".csv"}
FILE_MAX_BYTES = 5 * 1024 * 1024
_ZIP = (b"PK\x03\x04",)
# Extension → the magic numbers its files start with; text types (.csv) only must not be binary.
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".docx": _ZIP,
    ".odt": _ZIP,
    ".xlsx": _ZIP,
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
YES, NO = "yes", "no"


class AvailabilityWidget(forms.CheckboxSelectMultiple):
    """A weekday × part-of-day grid of checkboxes."""

    template_name = "instruments/widgets/availability.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = set(value or [])
        base_id = (attrs or {}).get("id", f"id_{name}")
        context["grid"] = [
            (
                label,
                [
                    {
                        "value": f"{day}-{part}",
                        "id": f"{base_id}_{day}_{part}",
                        "label": f"{label} {part_label}",
                        "checked": f"{day}-{part}" in chosen,
                    }
                    for part, part_label in DAY_PARTS
                ],
            )
            for day, label in WEEKDAYS
        ]
        context["parts"] = [label for _p, label in DAY_PARTS]
        return context


def validate_upload(upload: UploadedFile) -> None:
    extension = Path(upload.name or "").suffix.lower()
    if extension not in FILE_EXTENSIONS:
        raise ValidationError(
            _("Files of type %(ext)s are not accepted. Use one of: %(allowed)s."),
            params={"ext": extension or "?", "allowed": ", ".join(sorted(FILE_EXTENSIONS))},
            code="file_type",
        )
    if upload.size is not None and upload.size > FILE_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            params={
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": FILE_MAX_BYTES // 1024 // 1024,
            },
            code="file_size",
        )
    # The first bytes must match the extension: a renamed executable is not a PDF.
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    signatures = FILE_SIGNATURES.get(extension)
    looks_right = (
        b"\x00" not in head
        if signatures is None
        else any(head.startswith(signature) for signature in signatures)
    )
    if not looks_right:
        raise ValidationError(
            _("This file's content is not a %(ext)s file. Upload the original document."),
            params={"ext": extension.lstrip(".").upper()},
            code="file_content",
        )
