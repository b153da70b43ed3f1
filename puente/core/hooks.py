"""Explicit hooks for later apps to follow what earlier apps do, without importing them.

An earlier app (accounts, recruitment) says "this person's profile changed" by calling
``profile_changed``; a later app (matching) registers what to do about it in its AppConfig.ready.
Unlike model signals, nothing fires from ``save()``: only the services and views that change a
profile on purpose call it, and the callbacks run after the transaction commits.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django_tasks.base import Task

ProfileCallback = Callable[[int], None]
_profile_callbacks: list[ProfileCallback] = []


def on_profile_changed(callback: ProfileCallback) -> ProfileCallback:
    if callback not in _profile_callbacks:
        _profile_callbacks.append(callback)
    return callback


def profile_changed(user_id: int) -> None:
    """Tell the registered apps, once the current transaction commits, that a profile changed."""
    for callback in _profile_callbacks:
        transaction.on_commit(partial(callback, user_id))


MatchesCallback = Callable[[int], None]
_matches_callbacks: list[MatchesCallback] = []


def on_matches_confirmed(callback: MatchesCallback) -> MatchesCallback:
    if callback not in _matches_callbacks:
        _matches_callbacks.append(callback)
    return callback


def matches_confirmed(program_id: int) -> None:
    """Tell the registered apps, once the current transaction commits, that a program's matches
    were confirmed."""
    for callback in _matches_callbacks:
        transaction.on_commit(partial(callback, program_id))


# Daily work: `manage.py run_daily` (in mentoring) enqueues its own tasks, then those later apps
# registered here in their AppConfig.ready (e.g. notifications' weekly digest), in that order.
DailyTask = Task[[], Any]
_daily_tasks: list[DailyTask] = []


def on_daily(task: DailyTask) -> DailyTask:
    """Have ``run_daily`` enqueue ``task`` (a django-tasks task taking no arguments)."""
    if task not in _daily_tasks:
        _daily_tasks.append(task)
    return task


def daily_tasks() -> list[DailyTask]:
    return list(_daily_tasks)
