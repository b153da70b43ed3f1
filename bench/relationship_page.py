"""Relationship page benchmark: the page a mentor opens every week, against the program home.

One run, in a fresh process on its own throw-away SQLite database: ``migrate``, ``seed_demo``
(the three demo programs), then, in the supplier program (*Mujeres proveedoras*: 12 meetings in
16 weeks, some held and logged, an agreement, a growth plan), the relationship with the most
logged meetings. Each page is requested through Django's test client, signed in: the
relationship page as its mentor, the program home as the program's coordinator (the baseline,
as in ``bench/load.py``) and as the same mentor. After one warm-up request each, the pages are
requested in turn ``--rounds`` times and the best time of each is kept.

One line per page:

    page=<name> viewer=<role> meetings=… bytes=… options=… queries=… seconds=… ratio=…

- bytes: the HTML as sent (the budget is 60 KB, 61,440 bytes, at 12 meetings);
- options: ``<option`` elements in it (each a time-zone list would add ~430);
- queries: database queries of one request;
- seconds: best of ``--rounds`` requests (wall clock); cpu_seconds: best of the same requests
  in CPU time of the serving thread (Django and SQLite run in this process, so it is all the
  server's work; on a machine shared with other jobs it moves far less than the wall clock);
- ratio, cpu_ratio: each / the coordinator's program home (the budget is 2.0).

    .venv/bin/python bench/relationship_page.py              # about a minute on 2 cores
    .venv/bin/python bench/relationship_page.py --rounds 20
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
BYTES_BUDGET = 60 * 1024
TIME_BUDGET = 2.0


def measure(rounds: int) -> dict[str, Any]:
    """Seed the demo and time the pages (runs inside a child process)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings

    # Production settings (DEBUG off: cached templates), but static files named as they are:
    # no collectstatic manifest is built for this throw-away run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    from puente.core.permissions import Role
    from puente.mentoring.models import Meeting, Relationship
    from puente.programs.models import Program

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", verbosity=0)
    seeded = time.perf_counter() - started
    program = Program.objects.get(slug=PROGRAM)
    relationship = (
        Relationship.objects.filter(program=program, status=Relationship.Status.ACTIVE)
        .annotate(
            logged=Count("meetings", filter=Q(meetings__status__in=[Meeting.Status.HELD])),
            total=Count("meetings"),
        )
        .filter(total=12)
        .order_by("-logged", "pk")
        .select_related("mentor__user")
        .first()
    )
    assert relationship is not None, "no relationship of 12 meetings in the demo"
    coordinator = program.memberships.filter(role=Role.COORDINATOR).first()
    assert coordinator is not None
    clients = {}
    for name, user in (("coordinator", coordinator.user), ("mentor", relationship.mentor.user)):
        clients[name] = Client()
        clients[name].force_login(user)
    pages = [
        ("program_home", "coordinator", f"/p/{program.slug}/"),
        ("program_home", "mentor", f"/p/{program.slug}/"),
        ("relationship", "mentor", f"/p/{program.slug}/mentoring/{relationship.pk}/"),
    ]
    figures: dict[str, Any] = {"seed_s": round(seeded, 1), "meetings": 12, "pages": []}
    best = [float("inf")] * len(pages)
    best_cpu = [float("inf")] * len(pages)
    sizes = [0] * len(pages)
    options = [0] * len(pages)
    queries = [0] * len(pages)
    for warm in range(rounds + 1):
        for index, (name, viewer, url) in enumerate(pages):
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.thread_time()
                response = clients[viewer].get(url)
                seconds = time.perf_counter() - start
                cpu = time.thread_time() - start_cpu
            assert response.status_code == 200, (name, viewer, response.status_code)
            if warm:
                best[index] = min(best[index], seconds)
                best_cpu[index] = min(best_cpu[index], cpu)
            sizes[index] = len(response.content)
            options[index] = response.content.count(b"<option")
            queries[index] = len(captured)
    for index, (name, viewer, _url) in enumerate(pages):
        figures["pages"].append(
            {
                "name": name,
                "viewer": viewer,
                "bytes": sizes[index],
                "options": options[index],
                "queries": queries[index],
                "seconds": round(best[index], 4),
                "cpu_seconds": round(best_cpu[index], 4),
            }
        )
    return figures


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
    output = done.stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="requests per page (best kept)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    figures = run(args.rounds)
    print(f"seed program={PROGRAM} seconds={figures['seed_s']}")
    baseline = next(
        p for p in figures["pages"] if p["name"] == "program_home" and p["viewer"] == "coordinator"
    )
    for page in figures["pages"]:
        ratio = page["seconds"] / baseline["seconds"]
        cpu_ratio = page["cpu_seconds"] / baseline["cpu_seconds"]
        print(
            f"page={page['name']} viewer={page['viewer']} meetings={figures['meetings']} "
            f"bytes={page['bytes']} options={page['options']} queries={page['queries']} "
            f"seconds={page['seconds']:.4f} cpu_seconds={page['cpu_seconds']:.4f} "
            f"ratio={ratio:.2f} cpu_ratio={cpu_ratio:.2f}"
        )
    relationship = next(p for p in figures["pages"] if p["name"] == "relationship")
    ratio = relationship["seconds"] / baseline["seconds"]
    cpu_ratio = relationship["cpu_seconds"] / baseline["cpu_seconds"]
    print(
        f"budget bytes={relationship['bytes']}/{BYTES_BUDGET} "
        f"{'ok' if relationship['bytes'] <= BYTES_BUDGET else 'OVER'} "
        f"ratio={ratio:.2f}/{TIME_BUDGET} {'ok' if ratio <= TIME_BUDGET else 'OVER'} "
        f"cpu_ratio={cpu_ratio:.2f}/{TIME_BUDGET} {'ok' if cpu_ratio <= TIME_BUDGET else 'OVER'}"
    )


if __name__ == "__main__":
    main()
