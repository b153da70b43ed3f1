"""A whole matching run on the database: its four stages, and how long it holds the write lock.

    .venv/bin/python bench/match_run.py               # SQLite file (WAL), 10,000 x 1,000
    .venv/bin/python bench/match_run.py --postgres    # the same on a throw-away PostgreSQL
    .venv/bin/python bench/match_run.py --quick       # 1,000 x 100, to try it out

`matching.py` times the solver alone; this times `services.match_run` end to end, as a
coordinator's click runs it. It runs in a fresh process on its own throw-away database:
`migrate`, the large program of `seed_demo --size large` (10,000 mentees and 1,000 mentors,
two focus areas and a sentence each), their texts encoded (`--encoder`, the production one by
default), and every mentor taking 10 mentees (`default_capacity=10`), so the run is the solver
benchmark's 10,000 x 1,000, k = 10, from the database.

The same run is made twice on the same rows:

- `mode=staged`: `match_run` as it is (load, score and solve outside any transaction, then a
  short save transaction that checks the inputs and writes);
- `mode=one_transaction`: the same call inside `transaction.atomic()`, which is what the run
  did before it was split in stages (the whole run under the write lock).

While each run goes on, a probe in another process (as another web worker would be) writes every
20 ms, in a short transaction of its own, a person's row and the program's row (the row the save
stage locks on PostgreSQL), and times each write: what anyone else saving something in Puente
would feel. One line per mode:

    db=sqlite size=10000x1000 mode=staged load_s=… score_s=… solve_s=… save_s=… total_s=…
      write_lock_s=… write_lock_ratio=… probe_writes=… probe_max_ms=… probe_failed=…

- `load_s`, `score_s`, `solve_s`, `save_s`, `total_s`: the run's own `timings`;
- `write_lock_s`: how long the run's write transaction lasted: `save_s` when staged, the whole
  call in one transaction; `write_lock_ratio` is that over the run's wall time. On SQLite the
  transaction holds the database's write lock from its first statement (`BEGIN IMMEDIATE`); on
  PostgreSQL it holds row locks only from the save's first lock on, so there the old way kept a
  transaction open for the whole run but blocked the probe no longer than the new one;
- `probe_*`: the probe's writes during the run, the slowest one, and how many failed (SQLite
  gives up after its 20 s busy timeout: "database is locked");
- `same_result`: both modes proposed the same pairs with the same scores.
"""

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROBE_EVERY = 0.02


def _probe(user_id: int, program_id: int, ready: Any, stop: Any, out: Any) -> None:
    """Another process, as another web worker would be: every PROBE_EVERY seconds, one short
    transaction that writes a person's row and the program's row (the row the save stage locks
    on PostgreSQL), timed. Its own process, so the run's Python (the GIL) cannot delay it."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import transaction
    from django.db.models import F

    from puente.accounts.models import User
    from puente.programs.models import Program

    writes: list[tuple[float, float, bool]] = []
    n = 0
    while not stop.is_set():
        n += 1
        started = time.monotonic()
        ok = True
        try:
            with transaction.atomic():
                User.objects.filter(pk=user_id).update(city=f"Sonda {n}")
                Program.objects.filter(pk=program_id).update(name=F("name"))
        except Exception:  # noqa: BLE001 - a failed write is a figure here
            ok = False
        writes.append((started, time.monotonic() - started, ok))
        ready.set()
        stop.wait(PROBE_EVERY)
    out.put(writes)


def measure(mentees: int, mentors: int) -> dict[str, Any]:
    """Seed, then run twice with the probe writing (inside a child process)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from auditlog.context import disable_auditlog
    from django.core.management import call_command
    from django.db import transaction

    from puente.accounts.models import User
    from puente.core.permissions import Role
    from puente.demo.management.commands.seed_demo import Seeder
    from puente.matching.models import MatchingSettings, MatchRun
    from puente.matching.services import embeddings_refresh, match_run
    from puente.programs.models import Program

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seeder = Seeder()
    with disable_auditlog():
        seeder.operator()
        seeder.gran_escala(mentees=mentees, mentors=mentors)
    program = Program.objects.get(slug="programa-a-gran-escala")
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    encoded = embeddings_refresh(program=program)
    encode_s = time.perf_counter() - started
    MatchingSettings.objects.update_or_create(program=program, defaults={"default_capacity": 10})
    coordinator = program.memberships.get(role=Role.COORDINATOR).user
    probe_user = User.objects.exclude(memberships__program=program).order_by("pk").first()
    assert probe_user is not None

    figures: dict[str, Any] = {"seed_s": seeded, "encode_s": encode_s, "texts": encoded}
    results = {}
    spawn = multiprocessing.get_context("spawn")
    for mode in ("staged", "one_transaction"):
        ready, stop, out = spawn.Event(), spawn.Event(), spawn.Queue()
        probe = spawn.Process(target=_probe, args=(probe_user.pk, program.pk, ready, stop, out))
        probe.start()
        ready.wait(60)
        time.sleep(0.5)  # the probe's first writes, before the run
        begun = time.monotonic()
        if mode == "staged":
            run = match_run(program=program, by=coordinator)
            lock_s = run.timings["save_s"]
        else:
            with transaction.atomic():
                run = match_run(program=program, by=coordinator)
            lock_s = time.monotonic() - begun
        wall = time.monotonic() - begun
        time.sleep(0.5)
        stop.set()
        writes = out.get(timeout=60)
        probe.join()
        during = [(lat, ok) for at, lat, ok in writes if begun <= at <= begun + wall]
        latencies = [lat for lat, _ok in during]
        figures[mode] = {
            **run.timings,
            "wall_s": wall,
            "write_lock_s": lock_s,
            "write_lock_ratio": lock_s / wall,
            "matched": run.matched,
            "probe_writes": len(during),
            "probe_failed": sum(1 for _lat, ok in during if not ok),
            "probe_max_ms": 1000 * max(latencies, default=0.0),
            "probe_median_ms": 1000 * statistics.median(latencies) if latencies else 0.0,
        }
        results[mode] = sorted(
            run.proposals.values_list("mentee_id", "mentor_id", "score", "breakdown")
        )
        MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.SUPERSEDED)
    figures["same_result"] = results["staged"] == results["one_transaction"]
    return figures


def run(mentees: int, mentors: int, encoder: str, database_url: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="puente-bench-run-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "puente.settings",
            "DATABASE_URL": database_url or f"sqlite:///{tmp}/bench.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "TEXT_ENCODER": encoder,
        }
        output = subprocess.run(  # noqa: S603 - this same script, in a fresh process
            [sys.executable, __file__, "--child", str(mentees), str(mentors)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 x 100 instead")
    parser.add_argument("--postgres", action="store_true", help="on a throw-away PostgreSQL")
    parser.add_argument(
        "--encoder",
        choices=["semantic", "tfidf"],
        default="semantic",
        help="the text encoder (semantic: the production default)",
    )
    parser.add_argument("--child", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child), default=str))
        return
    mentees, mentors = (1_000, 100) if args.quick else (10_000, 1_000)
    postgres = None
    if args.postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from load import Postgres

        postgres = Postgres()
    try:
        url = postgres.start() if postgres else None
        figures = run(mentees, mentors, args.encoder, url)
    finally:
        if postgres:
            postgres.stop()
    db = "postgresql" if postgres else "sqlite"
    size = f"{mentees}x{mentors}"
    print(
        f"db={db} size={size} seed_s={figures['seed_s']:.1f} encode_s={figures['encode_s']:.1f} "
        f"texts={figures['texts']} encoder={args.encoder}"
    )
    for mode in ("staged", "one_transaction"):
        f = figures[mode]
        print(
            f"db={db} size={size} k=10 mode={mode} load_s={f['load_s']:.2f} "
            f"score_s={f['score_s']:.2f} solve_s={f['solve_s']:.2f} save_s={f['save_s']:.2f} "
            f"total_s={f['total_s']:.2f} write_lock_s={f['write_lock_s']:.2f} "
            f"write_lock_ratio={f['write_lock_ratio']:.3f} matched={f['matched']} "
            f"probe_writes={f['probe_writes']} probe_median_ms={f['probe_median_ms']:.0f} "
            f"probe_max_ms={f['probe_max_ms']:.0f} probe_failed={f['probe_failed']}"
        )
    print(f"same_result={'yes' if figures['same_result'] else 'no'}")


if __name__ == "__main__":
    main()
