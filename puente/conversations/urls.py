from django.urls import path

from puente.conversations import views

app_name = "conversations"

urlpatterns = [
    path("p/<slug:slug>/mentoring/<int:pk>/conversation/", views.thread, name="thread"),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/conversation/messages/",
        views.message_create,
        name="message-create",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/conversation/tutors/",
        views.tutors,
        name="tutors",
    ),
    path(
        "p/<slug:slug>/conversation/messages/<int:pk>/report/",
        views.message_report,
        name="message-report",
    ),
    path(
        "p/<slug:slug>/conversation/messages/<int:pk>/attachment/",
        views.attachment,
        name="attachment",
    ),
    path(
        "p/<slug:slug>/conversation/reports/<int:pk>/",
        views.report_resolve,
        name="report-resolve",
    ),
]
