"""Data that the tests of one module share (a ``scope="module"`` fixture), made inside a
transaction that is rolled back when the module ends. Each test runs in a savepoint of it.

Made outside such a transaction, whatever the fixture's clean-up forgets stays in the database:
with ``make test-fast`` (``--reuse-db``) it is still there in the next run, where a factory's
sequence meets it again (``UNIQUE constraint failed: programs_organization.slug``, seen when a
program was deleted but not the organization its factory made)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


@contextmanager
def rolled_back(django_db_blocker: Any) -> Iterator[None]:
    """Run the block, and what the module's tests do inside it, in one transaction undone at
    the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
