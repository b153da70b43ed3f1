"""Which objects of a program a person may see and change: one scope per kind of object.

The action table (``core/permissions.py``) says what each role may *do*; a scope says which
*objects* that reaches. The app that owns a kind of object declares its scope once, in its
``scopes.py`` (``mentoring.scopes.RELATIONSHIPS``, ``feedback.scopes.MEETING_FEEDBACK``…), and
every selector, view, API endpoint, digest and export asks that scope instead of writing the rule
again. docs/architecture.md ("Who may see which objects") tells how a new kind joins.

Most rules are *reach* rules: a person sees the objects of the program that lead to them along a
path (``mentor__user``: the mentor of a relationship), for the actions their roles allow, or
every object of the program when they hold the action that grants all of them. ``PathScope``
declares such a rule as data, so it is both a query for one person (``visible``) and, for a
digest of many people at once, a fixed number of queries (``viewers``). Rules that are not about
paths (a toolkit resource's audience, a community space's wave) subclass ``Scope`` and write
``visible`` themselves.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from puente.core.permissions import Action


class Access(Protocol):
    """A person's access to one program (``programs.access.ProgramAccess``)."""

    @property
    def program(self) -> Any: ...

    @property
    def user(self) -> Any: ...

    def can(self, action: Action) -> bool: ...


M = TypeVar("M", bound=Model)
Paths = tuple[str, ...]

REGISTRY: dict[str, "Scope[Any]"] = {}


class Scope(Generic[M]):
    """The objects of one kind that a person's access to a program may see and change."""

    kind: str
    model: type[M]

    def visible(self, access: Access) -> QuerySet[M]:
        raise NotImplementedError  # pragma: no cover - every scope defines it

    def changeable(self, access: Access) -> QuerySet[M]:
        """What the person may change (by default, nothing beyond what actions allow)."""
        return self.model._default_manager.none()

    def get(
        self, access: Access, pk: Any, *, write: bool = False, related: Sequence[str] = ()
    ) -> M:
        """The object if this person may see it (404 otherwise, as if it did not exist); with
        ``write``, 403 when they see it but may not change it."""
        found = self.visible(access).filter(pk=pk)
        if related:
            found = found.select_related(*related)
        obj = found.first()
        if obj is None:
            raise Http404
        if write and not self.may_change(access, obj):
            raise PermissionDenied
        return obj

    def may_change(self, access: Access, obj: M) -> bool:
        return self.changeable(access).filter(pk=obj.pk).exists()

    def register(self) -> None:
        if REGISTRY.get(self.kind, self) is not self:
            raise ValueError(f"Two scopes for {self.kind}")
        REGISTRY[self.kind] = self


def via(prefix: str, *paths: str) -> Paths:
    """``paths`` seen from an object that reaches them through ``prefix`` (a meeting reaches its
    relationship's mentor along ``relationship__mentor__user``)."""
    return tuple(f"{prefix}__{path}" for path in paths)


@dataclass(frozen=True, eq=False)
class PathScope(Scope[M]):
    """A reach rule declared as data.

    - ``program``: the path from an object to its program;
    - ``all_with``: the action whose holders see every object of the program (None: nobody);
    - ``sees``: for each action, the paths from an object to the people it is shown to when
      their roles allow that action;
    - ``changes`` / ``change_all_with``: the same for changing.
    """

    kind: str
    model: type[M]
    program: str = "program"
    all_with: Action | None = None
    sees: Mapping[Action, Paths] = field(default_factory=dict)
    changes: Mapping[Action, Paths] = field(default_factory=dict)
    change_all_with: Action | None = None

    def __post_init__(self) -> None:
        self.register()

    def of_program(self, access: Access) -> QuerySet[M]:
        return self.model._default_manager.filter(**{self.program: access.program})

    def _reached(self, access: Access, rules: Mapping[Action, Paths]) -> QuerySet[M]:
        condition = Q()
        for action, paths in rules.items():
            if access.can(action):
                for path in paths:
                    condition |= Q(**{path: access.user})
        if not condition:
            return self.model._default_manager.none()
        # Paths through many-to-many relations repeat rows: pick the ids, then the objects.
        ids = self.of_program(access).filter(condition).values("pk")
        return self.model._default_manager.filter(pk__in=ids)

    def reached(self, access: Access) -> QuerySet[M]:
        """The objects that lead to this person along the paths alone, even when an action lets
        them see all (a coordinator's own relationships, for "My mentoring")."""
        return self._reached(access, self.sees)

    def visible(self, access: Access) -> QuerySet[M]:
        if self.all_with is not None and access.can(self.all_with):
            return self.of_program(access)
        return self.reached(access)

    def changeable(self, access: Access) -> QuerySet[M]:
        if self.change_all_with is not None and access.can(self.change_all_with):
            return self.of_program(access)
        return self._reached(access, self.changes)

    def reaches(self, access: Access, obj: M, *, change: bool = False) -> bool:
        """Whether ``obj`` leads to this person along one of the paths for ``change`` or for
        seeing (without "all"): one query."""
        found = self._reached(access, self.changes if change else self.sees)
        return found.filter(pk=obj.pk).exists()

    def through(self, prefix: str, model: type[Model], kind: str, **overrides: Any) -> "PathScope":
        """The scope of a kind seen through this one (a meeting is seen by whoever sees its
        relationship): the same actions, every path behind ``prefix``."""
        values: dict[str, Any] = {
            "kind": kind,
            "model": model,
            "program": f"{prefix}__{self.program}",
            "all_with": self.all_with,
            "sees": {a: via(prefix, *p) for a, p in self.sees.items()},
            "changes": {a: via(prefix, *p) for a, p in self.changes.items()},
            "change_all_with": self.change_all_with,
        }
        values.update(overrides)
        return PathScope(**values)

    def viewers(self, objects: QuerySet[M], accesses: Iterable[Access]) -> dict[Any, set[Any]]:
        """For many people at once (a weekly digest), each person's visible objects among
        ``objects`` (of one program), keyed by user id: one query for the ids and one per path,
        whatever the number of people and objects."""
        accesses = list(accesses)
        ids = set(objects.values_list("pk", flat=True))
        reach: dict[str, dict[Any, set[Any]]] = {}
        users = {access.user.pk for access in accesses}
        for paths in self.sees.values():
            for path in paths:
                if path in reach:
                    continue
                reach[path] = {}
                rows = objects.filter(**{f"{path}__in": users}).values_list("pk", path)
                for pk, user_id in rows:
                    reach[path].setdefault(user_id, set()).add(pk)
        seen: dict[Any, set[Any]] = {}
        for access in accesses:
            if self.all_with is not None and access.can(self.all_with):
                seen[access.user.pk] = set(ids)
                continue
            mine: set[Any] = set()
            for action, paths in self.sees.items():
                if access.can(action):
                    for path in paths:
                        mine |= reach[path].get(access.user.pk, set())
            seen[access.user.pk] = mine & ids
        return seen
