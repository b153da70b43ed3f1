"""The form builder pages: who may use them, building with and without htmx, preview."""

import uuid

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from puente.conftest import client_for
from puente.factories import FocusAreaFactory, UserFactory
from puente.instruments import catalog, services
from puente.instruments.models import (
    Answer,
    Instrument,
    InstrumentVersion,
    Question,
    QuestionType,
    Submission,
)

pytestmark = pytest.mark.django_db

T = QuestionType
HTMX = {"HTTP_HX_REQUEST": "true"}
MEMBERS_WITHOUT_THE_RIGHT = ["reviewer", "tutor", "mentor", "mentee", "observer"]


@pytest.fixture(autouse=True)
def english():
    # The views answer in the person's language; texts are compared in English.
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(world):
    world.coordinator.language = "en"
    world.coordinator.save()
    return client_for(world.coordinator)


def make_instrument(program, *keys, name="Encuesta", publish_by=None):
    instrument = services.instrument_create(program=program, name=name, kind="survey")
    version = instrument.versions.get()
    for key in keys:
        services.question_add(version=version, key=key, type=T.SHORT_TEXT, label=f"¿{key}?")
    if publish_by is not None:
        services.version_publish(version=version, by=publish_by)
    return instrument


@pytest.fixture
def instrument(world):
    return make_instrument(world.program, "name", "city", "goals")


def url(name, instrument, *args):
    return reverse(f"instruments:{name}", args=[instrument.program.slug, instrument.pk, *args])


def keys(version):
    return list(version.questions.order_by("position").values_list("key", flat=True))


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def page_urls(world, instrument):
    return {
        "list": reverse("instruments:instrument-list", args=[world.program.slug]),
        "builder": url("builder", instrument),
        "preview": url("preview", instrument),
    }


def question_data(**overrides):
    data = {
        "new-type": T.SHORT_TEXT,
        "new-key": "phone",
        "new-label": "Teléfono",
        "new-label_en": "Phone",
        "new-help_text": "",
        "new-help_text_en": "",
        "new-options": "",
        "new-scale": "",
        "new-min_value": "",
        "new-max_value": "",
        "new-max_length": "",
        "new-weight": "1",
        "new-submit_key": str(uuid.uuid4()),
    }
    data.update({f"new-{name}": value for name, value in overrides.items()})
    return data


# who may see the pages


@pytest.mark.parametrize("page", ["list", "builder", "preview"])
def test_the_coordinator_sees_the_page(world, coordinator, instrument, page):
    response = coordinator.get(page_urls(world, instrument)[page])
    assert response.status_code == 200
    assertContains(response, 'aria-current="page">Forms</a>')


@pytest.mark.parametrize("page", ["list", "builder", "preview"])
def test_anonymous_people_are_sent_to_sign_in(world, instrument, page):
    target = page_urls(world, instrument)[page]
    response = client_for(None).get(target)
    assertRedirects(
        response, f"{reverse('account_login')}?next={target}", fetch_redirect_response=False
    )


@pytest.mark.parametrize("role", MEMBERS_WITHOUT_THE_RIGHT)
def test_members_without_the_right_cannot_change_questions(world, instrument, role):
    version = instrument.versions.get()
    question = version.questions.get(key="goals")
    client = client_for(getattr(world, role))
    add = client.post(url("question-add", instrument, 1), question_data())
    move = client.post(url("question-move", instrument, question.pk), {"direction": "up"})
    delete = client.post(url("question-delete", instrument, question.pk))
    publish = client.post(url("version-publish", instrument))
    assert [r.status_code for r in (add, move, delete, publish)] == [403] * 4
    assert keys(version) == ["name", "city", "goals"]
    assert version.status == InstrumentVersion.Status.DRAFT


def test_the_forms_link_shows_in_the_program_nav_for_coordinators_only(world, coordinator):
    forms_url = reverse("instruments:instrument-list", args=[world.program.slug])
    assertContains(coordinator.get(world.program.get_absolute_url()), forms_url)
    assertNotContains(client_for(world.mentor).get(world.program.get_absolute_url()), forms_url)


def test_another_programs_form_is_not_found_through_this_program(world, coordinator):
    theirs = make_instrument(world.other_program, "name")
    response = coordinator.get(reverse("instruments:builder", args=[world.program.slug, theirs.pk]))
    assert response.status_code == 404
    response = coordinator.get(
        reverse("instruments:builder", args=[theirs.program.slug, theirs.pk])
    )
    assert response.status_code == 404


def test_another_programs_questions_are_unreachable(world, coordinator, instrument):
    theirs = make_instrument(world.other_program, "secret")
    question = theirs.versions.get().questions.get()
    for name in ("question-move", "question-delete", "question-edit"):
        response = coordinator.post(url(name, instrument, question.pk), {"direction": "down"})
        assert response.status_code == 404, name
    assert Question.objects.filter(pk=question.pk, label="¿secret?").exists()


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("instrument-list", (), "post"),
        ("instrument-create", (), "get"),
        ("instrument-from-template", (), "get"),
        ("builder", ("pk",), "post"),
        ("version-edit", ("pk",), "get"),
        ("version-publish", ("pk",), "get"),
        ("preview", ("pk",), "put"),
        ("question-add", ("pk", 1), "get"),
        ("question-move", ("pk", "q"), "get"),
        ("question-delete", ("pk", "q"), "get"),
        ("question-edit", ("pk", "q"), "delete"),
    ],
)
def test_a_wrong_method_is_refused(world, coordinator, instrument, name, args, method):
    question = instrument.versions.get().questions.first()
    values = {"pk": instrument.pk, "q": question.pk}
    target = reverse(
        f"instruments:{name}", args=[world.program.slug, *(values.get(a, a) for a in args)]
    )
    assert getattr(coordinator, method)(target).status_code == 405


# the list of forms


def test_the_list_shows_each_forms_version_draft_and_answers(world, coordinator):
    published = make_instrument(
        world.program, "name", name="Publicada", publish_by=world.coordinator
    )
    first = published.versions.get()
    for _ in range(3):
        Submission.objects.create(version=first)
    services.version_edit(instrument=published)
    make_instrument(world.program, "name", name="Borrador")
    make_instrument(world.other_program, "name", name="Ajena")

    response = coordinator.get(reverse("instruments:instrument-list", args=[world.program.slug]))
    rows = {item.name: item for item in response.context["instruments"]}
    assert set(rows) == {"Publicada", "Borrador"}
    assert (rows["Publicada"].published_number, rows["Publicada"].has_draft) == (1, True)
    assert rows["Publicada"].submission_count == 3
    assert (rows["Borrador"].published_number, rows["Borrador"].has_draft) == (None, True)
    assert rows["Borrador"].submission_count == 0
    assertContains(response, "version 1")
    assertContains(response, "not published")
    assertNotContains(response, "Ajena")


def test_the_list_offers_the_templates_in_the_persons_language(world, coordinator):
    target = reverse("instruments:instrument-list", args=[world.program.slug])
    english = coordinator.get(target)
    for template in catalog.TEMPLATES:
        assertContains(english, template.name_en)
    world.coordinator.language = "es"
    world.coordinator.save()
    response = client_for(world.coordinator).get(target)
    assertContains(response, escape(catalog.get("mentor-application").name))
    assertNotContains(response, "Mentor application")


def test_the_list_makes_the_same_number_of_queries_for_more_forms(world, coordinator):
    target = reverse("instruments:instrument-list", args=[world.program.slug])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = coordinator.get(target)
        assert response.status_code == 200
        return len(queries), len(response.context["instruments"])

    for n in range(2):
        instrument = make_instrument(world.program, "a", name=f"F{n}", publish_by=world.coordinator)
        Submission.objects.create(version=instrument.versions.get())
    few = count_queries()
    for n in range(2, 6):
        instrument = make_instrument(world.program, "a", name=f"F{n}", publish_by=world.coordinator)
        services.version_edit(instrument=instrument)
    many = count_queries()
    assert few[1] == 2 and many[1] == 6
    assert few[0] == many[0]


def test_a_form_starts_from_a_template(world, coordinator):
    response = coordinator.post(
        reverse("instruments:instrument-from-template", args=[world.program.slug]),
        {"template-template": "mentee-application", "template-submit_key": str(uuid.uuid4())},
    )
    instrument = Instrument.objects.get(program=world.program)
    assertRedirects(response, url("builder", instrument), fetch_redirect_response=False)
    assert instrument.name == "Mentee application"  # the person's language
    assert instrument.template_key == "mentee-application"
    template = catalog.get("mentee-application")
    assert keys(instrument.versions.get()) == [q["key"] for q in template.questions]


def test_a_double_submit_from_a_template_creates_one_form(world, coordinator):
    target = reverse("instruments:instrument-from-template", args=[world.program.slug])
    data = {"template-template": "screening-rubric", "template-submit_key": str(uuid.uuid4())}
    first = coordinator.post(target, data)
    second = coordinator.post(target, data)
    assert Instrument.objects.filter(program=world.program).count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_an_unknown_template_is_an_error_on_the_list_page(world, coordinator):
    response = coordinator.post(
        reverse("instruments:instrument-from-template", args=[world.program.slug]),
        {"template-template": "nope", "template-submit_key": str(uuid.uuid4())},
    )
    assert response.status_code == 422
    assert response.context["template_form"].errors["template"]
    assert not Instrument.objects.exists()


def test_a_blank_form_is_created_with_a_draft_version(world, coordinator):
    response = coordinator.post(
        reverse("instruments:instrument-create", args=[world.program.slug]),
        {
            "blank-name": "Encuesta de cierre",
            "blank-kind": "survey",
            "blank-submit_key": str(uuid.uuid4()),
        },
    )
    instrument = Instrument.objects.get(program=world.program)
    assertRedirects(response, url("builder", instrument), fetch_redirect_response=False)
    assert (instrument.name, instrument.kind) == ("Encuesta de cierre", "survey")
    assert instrument.versions.get().status == InstrumentVersion.Status.DRAFT


def test_a_blank_form_needs_a_name_and_keeps_the_kind(world, coordinator):
    response = coordinator.post(
        reverse("instruments:instrument-create", args=[world.program.slug]),
        {"blank-name": "", "blank-kind": "rubric", "blank-submit_key": str(uuid.uuid4())},
    )
    assert response.status_code == 422
    assertContains(response, "This field is required.", status_code=422)
    assertContains(response, '<option value="rubric" selected>', status_code=422)
    assert not Instrument.objects.exists()


# building a draft


def test_the_builder_lists_the_drafts_questions_with_their_buttons(coordinator, instrument):
    response = coordinator.get(url("builder", instrument))
    assert [q.key for q in response.context["questions"]] == ["name", "city", "goals"]
    assertContains(response, "Publish version 1")
    assertContains(response, "Add a question")
    question = instrument.versions.get().questions.get(key="city")
    assertContains(response, f'hx-post="{url("question-move", instrument, question.pk)}"', count=2)
    assertContains(response, url("question-edit", instrument, question.pk))


def test_htmx_add_question_returns_the_partial_with_the_new_question(coordinator, instrument):
    response = coordinator.post(url("question-add", instrument, 1), question_data(), **HTMX)
    assert response.status_code == 200
    assertNotContains(response, "<html")
    assertContains(response, 'id="editor"')
    assertContains(response, "Teléfono")
    assertContains(response, "Question “phone” added.")
    question = instrument.versions.get().questions.get(key="phone")
    assert (question.label_en, question.position) == ("Phone", 3)
    # The add form comes back empty, ready for the next question.
    assert response.context["add_form"].is_bound is False


def test_add_question_without_javascript_redirects_to_the_question(coordinator, instrument):
    response = coordinator.post(url("question-add", instrument, 1), question_data())
    question = Question.objects.get(key="phone")
    assertRedirects(
        response,
        url("builder", instrument) + f"#question-{question.pk}",
        fetch_redirect_response=False,
    )


def test_a_choice_question_takes_its_options_one_a_line(coordinator, instrument):
    options = "Mañana | Morning\ncustom-value | Tarde | Afternoon\n\nNoche"
    coordinator.post(
        url("question-add", instrument, 1),
        question_data(type=T.SINGLE_CHOICE, key="band", options=options),
        **HTMX,
    )
    question = Question.objects.get(key="band")
    assert question.choices == [
        {"value": "manana", "label": "Mañana", "label_en": "Morning"},
        {"value": "custom-value", "label": "Tarde", "label_en": "Afternoon"},
        {"value": "noche", "label": "Noche", "label_en": ""},
    ]


def test_a_scale_question_keeps_its_scale_and_ignores_other_settings(coordinator, instrument):
    coordinator.post(
        url("question-add", instrument, 1),
        question_data(
            type=T.SCALE, key="fit", scale="nps", options="A\nB", min_value="3", weight="2.5"
        ),
        **HTMX,
    )
    question = Question.objects.get(key="fit")
    assert (question.scale, question.choices, question.min_value) == ("nps", [], None)
    assert str(question.weight) == "2.50"


def test_an_invalid_question_comes_back_with_errors_and_typed_values(coordinator, instrument):
    response = coordinator.post(
        url("question-add", instrument, 1),
        question_data(type=T.SINGLE_CHOICE, key="colour", label="Color favorito", options="Rojo"),
        **HTMX,
    )
    assert response.status_code == 422
    assertNotContains(response, "<html", status_code=422)
    form = response.context["add_form"]
    assert form.errors["options"] == ["Give at least two options."]
    assertContains(response, 'value="Color favorito"', status_code=422)
    assertContains(response, 'value="colour"', status_code=422)
    assertContains(response, "Rojo</textarea>", status_code=422)
    # The error sits inside the field's own block, next to it.
    html = response.content.decode()
    field = html[html.index('class="field has-error"') :]
    assert field.index("Give at least two options.") < field.index('name="new-options"')
    assert not Question.objects.filter(key="colour").exists()


def test_an_invalid_question_without_javascript_shows_the_whole_page(coordinator, instrument):
    response = coordinator.post(url("question-add", instrument, 1), question_data(type=T.SCALE))
    assert response.status_code == 422
    assertContains(response, "<html", status_code=422)
    assertContains(response, "Choose the scale.", status_code=422)


def test_a_repeated_key_is_a_clear_error(coordinator, instrument):
    response = coordinator.post(
        url("question-add", instrument, 1), question_data(key="city"), **HTMX
    )
    assert response.status_code == 422
    assert response.context["add_form"].errors["key"] == [
        "This form already has a question with the key “city”. Keys must differ."
    ]
    assert instrument.versions.get().questions.filter(key="city").count() == 1


def test_number_bounds_must_be_in_order(coordinator, instrument):
    response = coordinator.post(
        url("question-add", instrument, 1),
        question_data(type=T.NUMBER, key="age", min_value="70", max_value="18"),
        **HTMX,
    )
    assert response.status_code == 422
    assert response.context["add_form"].errors["max_value"]


def test_htmx_move_returns_the_reordered_list(coordinator, instrument):
    version = instrument.versions.get()
    goals = version.questions.get(key="goals")
    response = coordinator.post(
        url("question-move", instrument, goals.pk), {"direction": "up"}, **HTMX
    )
    assert response.status_code == 200
    assertNotContains(response, "<html")
    assert keys(version) == ["name", "goals", "city"]
    assert [q.key for q in response.context["questions"]] == ["name", "goals", "city"]
    assertContains(response, "Question “goals” is now number 2.")
    html = response.content.decode()
    assert html.index("¿goals?") < html.index("¿city?")


def test_move_without_javascript_redirects_back(coordinator, instrument):
    version = instrument.versions.get()
    name = version.questions.get(key="name")
    response = coordinator.post(url("question-move", instrument, name.pk), {"direction": "down"})
    assertRedirects(
        response, url("builder", instrument) + "#questions", fetch_redirect_response=False
    )
    assert keys(version) == ["city", "name", "goals"]


def test_a_move_needs_a_direction(coordinator, instrument):
    question = instrument.versions.get().questions.get(key="city")
    response = coordinator.post(
        url("question-move", instrument, question.pk), {"direction": "left"}
    )
    assert response.status_code == 400


def test_htmx_delete_removes_the_question(coordinator, instrument):
    version = instrument.versions.get()
    city = version.questions.get(key="city")
    response = coordinator.post(url("question-delete", instrument, city.pk), **HTMX)
    assert response.status_code == 200
    assertNotContains(response, "¿city?")
    assert keys(version) == ["name", "goals"]


def test_htmx_edit_shows_the_form_inline_and_saves(coordinator, instrument):
    question = instrument.versions.get().questions.get(key="city")
    target = url("question-edit", instrument, question.pk)
    shown = coordinator.get(target, **HTMX)
    assert shown.status_code == 200
    assertNotContains(shown, "<html")
    assertContains(shown, f'name="q{question.pk}-label"')
    assertContains(shown, 'value="¿city?"')

    prefix = f"q{question.pk}-"
    data = {
        f"{prefix}{key[4:]}": value
        for key, value in question_data(key="town", label="Ciudad", label_en="Town").items()
    }
    saved = coordinator.post(target, data, **HTMX)
    assert saved.status_code == 200
    question.refresh_from_db()
    assert (question.key, question.label, question.label_en) == ("town", "Ciudad", "Town")
    assertContains(saved, "Ciudad")


def test_an_invalid_edit_keeps_the_typed_values(coordinator, instrument):
    question = instrument.versions.get().questions.get(key="city")
    prefix = f"q{question.pk}-"
    data = {
        f"{prefix}{key[4:]}": value
        for key, value in question_data(key="name", label="Nuevo texto").items()
    }
    response = coordinator.post(url("question-edit", instrument, question.pk), data, **HTMX)
    assert response.status_code == 422
    assertContains(response, 'value="Nuevo texto"', status_code=422)
    assertContains(response, "already has a question with the key “name”", status_code=422)
    question.refresh_from_db()
    assert question.label == "¿city?"


def test_editing_a_choice_question_shows_its_options_one_a_line(world, coordinator):
    instrument = services.instrument_from_template(
        program=world.program, template_key="mentee-application"
    )
    hours = instrument.versions.get().questions.get(key="hours")
    response = coordinator.get(url("question-edit", instrument, hours.pk), **HTMX)
    assertContains(
        response,
        "1 | 1 hora a la semana | 1 hour a week\n2 | 2 horas a la semana | 2 hours a week\n",
    )
    # Saved back unchanged, the options keep their values.
    form = response.context["edit_form"]
    data = {
        form.add_prefix(name): "" if value is None else value
        for name, value in form.initial.items()
        if name != "required"
    }
    data[form.add_prefix("required")] = "on"
    coordinator.post(url("question-edit", instrument, hours.pk), data, **HTMX)
    hours.refresh_from_db()
    assert hours.choices == catalog.get("mentee-application").questions[5]["choices"]


def test_options_are_ignored_for_questions_without_choices(coordinator, instrument):
    response = coordinator.post(
        url("question-add", instrument, 1),
        question_data(key="free", options="a | b | c | d"),
        **HTMX,
    )
    assert response.status_code == 200
    assert Question.objects.get(key="free").choices == []


def test_edit_without_javascript_is_the_builder_page(coordinator, instrument):
    question = instrument.versions.get().questions.get(key="city")
    response = coordinator.get(url("question-edit", instrument, question.pk))
    assertContains(response, "<html")
    assertContains(response, f'name="q{question.pk}-key"')


# publishing and versions


def test_publish_makes_the_draft_the_published_version(world, coordinator, instrument):
    response = coordinator.post(url("version-publish", instrument))
    assertRedirects(response, url("builder", instrument), fetch_redirect_response=False)
    version = instrument.versions.get()
    assert version.is_published
    assert version.published_by == world.coordinator


def test_publishing_an_empty_form_says_why_it_cannot(world, coordinator):
    empty = make_instrument(world.program)
    response = coordinator.post(url("version-publish", empty))
    assertRedirects(response, url("builder", empty), fetch_redirect_response=False)
    assert messages_of(response) == ["Add at least one question before publishing."]
    assert empty.versions.get().status == InstrumentVersion.Status.DRAFT


def test_viewing_a_published_form_creates_no_version(world, coordinator):
    instrument = make_instrument(world.program, "name", publish_by=world.coordinator)
    response = coordinator.get(url("builder", instrument))
    assertContains(response, "Edit (creates version 2)")
    assertNotContains(response, "Add a question")
    assertNotContains(response, "Move up")
    assert instrument.versions.count() == 1


def test_editing_after_publishing_creates_the_next_version(world, coordinator):
    instrument = make_instrument(world.program, "name", "city", publish_by=world.coordinator)
    response = coordinator.post(url("version-edit", instrument))
    assertRedirects(response, url("builder", instrument), fetch_redirect_response=False)
    draft = services.draft_version(instrument)
    assert draft.number == 2
    assert keys(draft) == ["name", "city"]
    # Asking again does not open a third version.
    coordinator.post(url("version-edit", instrument))
    assert instrument.versions.count() == 2

    page = coordinator.get(url("builder", instrument))
    assertContains(page, "Publish version 2")
    assert [v.number for v in page.context["history"]] == [2, 1]


def test_a_published_versions_questions_cannot_be_changed(world, coordinator):
    instrument = make_instrument(world.program, "name", "city", publish_by=world.coordinator)
    services.version_edit(instrument=instrument)
    published = instrument.versions.get(number=1)
    city = published.questions.get(key="city")

    moved = coordinator.post(url("question-move", instrument, city.pk), {"direction": "up"}, **HTMX)
    assert moved["HX-Redirect"] == url("builder", instrument)
    assert messages_of(moved) == ["A published version cannot change; edit a new version instead."]
    deleted = coordinator.post(url("question-delete", instrument, city.pk))
    assertRedirects(deleted, url("builder", instrument), fetch_redirect_response=False)
    edited = coordinator.get(url("question-edit", instrument, city.pk))
    assert edited.status_code == 302
    added = coordinator.post(url("question-add", instrument, 1), question_data())
    assert added.status_code == 302

    assert keys(published) == ["name", "city"]
    assert not published.questions.filter(key="phone").exists()


def test_the_version_history_counts_answers_per_version(world, coordinator):
    instrument = make_instrument(world.program, "name", publish_by=world.coordinator)
    Submission.objects.create(version=instrument.versions.get())
    services.version_edit(instrument=instrument)
    response = coordinator.get(url("builder", instrument))
    history = {v.number: (v.status, v.submission_count) for v in response.context["history"]}
    assert history == {1: ("published", 1), 2: ("draft", 0)}


# preview


def test_preview_shows_the_form_of_the_chosen_version(world, coordinator):
    instrument = make_instrument(world.program, "name", publish_by=world.coordinator)
    draft = services.version_edit(instrument=instrument)
    services.question_add(version=draft, key="extra", type=T.LONG_TEXT, label="Solo en la v2")
    v1 = coordinator.get(url("preview", instrument) + "?version=1")
    v2 = coordinator.get(url("preview", instrument) + "?version=2")
    assertNotContains(v1, "Solo en la v2")
    assertContains(v2, "Solo en la v2")
    assert coordinator.get(url("preview", instrument) + "?version=9").status_code == 404
    assert coordinator.get(url("preview", instrument) + "?version=x").status_code == 404


def test_preview_offers_only_the_programs_focus_areas(world, coordinator):
    FocusAreaFactory(program=world.program, name="Finanzas")
    FocusAreaFactory(program=world.other_program, name="Ajena")
    instrument = make_instrument(world.program)
    services.question_add(
        version=instrument.versions.get(), key="areas", type=T.FOCUS_AREAS, label="Áreas"
    )
    response = coordinator.get(url("preview", instrument))
    assertContains(response, "Finanzas")
    assertNotContains(response, "Ajena")


def test_preview_shows_errors_and_saves_nothing(coordinator, instrument):
    version = instrument.versions.get()
    services.question_add(
        version=version, key="fit", type=T.SCALE, scale="1-5", label="Encaje", required=True
    )
    response = coordinator.post(
        url("preview", instrument) + "?version=1", {"name": "Ana", "fit": "9"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["fit"]
    assertContains(response, 'value="Ana"', status_code=422)
    assert not Submission.objects.exists()


def test_preview_shows_how_the_answers_would_be_saved(world, coordinator):
    instrument = make_instrument(world.program)
    version = instrument.versions.get()
    choices = [
        {"value": "a", "label": "Opción A", "label_en": "Option A"},
        {"value": "b", "label": "B", "label_en": ""},
    ]
    services.question_add(
        version=version, key="pick", type=T.MULTIPLE_CHOICE, label="Elige", choices=choices
    )
    services.question_add(version=version, key="ok", type=T.YES_NO, label="¿Sí?")
    services.question_add(version=version, key="when", type=T.AVAILABILITY, label="Cuándo")
    services.question_add(version=version, key="cv", type=T.FILE, label="CV")
    page = coordinator.get(url("preview", instrument))
    assertContains(page, 'enctype="multipart/form-data"')
    assertContains(page, 'class="availability"')

    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.4")
    response = coordinator.post(
        url("preview", instrument),
        {"pick": ["a", "b"], "ok": "no", "when": ["tue-evening"], "cv": upload},
    )
    assert response.status_code == 200
    assertContains(response, "This is how it would be saved")
    assertContains(response, "Option A, B")
    assertContains(response, "Tuesday evening")
    assertContains(response, "cv.pdf (8")
    rows = {q.key: (shown, stored) for q, shown, stored in response.context["result"]}
    assert rows["ok"] == ("No", "yes or no")
    assert rows["pick"][1] == "options, one row each"
    assert not Submission.objects.exists()
    assert not Answer.objects.exists()


def test_preview_can_check_a_draft_with_required_answers_missing(coordinator, instrument):
    services.question_add(
        version=instrument.versions.get(), key="must", type=T.SHORT_TEXT, label="M", required=True
    )
    submitted = coordinator.post(url("preview", instrument), {"name": "Ana"})
    draft = coordinator.post(url("preview", instrument), {"name": "Ana", "as_draft": "1"})
    assert submitted.status_code == 422
    assert draft.status_code == 200
    assertContains(draft, "This is how it would be saved as a draft")


def test_an_organization_admin_can_use_the_builder(world):
    # An organization admin acts as a coordinator without a membership.
    admin = UserFactory()
    world.program.organization.admins.add(admin)
    assert (
        client_for(admin)
        .get(reverse("instruments:instrument-list", args=[world.program.slug]))
        .status_code
        == 200
    )


def test_a_question_sent_twice_is_added_once(coordinator, instrument):
    """A double click on "Add question": one question, and the second answer shows the
    builder instead of refusing the key the first one took."""
    data = question_data()
    first = coordinator.post(url("question-add", instrument, 1), data, **HTMX)
    second = coordinator.post(url("question-add", instrument, 1), data, **HTMX)
    assert (first.status_code, second.status_code) == (200, 200)
    assert instrument.versions.get().questions.filter(key="phone").count() == 1
    assertNotContains(second, 'class="error-summary"')
    plain = question_data(key="email")
    coordinator.post(url("question-add", instrument, 1), plain)
    again = coordinator.post(url("question-add", instrument, 1), plain)
    assert again.status_code == 302
    assert instrument.versions.get().questions.filter(key="email").count() == 1
