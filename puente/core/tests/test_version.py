"""One version, pyproject.toml's: from the installed wheel's metadata, or from the checkout."""

import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from puente.core import version
from puente.core.version import puente_version

ROOT = Path(__file__).resolve().parents[3]
PYPROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@pytest.fixture(autouse=True)
def _uncached():
    puente_version.cache_clear()
    yield
    puente_version.cache_clear()


class _Installed:
    """A distribution named puente whose files live under `root`."""

    def __init__(self, root: Path, version: str) -> None:
        self.root = root
        self.version = version

    def locate_file(self, path: str) -> Path:
        return self.root / path


def _installed(monkeypatch, root: Path, version_: str) -> None:
    def distribution(name: str) -> _Installed:
        assert name == "puente"
        return _Installed(root, version_)

    monkeypatch.setattr(metadata, "distribution", distribution)


def _not_installed(monkeypatch) -> None:
    def distribution(name: str) -> None:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", distribution)


def test_a_checkout_reads_pyproject(monkeypatch):
    _not_installed(monkeypatch)
    assert puente_version() == PYPROJECT_VERSION


def test_an_installed_wheel_reads_its_metadata(monkeypatch):
    """The wheel's files are the ones running: its metadata is the version."""
    _installed(monkeypatch, version.PACKAGE_DIR.parent, "7.8.9")
    monkeypatch.setattr(version, "PYPROJECT", Path("/nonexistent/pyproject.toml"))
    assert puente_version() == "7.8.9"


def test_a_stale_install_beside_a_checkout_is_ignored(monkeypatch, tmp_path):
    """An older `pip install` (or an editable one) elsewhere does not describe these files."""
    (tmp_path / "puente").mkdir()
    (tmp_path / "puente" / "__init__.py").write_text("")
    _installed(monkeypatch, tmp_path, "0.0.1")
    assert puente_version() == PYPROJECT_VERSION


def test_unknown_when_neither_says(monkeypatch):
    _not_installed(monkeypatch)
    monkeypatch.setattr(version, "PYPROJECT", Path("/nonexistent/pyproject.toml"))
    assert puente_version() == "unknown"
