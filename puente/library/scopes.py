"""Who reads which toolkit resources (see ``puente.core.scopes``): coordinators every resource
and every version; the others the resources for their audiences (``models.ROLE_AUDIENCES``), in
the version for their wave."""

from django.db.models import QuerySet

from puente.core.permissions import Action
from puente.core.scopes import Access, Scope
from puente.library import selectors
from puente.library.models import Resource
from puente.programs.access import ProgramAccess


class Resources(Scope[Resource]):
    kind = "library.resource"
    model = Resource

    def visible(self, access: Access) -> QuerySet[Resource]:
        if access.can(Action.MANAGE_LIBRARY):
            return Resource.objects.filter(program=access.program)
        assert isinstance(access, ProgramAccess)  # noqa: S101 - the only kind of access
        return selectors.visible_resources(access, wave_number=selectors.viewer_wave_number(access))

    def changeable(self, access: Access) -> QuerySet[Resource]:
        if access.can(Action.MANAGE_LIBRARY):
            return Resource.objects.filter(program=access.program)
        return Resource.objects.none()


RESOURCES = Resources()
RESOURCES.register()
