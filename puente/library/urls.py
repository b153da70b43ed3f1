from django.urls import path

from puente.library import views

app_name = "library"

urlpatterns = [
    path("p/<slug:slug>/toolkit/", views.resource_list, name="resource-list"),
    path("p/<slug:slug>/toolkit/new/", views.resource_create, name="resource-create"),
    path(
        "p/<slug:slug>/toolkit/confirmations/",
        views.confirmations,
        name="confirmations",
    ),
    path("p/<slug:slug>/toolkit/<int:pk>/", views.resource_detail, name="resource-detail"),
    path("p/<slug:slug>/toolkit/<int:pk>/file/", views.resource_file, name="resource-file"),
    path("p/<slug:slug>/toolkit/<int:pk>/edit/", views.resource_edit, name="resource-edit"),
    path(
        "p/<slug:slug>/toolkit/<int:pk>/new-version/",
        views.resource_new_version,
        name="resource-new-version",
    ),
    path("p/<slug:slug>/toolkit/<int:pk>/confirm/", views.manual_confirm, name="manual-confirm"),
]
