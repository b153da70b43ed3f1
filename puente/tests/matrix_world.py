"""One rich world for the permission matrix: the shared `world` (a program with one person in
every role, an outsider, and another program with its coordinator) plus one real object behind
every URL parameter, so that every page resolves to something that exists.

Built once per test module through the services (as the app's own tests do), on a fixed day:
Monday 23 November 2026, 10:00 in Bogotá.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from puente.accounts import unsubscribe
from puente.accounts.models import SignInLink
from puente.api import services as api
from puente.api.models import ApiToken, Webhook
from puente.community import services as community
from puente.community.models import Comment, Post, Report, Story
from puente.conftest import World, build_world
from puente.conversations import services as conversations
from puente.conversations.models import Message, MessageReport
from puente.core.permissions import Role
from puente.core.tokens import token_hash
from puente.events import services as events
from puente.events.models import Event
from puente.feedback import services as feedback
from puente.feedback.models import Pulse
from puente.instruments.models import Instrument, Question
from puente.instruments.services import instrument_from_template, version_publish
from puente.library.models import Audience, Kind, Resource, Stage
from puente.matching import services as matching
from puente.matching.models import Match, MatchRun, TutorAssignment
from puente.mentoring import services as mentoring
from puente.mentoring.models import Meeting, Relationship, RiskFlag, SessionPlan
from puente.monitoring import services as monitoring
from puente.monitoring.models import (
    Indicator,
    QualityFlag,
    QualityRule,
    Result,
    Round,
    RoundInvitation,
)
from puente.plans import services as plans
from puente.plans.models import GapAssessment, GrowthPlan, PlanAction
from puente.privacy import services as privacy
from puente.privacy.models import DataExport, ErasureRequest
from puente.programs import services as programs
from puente.programs.models import Break, BuyerOrganization, Invitation, Membership
from puente.recruitment import services as recruitment
from puente.recruitment.models import Application, Call, ReviewAssignment
from puente.recruitment.tests.helpers import make_call_with_rubric, submitted_application
from puente.reports import exports
from puente.reports import services as reports
from puente.reports.models import Certificate, ExportFile, MentorReport

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
START = dt.date(2026, 9, 1)
OCTOBER = dt.date(2026, 10, 1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Raw tokens of the capability URLs (only their hashes are stored).
APPLICATION_TOKEN = "matrix-application-token"
INVITATION_TOKEN = "matrix-invitation-token"
COMPARISON_TOKEN = "matrix-comparison-token"
SIGNIN_TOKEN = "matrix-signin-token"


@dataclass
class MatrixWorld:
    """What the URL parameters of the table point at (see permission_matrix.py's kwargs)."""

    base: World
    mentee_membership: Membership
    relationship: Relationship
    meeting: Meeting  # meeting 1, held and logged by the mentor, rated by the mentee
    flag: RiskFlag
    program_break: Break  # Holy Week 2027, declared for the whole program
    event: Event  # in December, everyone of the program invited
    instrument: Instrument  # the mentee application form (published)
    question: Question
    call: Call
    application: Application
    application_token: str
    file_answer_id: int
    assignment: ReviewAssignment  # the world's reviewer, on the application
    run: MatchRun
    plan: GrowthPlan
    assessment: GapAssessment
    action: PlanAction
    buyer: BuyerOrganization  # the mentee's business targets it; the plan is measured against it
    pulse: Pulse
    round: Round  # baseline, mentees and mentors invited
    quality_flag: QualityFlag  # the mentee's monthly sales out of range, open
    quality_rule: QualityRule  # the round's range rule on monthly sales
    indicator: Indicator
    result: Result  # the impact result of the framework; the indicator hangs from it
    resource: Resource  # a guide for everyone
    mentors_file: Resource  # a file for mentors only
    mentors_manual: Resource
    post: Post  # by the mentee, in wave 1
    comment: Comment  # by the tutor
    content_report: Report  # the mentor reported the post
    story: Story  # the mentee's, with consent, awaiting review
    mentor_report: MentorReport  # October's, submitted by the mentor
    certificate: Certificate  # the mentee's
    export: ExportFile  # the coordinator's, ready
    export_token: str
    invitation_token: str
    comparison_token: str  # a waitlisted applicant's link to answer the round (comparison group)
    signin_token: str  # the outsider's one-time sign-in link
    calendar_token: str  # the mentor's private calendar feed
    unsubscribe_token: str  # turns the tutor's weekly digest off, from the digest's email
    api_token: ApiToken  # the mentor's
    webhook: Webhook  # of the program, registered by the coordinator
    erasure: ErasureRequest  # the mentee asked to be erased (confirmed, pending)
    erasure_token: str  # the link confirming it
    data_download_token: str  # the mentee's ready personal-data download
    message: Message  # the mentee's, in the relationship's conversation, with a file
    message_report: MessageReport  # the mentor reported it

    def __getattr__(self, name: str) -> Any:
        # The people and the program read through: `program`, `mentor`, `other_program`…
        return getattr(self.__dict__["base"], name)


def build_matrix_world() -> MatrixWorld:
    base = build_world()
    program, wave = base.program, base.wave
    coordinator = base.coordinator
    mentor_m = program.memberships.get(role=Role.MENTOR)
    mentee_m = program.memberships.get(role=Role.MENTEE)
    tutor_m = program.memberships.get(role=Role.TUTOR)

    # Recruitment: a published form, an open call with a rubric, an application with a file.
    call = make_call_with_rubric(program, by=coordinator, slug="convocatoria-matriz", wave=wave)
    instrument = call.forms.get(role="mentee").instrument
    question = instrument.versions.get().questions.order_by("position").first()
    assert question is not None
    application = submitted_application(call, email="postulante@example.org")
    Application.objects.filter(pk=application.pk).update(token_hash=token_hash(APPLICATION_TOKEN))
    recruitment.reviews_assign(applications=[application], reviewer=base.reviewer, by=coordinator)
    assignment = ReviewAssignment.objects.get(application=application, reviewer=base.reviewer)
    file_answer_id = _file_answer(application)

    # Matching: a run, then the pair matched and followed by the tutor.
    run = matching.match_run(program=program, by=coordinator)
    SessionPlan.objects.create(program=program, meetings=12, span_weeks=16)
    Match.objects.create(program=program, wave=wave, mentor=mentor_m, mentee=mentee_m)
    TutorAssignment.objects.create(program=program, tutor=tutor_m, mentee=mentee_m)
    (relationship,) = mentoring.relationships_from_matches(program=program, today=START)

    # Mentoring: meeting 1 held and logged, a risk flag, an event with invitations.
    meeting = relationship.meetings.get(number=1)
    mentoring.meeting_log(
        meeting=meeting, by=base.mentor, data={"held": True, "duration_minutes": 60}
    )
    mentoring.meeting_log(
        meeting=relationship.meetings.get(number=4),
        by=base.mentor,
        data={"held": True, "duration_minutes": 90, "topics": "Precios"},
    )
    flag = RiskFlag.objects.create(
        relationship=relationship,
        reason=RiskFlag.Reason.NO_CONTACT,
        month=OCTOBER,
        raised_on=dt.date(2026, 11, 1),
    )
    starts = dt.datetime(2026, 12, 10, 15, 0, tzinfo=dt.UTC)
    event = events.event_save(
        program=program,
        by=coordinator,
        data={
            "kind": Event.Kind.KICK_OFF,
            "title": "Lanzamiento",
            "description": "Bienvenida.",
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=2),
            "time_zone": "America/Bogota",
            "mode": Event.Mode.IN_PERSON,
            "place": "Cámara de Comercio",
        },
    )
    events.event_invite(event=event, by=coordinator)
    mentoring.agreement_save(
        relationship=relationship, by=base.mentor, data={"goals": "Vender a una cadena"}
    )
    # A plan of the wave's own (the relationship keeps the program's, laid out above).
    SessionPlan.objects.create(program=program, wave=wave, meetings=8, span_weeks=12)
    program_break = programs.break_add(
        program=program,
        by=coordinator,
        name="Semana Santa",
        starts_on=dt.date(2027, 3, 22),
        ends_on=dt.date(2027, 3, 28),
    )
    calendar_token = mentoring.calendar_feed_renew(user=base.mentor)

    # Plans: the business gap assessment, the mentee's plan with an assessment, an improvement
    # area, a goal in it (`action.goal`, `action.goal.area`) and an action toward that goal.
    assessment_instrument = plans.assessment_setup(
        program=program, template_key="business-gap-assessment", by=coordinator
    )
    plan = plans.plan_open(relationship=relationship, mentee=mentee_m)
    assessment = plans.assessment_start(plan=plan, instrument=assessment_instrument)
    area = plans.area_prioritise(
        plan=plan,
        focus_area=assessment_instrument.area_questions.earliest("pk").focus_area,
        impact=4,
        urgency=3,
    )
    goal = plans.goal_create(
        plan=plan,
        area=area,
        title="Vender a una cadena",
        indicator="Órdenes de compra",
        target_value=Decimal(2),
        target_date=dt.date(2027, 2, 1),
    )
    action = plans.action_create(
        plan=plan, title="Cotizar", owner="mentee", due_on=dt.date(2026, 12, 15), goal=goal
    )
    # A corporate buyer with a requirement, targeted by the mentee's business (so the plan,
    # measured against no buyer until now, is measured against it).
    buyer = plans.buyer_save(
        program=program,
        buyer=None,
        name="Supermercados El Trigal",
        requirements={area.focus_area_id: (Decimal(4), "Registro sanitario vigente")},
        businesses=[mentee_m],
    )

    # Feedback: the mentee rated meeting 1; a pulse for the wave; a lesson.
    feedback.meeting_feedback_save(meeting=meeting, by=base.mentee, usefulness=4)
    pulse = feedback.pulse_open(
        program=program,
        wave=wave,
        kind=Pulse.Kind.PULSE,
        title="¿Cómo va?",
        by=coordinator,
        roles=[Role.MENTOR, Role.MENTEE, Role.TUTOR],
    )
    feedback.lesson_add(
        program=program, by=base.mentor, role=Role.MENTOR, theme="tools", worked="Las guías"
    )

    # Monitoring: a baseline round for mentees and mentors, an indicator.
    survey = instrument_from_template(program=program, template_key="baseline-survey")
    version_publish(version=survey.versions.get(), by=coordinator)
    round_ = monitoring.round_open(
        program=program,
        wave=wave,
        kind="baseline",
        instrument=survey,
        roles=[Role.MENTEE, Role.MENTOR],
        by=coordinator,
        today=NOW.date(),
        notify=False,
    )
    result = monitoring.result_save(
        program=program, title="Las empresas venden a grandes compradores", level="impact"
    )
    indicator = monitoring.indicator_save(
        program=program,
        data={
            "name": "Confianza",
            "computation": "answer_mean",
            "question_key": "confidence",
            "result": result,
        },
    )
    # The comparison group: a waitlisted applicant invited to the round by a private link.
    waitlisted = submitted_application(call, email="en-espera@example.org")
    Application.objects.filter(pk=waitlisted.pk).update(status=Application.Status.WAITLISTED)
    RoundInvitation.objects.create(
        round=round_,
        comparison=True,
        application=waitlisted,
        token_hash=token_hash(COMPARISON_TOKEN),
    )
    # Data quality: the mentee's answer has monthly sales below the range (an open flag).
    monitoring.round_answer(
        invitation=RoundInvitation.objects.get(round=round_, user=base.mentee),
        cleaned={"confidence": 3, "monthly_sales": Decimal(-1)},
    )
    quality_flag = QualityFlag.objects.get(round=round_, kind="out_of_range")
    quality_rule = round_.quality_rules.get(kind="range", question_key="monthly_sales")

    # Library: a guide for everyone, a file and the onboarding manual for mentors.
    resource = Resource.objects.create(
        program=program,
        title="Guía de la primera reunión",
        kind=Kind.GUIDE,
        audience=Audience.EVERYONE,
        stage=Stage.FIRST_MEETING,
        body="Preséntense.",
    )
    mentors_file = Resource.objects.create(
        program=program,
        title="Plantilla de informe",
        kind=Kind.FILE,
        audience=Audience.MENTORS,
        stage=Stage.DURING,
        body="",
    )
    mentors_file.file.save("informe.pdf", SimpleUploadedFile("informe.pdf", PDF), save=True)
    mentors_manual = Resource.objects.create(
        program=program,
        title="Manual para mentoras",
        kind=Kind.MANUAL,
        audience=Audience.MENTORS,
        stage=Stage.ONBOARDING,
        body="Propósito del programa.",
        is_onboarding_manual=True,
    )

    # Community: the mentee's post, the tutor's comment, the mentor's report, the mentee's story.
    post = community.post_create(
        program=program,
        wave=wave,
        author=base.mentee,
        kind=Post.Kind.ACHIEVEMENT,
        title="Primera orden de compra",
        body="¡Primera orden de compra!",
    )
    comment = community.comment_add(post=post, author=base.tutor, body="¡Felicitaciones!")
    content_report = community.report_add(post=post, reporter=base.mentor, reason="Prueba")
    assert content_report is not None
    story = community.story_save(
        program=program,
        author=base.mentee,
        title="Lo que aprendí",
        body="Mucho.",
        show_business=False,
        consent=True,
        consent_text="Acepto.",
    )

    # Reports: October's monthly report; certificates (issued while the pair was completed).
    mentor_report = reports.report_save(
        relationship=relationship,
        kind="monthly",
        month=OCTOBER,
        by=base.mentor,
        cleaned={
            "progress": "Definimos precios.",
            "progress_rating": 4,
            "difficulties": "",
            "support_needed": "",
            "next_focus": "Flujo de caja.",
        },
        submit=True,
        notify=False,
    )
    Relationship.objects.filter(pk=relationship.pk).update(status=Relationship.Status.COMPLETED)
    reports.certificates_issue(program=program, by=coordinator)
    Relationship.objects.filter(pk=relationship.pk).update(status=Relationship.Status.ACTIVE)
    certificate = Certificate.objects.get(holder=mentee_m)
    export = ExportFile.objects.create(
        program=program,
        requested_by=coordinator,
        tables=["people"],
        file_format="csv",
        status=ExportFile.Status.READY,
        file_name="matrix-export.csv",
        finished_at=NOW,
    )
    exports.exports_root().mkdir(parents=True, exist_ok=True)
    (exports.exports_root() / export.file_name).write_text("a,b\n1,2\n")

    # Capability links: an invitation to the program and the outsider's sign-in link.
    Invitation.objects.create(
        program=program,
        email="invitada@example.org",
        role=Role.MENTEE,
        language="es",
        token_hash=token_hash(INVITATION_TOKEN),
        invited_by=coordinator,
        expires_at=NOW + dt.timedelta(days=14),
    )
    SignInLink.objects.create(
        user=base.outsider,
        token_hash=token_hash(SIGNIN_TOKEN),
        expires_at=NOW + dt.timedelta(minutes=30),
    )

    # API and privacy: the mentor's token, a webhook, the mentee's erasure request and download.
    api_token, _key = api.api_token_create(user=base.mentor, name="Hoja de cálculo")
    webhook = Webhook.objects.create(
        program=program,
        url="https://hooks.example.org/puente",
        events=["match_confirmed"],
        secret="whsec_matrix",
        created_by=coordinator,
    )
    erasure = ErasureRequest.objects.create(
        user=base.mentee,
        reason="Ya no participo.",
        status=ErasureRequest.Status.PENDING,
        confirmed_at=NOW,
    )
    download = DataExport.objects.create(
        user=base.mentee,
        file_format="json",
        status=DataExport.Status.READY,
        file_name="matrix-data.json",
        finished_at=NOW,
    )
    privacy.exports_root().mkdir(parents=True, exist_ok=True)
    (privacy.exports_root() / download.file_name).write_text("{}")

    # The relationship's conversation: the mentee's message with a file, reported by the mentor.
    thread = conversations.thread_for(relationship=relationship)
    message = conversations.message_post(
        thread=thread,
        author=base.mentee,
        body="¿Revisamos la ficha técnica?",
        attachment=SimpleUploadedFile("ficha.pdf", PDF),
    )
    message_report = conversations.report_add(message=message, reporter=base.mentor)
    assert message_report is not None

    relationship.refresh_from_db()
    return MatrixWorld(
        base=base,
        mentee_membership=mentee_m,
        relationship=relationship,
        meeting=meeting,
        flag=flag,
        program_break=program_break,
        event=event,
        instrument=instrument,
        question=question,
        call=call,
        application=application,
        application_token=APPLICATION_TOKEN,
        file_answer_id=file_answer_id,
        assignment=assignment,
        run=run,
        plan=plan,
        assessment=assessment,
        action=action,
        buyer=buyer,
        pulse=pulse,
        round=round_,
        quality_flag=quality_flag,
        quality_rule=quality_rule,
        indicator=indicator,
        result=result,
        resource=resource,
        mentors_file=mentors_file,
        mentors_manual=mentors_manual,
        post=post,
        comment=comment,
        content_report=content_report,
        story=story,
        mentor_report=mentor_report,
        certificate=certificate,
        export=export,
        export_token=exports.signed_token(export),
        invitation_token=INVITATION_TOKEN,
        comparison_token=COMPARISON_TOKEN,
        signin_token=SIGNIN_TOKEN,
        calendar_token=calendar_token,
        unsubscribe_token=unsubscribe.token(user=base.tutor, kind="weekly_digest"),
        api_token=api_token,
        webhook=webhook,
        erasure=erasure,
        erasure_token=signing.dumps(erasure.pk, salt=privacy.CONFIRM_SALT),
        data_download_token=privacy.signed_token(download),
        message=message,
        message_report=message_report,
    )


def _file_answer(application: Application) -> int:
    """An uploaded file among the application's answers (the templates ask for none, so one
    file question is added to the submitted version and answered)."""
    from puente.instruments.models import Answer, QuestionType

    submission = application.submission
    assert submission is not None
    file_question = Question.objects.create(
        version=submission.version,
        key="cv",
        type=QuestionType.FILE,
        label="CV",
        position=99,
        required=False,
    )
    answer = Answer(submission=submission, question=file_question)
    answer.file.save("cv.pdf", SimpleUploadedFile("cv.pdf", PDF), save=True)
    return answer.pk
