"""A person's data: downloading it, asking to be erased, and erasing a person.

``person_erase`` anonymises a person in every record the registry lists while keeping numbers and
categories (ratings, meetings held, hours, answers to choice questions, statuses), so every
aggregate computed before an erasure is the same after it.
"""

import datetime as dt
import json
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth.hashers import check_password
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import User
from puente.core.emails import send_templated_email
from puente.core.permissions import Action, Role, can
from puente.core.spreadsheets import write_xlsx
from puente.mentoring.models import Relationship
from puente.mentoring.scopes import FOLLOWERS, SIDES
from puente.privacy.models import DataExport, ErasureRecord, ErasureRequest
from puente.privacy.registry import (
    ABOUT_KINDS,
    KINDS,
    REDACTED,
    Kind,
    column_label,
    erased_name,
)
from puente.programs.access import program_roles
from puente.programs.models import Membership, Organization, Program

# More rows than this (over every kind) go to a background task.
INLINE_MAX_ROWS = 3000
LINK_MAX_AGE_DAYS = 7
SIGNING_SALT = "puente.privacy.download"
CONFIRM_SALT = "puente.privacy.erasure-confirm"
CONFIRM_MAX_AGE = dt.timedelta(days=2)
EXPORTS_DIR = "personal-data"
CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- Download -----------------------------------------------------------------------------------


# What stands in a download for another person's name or email.
SOMEONE = "[…]"


def row_count(user: User) -> int:
    return sum(kind.queryset(user).count() for kind in (*KINDS, *ABOUT_KINDS) if kind.columns)


def _others(user: User) -> list[str]:
    """The names and emails of the people a download could name besides the person: those who
    share a relationship with them and those who wrote what others wrote about them."""
    sides = Q()
    for path in SIDES:
        sides |= Q(**{path: user})
    mine = Relationship.objects.filter(sides)
    found: set[int | None] = set()
    for path in (*SIDES, FOLLOWERS):
        found |= set(mine.values_list(path, flat=True))
    for kind in ABOUT_KINDS:
        if kind.author:
            found |= set(kind.queryset(user).values_list(kind.author, flat=True))
    ids = {pk for pk in found if pk is not None and pk != user.pk}
    own = {user.full_name.lower(), user.email.lower()}
    texts: set[str] = set()
    for person in User.objects.filter(pk__in=ids).only("full_name", "preferred_name", "email"):
        for text in (person.full_name, person.email, person.preferred_name):
            if text and len(text.strip()) >= 3 and text.strip().lower() not in own:
                texts.add(text.strip())
    # Longest first, so that a full name is replaced before a preferred name inside it.
    return sorted(texts, key=len, reverse=True)


def _scrubber(user: User) -> Callable[[Any], Any]:
    """Replace other people's names and emails in a value (text, or a list of texts)."""
    texts = _others(user)
    if not texts:
        return lambda value: value
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(text)}(?!\w)" for text in texts), re.IGNORECASE
    )

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(SOMEONE, value)
        if isinstance(value, list):
            return [scrub(item) for item in value]
        return value

    return scrub


def _rows(kind: Kind, user: User, scrub: Callable[[Any], Any]) -> list[tuple[Any, ...]]:
    return [
        tuple(scrub(_plain(value)) for value in row)
        for row in kind.queryset(user).values_list(*kind.columns)
    ]


def personal_data(user: User) -> list[tuple[Kind, list[tuple[Any, ...]]]]:
    """Every exported kind of the person's own data with their rows (one query per kind)."""
    scrub = _scrubber(user)
    return [(kind, _rows(kind, user, scrub)) for kind in KINDS if kind.columns]


def written_about(user: User) -> list[tuple[Kind, list[tuple[Any, ...]]]]:
    """What others wrote about the person (registry.ABOUT_KINDS), without their names."""
    scrub = _scrubber(user)
    return [(kind, _rows(kind, user, scrub)) for kind in ABOUT_KINDS]


def _plain(value: Any) -> Any:
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def _kinds_json(kinds: list[tuple[Kind, list[tuple[Any, ...]]]]) -> dict[str, Any]:
    return {
        kind.key: {
            "title": str(kind.title),
            "rows": [dict(zip(kind.columns, row, strict=True)) for row in rows],
        }
        for kind, rows in kinds
    }


def build_json(user: User) -> bytes:
    data: dict[str, Any] = {
        "generated_at": timezone.now(),
        "person_id": user.pk,
        "about": gettext(
            "Your personal data in Puente. Each key is one kind of data; each row lists the "
            "fields as stored. Other people's names and emails are left out ([…])."
        ),
        "kinds": _kinds_json(personal_data(user)),
        "about_you": {
            "title": gettext("What others wrote about you"),
            "about": gettext(
                "What other people wrote about you or your relationships that Puente shows you, "
                "without saying who wrote it."
            ),
            "kinds": _kinds_json(written_about(user)),
        },
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def build_xlsx(user: User) -> bytes:
    sheets: list[tuple[str, list[str], list[list[Any]]]] = []
    descriptions: list[tuple[str, str, str]] = [
        (
            "",
            "",
            gettext(
                "Your personal data in Puente, one sheet per kind. Other people's names and "
                "emails are left out ([…]); what others wrote about you is on its own sheet."
            ),
        )
    ]
    for kind, rows in personal_data(user):
        headers = [column_label(kind.model, path) for path in kind.columns]
        sheets.append((str(kind.title), headers, [list(row) for row in rows]))
        model_name = str(kind.model._meta.verbose_name)
        descriptions.extend(
            (str(kind.title), header, f"{model_name}: {header}") for header in headers
        )
    # One sheet under one heading: each row of what others wrote, one field a line.
    about_title = gettext("What others wrote about you")
    about_rows: list[list[Any]] = []
    for kind, rows in written_about(user):
        headers = [column_label(kind.model, path) for path in kind.columns]
        for number, row in enumerate(rows, start=1):
            about_rows.extend(
                [str(kind.title), number, header, value]
                for header, value in zip(headers, row, strict=True)
            )
    sheets.append(
        (
            about_title,
            [gettext("What"), gettext("Number"), gettext("Field"), gettext("Value")],
            about_rows,
        )
    )
    descriptions.append(
        (
            about_title,
            "",
            gettext(
                "What other people wrote about you or your relationships that Puente shows you, "
                "without saying who wrote it: one field a line, numbered by item."
            ),
        )
    )
    return write_xlsx(sheets, descriptions)


def build(user: User, file_format: str) -> tuple[bytes, str, str]:
    """The file's content, its download name and its content type."""
    stamp = timezone.localdate().isoformat()
    content = build_xlsx(user) if file_format == "xlsx" else build_json(user)
    name = f"puente-my-data-{stamp}.{file_format}"
    return content, name, CONTENT_TYPES[file_format]


def exports_root() -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORTS_DIR


def export_path(export: DataExport) -> Path | None:
    if not export.file_name:
        return None
    path = exports_root() / export.file_name
    return path if path.is_file() else None


def data_export_request(*, user: User, file_format: str) -> DataExport:
    """Record a large download for the background task (enqueued once this commits)."""
    from puente.privacy.tasks import data_export_build_task

    export = DataExport.objects.create(user=user, file_format=file_format)
    transaction.on_commit(lambda: data_export_build_task.enqueue(export_id=export.pk))
    return export


def signed_token(export: DataExport) -> str:
    return signing.dumps(export.pk, salt=SIGNING_SALT)


def export_for_token(token: str, user: User) -> DataExport | None:
    """The ready download a link opens, for its own person only, while the link is valid."""
    try:
        pk = signing.loads(token, salt=SIGNING_SALT, max_age=dt.timedelta(days=LINK_MAX_AGE_DAYS))
    except signing.BadSignature:
        return None
    export = DataExport.objects.filter(
        pk=pk, user=user, user__is_active=True, status=DataExport.Status.READY
    ).first()
    if export is None or export_path(export) is None:
        return None
    return export


def data_export_build(*, export_id: int) -> str:
    """Write a pending download's file under MEDIA_ROOT/personal-data with a random name and
    email its link to the person. Returns the status; a finished download is left as is."""
    export = DataExport.objects.filter(pk=export_id).select_related("user").first()
    if export is None or export.status != DataExport.Status.PENDING:
        return export.status if export else ""
    user = export.user
    if not user.is_active:
        DataExport.objects.filter(pk=export.pk).update(
            status=DataExport.Status.FAILED, finished_at=timezone.now()
        )
        return DataExport.Status.FAILED
    content, _name, _type = build(user, export.file_format)
    root = exports_root()
    root.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(24)}.{export.file_format}"
    (root / name).write_bytes(content)
    updated = DataExport.objects.filter(pk=export.pk, status=DataExport.Status.PENDING).update(
        status=DataExport.Status.READY, file_name=name, finished_at=timezone.now()
    )
    if not updated:  # another worker finished it first
        (root / name).unlink(missing_ok=True)
        return DataExport.Status.READY
    send_templated_email(
        to=user.email,
        language=user.language,
        template="privacy/email/data_ready",
        context={
            "person": user,
            "days": LINK_MAX_AGE_DAYS,
            "url": settings.SITE_URL
            + reverse("privacy:download-file", args=[signed_token(export)]),
        },
    )
    return DataExport.Status.READY


def data_exports_clean(*, now: dt.datetime | None = None) -> int:
    """Delete the files of downloads whose link has expired; returns how many were removed."""
    now = now or timezone.now()
    expired = DataExport.objects.filter(
        created_at__lt=now - dt.timedelta(days=LINK_MAX_AGE_DAYS)
    ).exclude(file_name="")
    removed = 0
    for export in expired:
        (exports_root() / export.file_name).unlink(missing_ok=True)
        removed += 1
    expired.update(file_name="")
    return removed


# --- Asking to be erased ------------------------------------------------------------------------


def open_request(user: User) -> ErasureRequest | None:
    return (
        ErasureRequest.objects.filter(
            user=user,
            status__in=[ErasureRequest.Status.UNCONFIRMED, ErasureRequest.Status.PENDING],
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def erasure_request(*, user: User, reason: str, password: str = "") -> ErasureRequest:
    """Record a person's request to be erased. With their password it is confirmed at once; a
    person without a password gets an emailed confirmation link instead."""
    if open_request(user) is not None:
        raise ValidationError(_("You have already asked to be erased."))
    request = ErasureRequest(user=user, reason=reason.strip())
    request.full_clean()
    if user.has_usable_password():
        if not check_password(password, user.password):
            raise ValidationError({"password": _("This is not your password.")})
        request.status = ErasureRequest.Status.PENDING
        request.confirmed_at = timezone.now()
        request.save()
        return request
    request.save()
    token = signing.dumps(request.pk, salt=CONFIRM_SALT)
    send_templated_email(
        to=user.email,
        language=user.language,
        template="privacy/email/erasure_confirm",
        context={
            "person": user,
            "url": settings.SITE_URL + reverse("privacy:erasure-confirm", args=[token]),
        },
    )
    return request


@transaction.atomic
def erasure_confirm(*, user: User, token: str) -> ErasureRequest | None:
    """Confirm a request by its emailed link (signed in as its person); None for a bad link."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    request = ErasureRequest.objects.filter(pk=pk, user=user).first()
    if request is None:
        return None
    ErasureRequest.objects.filter(pk=pk, status=ErasureRequest.Status.UNCONFIRMED).update(
        status=ErasureRequest.Status.PENDING, confirmed_at=timezone.now()
    )
    request.refresh_from_db()
    return request


@transaction.atomic
def erasure_withdraw(*, request: ErasureRequest) -> ErasureRequest:
    ErasureRequest.objects.filter(
        pk=request.pk,
        status__in=[ErasureRequest.Status.UNCONFIRMED, ErasureRequest.Status.PENDING],
    ).update(status=ErasureRequest.Status.WITHDRAWN, handled_at=timezone.now())
    request.refresh_from_db()
    return request


# --- Who handles a request ----------------------------------------------------------------------


def may_erase(by: User, person: User) -> bool:
    """A coordinator (or an organization admin acting as one) of a program the person belongs to;
    for a person in no program, an organization admin or an operator."""
    if not by.is_active:
        return False
    if by.is_staff or by.is_superuser:
        return True
    programs = list(
        Program.objects.filter(memberships__user=person).select_related("organization").distinct()
    )
    if not programs:
        return Organization.objects.filter(admins=by).exists()
    return any(can(program_roles(by, program), Action.ERASE_PEOPLE) for program in programs)


def handles_requests(user: User) -> bool:
    """Whether the person may see the erasure requests page at all."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if Organization.objects.filter(admins=user).exists():
        return True
    return Membership.objects.filter(user=user, role=Role.COORDINATOR).exists()


def requests_for(user: User) -> list[ErasureRequest]:
    """The confirmed requests (and the erased ones) this person may handle, newest first."""
    if not handles_requests(user):
        return []
    wide = user.is_staff or user.is_superuser
    requests = ErasureRequest.objects.exclude(
        status__in=[ErasureRequest.Status.UNCONFIRMED, ErasureRequest.Status.WITHDRAWN]
    ).select_related("user", "handled_by")
    if not wide:
        org_ids = list(Organization.objects.filter(admins=user).values_list("pk", flat=True))
        coordinated = Membership.objects.filter(user=user, role=Role.COORDINATOR).values(
            "program_id"
        )
        scope = Q(user__memberships__program__in=coordinated) | Q(
            user__memberships__program__organization__in=org_ids
        )
        if org_ids:
            scope |= Q(user__memberships__isnull=True)
        requests = requests.filter(scope).distinct()
    return list(requests.order_by("status", "-created_at")[:500])


# --- Erasure ------------------------------------------------------------------------------------


def _redact_json_texts(value: Any, keys: set[str]) -> Any:
    if isinstance(value, dict):
        return {
            key: (
                [REDACTED for _item in item]
                if key in keys and isinstance(item, list)
                else _redact_json_texts(item, keys)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact_json_texts(item, keys) for item in value]
    return value


def _erase_kind(kind: Kind, user: User, pks: list[int]) -> int:
    if not pks:
        return 0
    manager = kind.model._default_manager
    rows = manager.filter(pk__in=pks)
    for file_field in kind.files:
        for name in rows.exclude(**{file_field: ""}).values_list(file_field, flat=True):
            if name:
                default_storage.delete(name)
    if kind.delete:
        # A queryset delete sends the signals auditlog listens to; the entries it writes are
        # redacted with the others below.
        rows.delete()
        return len(pks)
    if kind.files:
        rows.update(**dict.fromkeys(kind.files, ""))
    redacted = rows.filter(kind.redact_where) if kind.redact_where is not None else rows
    for name in kind.redact:
        redacted.exclude(**{name: ""}).update(**{name: REDACTED})
    if kind.blank:
        rows.update(**dict.fromkeys(kind.blank, ""))
    if kind.replace:
        # Placeholders are per person; updating through the queryset skips auditlog (which would
        # otherwise log the old values all over again).
        rows.update(**{name: make(user) for name, make in kind.replace.items()})
    return len(pks)


def _redact_audit_log(user: User, touched: dict[type, list[int]], texts: list[str]) -> int:
    """Redact auditlog's entries about the person: those of every row of theirs, those they made,
    and any other whose description or changes name them."""
    from auditlog.models import LogEntry

    about = Q(actor=user)
    for model, pks in touched.items():
        if pks:
            content_type = ContentType.objects.get_for_model(model)
            about |= Q(content_type=content_type, object_pk__in=[str(pk) for pk in pks])
    for text in texts:
        escaped = json.dumps(text)[1:-1]
        about |= Q(object_repr__icontains=text) | Q(changes_text__icontains=text)
        about |= Q(changes__icontains=text) | Q(changes__icontains=escaped)
        about |= Q(actor_email__iexact=text)
    entries = LogEntry.objects.filter(about)
    count = entries.update(
        object_repr=REDACTED,
        changes=None,
        changes_text="",
        serialized_data=None,
        additional_data=None,
        remote_addr=None,
        remote_port=None,
        actor_email=None,
    )
    admin_entries = AdminLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    )
    count += admin_entries.update(object_repr=REDACTED, change_message="")
    return count


def _revoke_elsewhere(user: User, email: str, name: str, now: dt.datetime) -> dict[str, int]:
    """Rows in third-party or later apps that privacy cannot import: sign-in addresses, lockout
    records (keyed by email) and API tokens (puente.api comes after privacy)."""
    counts: dict[str, int] = {}
    if apps.is_installed("allauth.account"):
        email_address = apps.get_model("account", "EmailAddress")
        counts["account.EmailAddress"] = email_address.objects.filter(
            Q(user=user) | Q(email__iexact=email)
        ).delete()[0]
    if apps.is_installed("axes"):
        for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
            model = apps.get_model("axes", name)
            counts[f"axes.{name}"] = model.objects.filter(username__iexact=email).delete()[0]
    if apps.is_installed("django_tasks_db"):
        # Finished background jobs keep their arguments, e.g. the emails sent to the person.
        results = apps.get_model("django_tasks_database", "DBTaskResult")
        counts["django_tasks_database.DBTaskResult"] = (
            results.objects.filter(finished_at__isnull=False)
            .filter(Q(args_kwargs__icontains=email) | Q(return_value__icontains=email))
            .delete()[0]
        )
    try:
        token = apps.get_model("api", "ApiToken")
    except LookupError:
        token = None
    if token is not None:
        counts["api.ApiToken"] = token.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=now
        )
    try:
        deliveries = apps.get_model("api", "WebhookDelivery")
    except LookupError:
        deliveries = None
    if deliveries is not None:
        # Events sent to other systems may name the person; what was delivered is kept as
        # "delivered", without its content.
        texts = [text for text in (email, name) if text and len(text) >= 3]
        about = Q(pk__in=[])
        for text in texts:
            about |= Q(payload__icontains=text) | Q(payload__icontains=json.dumps(text)[1:-1])
        counts["api.WebhookDelivery"] = deliveries.objects.filter(about).update(
            payload={"redacted": True}
        )
    return counts


@transaction.atomic
def person_erase(*, user: User, by: User | None, reason: str = "") -> ErasureRecord:
    """Anonymise the person everywhere; erasing twice changes nothing and returns the first
    record. The record names the person by id and counts the rows changed per model."""
    # Lock the person's row so that two coordinators erasing at once do it once.
    user = User.objects.select_for_update().get(pk=user.pk)
    done = ErasureRecord.objects.filter(user_id_erased=user.pk).first()
    if done is not None:
        return done
    now = timezone.now()
    name, email, preferred = user.full_name, user.email, user.preferred_name
    # Find every row first: lookups by email must run before the email changes.
    found = {
        kind.key: list(kind.erase_queryset(user).values_list("pk", flat=True)) for kind in KINDS
    }
    counts: dict[str, int] = {}
    touched: dict[type, list[int]] = {}
    for kind in KINDS:
        pks = found[kind.key]
        touched.setdefault(kind.model, []).extend(pks)
        changed = _erase_kind(kind, user, pks)
        if changed:
            label = kind.model._meta.label
            counts[label] = counts.get(label, 0) + changed
    # The person themselves: unusable password, inactive, no operator rights; language kept.
    user.refresh_from_db()
    user.set_unusable_password()
    User.objects.filter(pk=user.pk).update(
        password=user.password,
        is_active=False,
        is_staff=False,
        is_superuser=False,
        manager=None,
        last_login=None,
    )
    User.objects.filter(manager=user).update(manager=None)
    user.administered_organizations.clear()
    # Their downloads of personal data.
    for export in DataExport.objects.filter(user=user).exclude(file_name=""):
        (exports_root() / export.file_name).unlink(missing_ok=True)
    counts["privacy.DataExport"] = DataExport.objects.filter(user=user).delete()[0]
    counts.update(_revoke_elsewhere(user, email, name, now))
    texts = [text for text in {name, email, preferred} if text and len(text) >= 3]
    counts["auditlog.LogEntry"] = _redact_audit_log(user, touched, texts)
    open_requests = ErasureRequest.objects.filter(
        user=user,
        status__in=[ErasureRequest.Status.UNCONFIRMED, ErasureRequest.Status.PENDING],
    )
    request = open_requests.order_by("-created_at").first()
    open_requests.update(status=ErasureRequest.Status.ERASED, handled_at=now, handled_by=by)
    # The reasons were the person's own words, needed only until the request was handled.
    ErasureRequest.objects.filter(user=user).update(reason=REDACTED)
    record = ErasureRecord.objects.create(
        user_id_erased=user.pk,
        erased_by=by,
        request=request,
        reason=reason.strip(),
        counts={key: value for key, value in sorted(counts.items()) if value},
    )
    return record


def is_erased(user: User) -> bool:
    return ErasureRecord.objects.filter(user_id_erased=user.pk).exists()


__all__ = ["erased_name", "person_erase"]
