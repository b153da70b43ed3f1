from django.urls import path

from puente.feedback import views

app_name = "feedback"

urlpatterns = [
    path("p/<slug:slug>/feedback/", views.mine, name="my-feedback"),
    path("p/<slug:slug>/feedback/live/", views.live, name="live"),
    path(
        "p/<slug:slug>/feedback/<int:pk>/meetings/<int:number>/",
        views.meeting_feedback,
        name="give",
    ),
    path("p/<slug:slug>/feedback/pulses/", views.pulses, name="pulses"),
    path("p/<slug:slug>/feedback/pulses/new/", views.pulse_open, name="pulse-open"),
    path("p/<slug:slug>/feedback/pulses/<int:pulse_pk>/", views.pulse_answer, name="pulse"),
    path(
        "p/<slug:slug>/feedback/pulses/<int:pulse_pk>/close/",
        views.pulse_close,
        name="pulse-close",
    ),
    path(
        "p/<slug:slug>/feedback/pulses/<int:pulse_pk>/results/",
        views.pulse_results,
        name="pulse-results",
    ),
    path("p/<slug:slug>/feedback/lessons/", views.lessons, name="lessons"),
]
