"""The REST API (/api/v1/): every program-scoped view first asks ``get_program_access`` (404 to
outsiders, 403 to members without the right), then reads through the same selectors and access
helpers as the pages."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
)
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from puente.accounts.models import User
from puente.api import filters, services
from puente.api import serializers as s
from puente.api.access import get_program_access
from puente.api.models import Webhook
from puente.core.permissions import Action
from puente.matching.models import Match, MatchRun
from puente.mentoring import services as mentoring_services
from puente.mentoring.forms import MeetingLogForm
from puente.mentoring.models import Meeting, MeetingLog, Relationship
from puente.mentoring.scopes import MEETINGS, RELATIONSHIPS
from puente.mentoring.selectors import mentees_with_tutors
from puente.monitoring import indicators as computing
from puente.monitoring.models import Indicator, Round
from puente.plans.models import GrowthPlan, PlanAction
from puente.plans.scopes import GROWTH_PLANS
from puente.programs.access import ProgramAccess
from puente.programs.models import Membership, Program, Track, Wave
from puente.programs.scopes import MEMBERSHIPS
from puente.programs.selectors import programs_for_user
from puente.recruitment.models import Application, Call
from puente.reports import exports
from puente.reports.models import ExportFile


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([AllowAny])
def not_found(request: Request) -> Response:
    raise NotFound


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - IsAuthenticated runs first
    return user


# Query parameters are strict (filters.StrictQuery): the view's filterset_class, and the page on
# lists; anything else is a 400.
class ProgramScoped(filters.StrictQuery, generics.GenericAPIView):
    """A view inside one program; ``right`` is the Action it needs."""

    right: Action = Action.VIEW_PROGRAM

    def access(self) -> ProgramAccess:
        cached = getattr(self, "_access", None)
        if cached is None:
            cached = get_program_access(_user(self.request), self.kwargs["slug"], self.right)
            self._access = cached
        return cached


# --- Programs and their set-up ------------------------------------------------------------------


@extend_schema(summary="The programs I belong to")
class ProgramList(filters.StrictQuery, generics.ListAPIView):
    serializer_class = s.ProgramSerializer
    queryset = Program.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Program]:
        slugs = [item.program.slug for item in programs_for_user(_user(self.request))]
        return (
            Program.objects.filter(slug__in=slugs)
            .select_related("organization")
            .order_by("name", "pk")
        )


@extend_schema(summary="One program")
class ProgramDetail(ProgramScoped, generics.RetrieveAPIView):
    serializer_class = s.ProgramSerializer

    def get_object(self) -> Program:
        return self.access().program


@extend_schema(summary="The program's waves")
class WaveList(ProgramScoped, generics.ListAPIView):
    serializer_class = s.WaveSerializer
    queryset = Wave.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Any]:
        return self.access().program.waves.order_by("number", "pk")


@extend_schema(summary="The program's tracks")
class TrackList(ProgramScoped, generics.ListAPIView):
    serializer_class = s.TrackSerializer
    queryset = Track.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Any]:
        return self.access().program.tracks.order_by("name", "pk")


@extend_schema(summary="Members, as the directory shows them to me")
class MembershipList(ProgramScoped, generics.ListAPIView):
    right = Action.VIEW_DIRECTORY
    serializer_class = s.MembershipSerializer
    filterset_class = filters.MembershipFilter
    queryset = Membership.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Membership]:
        return (
            MEMBERSHIPS.visible(self.access())
            .select_related("user")
            .order_by("user__full_name", "pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["show_contact"] = self.access().can(Action.VIEW_CONTACT_DETAILS)
        return context


# --- Recruitment and matching (coordinators) ----------------------------------------------------


@extend_schema(summary="Calls for applications")
class CallList(ProgramScoped, generics.ListAPIView):
    right = Action.MANAGE_CALLS
    serializer_class = s.CallSerializer
    filterset_class = filters.CallFilter
    queryset = Call.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Call]:
        return Call.objects.filter(program=self.access().program).order_by("-opens_at", "pk")


@extend_schema(summary="Applications to the program's calls")
class ApplicationList(ProgramScoped, generics.ListAPIView):
    right = Action.MANAGE_CALLS
    serializer_class = s.ApplicationSerializer
    filterset_class = filters.ApplicationFilter
    queryset = Application.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Application]:
        return Application.objects.filter(call__program=self.access().program).order_by(
            "-submitted_at", "pk"
        )


@extend_schema(summary="Matching runs")
class MatchRunList(ProgramScoped, generics.ListAPIView):
    right = Action.MANAGE_MATCHING
    serializer_class = s.MatchRunSerializer
    filterset_class = filters.MatchRunFilter
    queryset = MatchRun.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[MatchRun]:
        return MatchRun.objects.filter(program=self.access().program).order_by("-created_at", "pk")


@extend_schema(summary="Confirmed matches")
class MatchList(ProgramScoped, generics.ListAPIView):
    right = Action.MANAGE_MATCHING
    serializer_class = s.MatchSerializer
    filterset_class = filters.MatchFilter
    queryset = Match.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Match]:
        return (
            Match.objects.filter(program=self.access().program)
            .select_related("mentor__user", "mentee__user")
            .order_by("-created_at", "pk")
        )


# --- Mentoring --------------------------------------------------------------------------------


def _relationships(access: ProgramAccess) -> QuerySet[Relationship]:
    return (
        RELATIONSHIPS.visible(access)
        .select_related("mentor__user", "agreement")
        .prefetch_related(mentees_with_tutors(), "agreement__confirmations")
        .order_by("pk")
    )


@extend_schema(summary="Relationships I may see")
class RelationshipList(ProgramScoped, generics.ListAPIView):
    """All of the program's for coordinators, those of their mentees for tutors, their own for
    mentors and mentees; none for observers (403)."""

    right = Action.VIEW_RELATIONSHIPS
    serializer_class = s.RelationshipSerializer
    filterset_class = filters.RelationshipFilter
    queryset = Relationship.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Relationship]:
        return _relationships(self.access())


@extend_schema(summary="One relationship")
class RelationshipDetail(ProgramScoped, generics.RetrieveAPIView):
    right = Action.VIEW_RELATIONSHIPS
    serializer_class = s.RelationshipSerializer

    def get_object(self) -> Relationship:
        return get_object_or_404(_relationships(self.access()), pk=self.kwargs["pk"])


def _meetings(access: ProgramAccess) -> QuerySet[Meeting]:
    return (
        MEETINGS.visible(access)
        .select_related("log", "relationship__program__meeting_venue", "relationship__mentor__user")
        .prefetch_related("log__attended", "log__focus_areas")
        .order_by("relationship_id", "number", "pk")
    )


@extend_schema(summary="Meetings of the relationships I may see, with their shared logs")
class MeetingList(ProgramScoped, generics.ListAPIView):
    """Private notes are never included."""

    right = Action.VIEW_RELATIONSHIPS
    serializer_class = s.MeetingSerializer
    filterset_class = filters.MeetingFilter
    queryset = Meeting.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Meeting]:
        return _meetings(self.access())


class MeetingLogView(ProgramScoped, generics.GenericAPIView):
    """A meeting's shared log: read by those who see the relationship, written (again) by its
    mentor and mentees only, with the page's validation."""

    right = Action.VIEW_RELATIONSHIPS
    serializer_class = s.MeetingLogSerializer

    def _meeting(self) -> Meeting:
        return get_object_or_404(
            _meetings(self.access()).select_related(
                "relationship__mentor", "relationship__program"
            ),
            pk=self.kwargs["pk"],
        )

    @extend_schema(summary="A meeting's shared log", responses={200: s.MeetingLogSerializer})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        log = getattr(self._meeting(), "log", None)
        if log is None:
            raise NotFound
        return Response(s.MeetingLogSerializer(log).data)

    @extend_schema(
        summary="Log a meeting (its mentor or a mentee)",
        request=s.MeetingLogWriteSerializer,
        responses={200: s.MeetingLogSerializer},
    )
    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self._meeting()
        access = self.access()
        relationship = meeting.relationship
        user = _user(request)
        if not MEETINGS.may_change(access, meeting):
            raise PermissionDenied
        incoming = s.MeetingLogWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        # The page's own form gives the rules (duration when held, mentees of this relationship,
        # focus areas of this program), so the API cannot accept what the page refuses.
        form = MeetingLogForm(
            data={
                "held": "yes" if data["held"] else "no",
                "duration_minutes": data.get("duration_minutes") or "",
                "attended": [str(pk) for pk in data.get("attended") or []],
                "topics": data["topics"],
                "focus_areas": [str(pk) for pk in data.get("focus_areas") or []],
                "next_steps": data.get("next_steps", ""),
                "shared_notes": data.get("shared_notes", ""),
            },
            relationship=relationship,
        )
        if not form.is_valid():
            raise ValidationError(
                {
                    field: [str(message) for message in errors]
                    for field, errors in form.errors.items()
                }
            )
        data = form.cleaned_data
        try:
            log = mentoring_services.meeting_log(meeting=meeting, by=user, data=data)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        log = MeetingLog.objects.prefetch_related("attended", "focus_areas").get(pk=log.pk)
        return Response(s.MeetingLogSerializer(log).data)


# --- Plans -------------------------------------------------------------------------------------


@extend_schema(summary="Growth plans I may see, with their goals and actions")
class PlanList(ProgramScoped, generics.ListAPIView):
    """As on the pages (``plans.scopes``): coordinators all, tutors those of the relationships
    they follow, a mentor those of their mentees, a mentee only their own."""

    right = Action.VIEW_RELATIONSHIPS
    serializer_class = s.GrowthPlanSerializer
    filterset_class = filters.PlanFilter
    queryset = GrowthPlan.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[GrowthPlan]:
        return (
            GROWTH_PLANS.visible(self.access())
            .select_related("mentee__user")
            .prefetch_related(
                "goals",
                Prefetch("actions", queryset=PlanAction.objects.order_by("due_on", "pk")),
            )
            .order_by("relationship_id", "pk")
        )


# --- Monitoring and evaluation --------------------------------------------------------------


@extend_schema(summary="M&E rounds (baseline, midline, endline)")
class RoundList(ProgramScoped, generics.ListAPIView):
    right = Action.MANAGE_MONITORING
    serializer_class = s.RoundSerializer
    filterset_class = filters.RoundFilter
    queryset = Round.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Round]:
        return Round.objects.filter(program=self.access().program).order_by("-opened_on", "pk")


def _row(row: computing.Row) -> dict[str, Any]:
    values = []
    for kind in computing.KINDS:
        value = row.at(kind)
        values.append(
            {
                "round": str(kind),
                "value": value.shown,
                "people": None if value.suppressed else value.n,
                "suppressed": value.suppressed,
                "hidden_because": value.hidden,
            }
        )
    return {"label": str(row.label), "values": values}


@extend_schema(summary="Indicators with their values (figures from under 5 people suppressed)")
class IndicatorList(ProgramScoped, generics.ListAPIView):
    """Aggregates only, for coordinators and observers (funders); the same computation and
    suppression as the M&E page."""

    right = Action.VIEW_INDICATORS
    serializer_class = s.IndicatorSerializer
    queryset = Indicator.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.filter(program=self.access().program).order_by("position", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        program = self.access().program
        labels: dict[str, dict[Any, str]] = {
            Indicator.Disaggregation.WAVE: {w.pk: str(w) for w in program.waves.all()},
            Indicator.Disaggregation.TRACK: {t.pk: str(t) for t in program.tracks.all()},
        }
        results = computing.compute(page or [], today=timezone.localdate(), labels=labels)
        for result in results:
            result.indicator.overall = _row(result.overall)  # type: ignore[attr-defined]
            result.indicator.groups = [_row(g) for g in result.groups]  # type: ignore[attr-defined]
        data = s.IndicatorSerializer([r.indicator for r in results], many=True).data
        return self.get_paginated_response(data)


# --- Exports ----------------------------------------------------------------------------------


class ExportList(ProgramScoped, generics.ListCreateAPIView):
    right = Action.EXPORT_DATA
    serializer_class = s.ExportSerializer
    queryset = ExportFile.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[ExportFile]:
        access = self.access()
        return (
            ExportFile.objects.filter(program=access.program, requested_by=access.user)
            .select_related("program")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(summary="My exports of this program")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Ask for an export (prepared in the background)",
        request=s.ExportCreateSerializer,
        responses={202: s.ExportSerializer},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = self.access()
        incoming = s.ExportCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        program = access.program
        for name in ("wave", "track"):
            if data.get(name) and not getattr(program, f"{name}s").filter(pk=data[name]).exists():
                raise ValidationError({name: [_("Choose one of this program's.")]})
        filters = exports.Filters(
            wave_id=data.get("wave"), track_id=data.get("track"), status=data.get("status") or ""
        )
        export = exports.export_request(
            access=access,
            keys=list(dict.fromkeys(data["tables"])),
            filters=filters,
            file_format=data["file_format"],
        )
        export.refresh_from_db()
        return Response(
            s.ExportSerializer(export, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
        )


@extend_schema(summary="An export's status and download address")
class ExportDetail(ProgramScoped, generics.RetrieveAPIView):
    right = Action.EXPORT_DATA
    serializer_class = s.ExportSerializer

    def get_object(self) -> ExportFile:
        return get_object_or_404(ExportList.get_queryset(self), pk=self.kwargs["pk"])


class ExportFileView(ProgramScoped, generics.GenericAPIView):
    right = Action.EXPORT_DATA
    serializer_class = serializers.Serializer

    @extend_schema(
        summary="Download a ready export",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        export = get_object_or_404(
            ExportList.get_queryset(self),
            pk=self.kwargs["pk"],
            status=ExportFile.Status.READY,
        )
        path = exports.export_path(export)
        if path is None:
            raise NotFound
        return FileResponse(
            path.open("rb"), as_attachment=True, filename=exports.download_name(export)
        )


# --- Webhooks ---------------------------------------------------------------------------------


class WebhookList(ProgramScoped, generics.ListCreateAPIView):
    right = Action.MANAGE_PROGRAM
    serializer_class = s.WebhookSerializer
    queryset = Webhook.objects.none()  # the model, for the schema

    def get_queryset(self) -> QuerySet[Webhook]:
        return Webhook.objects.filter(program=self.access().program).order_by("pk")

    @extend_schema(summary="The program's webhooks")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Register a webhook (its secret is shown once)",
        request=s.WebhookCreateSerializer,
        responses={201: s.WebhookCreatedSerializer},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = self.access()
        incoming = s.WebhookCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            webhook, secret = services.webhook_create(
                program=access.program,
                by=access.user,
                url=incoming.validated_data["url"],
                events=incoming.validated_data["events"],
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        webhook.secret = secret
        return Response(s.WebhookCreatedSerializer(webhook).data, status=status.HTTP_201_CREATED)


class WebhookDetail(ProgramScoped, generics.RetrieveDestroyAPIView):
    right = Action.MANAGE_PROGRAM
    serializer_class = s.WebhookSerializer

    def get_object(self) -> Webhook:
        return get_object_or_404(
            Webhook.objects.filter(program=self.access().program), pk=self.kwargs["pk"]
        )

    @extend_schema(summary="One webhook")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Remove a webhook")
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.webhook_delete(webhook=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
