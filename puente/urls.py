from django.contrib import admin
from django.urls import include, path

from puente.core import health
from puente.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    # Liveness and readiness probes, answered first by health.ProbeMiddleware (no slash: the
    # orchestrators' convention).
    path(health.HEALTHZ.lstrip("/"), health.healthz, name="healthz"),
    path(health.READYZ.lstrip("/"), health.readyz, name="readyz"),
    path("robots.txt", core_views.robots_txt, name="robots"),
    path("", include("puente.accounts.urls")),
    path("", include("puente.programs.urls")),
    path("", include("puente.instruments.urls")),
    path("", include("puente.library.urls")),
    path("", include("puente.recruitment.urls")),
    path("", include("puente.matching.urls")),
    path("", include("puente.mentoring.urls")),
    path("", include("puente.events.urls")),
    path("", include("puente.plans.urls")),
    path("", include("puente.feedback.urls")),
    path("", include("puente.monitoring.urls")),
    path("", include("puente.notifications.urls")),
    path("", include("puente.community.urls")),
    path("", include("puente.conversations.urls")),
    path("", include("puente.waves.urls")),
    path("", include("puente.reports.urls")),
    path("", include("puente.privacy.urls")),
    path("", include("puente.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("operators/", admin.site.urls),
]
