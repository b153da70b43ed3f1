from django.urls import path

from puente.monitoring import offline, quality_views, views, views_comparison, views_framework

app_name = "monitoring"

urlpatterns = [
    # At the site's root, so that its scope covers the survey pages (monitoring/offline.py).
    path("sw.js", offline.service_worker, name="service-worker"),
    path("p/<slug:slug>/health/", views.health, name="health"),
    path("p/<slug:slug>/monitoring/rounds/", views.rounds, name="rounds"),
    path("p/<slug:slug>/monitoring/rounds/open/", views.round_open, name="round-open"),
    path("p/<slug:slug>/monitoring/rounds/<int:pk>/", views.round_detail, name="round"),
    path("p/<slug:slug>/monitoring/rounds/<int:pk>/close/", views.round_close, name="round-close"),
    path(
        "p/<slug:slug>/monitoring/rounds/<int:pk>/answer/",
        views.round_answer,
        name="round-answer",
    ),
    path(
        "p/<slug:slug>/monitoring/rounds/<int:pk>/comparison/",
        views_comparison.round_comparison_invite,
        name="round-comparison",
    ),
    # The comparison group's private link: no account needed.
    path("surveys/<str:token>/", views_comparison.comparison_answer, name="comparison-answer"),
    path(
        "p/<slug:slug>/monitoring/rounds/<int:pk>/quality/",
        quality_views.round_quality,
        name="round-quality",
    ),
    path(
        "p/<slug:slug>/monitoring/rounds/<int:pk>/quality/check/",
        quality_views.quality_check,
        name="quality-check",
    ),
    path(
        "p/<slug:slug>/monitoring/rounds/<int:pk>/quality/flags/<int:flag>/",
        quality_views.flag_decide,
        name="quality-flag",
    ),
    path(
        "p/<slug:slug>/monitoring/rounds/<int:pk>/quality/rules/",
        quality_views.rule_add,
        name="quality-rule-add",
    ),
    path(
        "p/<slug:slug>/monitoring/rounds/<int:pk>/quality/rules/<int:rule>/delete/",
        quality_views.rule_delete,
        name="quality-rule-delete",
    ),
    path("p/<slug:slug>/monitoring/surveys/", views.my_surveys, name="my-surveys"),
    path("p/<slug:slug>/monitoring/indicators/", views.indicators, name="indicators"),
    path(
        "p/<slug:slug>/monitoring/indicators/new/",
        views.indicator_create,
        name="indicator-create",
    ),
    path(
        "p/<slug:slug>/monitoring/indicators/pack/",
        views.indicator_pack,
        name="indicator-pack",
    ),
    path(
        "p/<slug:slug>/monitoring/indicators/<int:pk>/edit/",
        views.indicator_edit,
        name="indicator-edit",
    ),
    path(
        "p/<slug:slug>/monitoring/indicators/<int:pk>/delete/",
        views.indicator_delete,
        name="indicator-delete",
    ),
    path("p/<slug:slug>/monitoring/framework/", views_framework.framework_page, name="framework"),
    path(
        "p/<slug:slug>/monitoring/framework/template/",
        views_framework.framework_template,
        name="framework-template",
    ),
    path(
        "p/<slug:slug>/monitoring/framework/results/new/",
        views_framework.result_create,
        name="result-create",
    ),
    path(
        "p/<slug:slug>/monitoring/framework/results/<int:pk>/edit/",
        views_framework.result_edit,
        name="result-edit",
    ),
    path(
        "p/<slug:slug>/monitoring/framework/results/<int:pk>/delete/",
        views_framework.result_delete,
        name="result-delete",
    ),
    path(
        "p/<slug:slug>/monitoring/indicators/<int:pk>/targets/",
        views_framework.indicator_targets,
        name="indicator-targets",
    ),
    path("p/<slug:slug>/monitoring/iati.xml", views_framework.iati_file, name="iati"),
]
