"""Reads of the form builder's pages and of answers, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404

from puente.instruments import registry
from puente.instruments.models import Answer, Instrument, InstrumentVersion, Question, Submission
from puente.programs.models import Program

DRAFT = InstrumentVersion.Status.DRAFT
PUBLISHED = InstrumentVersion.Status.PUBLISHED


def instrument_list(program: Program) -> QuerySet[Instrument]:
    """The program's forms with their published version, open draft and number of answers."""
    return (
        Instrument.objects.filter(program=program)
        .annotate(
            published_number=Max("versions__number", filter=Q(versions__status=PUBLISHED)),
            has_draft=Exists(
                InstrumentVersion.objects.filter(instrument=OuterRef("pk"), status=DRAFT)
            ),
            submission_count=Count("versions__submissions", distinct=True),
        )
        .order_by("name", "pk")
    )


def instrument_for_program(program: Program, pk: int) -> Instrument:
    instrument = Instrument.objects.filter(program=program, pk=pk).first()
    if instrument is None:
        raise Http404
    return instrument


def question_for_instrument(instrument: Instrument, question_id: int) -> Question:
    """A question of any version of the instrument; others' questions do not exist here."""
    question = (
        Question.objects.select_related("version")
        .filter(pk=question_id, version__instrument=instrument)
        .first()
    )
    if question is None:
        raise Http404
    return question


def version_history(instrument: Instrument) -> QuerySet[InstrumentVersion]:
    return (
        instrument.versions.annotate(
            submission_count=Count("submissions", distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .select_related("published_by")
        .order_by("-number")
    )


def version_questions(version: InstrumentVersion) -> list[Question]:
    return list(version.questions.order_by("position", "pk"))


@dataclass(frozen=True)
class ShownAnswer:
    """A question of a submission's version and its answer as a person reads it ("" if none)."""

    question: Question
    answer: Answer | None
    text: str


def shown_answers(submission: Submission, *, program_id: int | None = None) -> list[ShownAnswer]:
    """Every question the submission was asked, in order, with its answer in the current language
    (options as their labels, focus areas as their names): three queries, four with focus areas
    (those of ``program_id``, else of the submission's program)."""
    questions = list(submission.version.questions.all())
    answers = {a.question_id: a for a in submission.answers.prefetch_related("chosen")}
    context = registry.context_for(
        questions, program_id=program_id, version_id=submission.version_id
    )
    shown = []
    for question in questions:
        answer = answers.get(question.pk)
        if answer is not None:
            answer.question = question  # the one in hand: no query per answer
        text = registry.answer_text(answer, context=context) if answer else ""
        shown.append(ShownAnswer(question=question, answer=answer, text=text))
    return shown
