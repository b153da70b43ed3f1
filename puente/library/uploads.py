"""What the toolkit accepts as an uploaded file: a few document and image types, up to 10 MB,
whose first bytes match their extension (a renamed executable is not a PDF)."""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
ZIP = (b"PK\x03\x04",)
# Extension → the magic numbers a file of that type starts with.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": ZIP,
    ".xlsx": ZIP,
    ".pptx": ZIP,
    ".odt": ZIP,
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
ALLOWED = "PDF, DOCX, XLSX, PPTX, ODT, PNG, JPG"


def validate_resource_file(upload: UploadedFile) -> None:
    extension = PurePosixPath(upload.name or "").suffix.lower()
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Files of type %(ext)s are not accepted. Use one of: %(allowed)s."),
            params={"ext": extension or "?", "allowed": ALLOWED},
            code="file_type",
        )
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            params={
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": MAX_BYTES // 1024 // 1024,
            },
            code="file_size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise ValidationError(
            _("This file's content is not a %(ext)s file. Upload the original document."),
            params={"ext": extension.lstrip(".").upper()},
            code="file_content",
        )


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")
