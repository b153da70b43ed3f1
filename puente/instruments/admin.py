from django.contrib import admin

from puente.instruments.models import (
    Answer,
    AnswerChoice,
    Instrument,
    InstrumentVersion,
    Question,
    Submission,
)


class VersionInline(admin.TabularInline):
    model = InstrumentVersion
    extra = 0
    fields = ["number", "status", "published_at", "published_by"]
    readonly_fields = ["number", "status", "published_at", "published_by"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "kind", "template_key"]
    list_filter = ["kind"]
    search_fields = ["name", "program__name"]
    list_select_related = ["program"]
    inlines = [VersionInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "key", "type", "label", "required", "weight"]


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):
    list_display = ["instrument", "number", "status", "published_at"]
    list_filter = ["status"]
    list_select_related = ["instrument"]
    raw_id_fields = ["instrument", "published_by"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["key", "version", "type", "position", "required"]
    list_filter = ["type"]
    search_fields = ["key", "label", "label_en"]
    list_select_related = ["version__instrument"]
    raw_id_fields = ["version"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["pk", "version", "respondent", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["version__instrument", "respondent"]
    raw_id_fields = ["version", "respondent"]
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["pk", "submission", "question"]
    raw_id_fields = ["submission", "question"]


@admin.register(AnswerChoice)
class AnswerChoiceAdmin(admin.ModelAdmin):
    list_display = ["answer", "value"]
    raw_id_fields = ["answer"]
