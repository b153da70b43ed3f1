from django.urls import path

from puente.recruitment import views_calls, views_public

app_name = "recruitment"

urlpatterns = [
    # Public: no account needed.
    path("calls/<slug:slug>/", views_public.call_public, name="call-public"),
    path("calls/<slug:slug>/sent/", views_public.call_sent, name="call-sent"),
    path("calls/<slug:slug>/a/<str:token>/", views_public.application, name="application"),
    # Coordinators.
    path("p/<slug:slug>/calls/", views_calls.call_list, name="call-list"),
    path("p/<slug:slug>/calls/new/", views_calls.call_create, name="call-create"),
    path("p/<slug:slug>/calls/<int:pk>/edit/", views_calls.call_edit, name="call-edit"),
    path(
        "p/<slug:slug>/calls/<int:pk>/criteria/add/",
        views_calls.criterion_add,
        name="criterion-add",
    ),
]
