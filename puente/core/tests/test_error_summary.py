"""A refused form says so at its top: the error summary (role=alert, focusable, focused by the
script) links to each field in error, and each field in error points at its own message."""

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from puente.conftest import client_for
from puente.programs.models import Program


class Page(HTMLParser):
    """The elements of a page by id, and the fields marked as in error."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str | None]] = {}
        self.invalid: list[dict[str, str | None]] = []
        self.summaries: list[dict[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {"tag": tag, **dict(attrs)}
        if found.get("id"):
            assert found["id"] not in self.by_id, f"the id {found['id']} appears twice"
            self.by_id[str(found["id"])] = found
        if found.get("aria-invalid") == "true":
            self.invalid.append(found)
        if "data-error-summary" in found:
            self.summaries.append(found)


def summary_html(html: str) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def assert_announced(html: str, *, fields: int) -> list[str]:
    """One summary, announced and focusable, with a link to each field in error; every field in
    error has aria-invalid and aria-describedby naming its message. Returns the links' targets."""
    page = Page(html)
    assert len(page.summaries) == 1
    summary = page.summaries[0]
    assert (summary["role"], summary["tabindex"]) == ("alert", "-1")
    assert page.by_id[str(summary["aria-labelledby"])]["tag"] == "h2"
    text = summary_html(html)
    if fields:
        assert f"{fields} field{'s' if fields > 1 else ''} need" in text, text
    targets = re.findall(r'<a href="#([^"]+)"', text)
    assert len(targets) == fields
    for target in targets:
        assert target in page.by_id, f"the summary links to #{target}, which is not on the page"
    assert page.invalid, "no field is marked aria-invalid"
    for control in page.invalid:
        described = str(control.get("aria-describedby") or "")
        if not described:  # a radio or checkbox in a group: its fieldset is described
            continue
        for ref in described.split():
            assert ref in page.by_id, f"{control.get('id')} is described by a missing #{ref}"
    return targets


class Sample(forms.Form):
    name = forms.CharField(label="Name")
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    key = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("These do not go together.")


def test_the_summary_links_each_field_and_holds_the_other_errors():
    form = Sample(data={}, prefix="s")
    html = Template("{% include 'includes/form_fields.html' %}").render(Context({"form": form}))
    targets = assert_announced(html, fields=2)
    # A group of radio buttons is reached through its first option.
    assert targets == ["id_s-name", "id_s-kind_0"]
    text = summary_html(html)
    assert "There is a problem" in text
    assert "Name: This field is required." in text
    # The errors of no field (and of a hidden one, which has nowhere else to show) are listed too.
    assert "<li>These do not go together.</li>" in text
    assert text.count("<li>") == 4


def test_a_form_drawn_with_form_tag_gets_the_summary_too():
    html = Sample(data={"s-name": "x"}, prefix="s").render()
    assert 'role="alert"' in html
    assert '<a href="#id_s-kind_0">' in html


def test_no_summary_for_an_unbound_or_valid_form():
    class Valid(forms.Form):
        name = forms.CharField()

    for form in (Sample(), Valid(data={"name": "Ana"})):
        form.is_valid()
        assert "error-summary" not in form.render()


@pytest.mark.parametrize(
    ("language", "one", "many", "title"),
    [
        ("es", "1 campo necesita atención.", "2 campos necesitan atención.", "Hay un problema"),
        ("en", "1 field needs attention.", "2 fields need attention.", "There is a problem"),
    ],
)
def test_the_summary_counts_the_fields_in_the_reader_language(language, one, many, title):
    template = Template("{% error_summary form %}")
    with translation.override(language):
        single = template.render(Context({"form": Sample(data={"s-kind": "a"}, prefix="s")}))
        double = template.render(Context({"form": Sample(data={}, prefix="s")}))
    assert title in single
    assert one in single
    assert many in double


# Representative pages: a plain form, a form with a group of checkboxes and a hidden key,
# allauth's sign-in, and an htmx form whose answer is a fragment.


@pytest.mark.django_db
def test_the_sign_in_link_form_announces_its_error():
    response = Client().post(reverse("accounts:link-request"), {"email": "not-an-address"})
    assert response.status_code in (200, 422)
    assert assert_announced(response.content.decode(), fields=1) == ["id_email"]


@pytest.mark.django_db
def test_allauth_sign_in_lists_its_refusal(world):
    response = Client().post(
        reverse("account_login"), {"login": world.mentor.email, "password": "wrong"}
    )
    html = response.content.decode()
    assert len(Page(html).summaries) == 1
    assert "There is a problem" in summary_html(html)


def test_creating_a_program_announces_every_field_in_error(world):
    world.program.organization.admins.add(world.coordinator)
    response = client_for(world.coordinator).post(reverse("programs:program-create"), {})
    assert response.status_code == 422
    targets = assert_announced(
        response.content.decode(), fields=len(response.context["form"].errors) - 1
    )
    assert "id_name" in targets
    assert "id_working_days_0" in targets  # a group of checkboxes: its first box
    assert not Program.objects.exclude(pk__in=[world.program.pk, world.other_program.pk]).exists()


def test_an_htmx_form_answers_with_its_summary(world):
    response = client_for(world.coordinator).post(
        reverse("programs:program-part-add", args=[world.program.slug, "waves"]),
        {"wave-submit_key": "e3b0c442-98fc-1c14-9afb-f4c8996fb924", "wave-name": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" not in html
    assert assert_announced(html, fields=2) == ["id_wave-starts_on", "id_wave-ends_on"]
