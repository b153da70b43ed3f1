from django.contrib import admin

from puente.feedback.models import Lesson, MeetingFeedback, Pulse, PulseAnswer


@admin.register(MeetingFeedback)
class MeetingFeedbackAdmin(admin.ModelAdmin[MeetingFeedback]):
    list_display = ["meeting", "author", "side", "usefulness", "updated_at"]
    list_filter = ["side", "usefulness"]
    raw_id_fields = ["meeting", "author"]


@admin.register(Pulse)
class PulseAdmin(admin.ModelAdmin[Pulse]):
    list_display = ["title", "program", "wave", "kind", "closed_at"]
    list_filter = ["kind"]
    raw_id_fields = ["program", "wave", "opened_by", "closed_by"]


@admin.register(PulseAnswer)
class PulseAnswerAdmin(admin.ModelAdmin[PulseAnswer]):
    list_display = ["pulse", "author", "rating", "updated_at"]
    raw_id_fields = ["pulse", "author"]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin[Lesson]):
    list_display = ["program", "wave", "event", "theme", "author_role", "created_at"]
    list_filter = ["theme", "author_role"]
    raw_id_fields = ["program", "wave", "event", "author"]
