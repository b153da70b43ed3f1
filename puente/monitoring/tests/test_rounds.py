"""Survey rounds: invitations and emails, answering once (then editing), closing, reminders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from puente.core.permissions import Role
from puente.instruments.models import Submission
from puente.monitoring import services
from puente.monitoring.models import Round, RoundInvitation
from puente.monitoring.selectors import response_rates

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
ANSWER = {"confidence": 3, "po_process": "no", "sold_to_corporate": "no", "monthly_sales": 100}


def _open(world, kind="baseline", roles=(Role.MENTEE,), **extra):
    return services.round_open(
        program=world.program,
        wave=world.wave,
        kind=kind,
        instrument=world.surveys[kind],
        roles=list(roles),
        by=world.coordinator,
        today=extra.pop("today", TODAY),
        **extra,
    )


def _invitation(round_, user):
    return RoundInvitation.objects.get(round=round_, user=user)


def test_opening_invites_each_person_of_the_roles_once_in_their_language(
    me_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = _open(me_world, roles=(Role.MENTEE, Role.MENTOR))
    assert round_.invitations.count() == 7  # six mentees and the mentor
    assert len(mail.outbox) == 7
    spanish = next(m for m in mail.outbox if m.to == ["mentee0@example.org"])
    english = next(m for m in mail.outbox if m.to == [me_world.mentee.email])
    assert spanish.body.startswith("Hola")
    assert english.body.startswith("Hello")
    assert "Baseline" in english.subject
    assert f"/monitoring/rounds/{round_.pk}/answer/" in english.body


def test_a_person_in_two_roles_is_invited_once(me_world):
    from puente.factories import MembershipFactory

    MembershipFactory(
        user=me_world.mentor, program=me_world.program, role=Role.MENTEE, wave=me_world.wave
    )
    round_ = _open(me_world, roles=(Role.MENTEE, Role.MENTOR))
    (invitation,) = round_.invitations.filter(user=me_world.mentor)
    assert invitation.membership.role == Role.MENTEE


def test_a_draft_survey_cannot_open_a_round_and_a_wave_has_one_round_per_kind(me_world):
    from puente.instruments.services import instrument_from_template

    draft = instrument_from_template(program=me_world.program, template_key="midline-survey")
    with pytest.raises(ValidationError):
        services.round_open(
            program=me_world.program,
            wave=me_world.wave,
            kind="midline",
            instrument=draft,
            roles=[Role.MENTEE],
            by=None,
            today=TODAY,
        )
    _open(me_world)
    with pytest.raises(ValidationError):
        _open(me_world)


def test_answering_twice_edits_the_one_answer_until_the_round_closes(me_world):
    round_ = _open(me_world)
    invitation = _invitation(round_, me_world.mentee)
    first = services.round_answer(invitation=invitation, cleaned=ANSWER)
    again = services.round_answer(invitation=invitation, cleaned={**ANSWER, "confidence": 5})
    assert first.pk == again.pk
    assert Submission.objects.filter(respondent=me_world.mentee).count() == 1
    assert again.answers.get(question__key="confidence").number == Decimal(5)
    services.round_close(round_=round_, by=me_world.coordinator)
    with pytest.raises(ValidationError):
        services.round_answer(invitation=invitation, cleaned={**ANSWER, "confidence": 1})
    assert again.answers.get(question__key="confidence").number == Decimal(5)


def test_one_invitation_per_round_and_person_in_the_database(me_world):
    from django.db import IntegrityError

    round_ = _open(me_world)
    invitation = _invitation(round_, me_world.mentee)
    with pytest.raises(IntegrityError):
        RoundInvitation.objects.create(
            round=round_, user=me_world.mentee, membership=invitation.membership
        )


def test_response_rate_per_role(me_world):
    round_ = _open(me_world, roles=(Role.MENTEE, Role.MENTOR))
    for membership in me_world.mentees[:4]:
        services.round_answer(invitation=_invitation(round_, membership.user), cleaned=ANSWER)
    rates = {
        r.role: (r.invited, r.answered, r.percent)
        for r in response_rates(Round.objects.all())[round_.pk]
    }
    assert rates == {Role.MENTEE: (6, 4, 67), Role.MENTOR: (1, 0, 0)}


def test_reminders_go_to_those_who_have_not_answered_once_a_day(
    me_world, django_capture_on_commit_callbacks
):
    round_ = _open(me_world, reminder_every_days=7, closes_on=TODAY + dt.timedelta(days=30))
    for membership in me_world.mentees[:4]:
        services.round_answer(invitation=_invitation(round_, membership.user), cleaned=ANSWER)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=TODAY + dt.timedelta(days=6)) == 0
        assert services.reminders_send(today=TODAY + dt.timedelta(days=7)) == 2
        assert services.reminders_send(today=TODAY + dt.timedelta(days=7)) == 0  # same day
        assert services.reminders_send(today=TODAY + dt.timedelta(days=10)) == 0
        assert services.reminders_send(today=TODAY + dt.timedelta(days=14)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [m.user.email for m in me_world.mentees[4:]] * 2
    )
    services.round_close(round_=round_, by=None)
    assert services.reminders_send(today=TODAY + dt.timedelta(days=21)) == 0


def test_no_reminders_after_the_closing_day(me_world):
    _open(me_world, reminder_every_days=1, closes_on=TODAY + dt.timedelta(days=2))
    assert services.reminders_send(today=TODAY + dt.timedelta(days=2)) == 6
    assert services.reminders_send(today=TODAY + dt.timedelta(days=3)) == 0


def test_reminders_task_runs(me_world):
    from puente.monitoring.tasks import round_reminders_task

    _open(me_world, today=dt.date(2020, 1, 1))
    assert round_reminders_task.call() == 6
    assert round_reminders_task.call() == 0


def test_run_daily_enqueues_the_round_reminders():
    from puente.core.hooks import daily_tasks
    from puente.monitoring.tasks import round_reminders_task

    assert round_reminders_task in daily_tasks()
