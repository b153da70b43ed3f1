"""The API's query parameters, strict: django-filter FilterSets for the filters, and one check
that refuses what a view does not take.

- A parameter the endpoint does not know, or one given twice, is a 400 naming it (``?page_size=
  5&page_size=500`` must not be read as either).
- Each filter validates its value: ids are whole numbers from 0 to 10^17, statuses and roles
  one of their choices; anything else is a 400 naming the filter (django-filter's form errors).
- The OpenAPI schema describes every filter with those limits (drf-spectacular reads the
  FilterSets; each filter carries its schema).
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override
from rest_framework.exceptions import ValidationError
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request

from puente.core.permissions import Role
from puente.matching.models import Match, MatchRun
from puente.mentoring.models import Meeting, Relationship
from puente.monitoring.models import Round
from puente.plans.models import GrowthPlan
from puente.programs.models import Membership
from puente.recruitment.models import APPLICANT_ROLES, Application, Call

MAX_ID = 10**17


class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField


def id_filter(field_name: str, what: str) -> IdFilter:
    """An id filter (``?wave=3``): a whole number from 0 to ``MAX_ID``; an unknown id finds
    nothing."""
    found = IdFilter(field_name=field_name, min_value=0, max_value=MAX_ID)
    set_override(
        found,
        "field",
        {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_ID,
            "description": f"Only those of this {what} (its id).",
        },
    )
    return found


def choice_filter(
    choices: type[TextChoices] | list[tuple[str, Any]], what: str
) -> django_filters.ChoiceFilter:
    """A filter on one of the model's choices (``?status=active``)."""
    pairs = choices.choices if isinstance(choices, type) else list(choices)
    values = [str(value) for value, _label in pairs]
    found = django_filters.ChoiceFilter(choices=pairs)
    set_override(
        found,
        "field",
        {
            "type": "string",
            "enum": values,
            "maxLength": max(len(value) for value in values),
            "description": f"Only those with this {what}.",
        },
    )
    return found


class MembershipFilter(django_filters.FilterSet):
    wave = id_filter("wave_id", "wave")
    track = id_filter("track_id", "track")
    role = choice_filter(Role, "role")

    class Meta:
        model = Membership
        fields: list[str] = []


class CallFilter(django_filters.FilterSet):
    wave = id_filter("wave_id", "wave")

    class Meta:
        model = Call
        fields: list[str] = []


class ApplicationFilter(django_filters.FilterSet):
    call = id_filter("call_id", "call")
    wave = id_filter("call__wave_id", "wave")
    track = id_filter("track_id", "track")
    status = choice_filter(Application.Status, "status")
    role = choice_filter(APPLICANT_ROLES, "role")

    class Meta:
        model = Application
        fields: list[str] = []


class MatchRunFilter(django_filters.FilterSet):
    wave = id_filter("wave_id", "wave")
    track = id_filter("track_id", "track")
    status = choice_filter(MatchRun.Status, "status")

    class Meta:
        model = MatchRun
        fields: list[str] = []


class MatchFilter(django_filters.FilterSet):
    wave = id_filter("wave_id", "wave")
    run = id_filter("run_id", "matching run")
    status = choice_filter(Match.Status, "status")

    class Meta:
        model = Match
        fields: list[str] = []


class RelationshipFilter(django_filters.FilterSet):
    wave = id_filter("wave_id", "wave")
    track = id_filter("track_id", "track")
    status = choice_filter(Relationship.Status, "status")

    class Meta:
        model = Relationship
        fields: list[str] = []


class MeetingFilter(django_filters.FilterSet):
    relationship = id_filter("relationship_id", "relationship")
    wave = id_filter("relationship__wave_id", "wave")
    track = id_filter("relationship__track_id", "track")
    status = choice_filter(Meeting.Status, "status")

    class Meta:
        model = Meeting
        fields: list[str] = []


class PlanFilter(django_filters.FilterSet):
    relationship = id_filter("relationship_id", "relationship")
    wave = id_filter("relationship__wave_id", "wave")
    track = id_filter("relationship__track_id", "track")

    class Meta:
        model = GrowthPlan
        fields: list[str] = []


class RoundFilter(django_filters.FilterSet):
    wave = id_filter("wave_id", "wave")
    status = choice_filter(Round.Status, "status")

    class Meta:
        model = Round
        fields: list[str] = []


def accepted_parameters(view: Any, request: Request) -> set[str]:
    """The query parameters ``view`` takes for this request: its filters, and on a list read
    the page and page size."""
    names: set[str] = set()
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None:
        names.update(filterset.base_filters)
    paginator = getattr(view, "paginator", None)
    if request.method in ("GET", "HEAD") and isinstance(view, ListModelMixin) and paginator:
        names.update({paginator.page_query_param, paginator.page_size_query_param})
    return names


def check_query(view: Any, request: Request) -> None:
    """Refuse (400, each parameter named) what the view does not take, and anything given twice."""
    accepted = accepted_parameters(view, request)
    errors: dict[str, list[str]] = {}
    for name in request.query_params:
        if name not in accepted:
            errors[name[:100]] = [str(_("This parameter is not known here."))]
        elif len(request.query_params.getlist(name)) > 1:
            errors[name] = [str(_("Give this parameter once."))]
    if errors:
        raise ValidationError(errors)


# For API views: once the caller is authenticated, refuse the query parameters the view does
# not take (``check_query``); django-filter then validates the filters' values. (A comment, not
# a docstring: drf-spectacular would publish a docstring as the operation's description.)
class StrictQuery:
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        check_query(self, request)
