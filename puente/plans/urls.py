from django.urls import path

from puente.plans import views

app_name = "plans"

PLAN = "p/<slug:slug>/plans/<int:pk>/<int:mentee_pk>/"

urlpatterns = [
    path("p/<slug:slug>/plans/", views.overview, name="overview"),
    path("p/<slug:slug>/plans/mine/", views.mine, name="mine"),
    path("p/<slug:slug>/plans/setup/", views.setup, name="setup"),
    path("p/<slug:slug>/plans/targets/", views.targets, name="targets"),
    path("p/<slug:slug>/plans/<int:pk>/", views.relationship_plan, name="relationship"),
    path(PLAN, views.plan_detail, name="plan"),
    path(PLAN + "buyer/", views.plan_buyer, name="buyer"),
    path(PLAN + "assessments/", views.assessment_start, name="assessment-start"),
    path(PLAN + "assessments/<int:assessment_pk>/", views.assessment_fill, name="assessment"),
    path(PLAN + "areas/", views.area_save, name="area-save"),
    path(PLAN + "goals/", views.goal_add, name="goal-add"),
    path(PLAN + "actions/", views.action_add, name="action-add"),
    path(PLAN + "actions/<int:action_pk>/status/", views.action_status, name="action-status"),
    path(PLAN + "progress/", views.progress_add, name="progress-add"),
]
