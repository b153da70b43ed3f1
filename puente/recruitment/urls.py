from django.urls import path, re_path

from puente.recruitment import (
    views_calls,
    views_lottery,
    views_public,
    views_selection,
    views_transfer,
)

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
    # Selection: coordinators.
    path(
        "p/<slug:slug>/calls/<int:pk>/applications/",
        views_selection.application_list,
        name="application-list",
    ),
    path(
        "p/<slug:slug>/calls/<int:pk>/applications/bulk/",
        views_selection.application_bulk,
        name="application-bulk",
    ),
    path(
        "p/<slug:slug>/calls/<int:pk>/applications/decide/",
        views_selection.application_decide,
        name="application-decide",
    ),
    path(
        "p/<slug:slug>/calls/<int:pk>/lottery/",
        views_lottery.lottery,
        name="lottery",
    ),
    path(
        "p/<slug:slug>/applications/<int:pk>/",
        views_selection.application_detail,
        name="application-detail",
    ),
    path(
        "p/<slug:slug>/applications/<int:pk>/files/<int:answer_id>/",
        views_selection.answer_file,
        name="answer-file",
    ),
    # Selection: reviewers (and coordinators who review).
    path("p/<slug:slug>/reviews/", views_selection.review_list, name="review-list"),
    path("p/<slug:slug>/reviews/<int:pk>/", views_selection.review_form, name="review-form"),
    # Import and export: coordinators.
    path(
        "p/<slug:slug>/calls/<int:pk>/import/",
        views_transfer.application_import,
        name="application-import",
    ),
    path(
        "p/<slug:slug>/calls/<int:pk>/import/confirm/",
        views_transfer.application_import_confirm,
        name="application-import-confirm",
    ),
    re_path(
        r"^p/(?P<slug>[-a-zA-Z0-9_]+)/calls/(?P<pk>[0-9]+)/export\.(?P<fmt>csv|xlsx)$",
        views_transfer.application_export,
        name="application-export",
    ),
]
