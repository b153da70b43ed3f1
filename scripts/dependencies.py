"""The installed distributions a set of requirements needs, transitively, with their extras.

Shared by scripts/lock.py (the lock is what `puente[dev]` needs) and scripts/check_wheel.py
(the fresh virtualenv sees what the wheel's base install needs), both run with the interpreter
whose environment they read.
"""

import importlib.metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

Distributions = dict[str, importlib.metadata.Distribution]


class Missing(Exception):
    """A requirement that this environment does not satisfy."""


def closure(requirements: list[str]) -> Distributions:
    """Canonical name -> distribution, for everything the requirements pull in here."""
    found: Distributions = {}
    extras_seen: set[tuple[str, str]] = set()
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        requirement, via_extra = todo.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": via_extra}):
            continue
        name = canonicalize_name(requirement.name)
        if name not in found:
            try:
                distribution = importlib.metadata.distribution(name)
            except importlib.metadata.PackageNotFoundError:
                raise Missing(f"{requirement} is not installed") from None
            if not requirement.specifier.contains(distribution.version, prereleases=True):
                raise Missing(f"{requirement} is wanted, {distribution.version} is installed")
            found[name] = distribution
            todo += [(Requirement(r), "") for r in distribution.requires or []]
        for extra in requirement.extras:
            if (name, extra) not in extras_seen:
                extras_seen.add((name, extra))
                todo += [(Requirement(r), extra) for r in found[name].requires or []]
    return found
