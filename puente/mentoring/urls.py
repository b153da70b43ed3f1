from django.urls import path

from puente.mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("p/<slug:slug>/mentoring/", views.mine, name="mine"),
    path("p/<slug:slug>/mentoring/board/", views.board, name="board"),
    path("p/<slug:slug>/mentoring/caseload/", views.caseload, name="caseload"),
    path(
        "p/<slug:slug>/mentoring/calendar/renew/",
        views.calendar_feed_renew,
        name="calendar-feed-renew",
    ),
    path(
        "p/<slug:slug>/mentoring/calendar/busy/",
        views.busy_calendar_save,
        name="busy-calendar-save",
    ),
    path(
        "p/<slug:slug>/mentoring/calendar/busy/remove/",
        views.busy_calendar_remove,
        name="busy-calendar-remove",
    ),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path(
        "p/<slug:slug>/mentoring/board/create/",
        views.relationships_create,
        name="relationships-create",
    ),
    path("p/<slug:slug>/mentoring/board/rule/", views.contact_rule, name="contact-rule"),
    path(
        "p/<slug:slug>/mentoring/risks/<int:flag_pk>/follow-up/",
        views.risk_follow_up,
        name="risk-follow-up",
    ),
    path("p/<slug:slug>/mentoring/session-plans/", views.session_plans, name="session-plans"),
    path("p/<slug:slug>/mentoring/venue/", views.meeting_venue, name="meeting-venue"),
    # Before the plans' own addresses, whose <str:scope> would take "relayout" and "breaks".
    path(
        "p/<slug:slug>/mentoring/session-plans/relayout/",
        views.session_plans_relayout,
        name="session-plans-relayout",
    ),
    path("p/<slug:slug>/mentoring/session-plans/breaks/", views.break_add, name="break-add"),
    path(
        "p/<slug:slug>/mentoring/session-plans/breaks/<int:pk>/remove/",
        views.break_remove,
        name="break-remove",
    ),
    path(
        "p/<slug:slug>/mentoring/session-plans/<str:scope>/",
        views.session_plan_save,
        name="session-plan-save",
    ),
    path(
        "p/<slug:slug>/mentoring/session-plans/<str:scope>/delete/",
        views.session_plan_delete,
        name="session-plan-delete",
    ),
    path("p/<slug:slug>/mentoring/<int:pk>/", views.relationship_detail, name="relationship"),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/status/",
        views.relationship_status,
        name="relationship-status",
    ),
    path("p/<slug:slug>/mentoring/<int:pk>/agreement/", views.agreement_save, name="agreement"),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/agreement/confirm/",
        views.agreement_confirm,
        name="agreement-confirm",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/meetings/<int:number>.ics",
        views.meeting_ics,
        name="meeting-ics",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/meetings/<int:number>/",
        views.meeting_forms,
        name="meeting",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/meetings/<int:number>/log/",
        views.meeting_log,
        name="meeting-log",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/meetings/<int:number>/move/",
        views.meeting_move,
        name="meeting-move",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/meetings/<int:number>/confirm/",
        views.meeting_confirm,
        name="meeting-confirm",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/meetings/<int:number>/offer/",
        views.meeting_offer,
        name="meeting-offer",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/meetings/<int:number>/pick/",
        views.meeting_pick,
        name="meeting-pick",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/meetings/<int:number>/note/",
        views.private_note,
        name="private-note",
    ),
]
