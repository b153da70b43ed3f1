"""Reads of the form builder's pages, each in a fixed number of queries."""

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404

from puente.instruments.models import Instrument, InstrumentVersion, Question
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
