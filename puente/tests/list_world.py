"""The list matrix's world: the permission matrix's world (`matrix_world.py`) plus, for every kind
of object a list shows, objects that tell the personas apart — some each persona should see,
some they must not.

Built once per test module through the services (and the factories for people), on the matrix
world's fixed day. Every object a list row may name is registered under its kind
(``world.named["relationship"]["circle"]``); the rows in `list_matrix.py` say which names each
persona sees.

Who is who, besides the nine personas (see `puente/conftest.py`):

- the pilot program gains a second wave, a second coordinator and reviewer, and a second pair in
  wave 2 (``mentor2`` and ``mentee2``, followed by ``tutor2``);
- a circle in wave 1 led by ``circle_mentor`` with the world's mentee and ``circle_mentee``
  (assigned to ``tutor2``): the world's mentee is in two relationships and the world's tutor
  follows the circle through the mentee alone; the world's mentor is not in it;
- the other program gets a wave and a pair of its own (``other_mentor``, ``other_mentee``,
  followed by ``other_tutor``) and one object of every kind, which nobody of the pilot program
  may see.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Model

from puente.accounts.models import User
from puente.api import services as api
from puente.api.models import ApiToken, Webhook
from puente.community import services as community
from puente.community.models import Comment, Post, Report, Story
from puente.conversations import services as conversations
from puente.conversations.models import Message, MessageReport
from puente.core.permissions import Role
from puente.events import services as events
from puente.events.models import Event
from puente.factories import MembershipFactory, TrackFactory, UserFactory, WaveFactory
from puente.feedback import services as feedback
from puente.feedback.models import Lesson, MeetingFeedback, Pulse
from puente.instruments.models import Instrument
from puente.instruments.services import instrument_from_template, version_publish
from puente.library import services as library
from puente.library.models import Audience, Kind, Resource, Stage
from puente.matching import services as matching
from puente.matching.models import Match, MatchRun, Proposal, TutorAssignment
from puente.mentoring import services as mentoring
from puente.mentoring.models import Meeting, Relationship, SessionPlan
from puente.monitoring import services as monitoring
from puente.monitoring.models import Indicator, QualityFlag, Round, RoundInvitation
from puente.plans import services as plans
from puente.plans.models import GrowthPlan
from puente.privacy.models import ErasureRequest
from puente.programs import services as programs
from puente.programs.models import BuyerOrganization, Membership, Program, Track, Wave
from puente.recruitment import services as recruitment
from puente.recruitment.models import Application, Call, ReviewAssignment
from puente.recruitment.tests.helpers import make_call_with_rubric, submitted_application
from puente.reports import services as reports
from puente.reports.models import Certificate, ExportFile, MentorReport
from puente.tests.matrix_world import NOW, OCTOBER, START, MatrixWorld, build_matrix_world

SEPTEMBER = dt.date(2026, 9, 1)
REPORT = {
    "progress": "Avanzamos.",
    "progress_rating": 4,
    "difficulties": "",
    "support_needed": "",
    "next_focus": "Ventas.",
}


@dataclass
class ListWorld:
    """The matrix world, and every object a list row may name, by kind and name."""

    matrix: MatrixWorld
    named: dict[str, dict[str, Model]] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        # Row kwargs read the matrix world first (`program.slug`, `call.pk`, `mentee.pk`…), then
        # the objects named here (`second_call.pk`, `circle.pk`).
        try:
            return getattr(self.__dict__["matrix"], name)
        except AttributeError:
            for objects in self.__dict__["named"].values():
                if name in objects:
                    return objects[name]
            raise

    def add(self, kind: str, **objects: Model) -> None:
        self.named.setdefault(kind, {}).update(objects)


def _person(email: str, name: str) -> User:
    return UserFactory(email=email, full_name=name)


def _member(
    program: Program, role: str, email: str, name: str, wave: Wave | None = None
) -> Membership:
    return MembershipFactory(
        user=_person(email, name), program=program, role=role, wave=wave, track=None
    )


def _hold(relationship: Relationship, number: int = 1) -> Meeting:
    meeting = relationship.meetings.get(number=number)
    mentoring.meeting_log(
        meeting=meeting,
        by=relationship.mentor.user,
        data={"held": True, "duration_minutes": 60, "topics": "Ventas"},
    )
    meeting.refresh_from_db()
    return meeting


def _event(program: Program, by: User, title: str, starts: dt.datetime) -> Event:
    return events.event_save(
        program=program,
        by=by,
        data={
            "kind": Event.Kind.TRAINING,
            "title": title,
            "description": "",
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=2),
            "time_zone": "America/Bogota",
            "mode": Event.Mode.VIRTUAL,
            "place": "",
        },
    )


def _report(relationship: Relationship, month: dt.date) -> MentorReport:
    return reports.report_save(
        relationship=relationship,
        kind="monthly",
        month=month,
        by=relationship.mentor.user,
        cleaned=REPORT,
        submit=True,
        notify=False,
    )


def build_list_world() -> ListWorld:
    m = build_matrix_world()
    base = m.base
    program, wave = m.program, m.wave
    coordinator = m.coordinator
    world = ListWorld(matrix=m)

    # --- People --------------------------------------------------------------------------------
    wave2 = WaveFactory(program=program, number=2)
    coordinator2 = _member(program, Role.COORDINATOR, "coordinator2@example.org", "Coord Dos", wave)
    reviewer2 = _member(program, Role.REVIEWER, "reviewer2@example.org", "Revisora Dos", wave)
    tutor2 = _member(program, Role.TUTOR, "tutor2@example.org", "Tutora Dos", wave2)
    mentor2 = _member(program, Role.MENTOR, "mentor2@example.org", "Mentora Dos", wave2)
    mentee2 = _member(program, Role.MENTEE, "mentee2@example.org", "Mentee Dos", wave2)
    circle_mentor = _member(program, Role.MENTOR, "circle-mentor@example.org", "Mentora Tres", wave)
    circle_mentee = _member(program, Role.MENTEE, "circle-mentee@example.org", "Mentee Tres", wave)
    own = {role: program.memberships.get(user=getattr(base, role)) for role in Role}

    other = m.other_program
    other_coordinator = m.other_coordinator
    other_wave = WaveFactory(program=other, number=1)
    other_coordinator_m = other.memberships.get(user=other_coordinator)
    other_tutor = _member(other, Role.TUTOR, "other-tutor@example.org", "Tutor Otro", other_wave)
    other_mentor = _member(
        other, Role.MENTOR, "other-mentor@example.org", "Mentor Otro", other_wave
    )
    other_mentee = _member(
        other, Role.MENTEE, "other-mentee@example.org", "Mentee Otro", other_wave
    )

    world.add("program", program=program, other_program=other)
    world.add("wave", wave=wave, wave2=wave2, other_wave=other_wave)
    world.add("track", track=m.track, other_track=TrackFactory(program=other, name="Otra ruta"))
    world.add(
        "membership",
        **{role.value: membership for role, membership in own.items()},
        coordinator2=coordinator2,
        reviewer2=reviewer2,
        tutor2=tutor2,
        mentor2=mentor2,
        mentee2=mentee2,
        circle_mentor=circle_mentor,
        circle_mentee=circle_mentee,
        other_coordinator=other_coordinator_m,
        other_tutor=other_tutor,
        other_mentor=other_mentor,
        other_mentee=other_mentee,
    )

    # --- Recruitment ---------------------------------------------------------------------------
    call = m.call
    second_application = submitted_application(call, email="segunda@example.org")
    second_call = make_call_with_rubric(
        program, by=coordinator, slug="convocatoria-segunda", wave=wave2
    )
    second_call_application = submitted_application(second_call, email="tercera@example.org")
    other_call = make_call_with_rubric(other, by=other_coordinator, slug="convocatoria-otra")
    other_application = submitted_application(other_call, email="otra@example.org")
    recruitment.reviews_assign(
        applications=[second_application], reviewer=reviewer2.user, by=coordinator
    )
    recruitment.reviews_assign(
        applications=[second_application], reviewer=coordinator, by=coordinator
    )
    world.add("call", call=call, second_call=second_call, other_call=other_call)
    world.add(
        "application",
        application=m.application,
        second_application=second_application,
        second_call_application=second_call_application,
        other_application=other_application,
    )
    world.add(
        "assignment",
        assignment=m.assignment,
        second_reviewer_assignment=ReviewAssignment.objects.get(
            application=second_application, reviewer=reviewer2.user
        ),
        coordinator_assignment=ReviewAssignment.objects.get(
            application=second_application, reviewer=coordinator
        ),
    )

    # --- Matching and relationships ------------------------------------------------------------
    SessionPlan.objects.create(program=other, meetings=6, span_weeks=12)
    other_run = matching.match_run(program=other, by=other_coordinator)
    world.add("run", run=m.run, other_run=other_run)
    world.add(
        "proposal",
        proposal=Proposal.objects.get(run=m.run, mentee=own[Role.MENTEE]),
        other_proposal=Proposal.objects.get(run=other_run, mentee=other_mentee),
    )
    for mentor, mentee, the_wave in (
        (mentor2, mentee2, wave2),
        (circle_mentor, circle_mentee, wave),
    ):
        Match.objects.create(program=program, wave=the_wave, mentor=mentor, mentee=mentee)
    Match.objects.create(program=other, wave=other_wave, mentor=other_mentor, mentee=other_mentee)
    TutorAssignment.objects.create(program=program, tutor=tutor2, mentee=mentee2)
    TutorAssignment.objects.create(program=program, tutor=tutor2, mentee=circle_mentee)
    TutorAssignment.objects.create(program=other, tutor=other_tutor, mentee=other_mentee)
    second_pair, circle = sorted(
        mentoring.relationships_from_matches(program=program, today=START),
        key=lambda r: r.wave.number if r.wave else 0,
        reverse=True,
    )
    # The world's mentee joins the circle too (a mentee in a pair and in a circle).
    circle.mentees.add(own[Role.MENTEE])
    Relationship.objects.filter(pk=circle.pk).update(kind=Relationship.Kind.CIRCLE)
    (other_pair,) = mentoring.relationships_from_matches(program=other, today=START)
    world.add(
        "match",
        match=Match.objects.get(mentee=own[Role.MENTEE]),
        second_match=Match.objects.get(mentee=mentee2),
        circle_match=Match.objects.get(mentee=circle_mentee),
        other_match=Match.objects.get(mentee=other_mentee),
    )
    world.add(
        "tutoring",
        tutoring=TutorAssignment.objects.get(mentee=own[Role.MENTEE]),
        second_tutoring=TutorAssignment.objects.get(mentee=mentee2),
        circle_tutoring=TutorAssignment.objects.get(mentee=circle_mentee),
        other_tutoring=TutorAssignment.objects.get(mentee=other_mentee),
    )
    world.add(
        "relationship",
        relationship=m.relationship,
        second_pair=second_pair,
        circle=circle,
        other_pair=other_pair,
    )
    second_pair_meeting = _hold(second_pair)
    circle_meeting = _hold(circle)
    other_meeting = _hold(other_pair)
    world.add(
        "meeting",
        meeting=m.meeting,
        second_pair_meeting=second_pair_meeting,
        circle_meeting=circle_meeting,
        other_meeting=other_meeting,
    )

    # --- Events: one for everyone, one for mentors, one past, one of the other program --------
    mentors_event = _event(program, coordinator, "Taller de mentoras", NOW + dt.timedelta(days=9))
    events.event_invite(event=mentors_event, by=coordinator, roles=[Role.MENTOR], notify=False)
    past_event = _event(program, coordinator, "Capacitación", NOW - dt.timedelta(days=30))
    events.event_invite(
        event=past_event,
        by=coordinator,
        notify=False,
        now=past_event.starts_at - dt.timedelta(days=7),
    )
    other_event = _event(other, other_coordinator, "Otro evento", NOW + dt.timedelta(days=9))
    events.event_invite(event=other_event, by=other_coordinator, notify=False)
    world.add(
        "event",
        event=m.event,
        mentors_event=mentors_event,
        past_event=past_event,
        other_event=other_event,
    )

    # --- Plans: one per mentee of every relationship -------------------------------------------
    world.add(
        "plan",
        plan=m.plan,
        second_pair_plan=plans.plan_open(relationship=second_pair, mentee=mentee2),
        circle_plan=plans.plan_open(relationship=circle, mentee=own[Role.MENTEE]),
        circle_other_plan=plans.plan_open(relationship=circle, mentee=circle_mentee),
        other_plan=plans.plan_open(relationship=other_pair, mentee=other_mentee),
    )

    # --- Corporate buyers: the world's (targeted by the world's mentee), an archived one, and
    # the other program's.
    world.add(
        "buyer",
        buyer=m.buyer,
        archived_buyer=programs.buyer_archive(
            buyer=programs.buyer_create(program=program, name="Compradora archivada")
        ),
        other_buyer=programs.buyer_create(program=other, name="Compradora de otro programa"),
    )

    # --- Feedback: comments on held meetings, pulses, lessons ----------------------------------
    def comment(meeting: Meeting, by: User) -> MeetingFeedback:
        return feedback.meeting_feedback_save(
            meeting=meeting, by=by, usefulness=3, helped="Las preguntas.", change="Más tiempo."
        )

    world.add(
        "feedback",
        mentor_feedback=comment(m.meeting, base.mentor),
        second_pair_feedback=comment(second_pair_meeting, mentee2.user),
        circle_feedback=comment(circle_meeting, circle_mentee.user),
        other_feedback=comment(other_meeting, other_mentee.user),
    )

    def pulse(prog: Program, the_wave: Wave, by: User, title: str, roles: list[str]) -> Pulse:
        return feedback.pulse_open(
            program=prog, wave=the_wave, kind=Pulse.Kind.PULSE, title=title, by=by, roles=roles
        )

    world.add(
        "pulse",
        pulse=m.pulse,
        mentees_pulse=pulse(program, wave, coordinator, "Solo mentees", [Role.MENTEE]),
        wave2_pulse=pulse(program, wave2, coordinator, "Ola 2", [Role.MENTOR, Role.MENTEE]),
        other_pulse=pulse(other, other_wave, other_coordinator, "Otro", [Role.MENTEE]),
    )

    def lesson(prog: Program, by: User, role: str) -> Lesson:
        return feedback.lesson_add(
            program=prog, by=by, role=role, theme="tools", worked=f"Lo que vio {by.email}"
        )

    world.add(
        "lesson",
        lesson=Lesson.objects.get(author=base.mentor),
        tutor_lesson=lesson(program, base.tutor, Role.TUTOR),
        coordinator_lesson=lesson(program, coordinator, Role.COORDINATOR),
        mentor2_lesson=lesson(program, mentor2.user, Role.MENTOR),
        other_lesson=lesson(other, other_mentor.user, Role.MENTOR),
    )

    # --- Monitoring: a round of wave 2 and one of the other program; an indicator there ------
    def survey(prog: Program, by: User) -> Any:
        instrument = instrument_from_template(program=prog, template_key="baseline-survey")
        version_publish(version=instrument.versions.get(), by=by)
        return instrument

    wave2_round = monitoring.round_open(
        program=program,
        wave=wave2,
        kind="baseline",
        instrument=m.round.instrument,
        roles=[Role.MENTEE],
        by=coordinator,
        today=NOW.date(),
        notify=False,
    )
    other_survey = survey(other, other_coordinator)
    other_round = monitoring.round_open(
        program=other,
        wave=other_wave,
        kind="baseline",
        instrument=other_survey,
        roles=[Role.MENTEE],
        by=other_coordinator,
        today=NOW.date(),
        notify=False,
    )
    world.add("round", round=m.round, wave2_round=wave2_round, other_round=other_round)
    world.add(
        "invitation",
        mentee_invitation=RoundInvitation.objects.get(round=m.round, user=base.mentee),
        mentor_invitation=RoundInvitation.objects.get(round=m.round, user=base.mentor),
        mentee2_invitation=RoundInvitation.objects.get(round=wave2_round, user=mentee2.user),
        other_invitation=RoundInvitation.objects.get(round=other_round, user=other_mentee.user),
    )
    # Data quality: the matrix world's open flag, and one of the other program's round.
    monitoring.round_answer(
        invitation=RoundInvitation.objects.get(round=other_round, user=other_mentee.user),
        cleaned={"confidence": 3, "monthly_sales": Decimal(-1)},
    )
    world.add(
        "quality_flag",
        flag=m.quality_flag,
        other_flag=QualityFlag.objects.get(round=other_round, kind="out_of_range"),
    )
    other_indicator = monitoring.indicator_save(
        program=other,
        data={"name": "Confianza", "computation": "answer_mean", "question_key": "confidence"},
    )
    world.add("indicator", indicator=m.indicator, other_indicator=other_indicator)
    world.add("instrument", instrument=m.instrument, other_instrument=other_survey)

    # --- Library: one resource per audience, a version for wave 2, the other program's -------
    def resource(prog: Program, title: str, audience: str) -> Resource:
        return library.resource_create(
            program=prog,
            by=coordinator,
            data={
                "title": title,
                "kind": Kind.GUIDE,
                "audience": audience,
                "stage": Stage.DURING,
                "body": "Texto.",
            },
        )

    world.add(
        "resource",
        resource=m.resource,
        resource_wave2=library.resource_new_version(
            resource=m.resource,
            wave=wave2,
            by=coordinator,
            data={
                "title": "Guía de la primera reunión (ola 2)",
                "kind": Kind.GUIDE,
                "audience": Audience.EVERYONE,
                "stage": Stage.FIRST_MEETING,
                "body": "Preséntense otra vez.",
            },
        ),
        mentors_file=m.mentors_file,
        mentors_manual=m.mentors_manual,
        mentees_guide=resource(program, "Para mentees", Audience.MENTEES),
        tutors_guide=resource(program, "Para tutoras", Audience.TUTORS),
        coordinators_guide=resource(program, "Para coordinación", Audience.COORDINATORS),
        other_resource=resource(other, "Del otro programa", Audience.EVERYONE),
    )

    # --- Community -------------------------------------------------------------------------------
    def post(prog: Program, the_wave: Wave | None, author: User, title: str) -> Post:
        return community.post_create(
            program=prog,
            wave=the_wave,
            author=author,
            kind=Post.Kind.QUESTION,
            title=title,
            body=f"{title}.",
        )

    hidden_post = post(program, wave, base.mentor, "Oculta")
    community.content_hide(content=hidden_post, by=coordinator, reason="Fuera de tema")
    wave2_post = post(program, wave2, mentee2.user, "De la ola 2")
    program_post = post(program, None, coordinator, "Para todo el programa")
    other_post = post(other, other_wave, other_mentee.user, "Del otro programa")
    world.add(
        "post",
        post=m.post,
        hidden_post=hidden_post,
        wave2_post=wave2_post,
        program_post=program_post,
        other_post=other_post,
    )
    hidden_comment = community.comment_add(post=m.post, author=base.mentor, body="Oculto")
    community.content_hide(content=hidden_comment, by=coordinator, reason="Grosero")
    world.add(
        "comment",
        comment=m.comment,
        hidden_comment=hidden_comment,
        wave2_comment=community.comment_add(post=wave2_post, author=mentor2.user, body="Bien"),
    )
    wave2_report = community.report_add(post=wave2_post, reporter=mentor2.user, reason="Spam")
    dismissed = community.report_add(post=program_post, reporter=mentee2.user, reason="Nada")
    other_content_report = community.report_add(
        post=other_post, reporter=other_mentor.user, reason="Spam"
    )
    assert wave2_report and dismissed and other_content_report
    community.report_dismiss(report=dismissed, by=coordinator)
    world.add(
        "report",
        content_report=m.content_report,
        wave2_report=wave2_report,
        dismissed_report=dismissed,
        other_content_report=other_content_report,
    )

    # --- Conversations: a message in each relationship's conversation, one hidden -------------
    def message(relationship: Relationship, author: User, body: str) -> Message:
        thread = conversations.thread_for(relationship=relationship)
        return conversations.message_post(thread=thread, author=author, body=body)

    hidden_message = message(m.relationship, base.mentor, "Fuera de lugar")
    resolved_report = conversations.report_add(message=hidden_message, reporter=base.mentee)
    conversations.message_hide(message=hidden_message, by=coordinator, reason="Ofensivo")
    other_message = message(other_pair, other_mentor.user, "Del otro programa")
    other_message_report = conversations.report_add(
        message=other_message, reporter=other_mentee.user
    )
    assert resolved_report and other_message_report
    world.add(
        "message",
        message=m.message,
        hidden_message=hidden_message,
        second_pair_message=message(second_pair, mentor2.user, "De la ola 2"),
        circle_message=message(circle, circle_mentor.user, "Del círculo"),
        other_message=other_message,
    )
    world.add(
        "message_report",
        message_report=m.message_report,
        resolved_message_report=resolved_report,
        other_message_report=other_message_report,
    )

    def story(prog: Program, author: User, title: str, publish_by: User | None) -> Story:
        made = community.story_save(
            program=prog,
            author=author,
            title=title,
            body="Aprendí mucho.",
            show_business=False,
            consent=True,
            consent_text="Acepto.",
        )
        if publish_by is not None:
            community.story_publish(story=made, by=publish_by)
        return made

    world.add(
        "story",
        story=m.story,
        published_story=story(program, base.mentor, "Lo que enseñé", coordinator),
        other_story=story(other, other_mentee.user, "Del otro programa", other_coordinator),
    )

    # --- Reports: a report of each relationship, one accepted; certificates ------------------
    accepted = _report(m.relationship, SEPTEMBER)
    reports.report_review(report=accepted, by=coordinator, accept=True, comment="", notify=False)
    world.add(
        "mentor_report",
        mentor_report=m.mentor_report,
        accepted_report=accepted,
        second_pair_report=_report(second_pair, OCTOBER),
        circle_report=_report(circle, OCTOBER),
        other_report=_report(other_pair, OCTOBER),
    )
    Relationship.objects.filter(pk=other_pair.pk).update(status=Relationship.Status.COMPLETED)
    reports.certificates_issue(program=other, by=other_coordinator)
    Relationship.objects.filter(pk=other_pair.pk).update(status=Relationship.Status.ACTIVE)
    world.add(
        "certificate",
        certificate=m.certificate,
        mentor_certificate=Certificate.objects.get(holder=own[Role.MENTOR]),
        other_certificate=Certificate.objects.get(holder=other_mentee),
    )

    # --- Exports, webhooks, tokens, erasure requests -----------------------------------------
    def export(prog: Program, by: User) -> ExportFile:
        return ExportFile.objects.create(
            program=prog,
            requested_by=by,
            tables=["people"],
            file_format="csv",
            status=ExportFile.Status.READY,
            file_name=f"export-{by.pk}.csv",
            finished_at=NOW,
        )

    world.add(
        "export",
        export=m.export,
        coordinator2_export=export(program, coordinator2.user),
        other_export=export(other, other_coordinator),
    )
    world.add(
        "webhook",
        webhook=m.webhook,
        other_webhook=Webhook.objects.create(
            program=other,
            url="https://hooks.example.org/otro",
            events=["match_confirmed"],
            secret="whsec_other",
            created_by=other_coordinator,
        ),
    )

    def token(user: User) -> ApiToken:
        made, _key = api.api_token_create(user=user, name=f"Token de {user.email}")
        return made

    world.add(
        "token",
        api_token=m.api_token,
        mentee_token=token(base.mentee),
        coordinator_token=token(coordinator),
        other_coordinator_token=token(other_coordinator),
    )

    def erasure(user: User, status: str = ErasureRequest.Status.PENDING) -> ErasureRequest:
        return ErasureRequest.objects.create(
            user=user, reason="Me voy.", status=status, confirmed_at=NOW
        )

    world.add(
        "erasure",
        erasure=m.erasure,
        other_erasure=erasure(other_mentee.user),
        nobody_erasure=erasure(_person("nadie@example.org", "Persona Sin Programa")),
        unconfirmed_erasure=erasure(mentee2.user, ErasureRequest.Status.UNCONFIRMED),
    )

    for kind, objects in world.named.items():
        for name, obj in objects.items():
            assert obj is not None and obj.pk is not None, (kind, name)
    return world


def kind_models() -> dict[str, type[Model]]:
    """The model of each kind (checked by the list matrix's own tests)."""
    return {
        "program": Program,
        "wave": Wave,
        "track": Track,
        "instrument": Instrument,
        "membership": Membership,
        "call": Call,
        "application": Application,
        "assignment": ReviewAssignment,
        "run": MatchRun,
        "proposal": Proposal,
        "match": Match,
        "tutoring": TutorAssignment,
        "relationship": Relationship,
        "meeting": Meeting,
        "event": Event,
        "plan": GrowthPlan,
        "buyer": BuyerOrganization,
        "feedback": MeetingFeedback,
        "pulse": Pulse,
        "lesson": Lesson,
        "round": Round,
        "invitation": RoundInvitation,
        "quality_flag": QualityFlag,
        "indicator": Indicator,
        "resource": Resource,
        "post": Post,
        "comment": Comment,
        "report": Report,
        "message": Message,
        "message_report": MessageReport,
        "story": Story,
        "mentor_report": MentorReport,
        "certificate": Certificate,
        "export": ExportFile,
        "webhook": Webhook,
        "token": ApiToken,
        "erasure": ErasureRequest,
    }
