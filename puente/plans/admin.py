from django.contrib import admin

from puente.plans.models import AreaQuestion, AreaTarget, GapAssessment, Goal, GrowthPlan


@admin.register(GrowthPlan)
class GrowthPlanAdmin(admin.ModelAdmin[GrowthPlan]):
    list_display = ["relationship", "mentee", "buyer"]
    raw_id_fields = ["relationship", "mentee"]


@admin.register(GapAssessment)
class GapAssessmentAdmin(admin.ModelAdmin[GapAssessment]):
    list_display = ["plan", "instrument"]
    raw_id_fields = ["plan", "mentee_submission", "mentor_submission"]


@admin.register(AreaQuestion)
class AreaQuestionAdmin(admin.ModelAdmin[AreaQuestion]):
    list_display = ["instrument", "question_key", "focus_area"]


@admin.register(AreaTarget)
class AreaTargetAdmin(admin.ModelAdmin[AreaTarget]):
    list_display = ["focus_area", "buyer", "level"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin[Goal]):
    list_display = ["title", "plan", "current_value", "target_value", "target_date"]
    raw_id_fields = ["plan", "area"]
