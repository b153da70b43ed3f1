"""What the API shows and accepts. Read serializers name their fields one by one (nothing shown
by accident: private notes have no serializer at all); write serializers refuse unknown fields."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from puente.api.models import ApiToken, Webhook, WebhookEvent
from puente.matching.models import Match, MatchRun
from puente.mentoring import venues
from puente.mentoring.models import Meeting, MeetingLog, Relationship
from puente.monitoring.disclosure import Hidden
from puente.monitoring.models import Indicator, Round
from puente.plans.models import Goal, GrowthPlan, PlanAction
from puente.programs.models import Membership, Program, Track, Wave
from puente.recruitment.models import Application, Call
from puente.reports.models import ExportFile


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know (a typo is a 400, not silently ignored)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("This field is not accepted here.")] for name in unknown}
                )
        return super().to_internal_value(data)


class PersonSerializer(serializers.Serializer):
    """A member as others see them: the membership's id and the person's name."""

    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)


class ProgramSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Program
        fields = [
            "slug",
            "name",
            "organization",
            "purpose",
            "format",
            "delivery",
            "status",
            "starts_on",
            "ends_on",
            "planned_meetings",
        ]


class WaveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Wave
        fields = ["id", "number", "name", "starts_on", "ends_on"]


class TrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Track
        fields = ["id", "name", "description"]


class MembershipSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    email = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "full_name", "email", "role", "wave", "track", "is_alumnus"]

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_email(self, membership: Membership) -> str | None:
        """Contact details only for those who may see them (coordinators and tutors)."""
        return membership.user.email if self.context.get("show_contact") else None


class CallSerializer(serializers.ModelSerializer):
    class Meta:
        model = Call
        fields = ["id", "title", "slug", "wave", "opens_at", "closes_at", "is_published"]


class ApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "role",
            "full_name",
            "email",
            "status",
            "track",
            "submitted_at",
            "decided_at",
            "auto_points",
        ]


class MatchRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchRun
        fields = [
            "id",
            "wave",
            "track",
            "status",
            "matched",
            "total_score",
            "created_at",
            "confirmed_at",
        ]


class MatchSerializer(serializers.ModelSerializer):
    mentor = PersonSerializer(read_only=True)
    mentee = PersonSerializer(read_only=True)

    class Meta:
        model = Match
        fields = ["id", "wave", "run", "mentor", "mentee", "score", "status", "created_at"]


class AgreementSignatorySerializer(serializers.Serializer):
    """The mentor or one mentee, and when they confirmed the agreement (null: not yet)."""

    person = PersonSerializer(read_only=True)
    role = serializers.ChoiceField(choices=["mentor", "mentee"], read_only=True)
    confirmed_at = serializers.DateTimeField(allow_null=True, read_only=True)


class AgreementStatusSerializer(serializers.Serializer):
    """Whether the mentor and every mentee confirmed the agreement, each for themselves (its
    text is read on the relationship's page)."""

    confirmed = serializers.BooleanField(read_only=True)
    people = AgreementSignatorySerializer(many=True, read_only=True)


class RelationshipSerializer(serializers.ModelSerializer):
    mentor = PersonSerializer(read_only=True)
    mentees = PersonSerializer(many=True, read_only=True)
    tutors = PersonSerializer(many=True, read_only=True)
    agreement = serializers.SerializerMethodField()

    class Meta:
        model = Relationship
        fields = [
            "id",
            "wave",
            "track",
            "kind",
            "status",
            "mentor",
            "mentees",
            "tutors",
            "starts_on",
            "ends_on",
            "agreement",
        ]

    @extend_schema_field(AgreementStatusSerializer(allow_null=True))
    def get_agreement(self, relationship: Relationship) -> dict[str, Any] | None:
        agreement = getattr(relationship, "agreement", None)
        if agreement is None:
            return None
        people = [
            {
                "person": person,
                "role": "mentor" if person.pk == relationship.mentor_id else "mentee",
                "confirmed_at": confirmation.confirmed_at if confirmation else None,
            }
            for person, confirmation in agreement.signatories()
        ]
        return AgreementStatusSerializer(
            {"confirmed": all(p["confirmed_at"] for p in people), "people": people}
        ).data


class MeetingLogSerializer(serializers.ModelSerializer):
    """The shared log of a meeting. Private notes are a separate model, never serialized."""

    class Meta:
        model = MeetingLog
        fields = [
            "held",
            "duration_minutes",
            "attended",
            "topics",
            "focus_areas",
            "next_steps",
            "shared_notes",
            "written_at",
        ]


class WhereSerializer(serializers.Serializer):
    """Where a meeting happens: online at ``url``, or in person at ``place`` (either may be empty
    while it is not set)."""

    kind = serializers.ChoiceField(choices=[venues.VIDEO, venues.IN_PERSON])
    url = serializers.CharField()
    place = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer):
    log = serializers.SerializerMethodField()
    where = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "relationship",
            "number",
            "planned_on",
            "starts_at",
            "ends_at",
            "time_zone",
            "mode",
            "status",
            "theme",
            "where",
            "log",
        ]

    @extend_schema_field(WhereSerializer())
    def get_where(self, meeting: Meeting) -> dict[str, str]:
        """Where the meeting happens, by the one rule the page and the invitations follow."""
        found = venues.where(meeting)
        return {"kind": found.kind, "url": found.url, "place": found.place}

    @extend_schema_field(MeetingLogSerializer(allow_null=True))
    def get_log(self, meeting: Meeting) -> dict[str, Any] | None:
        log = getattr(meeting, "log", None)
        return MeetingLogSerializer(log).data if log is not None else None


class MeetingLogWriteSerializer(StrictSerializer):
    """Logging a meeting: the same fields and rules as the page's form."""

    held = serializers.BooleanField()
    duration_minutes = serializers.IntegerField(
        min_value=5, max_value=600, required=False, allow_null=True
    )
    attended = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=100,
    )
    topics = serializers.CharField(max_length=5000)
    focus_areas = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=100,
    )
    next_steps = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    shared_notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = [
            "id",
            "title",
            "indicator",
            "start_value",
            "target_value",
            "current_value",
            "starts_on",
            "target_date",
        ]


class PlanActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = ["id", "goal", "title", "owner", "due_on", "status"]


class GrowthPlanSerializer(serializers.ModelSerializer):
    mentee = PersonSerializer(read_only=True)
    goals = GoalSerializer(many=True, read_only=True)
    actions = PlanActionSerializer(many=True, read_only=True)

    class Meta:
        model = GrowthPlan
        fields = ["id", "relationship", "mentee", "goals", "actions"]


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Round
        fields = [
            "id",
            "wave",
            "kind",
            "status",
            "roles",
            "opened_on",
            "closes_on",
            "closed_at",
        ]


class IndicatorValueSerializer(serializers.Serializer):
    """One figure: ``value`` is null when there is no data or it is suppressed: fewer than 5
    people contributed to it (``hidden_because``: ``few``; for a share, fewer than 5 answered
    yes or answered at all), or it would let a suppressed figure be worked out from the "All"
    row or the other groups (``complement``). ``people``: how many people it stands for."""

    round = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    people = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()
    hidden_because = serializers.ChoiceField(
        choices=[(reason.value, reason.value) for reason in Hidden], allow_null=True
    )


class IndicatorRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    values = IndicatorValueSerializer(many=True)


class IndicatorSerializer(serializers.ModelSerializer):
    overall = IndicatorRowSerializer(read_only=True)
    groups = IndicatorRowSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "name",
            "definition",
            "unit",
            "level",
            "target",
            "disaggregation",
            "computation",
            "overall",
            "groups",
        ]


class ExportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportFile
        fields = [
            "id",
            "tables",
            "file_format",
            "status",
            "rows",
            "created_at",
            "finished_at",
            "download_url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, export: ExportFile) -> str | None:
        request = self.context.get("request")
        if export.status != ExportFile.Status.READY or request is None:
            return None
        from django.urls import reverse

        return request.build_absolute_uri(
            reverse("api:export-file", args=[export.program.slug, export.pk])
        )


class ExportCreateSerializer(StrictSerializer):
    tables = serializers.ListField(
        child=serializers.ChoiceField(choices=[]), min_length=1, max_length=10
    )
    file_format = serializers.ChoiceField(choices=["xlsx", "csv"], default="xlsx")
    wave = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    track = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    status = serializers.ChoiceField(
        choices=Relationship.Status.choices, required=False, allow_blank=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from puente.reports.exports import TABLES

        self.fields["tables"].child.choices = sorted(TABLES)


class WebhookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Webhook
        fields = ["id", "url", "events", "is_active", "created_at"]


class WebhookCreateSerializer(StrictSerializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices),
        min_length=1,
        max_length=len(WebhookEvent.values),
    )


class WebhookCreatedSerializer(WebhookSerializer):
    """The answer to creating a webhook: the only time its signing secret is shown."""

    secret = serializers.CharField(read_only=True)

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
