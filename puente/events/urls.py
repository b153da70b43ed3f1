from django.urls import path

from puente.events import views

app_name = "events"

# The addresses are those the events had in mentoring (/p/<slug>/events/...): links in emails
# already sent keep working.
urlpatterns = [
    path("p/<slug:slug>/events/", views.events, name="events"),
    path("p/<slug:slug>/events/new/", views.event_create, name="event-create"),
    path("p/<slug:slug>/events/<int:pk>/", views.event_detail, name="event"),
    path("p/<slug:slug>/events/<int:pk>.ics", views.event_ics, name="event-ics"),
    path("p/<slug:slug>/events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("p/<slug:slug>/events/<int:pk>/cancel/", views.event_cancel, name="event-cancel"),
    path("p/<slug:slug>/events/<int:pk>/invite/", views.event_invite, name="event-invite"),
    path("p/<slug:slug>/events/<int:pk>/rsvp/", views.event_rsvp, name="event-rsvp"),
    path(
        "p/<slug:slug>/events/<int:pk>/attendance/",
        views.event_attendance,
        name="event-attendance",
    ),
    path("p/<slug:slug>/events/<int:pk>/lessons/", views.event_lessons, name="event-lessons"),
]
