from django.urls import path

from puente.plans import views, views_buyers

app_name = "plans"

PLAN = "p/<slug:slug>/plans/<int:pk>/<int:mentee_pk>/"

urlpatterns = [
    path("p/<slug:slug>/plans/", views.overview, name="overview"),
    path("p/<slug:slug>/plans/mine/", views.mine, name="mine"),
    path("p/<slug:slug>/plans/setup/", views.setup, name="setup"),
    path("p/<slug:slug>/plans/targets/", views.targets, name="targets"),
    path("p/<slug:slug>/buyers/", views_buyers.buyers, name="buyers"),
    path("p/<slug:slug>/buyers/add/", views_buyers.buyer_add, name="buyer-add"),
    path("p/<slug:slug>/buyers/<int:pk>/", views_buyers.buyer_edit, name="buyer-edit"),
    path(
        "p/<slug:slug>/buyers/<int:pk>/archive/", views_buyers.buyer_archive, name="buyer-archive"
    ),
    path("p/<slug:slug>/buyers/<int:pk>/delete/", views_buyers.buyer_delete, name="buyer-delete"),
    path("p/<slug:slug>/plans/<int:pk>/", views.relationship_plan, name="relationship"),
    path("p/<slug:slug>/plans/<int:pk>/open-actions/", views.open_actions, name="open-actions"),
    path(PLAN, views.plan_detail, name="plan"),
    path(PLAN + "buyer/", views.plan_buyer, name="buyer"),
    path(PLAN + "assessments/", views.assessment_start, name="assessment-start"),
    path(PLAN + "assessments/<int:assessment_pk>/", views.assessment_fill, name="assessment"),
    path(PLAN + "areas/", views.area_save, name="area-save"),
    path(PLAN + "areas/<int:area_pk>/edit/", views.area_edit, name="area-edit"),
    path(PLAN + "areas/<int:area_pk>/delete/", views.area_delete, name="area-delete"),
    path(PLAN + "goals/", views.goal_add, name="goal-add"),
    path(PLAN + "goals/<int:goal_pk>/edit/", views.goal_edit, name="goal-edit"),
    path(PLAN + "goals/<int:goal_pk>/delete/", views.goal_delete, name="goal-delete"),
    path(PLAN + "actions/", views.action_add, name="action-add"),
    path(PLAN + "actions/<int:action_pk>/edit/", views.action_edit, name="action-edit"),
    path(PLAN + "actions/<int:action_pk>/delete/", views.action_delete, name="action-delete"),
    path(PLAN + "actions/<int:action_pk>/status/", views.action_status, name="action-status"),
    path(PLAN + "progress/", views.progress_add, name="progress-add"),
]
