from django.urls import path

from puente.monitoring import views, views_comparison

app_name = "monitoring"

urlpatterns = [
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
]
