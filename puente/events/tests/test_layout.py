"""Where events live since they left mentoring: the addresses people were sent stay the same,
and the imports keep to the lifecycle (mentoring comes before events, core before both)."""

import ast
from pathlib import Path

import pytest
from django.urls import resolve, reverse

PUENTE = Path(__file__).resolve().parents[2]

# Every events page at the address it had in mentoring: emails already sent link to them.
ADDRESSES = [
    ("events", [], "/p/demo/events/"),
    ("event-create", [], "/p/demo/events/new/"),
    ("event", [7], "/p/demo/events/7/"),
    ("event-ics", [7], "/p/demo/events/7.ics"),
    ("event-edit", [7], "/p/demo/events/7/edit/"),
    ("event-cancel", [7], "/p/demo/events/7/cancel/"),
    ("event-invite", [7], "/p/demo/events/7/invite/"),
    ("event-rsvp", [7], "/p/demo/events/7/rsvp/"),
    ("event-attendance", [7], "/p/demo/events/7/attendance/"),
    ("event-lessons", [7], "/p/demo/events/7/lessons/"),
]


@pytest.mark.parametrize(("name", "args", "address"), ADDRESSES)
def test_the_events_pages_keep_their_addresses(name, args, address):
    assert reverse(f"events:{name}", args=["demo", *args]) == address
    match = resolve(address)
    assert (match.app_name, match.url_name) == ("events", name)
    assert match.func.__module__ == "puente.events.views"


def _imported_apps(app: str) -> set[tuple[str, str]]:
    """The (file, puente app) pairs of every import of a puente app in ``app``'s code."""
    found = set()
    for path in (PUENTE / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                parts = name.split(".")
                if parts[0] == "puente" and len(parts) > 1:
                    found.add((str(path.relative_to(PUENTE)), parts[1]))
    return found


@pytest.mark.parametrize(
    ("app", "later"), [("mentoring", {"events"}), ("core", {"mentoring", "events"})]
)
def test_earlier_apps_do_not_import_events(app, later):
    assert {(f, imported) for f, imported in _imported_apps(app) if imported in later} == set()
