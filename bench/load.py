"""Load: gunicorn serving the large demo program to 20 people at once, on loopback only.

    .venv/bin/python bench/load.py                  # SQLite, 20 users, 60 s
    .venv/bin/python bench/load.py --postgres       # the same on a throw-away PostgreSQL
    .venv/bin/python bench/load.py --duration 20 --users 10 --think 0

The database is `manage.py seed_demo --size large` (the three demo programs and a program of
10,000 mentees and 1,000 mentors). For SQLite it is prepared once into var/bench/large.sqlite3
(about 25 s) and copied for each run, so every run starts from the same rows; it is rebuilt when
a migration is missing from it. For PostgreSQL a cluster is made in a temporary directory (as in
scripts/with-postgres.sh), seeded, and removed at the end.

gunicorn runs with gunicorn.conf.py (processes and threads from WEB_CONCURRENCY and
GUNICORN_THREADS), DEBUG off, a throw-away SECRET_KEY, WhiteNoise serving the static files.
Each virtual user is a thread with its own session, signed in once before the clock starts:

- coordinators (40 %): program home, mentoring board, directory, health, indicators, the
  application list of a call (half of them coordinate the 10,000-mentee program, half the
  open-source demo program, which has the open call);
- mentors (30 %, of the large program): my mentoring, a relationship page, logging a past
  meeting (POST with CSRF);
- applicants (30 %, anonymous): the public call page with its form, then applying (POST), which
  redirects to the "check your email" page.

Between two requests a user waits `--think` seconds on average (uniform 0.5x to 1.5x; 0: no
wait, i.e. as fast as the server answers). The figures: requests/second, median, p95, p99 per
page kind and overall, and errors (a 5xx or 4xx, a transport error, or a POST that did not
redirect). The baseline is a static file (/static/css/puente.css) requested by every user in
the same run: `x_static` is a page's median over the static file's median.
"""

import argparse
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PASSWORD = "puente-demo-2026"  # noqa: S105 - the demo data's published password
LARGE = "programa-a-gran-escala"
DEMO = "mentoria-codigo-abierto"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=quiet,
        text=True,
    )


def base_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        BEHIND_TLS_PROXY="0",
        SECURE_HSTS_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TEXT_ENCODER="tfidf",
    )
    return env


def seed(env: dict[str, str]) -> float:
    started = time.monotonic()
    for args in (("migrate", "-v0"), ("seed_demo", "--size", "large", "-v0")):
        done = manage(env, *args)
        if done.returncode:
            sys.exit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return time.monotonic() - started


def sqlite_database() -> tuple[str, str]:
    """A fresh copy of the cached large database; (DATABASE_URL, how it was prepared)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / "large.sqlite3"
    how = "cached"
    if cached.exists():
        check = manage(base_env(f"sqlite:///{cached}"), "migrate", "--check", "-v0")
        if "Traceback" in check.stderr:
            sys.exit(f"manage.py does not start:\n{check.stderr}")
        if check.returncode:  # a migration is missing from the cached copy
            cached.unlink()
    if not cached.exists():
        building = CACHE / "large-building.sqlite3"
        building.unlink(missing_ok=True)
        took = seed(base_env(f"sqlite:///{building}"))
        building.rename(cached)
        how = f"seeded in {took:.0f} s"
    run = CACHE / "load-run.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{run}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(cached, run)
    return f"sqlite:///{run}", how


class Postgres:
    """A throw-away cluster on loopback, as in scripts/with-postgres.sh."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            sys.exit("PostgreSQL is not installed (apt-get install -y postgresql).")
        self.bin = bins[-1]
        self.data = Path(tempfile.mkdtemp(prefix="puente-load-pg-"))
        self.port = free_port()
        self.as_pg: list[str] = []
        if os.getuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]

    def start(self) -> str:
        run = [*self.as_pg, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres"]
        subprocess.run(  # noqa: S603
            [*run, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True,
            capture_output=True,
        )
        # Durable settings (fsync on): the figures should be what a server would see.
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k /tmp -c max_connections=100"
        subprocess.run(  # noqa: S603
            [*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(self.data), "-l"]
            + [str(self.data / "log"), "-w", "-t", "30", "-o", options, "start"],
            check=True,
            capture_output=True,
        )
        subprocess.run(  # noqa: S603
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U"]
            + ["postgres", "puente"],
            check=True,
            capture_output=True,
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/puente"

    def stop(self) -> None:
        subprocess.run(  # noqa: S603
            [*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(self.data), "stop", "-m", "fast"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.data, ignore_errors=True)


DISCOVER = """
import json
from django.utils import timezone
from puente.mentoring.models import Meeting, Relationship
from puente.recruitment.models import Call
mentors = []
seen = set()
meetings = (
    Meeting.objects.filter(
        relationship__program__slug=%(large)r,
        relationship__status=Relationship.Status.ACTIVE,
        planned_on__lte=timezone.localdate(),
    )
    .select_related("relationship__mentor__user")
    .order_by("relationship_id", "number")
)[:400]
for m in meetings:
    email = m.relationship.mentor.user.email
    if email not in seen:
        seen.add(email)
        mentors.append([email, m.relationship_id, m.number])
call = Call.objects.filter(program__slug=%(demo)r, is_published=True).order_by("-pk").first()
print("DISCOVERED", json.dumps({
    "mentors": mentors[:40],
    "call": call.slug,
    "call_pk": call.pk,
    "roles": list(call.forms.values_list("role", flat=True)),
    "open": call.is_open(),
}))
"""


def discover(env: dict[str, str]) -> dict[str, Any]:
    import json

    done = manage(env, "shell", "-c", DISCOVER % {"demo": DEMO, "large": LARGE})
    line = next((x for x in done.stdout.splitlines() if x.startswith("DISCOVERED ")), None)
    if line is None:
        sys.exit(f"could not read the demo data:\n{done.stdout}{done.stderr}")
    found: dict[str, Any] = json.loads(line.removeprefix("DISCOVERED "))
    return found


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors[kind] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{kind}: {error}")


class User(threading.Thread):
    def __init__(self, base: str, role: str, plan: dict[str, Any], stats: Stats, args: Any):
        super().__init__(daemon=True)
        self.base, self.role, self.plan, self.stats, self.args = base, role, plan, stats, args
        self.session = requests.Session()
        self.rng = random.Random(plan["seed"])
        self.stop_at = 0.0
        self.record = False

    def request(self, kind: str, method: str, path: str, **kwargs: Any) -> str:
        started = time.perf_counter()
        error = None
        text = ""
        try:
            answer = self.session.request(
                method, self.base + path, allow_redirects=False, timeout=30, **kwargs
            )
            text = answer.text
            if answer.status_code >= 400 or (method == "POST" and answer.status_code != 302):
                error = f"{method} {path} -> {answer.status_code}"
        except requests.RequestException as exc:
            error = f"{method} {path} -> {type(exc).__name__}"
        if self.record:
            self.stats.add(kind, time.perf_counter() - started, error)
        return text

    def sign_in(self) -> None:
        if self.role == "applicant":
            return
        page = self.session.get(self.base + "/accounts/login/", timeout=30).text
        found = CSRF.search(page)
        answer = self.session.post(
            self.base + "/accounts/login/",
            data={
                "login": self.plan["email"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": found.group(1) if found else "",
            },
            headers={"Referer": self.base + "/accounts/login/"},
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code != 302:
            sys.exit(f"sign-in failed for {self.plan['email']}: {answer.status_code}")

    def think(self) -> None:
        if self.args.think > 0:
            time.sleep(self.args.think * self.rng.uniform(0.5, 1.5))

    def step(self) -> None:
        if self.rng.random() < 0.1:
            self.request("static file", "GET", "/static/css/puente.css")
            return
        getattr(self, f"step_{self.role}")()

    def step_coordinator(self) -> None:
        slug = self.plan["slug"]
        pages = [
            ("program home", f"/p/{slug}/"),
            ("mentoring board", f"/p/{slug}/mentoring/board/"),
            ("directory", f"/p/{slug}/people/"),
            ("health", f"/p/{slug}/health/"),
            ("indicators (M&E)", f"/p/{slug}/monitoring/indicators/"),
        ]
        if self.plan.get("call_pk"):
            pages.append(
                ("application list", f"/p/{slug}/calls/{self.plan['call_pk']}/applications/")
            )
        kind, path = self.rng.choice(pages)
        self.request(kind, "GET", path)

    def step_mentor(self) -> None:
        slug, pk, number = LARGE, self.plan["relationship"], self.plan["meeting"]
        choice = self.rng.random()
        if choice < 0.4:
            self.request("my mentoring", "GET", f"/p/{slug}/mentoring/")
            return
        page = self.request("relationship page", "GET", f"/p/{slug}/mentoring/{pk}/")
        if choice < 0.7:
            return
        self.think()
        found = CSRF.search(page)
        path = f"/p/{slug}/mentoring/{pk}/meetings/{number}/log/"
        self.request(
            "log a meeting (POST)",
            "POST",
            path,
            data={
                "csrfmiddlewaretoken": found.group(1) if found else "",
                f"m{number}-held": "yes",
                f"m{number}-duration_minutes": "60",
                f"m{number}-topics": f"Load test {self.rng.randrange(10**6)}",
            },
            headers={"Referer": self.base + f"/p/{slug}/mentoring/{pk}/"},
        )

    def step_applicant(self) -> None:
        call = self.plan["call"]
        page = self.request("call page (apply form)", "GET", f"/calls/{call}/")
        if self.rng.random() < 0.5 or not self.plan["open"]:
            return
        self.think()
        found = CSRF.search(page)
        self.request(
            "apply (POST)",
            "POST",
            f"/calls/{call}/",
            data={
                "csrfmiddlewaretoken": found.group(1) if found else "",
                "email": f"load.{secrets.token_hex(6)}@example.org",
                "role": self.plan["role"],
            },
            headers={"Referer": self.base + f"/calls/{call}/"},
        )
        self.request("call sent page", "GET", f"/calls/{call}/sent/")

    def run(self) -> None:
        while time.monotonic() < self.stop_at:
            self.step()
            self.think()


def plans(found: dict[str, Any], users: int) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    mentors = found["mentors"]
    if not mentors:
        sys.exit("the demo data has no active relationship with a past meeting")
    for i in range(users):
        slot = i % 10
        if slot < 4:
            large = slot % 2 == 0
            out.append(
                (
                    "coordinator",
                    {
                        "email": "coordinacion.escala@demo.puente.example"
                        if large
                        else "coordinadora.comunidad@demo.puente.example",
                        "slug": LARGE if large else DEMO,
                        "call_pk": None if large else found["call_pk"],
                    },
                )
            )
        elif slot < 7:
            email, relationship, meeting = mentors[i % len(mentors)]
            out.append(
                ("mentor", {"email": email, "relationship": relationship, "meeting": meeting})
            )
        else:
            role = "mentee" if "mentee" in found["roles"] else found["roles"][0]
            out.append(("applicant", {"call": found["call"], "open": found["open"], "role": role}))
    for i, (_role, plan) in enumerate(out):
        plan["seed"] = i
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(stats: Stats, elapsed: float, label: str) -> int:
    static = statistics.median(stats.times["static file"]) if stats.times["static file"] else 0
    every: list[float] = []
    total_errors = 0
    rows = sorted(stats.times.items(), key=lambda kv: kv[0])
    for kind, times in rows:
        every += times
        total_errors += stats.errors[kind]
        median = statistics.median(times)
        ratio = f"{median / static:.1f}" if static else "n/a"
        print(
            f"{label} page={kind.replace(' ', '_')} n={len(times)} rps={len(times) / elapsed:.1f} "
            f"median_ms={median * 1000:.0f} p95_ms={percentile(times, 0.95) * 1000:.0f} "
            f"p99_ms={percentile(times, 0.99) * 1000:.0f} errors={stats.errors[kind]} "
            f"x_static={ratio}"
        )
    pages = [t for kind, times in rows if kind != "static file" for t in times]
    print(
        f"{label} page=ALL n={len(every)} rps={len(every) / elapsed:.1f} "
        f"median_ms={statistics.median(every) * 1000:.0f} "
        f"p95_ms={percentile(every, 0.95) * 1000:.0f} p99_ms={percentile(every, 0.99) * 1000:.0f} "
        f"errors={total_errors} pages_p95_ms={percentile(pages, 0.95) * 1000:.0f}"
    )
    for sample in stats.samples:
        print(f"  error: {sample}")
    return total_errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="on a throw-away PostgreSQL")
    parser.add_argument("--duration", type=float, default=60, help="seconds of traffic")
    parser.add_argument("--users", type=int, default=20, help="concurrent virtual users")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between requests")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn processes (0: conf)")
    args = parser.parse_args()
    if args.duration > 600:
        parser.error("--duration is capped at 600 s (the machine is shared)")

    postgres = Postgres() if args.postgres else None
    server = None
    try:
        prepared = time.monotonic()
        if postgres:
            url = postgres.start()
            how = f"seeded in {seed(base_env(url)):.0f} s"
        else:
            url, how = sqlite_database()
        env = base_env(url)
        found = discover(env)
        static = manage(env, "collectstatic", "--noinput", "-v0")
        if static.returncode:
            sys.exit(f"collectstatic failed:\n{static.stderr}")
        port = free_port()
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        # Every simulated applicant applies from 127.0.0.1: without this, past the link-email
        # limit per client address the apply step would send nothing and measure less work.
        env["LINK_EMAILS_PER_CLIENT"] = "1000000000"
        if args.workers:
            env["WEB_CONCURRENCY"] = str(args.workers)
        log = (CACHE / "gunicorn.log").open("w")
        server = subprocess.Popen(  # noqa: S603
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "puente.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                requests.get(base + "/static/css/puente.css", timeout=5).raise_for_status()
                break
            except requests.RequestException:
                if server.poll() is not None:
                    sys.exit(f"gunicorn stopped; see {CACHE / 'gunicorn.log'}")
                time.sleep(0.1)
        stats = Stats()
        users = [User(base, role, plan, stats, args) for role, plan in plans(found, args.users)]
        for user in users:
            user.sign_in()
        # One unrecorded round warms every process's caches (templates, translations).
        for user in users:
            user.step()
        label = "postgresql" if postgres else "sqlite"
        print(
            f"{label}: database {how}, ready in {time.monotonic() - prepared:.0f} s; "
            f"{args.users} users for {args.duration:.0f} s, think {args.think} s; "
            f"gunicorn workers={env.get('WEB_CONCURRENCY', 'conf default')} "
            f"threads={env.get('GUNICORN_THREADS', '4')}; {os.cpu_count()} cores"
        )
        started = time.monotonic()
        for user in users:
            user.record = True
            user.stop_at = started + args.duration
            user.start()
        for user in users:
            user.join()
        elapsed = time.monotonic() - started
        errors = report(stats, elapsed, label)
        return 1 if errors else 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if postgres:
            postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
