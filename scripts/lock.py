"""Print the lock: `Name==version` for everything `puente[dev]` needs in this environment, and
the build backend pyproject.toml pins, sorted as pip sorts. Run by scripts/lock.sh in a
throw-away virtualenv where `.[dev]` was just installed."""

import sys
import tomllib
from pathlib import Path

from dependencies import Missing, closure
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    try:
        needed = closure(["puente[dev]"])
    except Missing as error:
        sys.exit(f"lock: {error}")
    pins = {
        name: f"{distribution.metadata['Name']}=={distribution.version}"
        for name, distribution in needed.items()
        if name != "puente"
    }
    for requirement in map(Requirement, pyproject["build-system"]["requires"]):
        (specifier,) = requirement.specifier
        if specifier.operator != "==":
            sys.exit(f"lock: pin the build backend exactly in pyproject.toml ({requirement})")
        pins[canonicalize_name(requirement.name)] = f"{requirement.name}=={specifier.version}"
    print("\n".join(pins[name] for name in sorted(pins)))


if __name__ == "__main__":
    main()
