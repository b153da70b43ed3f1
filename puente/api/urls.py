from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from puente.api import pages, views

app_name = "api"

P = "api/v1/programs/<slug:slug>/"

urlpatterns = [
    # Personal tokens, on a page of the profile.
    path("me/api-tokens/", pages.tokens, name="tokens"),
    path("me/api-tokens/new/", pages.token_create, name="token-create"),
    path("me/api-tokens/<int:pk>/revoke/", pages.token_revoke, name="token-revoke"),
    # The schema and its browsable docs.
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", pages.docs, name="docs"),
    # Version 1.
    path("api/v1/programs/", views.ProgramList.as_view(), name="program-list"),
    path(P, views.ProgramDetail.as_view(), name="program-detail"),
    path(P + "waves/", views.WaveList.as_view(), name="wave-list"),
    path(P + "tracks/", views.TrackList.as_view(), name="track-list"),
    path(P + "memberships/", views.MembershipList.as_view(), name="membership-list"),
    path(P + "calls/", views.CallList.as_view(), name="call-list"),
    path(P + "applications/", views.ApplicationList.as_view(), name="application-list"),
    path(P + "match-runs/", views.MatchRunList.as_view(), name="match-run-list"),
    path(P + "matches/", views.MatchList.as_view(), name="match-list"),
    path(P + "relationships/", views.RelationshipList.as_view(), name="relationship-list"),
    path(
        P + "relationships/<int:pk>/",
        views.RelationshipDetail.as_view(),
        name="relationship-detail",
    ),
    path(P + "meetings/", views.MeetingList.as_view(), name="meeting-list"),
    path(P + "meetings/<int:pk>/log/", views.MeetingLogView.as_view(), name="meeting-log"),
    path(P + "plans/", views.PlanList.as_view(), name="plan-list"),
    path(P + "rounds/", views.RoundList.as_view(), name="round-list"),
    path(P + "indicators/", views.IndicatorList.as_view(), name="indicator-list"),
    path(P + "exports/", views.ExportList.as_view(), name="export-list"),
    path(P + "exports/<int:pk>/", views.ExportDetail.as_view(), name="export-detail"),
    path(P + "exports/<int:pk>/file/", views.ExportFileView.as_view(), name="export-file"),
    path(P + "webhooks/", views.WebhookList.as_view(), name="webhook-list"),
    path(P + "webhooks/<int:pk>/", views.WebhookDetail.as_view(), name="webhook-detail"),
    # Anything else under /api/ answers a JSON 404 like the API's own, not the HTML page.
    re_path(r"^api/", views.not_found, name="not-found"),
]
