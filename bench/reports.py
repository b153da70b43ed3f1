"""Program reports benchmark: the final report (page and PDF), the monthly progress report, the
funder's dashboard and the full XLSX export, on the large demo program against a small copy.

Each size runs in a fresh process on its own throw-away SQLite database: migrate, then the large
program of ``seed_demo --size large`` (its people in bulk, then ``seed_large_activity``: one
relationship per mentee, six meetings each with logs, feedback, events with attendance, rounds
and three indicators). The small size is the same program with 100 mentees and 10 mentors, and
is the baseline: each large figure is printed with its ratio to it.

One line per page and size:

    page=<name> size=<mentees> seconds=… queries=… ratio=… same_queries=<yes|no>

- seconds: the best of three requests through Django's test client, each a first visit (the
  cache is emptied before it, so the indicators are computed, not read from the cache); the
  export: one build of every table as XLSX, as the background task writes it;
- queries: the database queries of one request, which must not grow with the program
  (``same_queries``).

    .venv/bin/python bench/reports.py            # 100 and 10,000 mentees (a few minutes)
    .venv/bin/python bench/reports.py --quick    # 100 and 1,000 mentees
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
SMALL = 100


def measure(mentees: int) -> dict[str, Any]:
    """Seed one size and time each page (runs inside a child process)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    from auditlog.context import disable_auditlog

    from puente.core.permissions import Role
    from puente.demo.management.commands.seed_demo import Seeder
    from puente.demo.reports import LARGE_SLUG, seed_large_activity
    from puente.programs.access import ProgramAccess, program_roles
    from puente.programs.models import Program
    from puente.reports import exports

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seeder = Seeder()
    with disable_auditlog():
        seeder.operator()
        seeder.gran_escala(mentees=mentees, mentors=max(mentees // 10, 1))
        seed_large_activity()
    seeded = time.perf_counter() - started
    program = Program.objects.get(slug=LARGE_SLUG)
    coordinator = program.memberships.get(role=Role.COORDINATOR).user
    client = Client()
    client.force_login(coordinator)
    base = f"/p/{program.slug}"
    pages = {
        "final_report": f"{base}/reports/program/",
        "final_report_pdf": f"{base}/reports/program/pdf/",
        "monthly_report": f"{base}/reports/program/month/?month=2026-10",
        "funder_dashboard": f"{base}/dashboard/",
    }
    figures: dict[str, Any] = {"seed_s": round(seeded, 1), "pages": {}}
    for name, url in pages.items():
        best = float("inf")
        queries = 0
        for _ in range(3):
            cache.clear()  # a first visit: the indicators' figures are computed, not cached
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                best = min(best, time.perf_counter() - start)
            assert response.status_code == 200, (name, response.status_code)
            queries = len(captured)
        figures["pages"][name] = {"seconds": round(best, 3), "queries": queries}
    access = ProgramAccess(program, coordinator, program_roles(coordinator, program))
    start = time.perf_counter()
    built = exports.build(access, list(exports.TABLES), exports.Filters(), "xlsx")
    figures["pages"]["full_xlsx_export"] = {
        "seconds": round(time.perf_counter() - start, 3),
        "queries": None,
        "bytes": len(built.content),
    }
    return figures


def run(mentees: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="puente-bench-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "puente.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        }
        output = subprocess.run(  # noqa: S603 - this same script, in a fresh process
            [sys.executable, __file__, "--child", str(mentees)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 mentees instead of 10,000")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    large = 1_000 if args.quick else 10_000
    small_figures = run(SMALL)
    large_figures = run(large)
    print(f"seed size={SMALL} seconds={small_figures['seed_s']}")
    print(f"seed size={large} seconds={large_figures['seed_s']}")
    for name, small in small_figures["pages"].items():
        big = large_figures["pages"][name]
        ratio = big["seconds"] / small["seconds"] if small["seconds"] else float("nan")
        same = (
            "n/a"
            if small["queries"] is None
            else "yes"
            if small["queries"] == big["queries"]
            else "no"
        )
        print(f"page={name} size={SMALL} seconds={small['seconds']:.3f} queries={small['queries']}")
        print(
            f"page={name} size={large} seconds={big['seconds']:.3f} queries={big['queries']} "
            f"ratio={ratio:.1f} same_queries={same}"
        )


if __name__ == "__main__":
    main()
