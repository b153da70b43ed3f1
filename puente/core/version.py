"""Puente's version: written once, in pyproject.toml (`[project] version`).

An installed wheel carries it in its metadata; a checkout reads pyproject.toml. The metadata is
trusted only when it describes the very files running: a checkout whose virtualenv also holds an
older `pip install` of Puente (or an editable install) reads its own pyproject.toml.
"""

import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PYPROJECT = PACKAGE_DIR.parent / "pyproject.toml"


@cache
def puente_version() -> str:
    try:
        installed = metadata.distribution("puente")
    except metadata.PackageNotFoundError:
        installed = None
    if installed is not None:
        init = Path(str(installed.locate_file("puente/__init__.py")))
        if init.is_file() and init.resolve() == PACKAGE_DIR / "__init__.py":
            return installed.version
    try:
        with PYPROJECT.open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"
