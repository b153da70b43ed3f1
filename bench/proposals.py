"""Proposed meeting times benchmark: proposing times for a circle of 8, three of whom have their
own calendars with a year of recurring events each, against rendering the relationship page.

One run, in a fresh process on its own throw-away SQLite database: ``migrate``, ``seed_demo``,
then, in the supplier program (*Mujeres proveedoras*), the relationship with the most logged
meetings becomes a circle of 8 (its mentor and seven mentees of the program). Three of them (the
mentor and two mentees) get a calendar of a year of recurring events — weekly meetings in three
time zones, a daily stand-up with a lunch break, a monthly board, with EXDATEs — expanded by
``mentoring.busy`` into stored busy intervals, as the background refresh does. Then, after one
warm-up each, ``--rounds`` times in turn, keeping the best of each:

- page: the relationship page, requested by the mentor through Django's test client (the
  baseline, as in ``bench/relationship_page.py``);
- next: the times proposed for the circle's next meeting (``selectors.meeting_proposals``:
  reading everyone's grid, calendars, meetings and events, then ``mentoring.proposals``);
- plan: the best time for each of the remaining meetings at once (``selectors.plan_proposals``).

One line per case, ``case=… people=… busy_intervals=… queries=… seconds=… ratio=…`` (ratio: each
/ the page), then the budget: the next meeting's proposals within 1.0 × the page.

    .venv/bin/python bench/proposals.py              # about a minute on 2 cores
    .venv/bin/python bench/proposals.py --rounds 20
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = "mujeres-proveedoras"
CIRCLE = 8
BUDGET = 1.0

# A year of someone's working life in three time zones (the calendar of a busy person).
CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Puente bench//EN
X-WR-TIMEZONE:{zone}
BEGIN:VEVENT
UID:standup-{n}@bench
DTSTART;TZID={zone}:{start}T090000
DTEND;TZID={zone}:{start}T091500
RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=260
EXDATE;TZID={zone}:{exdate}T090000
END:VEVENT
BEGIN:VEVENT
UID:lunch-{n}@bench
DTSTART;TZID={zone}:{start}T130000
DTEND;TZID={zone}:{start}T140000
RRULE:FREQ=DAILY;COUNT=365
END:VEVENT
BEGIN:VEVENT
UID:madrid-{n}@bench
DTSTART;TZID=Europe/Madrid:{start}T160000
DTEND;TZID=Europe/Madrid:{start}T173000
RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=104
EXDATE;TZID=Europe/Madrid:{exdate}T160000
END:VEVENT
BEGIN:VEVENT
UID:tokyo-{n}@bench
DTSTART;TZID=Asia/Tokyo:{start}T070000
DTEND;TZID=Asia/Tokyo:{start}T080000
RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=52
END:VEVENT
BEGIN:VEVENT
UID:board-{n}@bench
DTSTART;TZID={zone}:{start}T100000
DTEND;TZID={zone}:{start}T120000
RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=12
END:VEVENT
BEGIN:VEVENT
UID:gym-{n}@bench
DTSTART;TZID={zone}:{start}T183000
DTEND;TZID={zone}:{start}T193000
RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL={until}T235959Z
END:VEVENT
END:VCALENDAR
"""


def measure(rounds: int) -> dict[str, Any]:
    """Seed the demo, make the circle and its calendars, and time (inside a child process)."""
    import datetime as dt
    import zoneinfo

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q, prefetch_related_objects
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    from puente.core.permissions import Role
    from puente.mentoring import busy, selectors
    from puente.mentoring.models import BusyCalendar, BusyInterval, Meeting, Relationship
    from puente.programs.models import Program

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    program = Program.objects.get(slug=PROGRAM)
    relationship = (
        Relationship.objects.filter(program=program, status=Relationship.Status.ACTIVE)
        .annotate(
            logged=Count("meetings", filter=Q(meetings__status=Meeting.Status.HELD)),
            total=Count("meetings"),
        )
        .filter(total=12)
        .order_by("-logged", "pk")
        .first()
    )
    assert relationship is not None, "no relationship of 12 meetings in the demo"
    others = (
        program.memberships.filter(role=Role.MENTEE)
        .exclude(relationships_as_mentee=relationship)
        .order_by("pk")[: CIRCLE - 1 - relationship.mentees.count()]
    )
    relationship.mentees.add(*others)
    relationship.kind = Relationship.Kind.CIRCLE
    relationship.save()
    members = [relationship.mentor, *relationship.mentees.order_by("pk")]
    assert len(members) == CIRCLE, len(members)

    now = timezone.now()
    start = now.date()
    started = time.perf_counter()
    expanded = 0
    for n, member in enumerate(members[:3]):
        zone = member.user.time_zone or "America/Bogota"
        text = CALENDAR.format(
            n=n,
            zone=zone,
            start=start.strftime("%Y%m%d"),
            exdate=(start + dt.timedelta(days=7)).strftime("%Y%m%d"),
            until=(start + dt.timedelta(days=365)).strftime("%Y%m%d"),
        ).replace("\n", "\r\n")
        intervals = busy.busy_intervals(
            text.encode(),
            start=now,
            end=now + dt.timedelta(days=366),
            zone=zoneinfo.ZoneInfo(zone),
        )
        calendar, _made = BusyCalendar.objects.update_or_create(
            user=member.user,
            defaults={"url": f"https://calendar.example.org/{n}.ics", "next_fetch_at": now},
        )
        BusyInterval.objects.bulk_create(
            BusyInterval(calendar=calendar, start=s, end=e) for s, e in intervals
        )
        expanded += len(intervals)
    expand_s = time.perf_counter() - started

    client = Client()
    client.force_login(relationship.mentor.user)
    url = f"/p/{program.slug}/mentoring/{relationship.pk}/"
    today = timezone.localdate()
    upcoming = list(
        relationship.meetings.filter(
            status__in=[Meeting.Status.PLANNED, Meeting.Status.SCHEDULED, Meeting.Status.MOVED],
            planned_on__gte=today,
        ).order_by("planned_on", "number")
    )
    assert upcoming, "no meeting ahead in the circle"

    def read() -> Relationship:
        # As the page's access helper reads it: the relationship, its mentees and their users.
        found = Relationship.objects.select_related("program", "wave", "mentor__user").get(
            pk=relationship.pk
        )
        prefetch_related_objects([found], "mentees__user")
        return found

    def page() -> Any:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    def next_meeting() -> Any:
        return selectors.meeting_proposals(read(), upcoming[0], now=now, count=3)

    def plan() -> Any:
        return selectors.plan_proposals(read(), upcoming, now=now)

    cases = [("page", page), ("next", next_meeting), ("plan", plan)]
    best = {name: float("inf") for name, _f in cases}
    queries = {name: 0 for name, _f in cases}
    results: dict[str, Any] = {}
    for warm in range(rounds + 1):
        for name, function in cases:
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                results[name] = function()
                seconds = time.perf_counter() - begin
            if warm:
                best[name] = min(best[name], seconds)
            queries[name] = len(captured)
    proposals = results["next"]
    return {
        "people": len(members),
        "calendars": 3,
        "busy_intervals": expanded,
        "expand_s": round(expand_s, 3),
        "meetings_ahead": len(upcoming),
        "proposed": len(proposals),
        "cannot": [len(p.cannot) for p in proposals],
        "planned": sum(1 for p in results["plan"].values() if p is not None),
        "cases": [
            {"name": name, "queries": queries[name], "seconds": round(best[name], 5)}
            for name, _f in cases
        ],
    }


def run(rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="puente-bench-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "bench-" + "x" * 50,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "BEHIND_TLS_PROXY": "0",
            "SECURE_HSTS_SECONDS": "0",
            "TEXT_ENCODER": "tfidf",
            "DJANGO_SETTINGS_MODULE": "puente.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        }
        done = subprocess.run(  # noqa: S603 - this same script, in a fresh process
            [sys.executable, __file__, "--child", str(rounds)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="runs of each case (best kept)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    figures = run(args.rounds)
    print(
        f"circle people={figures['people']} calendars={figures['calendars']} "
        f"busy_intervals={figures['busy_intervals']} expand_seconds={figures['expand_s']} "
        f"meetings_ahead={figures['meetings_ahead']} proposed={figures['proposed']} "
        f"cannot={figures['cannot']} planned={figures['planned']}"
    )
    baseline = next(c for c in figures["cases"] if c["name"] == "page")
    for case in figures["cases"]:
        print(
            f"case={case['name']} queries={case['queries']} seconds={case['seconds']:.4f} "
            f"ratio={case['seconds'] / baseline['seconds']:.2f}"
        )
    ratio = (
        next(c for c in figures["cases"] if c["name"] == "next")["seconds"] / baseline["seconds"]
    )
    print(f"budget next/page={ratio:.2f}/{BUDGET} {'ok' if ratio <= BUDGET else 'OVER'}")


if __name__ == "__main__":
    main()
