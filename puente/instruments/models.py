"""The one form engine: applications, rubrics, surveys, assessments, feedback and reports.

An Instrument has numbered versions; questions belong to a version. A published version never
changes (editing makes a new draft version), so every Submission keeps the exact questions it
answered. Answers are stored typed, so they can be counted and averaged in SQL.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from puente.core.models import TimeStampedModel
from puente.programs.models import Program


class Instrument(TimeStampedModel):
    class Kind(models.TextChoices):
        APPLICATION = "application", _("Application form")
        RUBRIC = "rubric", _("Screening rubric")
        SURVEY = "survey", _("Survey")
        GAP_ASSESSMENT = "gap_assessment", _("Gap assessment")
        FEEDBACK = "feedback", _("Feedback")
        MONTHLY_REPORT = "monthly_report", _("Monthly report")
        LESSONS_LEARNED = "lessons_learned", _("Lessons learned")

    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="instruments",
        verbose_name=_("program"),
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    template_key = models.SlugField(
        _("template"), blank=True, help_text=_("The shipped template it started from, if any.")
    )

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")
        ordering = ["program", "name"]

    def __str__(self) -> str:
        return self.name


class InstrumentVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="instrument_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["instrument"],
                condition=Q(status="draft"),
                name="instrument_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class QuestionType(models.TextChoices):
    """The types Puente ships, as names for code and templates. ``Question.type`` takes its
    choices from the registry of types (``instruments.registry``), where each has its class."""

    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    SCALE = "scale", _("Scale")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes / no")
    FOCUS_AREAS = "focus_areas", _("Focus areas")
    AVAILABILITY = "availability", _("Availability")
    FILE = "file", _("File")


def question_types() -> list[tuple[str, Any]]:
    """Every registered question type, for ``Question.type``: a callable, so that a type added
    to the registry needs no migration."""
    from puente.instruments import registry  # the registry's types are built on these models

    return registry.choices()


class Question(models.Model):
    class Scale(models.TextChoices):
        ONE_TO_FIVE = "1-5", _("1 to 5")
        ZERO_TO_TEN = "0-10", _("0 to 10")
        NPS = "nps", _("Net Promoter Score (0 to 10)")

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("A stable name for the answer, kept across versions (e.g. why_apply)."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    type = models.CharField(_("type"), max_length=20, choices=question_types)
    label = models.CharField(_("question (Spanish)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help_text = models.CharField(_("help (Spanish)"), max_length=500, blank=True)
    help_text_en = models.CharField(_("help (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(
        _("options"),
        default=list,
        blank=True,
        help_text=_("For choice questions: a list of {value, label, label_en}."),
    )
    scale = models.CharField(_("scale"), max_length=8, choices=Scale, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        help_text=_("How much this question counts in a weighted score (rubrics, assessments)."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_unique_key"),
        ]

    def __str__(self) -> str:
        return self.key

    def _in_language(self, spanish: str, english: str) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        return english if language.startswith("en") and english else spanish

    @property
    def display_label(self) -> str:
        return self._in_language(self.label, self.label_en)

    @property
    def display_help(self) -> str:
        return self._in_language(self.help_text, self.help_text_en)

    def choice_label(self, value: str) -> str:
        for option in self.choices:
            if option.get("value") == value:
                return self._in_language(option.get("label", value), option.get("label_en", ""))
        return value

    @property
    def display_choices(self) -> list[tuple[str, str]]:
        return [(str(o["value"]), self.choice_label(str(o["value"]))) for o in self.choices]


class Submission(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="submissions"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("answers")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.version} #{self.pk}"


def answer_upload_to(answer: "Answer", filename: str) -> str:
    return f"answers/{answer.submission.version.instrument_id}/{answer.submission_id}/{filename}"


class Answer(models.Model):
    """One question's answer, in the column of its type (choices in AnswerChoice rows)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    boolean = models.BooleanField(null=True, blank=True)
    file = models.FileField(upload_to=answer_upload_to, blank=True, max_length=300)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"], name="answer_unique_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.text or self.number or self.date or self.boolean}"


class AnswerChoice(models.Model):
    """One chosen option: a choice value, a focus area id or an availability slot."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="chosen")
    value = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("chosen option")
        verbose_name_plural = _("chosen options")
        constraints = [
            models.UniqueConstraint(fields=["answer", "value"], name="answer_choice_unique"),
        ]

    def __str__(self) -> str:
        return self.value
