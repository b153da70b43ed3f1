"""A person with data in every app, to download and to erase."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from puente.accounts.models import BusinessProfile, SignInLink, User
from puente.community.models import Cheer, Comment, Post, Report, Story
from puente.conversations.models import Message, MessageReport, Participant, Thread
from puente.core.permissions import Role
from puente.feedback.models import Lesson, MeetingFeedback, Pulse, PulseAnswer
from puente.instruments.models import Answer, Question, QuestionType, Submission
from puente.instruments.services import instrument_create, question_add, version_publish
from puente.library.models import ManualConfirmation, Resource
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services as mentoring
from puente.mentoring.models import (
    Agreement,
    BusyCalendar,
    BusyInterval,
    CalendarFeed,
    Meeting,
    MeetingLog,
    PrivateNote,
    Relationship,
    SessionPlan,
)
from puente.monitoring.models import Indicator
from puente.plans.models import Goal, GrowthPlan, ImprovementArea, PlanAction, ProgressUpdate
from puente.programs.models import FocusArea, Invitation
from puente.recruitment.models import Application, ApplicationEvent, Call
from puente.reports.models import Certificate, MentorReport

NAME = "Zacarías Quetzalcóatl Ñandutí"
EMAIL = "zacarias.qn@example.org"
PASSWORD = "correct-horse-battery"


@dataclass
class Person:
    user: User
    mentor: User
    relationship: Relationship
    meetings: list[Meeting]
    answer_file: str


@pytest.fixture
def person(world, settings, tmp_path) -> Person:
    """The world's mentee, renamed, with data in every app; the mentor writes some too."""
    settings.MEDIA_ROOT = str(tmp_path)
    program, wave = world.program, world.wave
    user = world.mentee
    user.full_name = NAME
    user.preferred_name = "Zaca"
    user.email = EMAIL
    user.bio = f"Soy {NAME}, escríbanme a {EMAIL}"
    user.city = "Cusco"
    user.gender = "female"
    user.set_password(PASSWORD)
    user.save()
    BusinessProfile.objects.create(
        owner=user,
        legal_name="Quetzal Textiles SAC",
        economic_activity="Textiles de Zacarías",
        size="micro",
        prior_corporate_sales="Vendí a Zacarías Corp",
    )
    SignInLink.objects.create(
        user=user, token_hash="x" * 64, expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    Invitation.objects.create(
        program=program,
        email=EMAIL,
        full_name=NAME,
        role=Role.MENTEE,
        token_hash="i" * 64,
        invited_by=world.coordinator,
        expires_at=timezone.now() + dt.timedelta(days=3),
        accepted_by=user,
        accepted_at=timezone.now(),
    )

    # An application with a text answer, a number answer and a file.
    instrument = instrument_create(program=program, name="Postulación", kind="application")
    version = instrument.versions.get()
    text_q = question_add(version=version, key="why", type=QuestionType.LONG_TEXT, label="¿Por?")
    number_q = question_add(version=version, key="years", type=QuestionType.NUMBER, label="Años")
    file_q = question_add(version=version, key="cv", type=QuestionType.FILE, label="CV")
    version_publish(version=version, by=world.coordinator)
    submission = Submission.objects.create(version=version, respondent=None, status="submitted")
    Answer.objects.create(submission=submission, question=text_q, text=f"Me llamo {NAME}")
    Answer.objects.create(submission=submission, question=number_q, number=Decimal(7))
    upload = Answer(submission=submission, question=file_q)
    upload.file.save("cv-zacarias.pdf", ContentFile(b"%PDF-1.4 cv"), save=True)
    membership = program.memberships.get(user=user)
    call = Call.objects.create(
        program=program,
        title="Convocatoria",
        slug="convocatoria-privacidad",
        opens_at=timezone.now() - dt.timedelta(days=10),
        closes_at=timezone.now() + dt.timedelta(days=10),
    )
    application = Application.objects.create(
        call=call,
        role=Role.MENTEE,
        email=EMAIL.upper(),
        full_name=NAME,
        token_hash="a" * 64,
        submission=submission,
        membership=membership,
        status="accepted",
    )
    ApplicationEvent.objects.create(
        application=application, action="accepted", actor=world.coordinator, note=f"Bien {NAME}"
    )

    # Matched and in a relationship with meetings, logs by both sides, notes and an agreement.
    mentor_membership = program.memberships.get(role=Role.MENTOR)
    SessionPlan.objects.create(program=program, meetings=4, span_weeks=8, themes=["Metas"])
    Match.objects.create(program=program, wave=wave, mentor=mentor_membership, mentee=membership)
    TutorAssignment.objects.create(
        program=program, tutor=program.memberships.get(role=Role.TUTOR), mentee=membership
    )
    (relationship,) = mentoring.relationships_from_matches(program=program)
    meetings = list(relationship.meetings.order_by("number"))
    for meeting in meetings[:2]:
        meeting.status = Meeting.Status.HELD
        meeting.save()
    MeetingLog.objects.create(
        meeting=meetings[0],
        held=True,
        duration_minutes=60,
        topics=f"Temas de {NAME}",
        next_steps="Llamar a clientes",
        shared_notes=f"Notas de {EMAIL}",
        written_by=user,
        written_at=timezone.now(),
    )
    MeetingLog.objects.create(
        meeting=meetings[1],
        held=True,
        duration_minutes=90,
        topics="Ventas",
        next_steps="Cotizar",
        shared_notes="Notas del mentor",
        written_by=world.mentor,
        written_at=timezone.now(),
    )
    PrivateNote.objects.create(meeting=meetings[0], author=user, text=f"Privado de {NAME}")
    PrivateNote.objects.create(meeting=meetings[0], author=world.mentor, text="Del mentor")
    Agreement.objects.create(
        relationship=relationship,
        goals=f"Metas de {NAME}",
        mentor_expectations="Puntualidad",
        mentee_expectations="Apoyo",
        confidentiality="Todo queda entre nosotros",
        updated_by=user,
    )
    CalendarFeed.objects.create(user=user, token_hash="c" * 64)
    # Google's private addresses carry the owner's email, as this one does.
    busy = BusyCalendar.objects.create(
        user=user,
        url=f"https://calendar.google.com/calendar/ical/{EMAIL}/private-0a1b2c3d/basic.ics",
        next_fetch_at=timezone.now(),
        fetched_at=timezone.now(),
    )
    BusyInterval.objects.create(
        calendar=busy,
        start=timezone.now() + dt.timedelta(days=1),
        end=timezone.now() + dt.timedelta(days=1, hours=1),
    )

    # Growth plan.
    area = FocusArea.objects.create(program=program, name="Ventas", kind="business")
    plan = GrowthPlan.objects.create(relationship=relationship, mentee=membership)
    improvement = ImprovementArea.objects.create(
        plan=plan, focus_area=area, impact=3, urgency=2, note=f"Nota de {NAME}"
    )
    goal = Goal.objects.create(
        plan=plan,
        area=improvement,
        title=f"Meta de {NAME}",
        indicator="ventas",
        target_value=Decimal(10),
        current_value=Decimal(4),
        starts_on=dt.date(2026, 9, 1),
        target_date=dt.date(2027, 1, 1),
    )
    PlanAction.objects.create(
        plan=plan, goal=goal, title=f"Acción de {NAME}", owner="mentee", due_on=dt.date(2027, 1, 1)
    )
    ProgressUpdate.objects.create(
        goal=goal,
        value=Decimal(4),
        note=f"Avance {NAME}",
        written_by=user,
        written_at=timezone.now(),
    )

    # Feedback, pulses, lessons.
    MeetingFeedback.objects.create(
        meeting=meetings[0], author=user, side="mentee", usefulness=4, helped=f"Ayudó a {NAME}"
    )
    MeetingFeedback.objects.create(
        meeting=meetings[0], author=world.mentor, side="mentor", usefulness=2, helped="Bien"
    )
    pulse = Pulse.objects.create(
        program=program, wave=wave, title="Pulso", roles=["mentee"], opened_by=world.coordinator
    )
    PulseAnswer.objects.create(pulse=pulse, author=user, rating=5, comment=f"Soy {NAME}")
    Lesson.objects.create(
        program=program, author=user, author_role="mentee", theme="other", worked=f"{NAME} dice"
    )

    # Community.
    post = Post.objects.create(
        program=program, wave=wave, author=user, kind="question", title=NAME, body=f"Hola, {EMAIL}"
    )
    Comment.objects.create(post=post, author=user, body=f"Comento {NAME}")
    other_post = Post.objects.create(
        program=program, wave=wave, author=world.mentor, kind="question", body="Pregunta"
    )
    Cheer.objects.create(post=other_post, user=user)
    Report.objects.create(post=other_post, reporter=user, reason=f"Reporta {NAME}")
    Story.objects.create(
        program=program,
        author=user,
        title=f"Historia de {NAME}",
        body="Aprendí mucho",
        status=Story.Status.PUBLISHED,
        consent_text="Acepto",
        consent_given_at=timezone.now(),
        published_at=timezone.now(),
    )

    # The relationship's conversation: her message (with a file), the mentor's answer, her
    # report of it and her place in the thread.
    thread = Thread.objects.create(relationship=relationship)
    Message.objects.create(
        thread=thread,
        author=user,
        body=f"Soy {NAME}, escríbeme a {EMAIL}",
        attachment=SimpleUploadedFile("hoja-de-vida.pdf", b"%PDF-1.4 cv"),
        attachment_name=f"{NAME}.pdf",
    )
    answer = Message.objects.create(thread=thread, author=world.mentor, body="Con gusto")
    MessageReport.objects.create(message=answer, reporter=user, reason=f"Reporta {NAME}")
    Participant.objects.create(thread=thread, user=user, last_read_at=timezone.now())

    # Library, reports, certificates.
    manual = Resource.objects.create(
        program=program, title="Manual", kind="guide", audience="mentees", body="Lee"
    )
    ManualConfirmation.objects.create(user=user, resource=manual, at=timezone.now())
    MentorReport.objects.create(
        relationship=relationship,
        kind="monthly",
        month=dt.date(2026, 10, 1),
        author=world.mentor,
        snapshot={"held": 2, "topics": ["Ventas"]},
    )
    Certificate.objects.create(
        code="CERT-PRIV-1",
        relationship=relationship,
        holder=membership,
        program=program,
        role=Role.MENTEE,
        holder_name=NAME,
        program_name=program.name,
        wave_name="Ola 1",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 12, 1),
        issued_at=timezone.now(),
        hours=Decimal("2.5"),
        meetings_held=2,
        issued_by=world.coordinator,
    )
    Indicator.objects.create(
        program=program,
        name="Reuniones",
        computation=Indicator.Computation.MEETINGS_HELD,
        disaggregation=Indicator.Disaggregation.LOCATION,
    )
    user.refresh_from_db()
    return Person(
        user=user,
        mentor=world.mentor,
        relationship=relationship,
        meetings=meetings,
        answer_file=upload.file.name,
    )


__all__ = ["EMAIL", "NAME", "PASSWORD", "Person", "Question"]
