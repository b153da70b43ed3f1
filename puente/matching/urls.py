from django.urls import path

from puente.matching import views, views_choice, views_tutors

app_name = "matching"

urlpatterns = [
    path("p/<slug:slug>/matching/", views.overview, name="overview"),
    path("p/<slug:slug>/matching/settings/", views.settings_save, name="settings"),
    path("p/<slug:slug>/matching/runs/", views.run_create, name="run-create"),
    path("p/<slug:slug>/matching/runs/<int:pk>/", views.run_detail, name="run"),
    path("p/<slug:slug>/matching/runs/<int:pk>/pairs/", views.pair_rule, name="pair-rule"),
    path("p/<slug:slug>/matching/runs/<int:pk>/again/", views.run_again, name="run-again"),
    path("p/<slug:slug>/matching/runs/<int:pk>/confirm/", views.run_confirm, name="run-confirm"),
    path("p/<slug:slug>/matching/matches/", views.matches, name="matches"),
    path("p/<slug:slug>/matching/tutors/", views_tutors.tutors, name="tutors"),
    path("p/<slug:slug>/matching/tutors/assign/", views_tutors.tutors_assign, name="tutors-assign"),
    path("p/<slug:slug>/matching/choose/", views_choice.choose, name="choose"),
    path("p/<slug:slug>/matching/requests/", views_choice.requests, name="requests"),
    path("p/<slug:slug>/matching/requests/respond/", views_choice.respond, name="respond"),
    path(
        "p/<slug:slug>/matching/suggestions/publish/",
        views_choice.suggestions_publish,
        name="suggestions-publish",
    ),
]
