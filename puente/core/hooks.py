"""Explicit hooks for later apps to follow what earlier apps do, without importing them.

An earlier app (accounts, recruitment) says "this person's profile changed" by calling
``profile_changed``; a later app (matching) registers what to do about it in its AppConfig.ready.
Unlike model signals, nothing fires from ``save()``: only the services and views that change a
profile on purpose call it, and the callbacks run after the transaction commits.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
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


# Daily work: `manage.py run_daily` (in core) enqueues the tasks that apps registered here in their
# AppConfig.ready, in the order of INSTALLED_APPS (mentoring's watch before notifications' weekly
# digest, which reads the flags the watch raised).
DailyTask = Task[[], Any]
_daily_tasks: list[DailyTask] = []


def on_daily(task: DailyTask) -> DailyTask:
    """Have ``run_daily`` enqueue ``task`` (a django-tasks task taking no arguments)."""
    if task not in _daily_tasks:
        _daily_tasks.append(task)
    return task


def daily_tasks() -> list[DailyTask]:
    return list(_daily_tasks)


# A person's private calendar feed (mentoring's): later apps add their own entries to it (events
# adds the program events the person is invited to), as icalendar components (VEVENT).
CalendarEntries = Callable[[Any], Iterable[Any]]
_calendar_feed_callbacks: list[CalendarEntries] = []


def on_calendar_feed(callback: CalendarEntries) -> CalendarEntries:
    """Register ``callback(user)`` returning the calendar components to add to ``user``'s feed."""
    if callback not in _calendar_feed_callbacks:
        _calendar_feed_callbacks.append(callback)
    return callback


def calendar_feed_entries(user: Any) -> list[Any]:
    """The entries every registered app adds to ``user``'s calendar feed, in order."""
    return [entry for callback in _calendar_feed_callbacks for entry in callback(user)]


# When people are busy elsewhere in Puente, for proposing meeting times (mentoring's): later apps
# add theirs (events: the events a person is invited to and did not decline). A callback takes
# user ids and a window and answers {user id: [(start, end), ...]} in one query.
BusySource = Callable[[list[int], Any, Any], dict[int, list[tuple[Any, Any]]]]
_busy_sources: list[BusySource] = []


def on_busy_times(source: BusySource) -> BusySource:
    """Register ``source(user_ids, start, end)`` as a source of busy times."""
    if source not in _busy_sources:
        _busy_sources.append(source)
    return source


def busy_times(user_ids: list[int], start: Any, end: Any) -> dict[int, list[tuple[Any, Any]]]:
    """Every registered source's busy intervals of ``user_ids`` between ``start`` and ``end``."""
    found: dict[int, list[tuple[Any, Any]]] = {pk: [] for pk in user_ids}
    for source in _busy_sources:
        for pk, intervals in source(user_ids, start, end).items():
            found.setdefault(pk, []).extend(intervals)
    return found


# Named events for integrations (the api app's webhooks): a service says "application.submitted"
# with a small JSON-able payload; callbacks registered for that name run after the commit.
EventCallback = Callable[[str, dict[str, Any]], None]
_event_callbacks: dict[str, list[EventCallback]] = {}


def on_event(name: str, callback: EventCallback) -> EventCallback:
    callbacks = _event_callbacks.setdefault(name, [])
    if callback not in callbacks:
        callbacks.append(callback)
    return callback


def event(name: str, payload: dict[str, Any]) -> None:
    """Tell the callbacks registered for ``name``, once the current transaction commits."""
    for callback in _event_callbacks.get(name, []):
        transaction.on_commit(partial(callback, name, dict(payload)))


# Starting the next wave from an earlier one: programs creates the wave, then each later app
# (mentoring, library, ...) copies its own wave-level settings to it.
WaveCopy = list[tuple[str, int]]
WaveClonedCallback = Callable[[int, int, int], WaveCopy]
_wave_cloned_callbacks: list[WaveClonedCallback] = []


def on_wave_cloned(callback: WaveClonedCallback) -> WaveClonedCallback:
    """Register a copier ``callback(source_id, target_id, offset_days)`` returning what it copied
    as ``[(label, count), ...]``."""
    if callback not in _wave_cloned_callbacks:
        _wave_cloned_callbacks.append(callback)
    return callback


def wave_cloned(source_id: int, target_id: int, offset_days: int) -> WaveCopy:
    """Have every registered app copy its wave-level settings from one wave to another.

    Unlike the other hooks, the callbacks run synchronously, right now, inside the caller's
    transaction (not on commit): cloning a wave is all-or-nothing, so a copier that fails rolls
    back the new wave and everything the other copiers made. Returns what was copied, in order.
    """
    copied: WaveCopy = []
    for callback in _wave_cloned_callbacks:
        copied.extend(callback(source_id, target_id, offset_days))
    return copied


# The next-steps checklist on a coordinator's program home: each app says, from the program's real
# state, how far the steps it owns have come (programs its dates and waves, recruitment its calls
# and reviewers, monitoring its indicators...). Registered in AppConfig.ready; the home shows them
# sorted by ``order`` and highlights the first one not done.
@dataclass(frozen=True)
class ChecklistStep:
    order: int  # where the step sits in the set-up of a program (10, 20, ...)
    key: str  # stable, for the page's anchors and tests
    title: str  # what the step is ("Open a call")
    done: bool
    found: str  # what was found, said plainly ("3 calls, 1 open"; "none yet")
    url: str  # the page where the step is done
    action: str  # the permission (core.permissions.Action) that page asks for


ChecklistCallback = Callable[[Any], Iterable[ChecklistStep]]
_checklist_callbacks: list[ChecklistCallback] = []


def on_checklist(callback: ChecklistCallback) -> ChecklistCallback:
    """Register ``callback(program)`` returning the checklist steps its app owns (none when a
    step does not apply to the program). It reads in a fixed number of queries."""
    if callback not in _checklist_callbacks:
        _checklist_callbacks.append(callback)
    return callback


def checklist_steps(program: Any) -> list[ChecklistStep]:
    """Every registered app's steps for ``program``, in their set-up order."""
    steps = [step for callback in _checklist_callbacks for step in callback(program)]
    return sorted(steps, key=lambda step: (step.order, step.key))


# What a program asks of its people ("12 meetings in 16 weeks, 2 h a week"), shown on the call
# page and the program home (programs.commitment): mentoring's session plan knows it. A source
# ``callback(program, wave)`` returns a ``programs.commitment.Commitment``, or None to pass.
CommitmentSource = Callable[[Any, Any], Any]
_commitment_sources: list[CommitmentSource] = []


def on_commitment(source: CommitmentSource) -> CommitmentSource:
    if source not in _commitment_sources:
        _commitment_sources.append(source)
    return source


def commitment(program: Any, wave: Any) -> Any:
    """The first answer of the registered sources for ``program`` (and ``wave``), or None."""
    for source in _commitment_sources:
        found = source(program, wave)
        if found is not None:
            return found
    return None


# A relationship's page (mentoring's): later apps add a panel to one of its slots without
# mentoring importing them. Slots: "next" (under the next meeting: plans adds the growth plan's
# open actions) and "before_first_meeting" (shown until the first meeting is held: what to read
# before meeting). A callback gets the viewer's program access and the relationship, already
# fetched through its scope, and returns HTML ("" for nothing); it reads what it shows through
# its own app's scopes, in a fixed number of queries.
RelationshipPanel = Callable[[Any, Any], str]
RELATIONSHIP_SLOTS = ("next", "before_first_meeting")
_relationship_panels: dict[str, list[RelationshipPanel]] = {}


def on_relationship_page(slot: str, callback: RelationshipPanel) -> RelationshipPanel:
    """Register ``callback(access, relationship)`` returning the HTML of a panel for ``slot``."""
    if slot not in RELATIONSHIP_SLOTS:
        raise ValueError(f"Unknown slot of the relationship page: {slot}")
    callbacks = _relationship_panels.setdefault(slot, [])
    if callback not in callbacks:
        callbacks.append(callback)
    return callback


def relationship_panels(slot: str, access: Any, relationship: Any) -> list[str]:
    """The panels the registered apps render for ``slot`` of ``relationship``'s page, in order
    of registration (the order of INSTALLED_APPS); empty ones left out."""
    panels = [callback(access, relationship) for callback in _relationship_panels.get(slot, [])]
    return [panel for panel in panels if panel]


# The coordinators' moderation queue (community's page): later apps whose content can be reported
# (conversations: a reported message, shown alone) add their own list of reports. A callback gets
# the coordinator's program access and returns HTML ("" for nothing), read in a fixed number of
# queries.
ModerationPanel = Callable[[Any], str]
_moderation_panels: list[ModerationPanel] = []


def on_moderation_queue(callback: ModerationPanel) -> ModerationPanel:
    """Register ``callback(access)`` returning the HTML of a panel of the moderation page."""
    if callback not in _moderation_panels:
        _moderation_panels.append(callback)
    return callback


def moderation_panels(access: Any) -> list[str]:
    """The panels the registered apps render for the moderation page, empty ones left out."""
    panels = [callback(access) for callback in _moderation_panels]
    return [panel for panel in panels if panel]
