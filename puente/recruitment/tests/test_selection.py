"""Selection pages: the coordinator's list and detail, bulk actions, decisions, blind reviews."""

import uuid
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from puente.accounts.models import User
from puente.conftest import client_for
from puente.core.numbers import format_number
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.instruments.models import Submission
from puente.instruments.services import question_update, version_edit, version_publish
from puente.programs.models import Membership
from puente.recruitment import services
from puente.recruitment.forms_selection import DEFAULT_MESSAGES
from puente.recruitment.models import Application, ApplicationEvent, ReviewAssignment
from puente.recruitment.tests.helpers import (
    focus_area,
    make_call_with_rubric,
    submitted_application,
    submitted_review,
)

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "reviewer", "tutor", "mentor", "mentee", "observer"]
# The hand-computed example: fit (weight 3) and demand (weight 1), both on 1 to 5, plus one
# automatic criterion of weight 1 ("can give 3 or more hours a week").
KEYS = ("fit", "demand", "comments")
HOURS_CRITERION = ("Tres horas o más", "hours", "3", "1")


@pytest.fixture
def call(world):
    return make_call_with_rubric(
        world.program,
        by=world.coordinator,
        wave=world.wave,
        rubric_keys=KEYS,
        criteria=(HOURS_CRITERION,),
    )


@pytest.fixture
def second_reviewer(world):
    person = UserFactory(email="reviewer-b@example.org", full_name="Beatriz Evaluadora")
    MembershipFactory(user=person, program=world.program, role=Role.REVIEWER)
    return person


def _list_url(world, call, **params):
    url = reverse("recruitment:application-list", args=[world.program.slug, call.pk])
    return f"{url}?{urlencode(params)}" if params else url


def _detail_url(world, application):
    return reverse("recruitment:application-detail", args=[world.program.slug, application.pk])


def _bulk_url(world, call):
    return reverse("recruitment:application-bulk", args=[world.program.slug, call.pk])


def _decide_url(world, call):
    return reverse("recruitment:application-decide", args=[world.program.slug, call.pk])


def _review_url(world, assignment):
    return reverse("recruitment:review-form", args=[world.program.slug, assignment.pk])


def _shown(value, person):
    """A score as the page prints it for this person (``core.numbers``: decimals follow their
    language, a whole score has none)."""
    with translation.override(person.language):
        return format_number(value)


def _rows(response):
    return {row.application.email: row for row in response.context["rows"]}


def _decide(client, world, call, applications, decision, message="Mensaje de prueba.", **extra):
    """Confirm a decision as the confirmation page would post it."""
    data = {
        "submit_key": str(uuid.uuid4()),
        "applications": [str(a.pk) for a in applications],
        "decision": decision,
        "message": message,
        "query": "",
        "back_to_detail": "False",
        **extra,
    }
    return client.post(_decide_url(world, call), data)


# the weighted total


def test_the_weighted_total_matches_the_hand_computed_example(world, call, second_reviewer):
    ana = submitted_application(call, email="ana@example.org", hours="3")
    # Reviewer A: 100 × (3 × 5/5 + 1 × 3/5) / 4 = 90.00
    submitted_review(ana, world.reviewer, by=world.coordinator, scores={"fit": 5, "demand": 3})
    # Reviewer B: 100 × (3 × 4/5 + 1 × 2/5) / 4 = 70.00
    submitted_review(ana, second_reviewer, by=world.coordinator, scores={"fit": 4, "demand": 2})
    # Mean 80.00, spread 90 − 70 = 20.00; the hours criterion is met: 1 point of weight 1.
    # Total = 100 × (W_rubric × mean / 100 + points) / (W_rubric + W_auto)
    #       = 100 × (4 × 80 / 100 + 1) / (4 + 1) = 100 × 4.2 / 5 = 84.00
    assert services.call_weights(call) == (Decimal(4), Decimal(1))

    response = client_for(world.coordinator).get(_list_url(world, call))

    assert response.status_code == 200
    row = _rows(response)["ana@example.org"]
    assert (row.reviews_done, row.reviews_assigned) == (2, 2)
    assert row.review_mean == Decimal("80.00")
    assert row.review_spread == Decimal("20.00")
    assert row.application.auto_points == Decimal("1.00")
    assert row.total == Decimal("84.00")
    assertContains(response, _shown(Decimal("84.00"), world.coordinator))


def test_reviews_in_progress_count_as_assigned_but_not_in_the_scores(world, call, second_reviewer):
    ana = submitted_application(call, email="ana@example.org", hours="1")
    submitted_review(ana, world.reviewer, by=world.coordinator, scores={"fit": 5, "demand": 5})
    submitted_review(
        ana, second_reviewer, by=world.coordinator, scores={"fit": 1, "demand": 1}, submit=False
    )

    row = _rows(client_for(world.coordinator).get(_list_url(world, call)))["ana@example.org"]

    assert (row.reviews_done, row.reviews_assigned) == (1, 2)
    assert row.review_mean == Decimal("100.00")
    assert row.review_spread == Decimal("0.00")
    # Criterion not met: 100 × (4 × 100/100 + 0) / 5 = 80.00
    assert row.total == Decimal("80.00")


def test_the_list_sorts_by_total_in_sql_with_the_unreviewed_last(world, call):
    low = submitted_application(call, email="low@example.org", full_name="Zoe", hours="1")
    high = submitted_application(call, email="high@example.org", full_name="Yael", hours="3")
    submitted_application(call, email="none@example.org", full_name="Abel")
    submitted_review(low, world.reviewer, by=world.coordinator, scores={"fit": 2, "demand": 2})
    submitted_review(high, world.reviewer, by=world.coordinator, scores={"fit": 3, "demand": 3})
    client = client_for(world.coordinator)

    by_total = client.get(_list_url(world, call))
    by_name = client.get(_list_url(world, call, order="name"))
    by_date = client.get(_list_url(world, call, order="submitted"))

    emails = [r.application.email for r in by_total.context["rows"]]
    assert emails == ["high@example.org", "low@example.org", "none@example.org"]
    # Sorted by the database, before the paginator slices the page.
    assert by_total.context["page"].object_list.query.order_by
    assert [r.application.full_name for r in by_name.context["rows"]] == ["Abel", "Yael", "Zoe"]
    assert [r.application.email for r in by_date.context["rows"]][0] == "none@example.org"


def test_the_list_hides_unconfirmed_applications_unless_asked(world, call):
    submitted_application(call, email="ana@example.org")
    services.application_start(call=call, email="new@example.org", role="mentee", language="es")
    client = client_for(world.coordinator)

    default = client.get(_list_url(world, call))
    started = client.get(_list_url(world, call, status="started"))

    assert set(_rows(default)) == {"ana@example.org"}
    assert set(_rows(started)) == {"new@example.org"}


def test_the_list_filters_by_role_reviewer_and_text(world, call, second_reviewer):
    ana = submitted_application(call, email="ana@example.org", full_name="Ana Torres")
    submitted_application(call, email="luis@example.org", full_name="Luis Paredes")
    services.reviews_assign(applications=[ana], reviewer=second_reviewer, by=world.coordinator)
    client = client_for(world.coordinator)

    by_reviewer = client.get(_list_url(world, call, reviewer=second_reviewer.pk))
    by_text = client.get(_list_url(world, call, q="pared"))
    by_role = client.get(_list_url(world, call, role="mentor"))

    assert set(_rows(by_reviewer)) == {"ana@example.org"}
    # Filtering by a reviewer keeps counting every reviewer of the application.
    assert _rows(by_reviewer)["ana@example.org"].reviews_assigned == 1
    assert set(_rows(by_text)) == {"luis@example.org"}
    assert _rows(by_role) == {}


def test_the_list_answers_htmx_with_the_results_alone(world, call):
    submitted_application(call, email="ana@example.org")
    response = client_for(world.coordinator).get(_list_url(world, call), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assertNotContains(response, "<html")
    assertContains(response, 'id="application-list"')


def test_the_list_query_count_does_not_grow_with_the_applications(world, call, second_reviewer):
    client = client_for(world.coordinator)

    def add(count, start):
        for n in range(start, start + count):
            application = submitted_application(call, email=f"p{n}@example.org", hours="3")
            submitted_review(
                application, world.reviewer, by=world.coordinator, scores={"fit": 4, "demand": 3}
            )
            services.reviews_assign(
                applications=[application], reviewer=second_reviewer, by=world.coordinator
            )

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get(_list_url(world, call))
        assert response.status_code == 200
        return len(context.captured_queries), len(response.context["rows"])

    add(3, 0)
    small, small_rows = queries()
    add(9, 3)
    large, large_rows = queries()

    assert (small_rows, large_rows) == (3, 12)
    assert small == large


# permissions, for every page


@pytest.fixture
def pages(world, call):
    """Every selection page with an application and assignments in place."""
    ana = submitted_application(call, email="ana@example.org")
    assignments = {
        name: services.reviews_assign(
            applications=[ana], reviewer=getattr(world, name), by=world.coordinator
        )[0]
        for name in ("coordinator", "reviewer")
    }
    return {"call": call, "application": ana, "assignments": assignments}


LIST_PAGES = ["application-list", "application-detail"]


def _page_url(world, pages, name, role="coordinator"):
    slug = world.program.slug
    if name == "application-list":
        return reverse(f"recruitment:{name}", args=[slug, pages["call"].pk])
    if name == "application-detail":
        return reverse(f"recruitment:{name}", args=[slug, pages["application"].pk])
    if name == "review-list":
        return reverse(f"recruitment:{name}", args=[slug])
    assignment = pages["assignments"].get(role, pages["assignments"]["reviewer"])
    return reverse(f"recruitment:{name}", args=[slug, assignment.pk])


@pytest.mark.parametrize(
    ("name", "role", "status"),
    [
        *[(page, "coordinator", 200) for page in LIST_PAGES],
        *[(page, "reviewer", 403) for page in LIST_PAGES],
        *[(page, role, 403) for page in LIST_PAGES for role in ROLES[2:]],
        *[(page, role, 200) for page in ("review-list", "review-form") for role in ROLES[:2]],
        *[(page, role, 403) for page in ("review-list", "review-form") for role in ROLES[2:]],
    ],
)
def test_each_page_answers_each_role(world, pages, name, role, status):
    response = client_for(getattr(world, role)).get(_page_url(world, pages, name, role))
    assert response.status_code == status


@pytest.mark.parametrize("name", [*LIST_PAGES, "review-list", "review-form"])
@pytest.mark.parametrize("person", ["outsider", "other_coordinator"])
def test_people_outside_the_program_get_404(world, pages, name, person):
    response = client_for(getattr(world, person)).get(_page_url(world, pages, name))
    assert response.status_code == 404


@pytest.mark.parametrize("name", [*LIST_PAGES, "review-list", "review-form"])
def test_every_page_needs_sign_in(world, pages, name):
    url = _page_url(world, pages, name)
    response = client_for(None).get(url)
    assertRedirects(
        response, f"{reverse('account_login')}?next={url}", fetch_redirect_response=False
    )


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("application-list", "post"),
        ("application-detail", "post"),
        ("review-list", "post"),
        ("review-form", "put"),
    ],
)
def test_wrong_methods_get_405(world, pages, name, method):
    client = client_for(world.coordinator)
    response = getattr(client, method)(_page_url(world, pages, name))
    assert response.status_code == 405


def test_the_bulk_and_decide_urls_take_only_post(world, pages):
    client = client_for(world.coordinator)
    assert client.get(_bulk_url(world, pages["call"])).status_code == 405
    assert client.get(_decide_url(world, pages["call"])).status_code == 405


@pytest.mark.parametrize(
    ("role", "status"), [("reviewer", 403), ("mentee", 403), ("outsider", 404)]
)
def test_only_coordinators_may_act_in_bulk(world, pages, role, status):
    data = {"submit_key": str(uuid.uuid4()), "applications": [pages["application"].pk]}
    client = client_for(getattr(world, role))
    bulk = client.post(_bulk_url(world, pages["call"]), {**data, "action": "accepted"})
    decide = client.post(
        _decide_url(world, pages["call"]), {**data, "decision": "accepted", "message": "Hola"}
    )
    assert (bulk.status_code, decide.status_code) == (status, status)
    assert Application.objects.get().status == Application.Status.SUBMITTED


def test_a_call_of_another_program_is_not_found(world, pages):
    other = make_call_with_rubric(world.other_program, by=world.other_coordinator, slug="otra")
    response = client_for(world.coordinator).get(_list_url(world, other))
    assert response.status_code == 404


def test_the_program_menu_offers_reviews_to_those_who_review(world):
    url = reverse("recruitment:review-list", args=[world.program.slug])
    home = world.program.get_absolute_url()
    assertContains(client_for(world.reviewer).get(home), url)
    assertContains(client_for(world.coordinator).get(home), url)
    assertNotContains(client_for(world.mentee).get(home), url)


# blind reviewing


def test_a_reviewer_cannot_open_another_reviewers_assignment(world, call, second_reviewer):
    ana = submitted_application(call, email="ana@example.org")
    theirs = submitted_review(
        ana, world.reviewer, by=world.coordinator, scores={"fit": 5, "demand": 5}, submit=False
    )
    client = client_for(second_reviewer)

    assert client.get(_review_url(world, theirs)).status_code == 404
    posted = client.post(_review_url(world, theirs), {"action": "submit", "review-fit": "1"})
    assert posted.status_code == 404
    theirs.refresh_from_db()
    assert theirs.completed_at is None


def test_the_review_list_shows_only_ones_own_assignments(world, call, second_reviewer):
    ana = submitted_application(call, email="ana@example.org", full_name="Ana Torres")
    luis = submitted_application(call, email="luis@example.org", full_name="Luis Paredes")
    mine = submitted_review(
        ana, world.reviewer, by=world.coordinator, scores={"fit": 2, "demand": 2}
    )
    submitted_review(ana, second_reviewer, by=world.coordinator, scores={"fit": 5, "demand": 5})
    submitted_review(luis, second_reviewer, by=world.coordinator, scores={"fit": 1, "demand": 1})

    response = client_for(world.reviewer).get(
        reverse("recruitment:review-list", args=[world.program.slug])
    )

    assert response.status_code == 200
    assert [a.pk for a in response.context["done"]] == [mine.pk]
    assert response.context["to_do"] == []
    assertContains(response, "Ana Torres")
    assertNotContains(response, "Luis Paredes")
    # Their own total is theirs to see; the other reviewer's 100.00 is not on the page.
    assertContains(response, _shown(mine.total, world.reviewer))
    assertNotContains(response, _shown(Decimal(100), world.reviewer))


def test_the_review_form_never_shows_other_reviewers_scores(world, call, second_reviewer):
    ana = submitted_application(call, email="ana@example.org")
    submitted_review(
        ana,
        second_reviewer,
        by=world.coordinator,
        scores={"fit": 5, "demand": 5, "comments": "Excelente candidata"},
    )
    services.reviews_assign(applications=[ana], reviewer=world.reviewer, by=world.coordinator)
    mine = ReviewAssignment.objects.get(reviewer=world.reviewer)

    response = client_for(world.reviewer).get(_review_url(world, mine))

    assert response.status_code == 200
    assertNotContains(response, "Excelente candidata")
    assertNotContains(response, _shown(Decimal(100), world.reviewer))
    assertNotContains(response, second_reviewer.full_name)


# the review form


def test_a_reviewer_saves_a_draft_then_submits_and_the_review_locks(world, call):
    ana = submitted_application(call, email="ana@example.org", city="Arequipa")
    services.reviews_assign(applications=[ana], reviewer=world.reviewer, by=world.coordinator)
    assignment = ReviewAssignment.objects.get()
    client = client_for(world.reviewer)
    url = _review_url(world, assignment)

    page = client.get(url)
    assertContains(page, "Arequipa")  # the application, read-only
    assert set(page.context["form"].fields) == {"fit", "demand", "comments"}

    draft = client.post(url, {"action": "draft", "review-fit": "4"})
    assertRedirects(draft, url, fetch_redirect_response=False)
    assignment.refresh_from_db()
    assert assignment.completed_at is None
    assert assignment.submission.status == Submission.Status.DRAFT
    assert client.get(url).context["form"].initial == {"fit": 4}

    incomplete = client.post(url, {"action": "submit", "review-fit": "4"})
    assert incomplete.status_code == 422
    assert "demand" in incomplete.context["form"].errors

    done = client.post(url, {"action": "submit", "review-fit": "4", "review-demand": "2"})
    assertRedirects(
        done,
        reverse("recruitment:review-list", args=[world.program.slug]),
        fetch_redirect_response=False,
    )
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    assert assignment.total == Decimal("70.00")  # 100 × (3 × 4/5 + 1 × 2/5) / 4
    assert ApplicationEvent.objects.filter(
        application=ana, action=ApplicationEvent.Action.REVIEWED, actor=world.reviewer
    ).exists()

    locked = client.get(url)
    assert "form" not in locked.context
    assertContains(locked, "4 / 5")
    again = client.post(url, {"action": "submit", "review-fit": "1", "review-demand": "1"})
    assertRedirects(again, url, fetch_redirect_response=False)
    assignment.refresh_from_db()
    assert assignment.total == Decimal("70.00")


def test_a_draft_review_keeps_the_rubric_version_it_started_with(world, call):
    ana = submitted_application(call, email="ana@example.org")
    services.reviews_assign(applications=[ana], reviewer=world.reviewer, by=world.coordinator)
    assignment = ReviewAssignment.objects.get()
    client = client_for(world.reviewer)
    client.post(_review_url(world, assignment), {"action": "draft", "review-fit": "5"})
    started = ReviewAssignment.objects.get().submission.version
    # The coordinator then publishes a new rubric version with a question reworded.
    draft = version_edit(instrument=call.rubric)
    question_update(question=draft.questions.get(key="demand"), label="Demanda (revisada)")
    version_publish(version=draft, by=world.coordinator)

    page = client.get(_review_url(world, assignment))

    assert {q.version for q in page.context["form"].questions} == {started}
    assertNotContains(page, "Demanda (revisada)")


def test_a_call_without_a_published_rubric_says_so(world, call):
    call.rubric = None
    call.save()
    ana = submitted_application(call, email="ana@example.org")
    services.reviews_assign(applications=[ana], reviewer=world.reviewer, by=world.coordinator)
    url = _review_url(world, ReviewAssignment.objects.get())
    client = client_for(world.reviewer)

    assert client.get(url).context["no_rubric"] is True
    assert client.post(url, {"action": "submit"}).status_code == 409


# bulk assignment


def _bulk(client, world, call, applications, action, **extra):
    data = {
        "submit_key": str(uuid.uuid4()),
        "applications": [str(a.pk) for a in applications],
        "action": action,
        "query": "order=name",
        **extra,
    }
    return client.post(_bulk_url(world, call), data)


def test_assigning_in_bulk_asks_the_reviewer_once(world, call, second_reviewer):
    ana = submitted_application(call, email="ana@example.org")
    luis = submitted_application(call, email="luis@example.org")
    client = client_for(world.coordinator)
    key = str(uuid.uuid4())

    first = _bulk(
        client, world, call, [ana, luis], "assign", reviewer=second_reviewer.pk, submit_key=key
    )
    resent = _bulk(
        client, world, call, [ana, luis], "assign", reviewer=second_reviewer.pk, submit_key=key
    )
    again = _bulk(client, world, call, [ana], "assign", reviewer=second_reviewer.pk)

    assertRedirects(first, _list_url(world, call, order="name"), fetch_redirect_response=False)
    assert resent.url == first.url
    assert again.status_code == 302
    assert ReviewAssignment.objects.filter(reviewer=second_reviewer).count() == 2
    events = ApplicationEvent.objects.filter(action=ApplicationEvent.Action.ASSIGNED)
    assert events.count() == 2
    assert {e.actor for e in events} == {world.coordinator}
    assert all(e.note == second_reviewer.full_name for e in events)


def test_a_draft_cannot_be_sent_to_review(world, call):
    draft = services.application_start(
        call=call, email="draft@example.org", role="mentee", language="es"
    )
    services.application_save(application=draft, cleaned={"city": "Lima"}, submit=False)

    created = services.reviews_assign(
        applications=[draft], reviewer=world.reviewer, by=world.coordinator
    )

    assert created == []
    assert not ReviewAssignment.objects.exists()


def test_coordinators_may_be_asked_to_review_but_mentees_may_not(world, call):
    ana = submitted_application(call, email="ana@example.org")
    client = client_for(world.coordinator)

    to_mentee = _bulk(client, world, call, [ana], "assign", reviewer=world.mentee.pk)
    to_coordinator = _bulk(client, world, call, [ana], "assign", reviewer=world.coordinator.pk)

    assert to_mentee.status_code == 422
    assert "reviewer" in to_mentee.context["form"].errors
    assert to_coordinator.status_code == 302
    assert ReviewAssignment.objects.get().reviewer == world.coordinator


def test_a_bulk_action_needs_a_selection_and_a_reviewer(world, call):
    ana = submitted_application(call, email="ana@example.org")
    client = client_for(world.coordinator)

    nothing = _bulk(client, world, call, [], "accepted")
    nobody = _bulk(client, world, call, [ana], "assign")

    assert nothing.status_code == 422
    assert "applications" in nothing.context["form"].errors
    assert nobody.status_code == 422
    assert "reviewer" in nobody.context["form"].errors
    # The list is shown again with the ticked row still ticked.
    assert nobody.context["selected"] == [str(ana.pk)]
    assertContains(
        nobody, f'value="{ana.pk}" id="pick-{ana.pk}" form="bulk-form" checked', status_code=422
    )


# decisions


def test_choosing_a_decision_asks_to_confirm_with_the_default_message(world, call):
    ana = submitted_application(call, email="ana@example.org")
    accepted = submitted_application(call, email="luis@example.org")
    services.applications_decide(
        applications=[accepted], decision="accepted", by=world.coordinator, message="Hola"
    )
    mail.outbox.clear()

    response = _bulk(client_for(world.coordinator), world, call, [ana, accepted], "accepted")

    assert response.status_code == 200
    assert response.context["summary"] == {
        "change": 1,
        "already": 1,
        "not_submitted": 0,
        "redecide": 0,
    }
    with translation.override(world.coordinator.language):
        default = gettext(DEFAULT_MESSAGES["accepted"])
    assert response.context["form"].initial["message"] == DEFAULT_MESSAGES["accepted"]
    assertContains(response, default.split(":")[0])
    # Nothing changes before the confirmation.
    ana.refresh_from_db()
    assert ana.status == Application.Status.SUBMITTED
    assert mail.outbox == []


def test_each_decision_has_its_own_default_message(world, call):
    ana = submitted_application(call, email="ana@example.org")
    client = client_for(world.coordinator)
    messages = {
        decision: _bulk(client, world, call, [ana], decision).context["form"].initial["message"]
        for decision in ("accepted", "waitlisted", "rejected")
    }
    assert len(set(messages.values())) == 3


def test_accepting_creates_the_membership_once_and_emails_once(
    world, call, django_capture_on_commit_callbacks
):
    area = focus_area(world.program)
    ana = submitted_application(
        call,
        email="ana@example.org",
        full_name="Ana Torres",
        city="Arequipa",
        goals="Aprender a liderar.",
        focus_areas=[str(area.pk)],
    )
    client = client_for(world.coordinator)
    mail.outbox.clear()
    key = str(uuid.uuid4())
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        first = _decide(client, world, call, [ana], "accepted", "¡Bienvenida!", submit_key=key)
        resent = _decide(client, world, call, [ana], "accepted", "¡Bienvenida!", submit_key=key)
        again = _decide(client, world, call, [ana], "accepted", "¡Bienvenida otra vez!")

    assertRedirects(first, _list_url(world, call), fetch_redirect_response=False)
    assert resent.url == first.url
    assert again.status_code == 302
    person = User.objects.get(email="ana@example.org")
    membership = Membership.objects.get(user=person, program=world.program)
    assert membership.role == Role.MENTEE
    assert membership.wave == world.wave
    assert list(membership.focus_areas.all()) == [area]
    # The profile is filled from the answers.
    assert (person.full_name, person.city, person.areas_wanted) == (
        "Ana Torres",
        "Arequipa",
        "Aprender a liderar.",
    )
    ana.refresh_from_db()
    assert ana.status == Application.Status.ACCEPTED
    assert ana.membership == membership
    assert ana.decided_by == world.coordinator
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert "¡Bienvenida!" in mail.outbox[0].body
    assert "http://testserver/" in mail.outbox[0].body  # the sign-in link
    (event,) = ApplicationEvent.objects.filter(application=ana, action="accepted")
    assert (event.actor, event.note) == (world.coordinator, "¡Bienvenida!")
    assert before <= event.at <= timezone.now()
    messages = [str(m) for m in again.wsgi_request._messages]
    assert any("already had this decision" in m for m in messages)


def test_accepting_reuses_an_existing_account_without_overwriting_it(
    world, call, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="ana@example.org", full_name="Ana T.", city="Cusco")
    ana = submitted_application(call, email="ANA@example.org", city="Arequipa")
    users = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        _decide(client_for(world.coordinator), world, call, [ana], "accepted", track=world.track.pk)

    assert User.objects.count() == users
    membership = Membership.objects.get(user=existing, program=world.program, role=Role.MENTEE)
    assert membership.track == world.track
    existing.refresh_from_db()
    assert (existing.full_name, existing.city) == ("Ana T.", "Cusco")
    assert existing.areas_wanted == "Quiero liderar un equipo de datos."  # empty before: filled


@pytest.mark.parametrize("decision", ["waitlisted", "rejected"])
def test_waitlisting_and_rejecting_email_the_coordinators_message_in_the_persons_language(
    world, call, django_capture_on_commit_callbacks, decision
):
    ana = submitted_application(call, email="ana@example.org", full_name="Ana Torres")
    john = submitted_application(call, email="john@example.org", full_name="John", language="en")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(
            client_for(world.coordinator), world, call, [ana, john], decision, "Gracias por todo."
        )

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "john@example.org"]
    for message in mail.outbox:
        assert "Gracias por todo." in message.body
        assert call.title in message.subject
    sent = {m.to[0]: m for m in mail.outbox}
    assert "Ana Torres" in sent["ana@example.org"].body
    with translation.override("en"):
        assert gettext("Hello %(name)s,") % {"name": "John"} in sent["john@example.org"].body
    assert not Membership.objects.filter(user__email__in=["ana@example.org", "john@example.org"])
    for application in (ana, john):
        application.refresh_from_db()
        assert application.status == decision
        event = application.events.get(action=decision)
        assert (event.actor, event.note) == (world.coordinator, "Gracias por todo.")


def test_a_decision_needs_a_message(world, call):
    ana = submitted_application(call, email="ana@example.org")

    response = _decide(client_for(world.coordinator), world, call, [ana], "rejected", "")

    assert response.status_code == 422
    assert "message" in response.context["form"].errors
    ana.refresh_from_db()
    assert ana.status == Application.Status.SUBMITTED


def test_changing_a_decision_is_announced_before_confirming(world, call):
    ana = submitted_application(call, email="ana@example.org")
    services.applications_decide(
        applications=[ana], decision="waitlisted", by=world.coordinator, message="Espera"
    )

    response = _bulk(client_for(world.coordinator), world, call, [ana], "accepted")

    assert response.context["summary"]["redecide"] == 1
    assertContains(response, "already has another decision")


def test_drafts_are_left_out_of_decisions(world, call):
    draft = services.application_start(
        call=call, email="draft@example.org", role="mentee", language="es"
    )
    services.application_save(application=draft, cleaned={"city": "Lima"}, submit=False)

    response = _decide(client_for(world.coordinator), world, call, [draft], "rejected")

    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("not submitted" in m for m in messages)


# the detail page


def test_the_detail_shows_answers_reviews_and_history(world, call, second_reviewer):
    area = focus_area(world.program, "Finanzas")
    ana = submitted_application(
        call,
        email="ana@example.org",
        full_name="Ana Torres",
        hours="3",
        focus_areas=[str(area.pk)],
        availability=["mon-evening"],
    )
    submitted_review(
        ana,
        world.reviewer,
        by=world.coordinator,
        scores={"fit": 5, "demand": 3, "comments": "Muy clara"},
    )
    submitted_review(ana, second_reviewer, by=world.coordinator, scores={"fit": 4, "demand": 2})
    world.coordinator.language = "es"  # questions show in the reader's language
    world.coordinator.save()

    response = client_for(world.coordinator).get(_detail_url(world, ana))

    assert response.status_code == 200
    answers = {row.label: row.value for row in response.context["answers"]}
    assert answers["Ciudad"] == "Lima"
    assert answers["Tiempo que puedes dedicar"] == "3 o más horas a la semana"
    assert answers["¿En qué áreas quieres crecer?"] == "Finanzas"
    assert answers["¿Qué tan comprometida o comprometido estás?"] == "4 / 5"
    with translation.override("es"):
        assert answers["¿Cuándo puedes reunirte?"] == f"{gettext('Monday')} {gettext('evening')}"
    reviews = {r.assignment.reviewer: r for r in response.context["reviews"]}
    assert reviews[world.reviewer].scores == ["5 / 5", "3 / 5"]
    assert reviews[world.reviewer].comments == [("Comentarios", "Muy clara")]
    assert reviews[second_reviewer].scores == ["4 / 5", "2 / 5"]
    assert reviews[second_reviewer].assignment.total == Decimal("70.00")
    assert response.context["row"].total == Decimal("84.00")
    assertContains(response, "Muy clara")
    assertContains(response, _shown(Decimal("90.00"), world.coordinator))
    actions = [e.action for e in response.context["events"]]
    assert actions == ["started", "submitted", "assigned", "reviewed", "assigned", "reviewed"]
    assert [value for value, _label in response.context["decisions"]] == [
        "accepted",
        "waitlisted",
        "rejected",
    ]


def test_a_decision_from_the_detail_page_comes_back_to_it(
    world, call, django_capture_on_commit_callbacks
):
    ana = submitted_application(call, email="ana@example.org")
    client = client_for(world.coordinator)
    data = {
        "submit_key": str(uuid.uuid4()),
        "applications": [str(ana.pk)],
        "back_to_detail": "True",
        "action": "waitlisted",
    }

    confirm = client.post(_bulk_url(world, call), data)
    form = confirm.context["form"]
    assert form.initial["back_to_detail"] is True
    assert confirm.context["back_url"] == _detail_url(world, ana)
    with django_capture_on_commit_callbacks(execute=True):
        done = _decide(client, world, call, [ana], "waitlisted", back_to_detail="True")

    assertRedirects(done, _detail_url(world, ana), fetch_redirect_response=False)
    ana.refresh_from_db()
    assert ana.status == Application.Status.WAITLISTED
    assert len(mail.outbox) >= 1


def test_the_detail_of_another_programs_application_is_not_found(world, call):
    other_call = make_call_with_rubric(world.other_program, by=world.other_coordinator, slug="o")
    theirs = submitted_application(other_call, email="x@example.org")
    response = client_for(world.coordinator).get(_detail_url(world, theirs))
    assert response.status_code == 404


# uploaded files


@pytest.fixture
def cv_application(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call = make_call_with_rubric(
        world.program, by=world.coordinator, roles=("mentor",), slug="mentores"
    )
    cv = SimpleUploadedFile("hoja-de-vida.pdf", b"%PDF-1.4 cv", content_type="application/pdf")
    application = submitted_application(call, email="marta@example.org", role="mentor", cv=cv)
    answer = application.submission.answers.get(question__key="cv")
    return application, answer


def _file_url(world, application, answer_id):
    return reverse("recruitment:answer-file", args=[world.program.slug, application.pk, answer_id])


def test_coordinators_download_an_uploaded_file_through_the_page(world, cv_application):
    application, answer = cv_application
    client = client_for(world.coordinator)

    detail = client.get(_detail_url(world, application))
    response = client.get(_file_url(world, application, answer.pk))

    assertContains(detail, _file_url(world, application, answer.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 cv"
    assert response["Content-Disposition"].startswith("attachment")
    assert "hoja-de-vida" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("person", "status"),
    [("reviewer", 403), ("mentor", 403), ("outsider", 404), ("other_coordinator", 404)],
)
def test_nobody_else_downloads_uploaded_files(world, cv_application, person, status):
    application, answer = cv_application
    response = client_for(getattr(world, person)).get(_file_url(world, application, answer.pk))
    assert response.status_code == status


def test_a_file_is_served_only_with_its_own_application(world, cv_application):
    application, answer = cv_application
    other = submitted_application(application.call, email="otra@example.org", role="mentor")
    not_a_file = application.submission.answers.get(question__key="full_name")
    client = client_for(world.coordinator)

    assert client.get(_file_url(world, other, answer.pk)).status_code == 404
    assert client.get(_file_url(world, application, not_a_file.pk)).status_code == 404
    assert client.post(_file_url(world, application, answer.pk)).status_code == 405


def test_reviewers_see_that_a_file_exists_without_a_link(world, cv_application):
    application, answer = cv_application
    services.reviews_assign(
        applications=[application], reviewer=world.reviewer, by=world.coordinator
    )
    response = client_for(world.reviewer).get(_review_url(world, ReviewAssignment.objects.get()))
    assertContains(response, "hoja-de-vida")
    assertNotContains(response, _file_url(world, application, answer.pk))


def test_an_automatic_criterion_sent_twice_is_added_once(world):
    call = make_call_with_rubric(world.program, by=world.coordinator)
    client = client_for(world.coordinator)
    url = reverse("recruitment:criterion-add", args=[world.program.slug, call.pk])
    data = {
        "criterion-label": "Tiene negocio formal",
        "criterion-question_key": "motivation",
        "criterion-expected": "4",
        "criterion-weight": "2",
        "criterion-submit_key": str(uuid.uuid4()),
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert call.auto_criteria.count() == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    # The call's page offers the next criterion with a fresh key.
    page = client.get(first.url)
    assertContains(page, 'name="criterion-submit_key"')
    assertNotContains(page, data["criterion-submit_key"])
