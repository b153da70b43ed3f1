"""The audit trail (django-auditlog): who changed what, and when, in people's data and decisions.

Each app lists its audited models in its AppConfig.ready() with `audit(...)`; the acting person
comes from auditlog's middleware (settings.MIDDLEWARE). Operators read the log in Django's admin.
What is audited, and what is left out on purpose, is listed in docs/architecture.md.
"""

from collections.abc import Iterable

from auditlog.registry import auditlog
from django.db import models

# Bookkeeping stamps that change on every save and say nothing a diff does not already say.
NOISE = ("created_at", "updated_at")


def audit(
    model: type[models.Model],
    *,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
    m2m: Iterable[str] = (),
) -> None:
    """Track creations, changes and deletions of `model`, leaving out `exclude` (secrets, private
    text, heavy blobs) or keeping only `include`; `m2m` names many-to-many fields to follow."""
    left_out = {*NOISE, *exclude}
    # Name the model's own columns: left to itself, auditlog also reads reverse one-to-one
    # relations on every save (a query each, and a cached "none" on the instance).
    fields = list(include) or [
        field.name for field in model._meta.concrete_fields if field.name not in left_out
    ]
    auditlog.register(
        model,
        include_fields=fields,
        exclude_fields=sorted(left_out),
        m2m_fields=set(m2m),
    )
