"""Account pages: profile, one-time sign-in link, language switch, password sign-in and reset."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from puente.accounts.models import BusinessProfile, SignInLink, User
from puente.conftest import PASSWORD, client_for
from puente.factories import BusinessProfileFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/accounts/link/[\w-]+/)")


def said(user, text):
    """A message as this person sees it now, in the language saved in their profile."""
    with translation.override(User.objects.get(pk=user.pk).language):
        return escape(gettext(text))


def _signed_in_as(client):
    return client.session.get(SESSION_KEY)


def _login_redirect(url):
    return f"{reverse('account_login')}?next={url}"


# profile


def test_profile_shows_the_person(world):
    world.mentor.job_title = "Ingeniera de datos"
    world.mentor.save()
    response = client_for(world.mentor).get(reverse("accounts:profile"))
    assertContains(response, world.mentor.full_name)
    assertContains(response, "mentor@example.org")
    assertContains(response, "Ingeniera de datos")
    assertContains(response, reverse("accounts:profile-edit"))


@pytest.mark.parametrize("name", ["accounts:profile", "accounts:profile-edit"])
def test_profile_pages_need_sign_in(name):
    url = reverse(name)
    assertRedirects(client_for(None).get(url), _login_redirect(url), fetch_redirect_response=False)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("accounts:profile", "post"),
        ("accounts:profile-edit", "put"),
        ("accounts:profile-edit", "delete"),
        ("accounts:language", "get"),
        ("accounts:link-request", "put"),
    ],
)
def test_wrong_method_is_refused(world, name, method):
    response = getattr(client_for(world.mentor), method)(reverse(name))
    assert response.status_code == 405


def _profile_data(**overrides):
    data = {
        "full_name": "Marta Díaz",
        "preferred_name": "Marta",
        "language": "es",
        "country": "Colombia",
        "city": "Medellín",
        "time_zone": "America/Bogota",
        "gender": "",
        "organization": "Textiles Díaz",
        "job_title": "Gerente",
        "department": "",
        "seniority": "owner",
        "years_experience": "12",
        "bio": "Diez años en confección.",
        "links": "https://example.org/marta",
        "areas_offered": "",
        "areas_wanted": "Ventas a grandes compradores",
    }
    data.update(overrides)
    return data


def _business_data(**overrides):
    data = {
        "has_business": "on",
        "business-legal_name": "Textiles Díaz SAS",
        "business-economic_activity": "Confección",
        "business-size": "small",
        "business-country": "Colombia",
        "business-city": "Medellín",
        "business-years_operating": "7",
        "business-women_owned": "on",
        "business-prior_corporate_sales": "",
    }
    data.update(overrides)
    return data


def test_profile_edit_shows_the_current_values(world):
    world.mentee.city = "Cali"
    world.mentee.save()
    response = client_for(world.mentee).get(reverse("accounts:profile-edit"))
    assertContains(response, 'value="Cali"')
    assertContains(response, f'value="{world.mentee.full_name}"')
    assertNotContains(response, 'id="id_has_business" checked')


def test_profile_edit_saves_valid_data(world):
    client = client_for(world.mentee)
    response = client.post(reverse("accounts:profile-edit"), _profile_data())
    assertRedirects(response, reverse("accounts:profile"), fetch_redirect_response=False)
    user = User.objects.get(pk=world.mentee.pk)
    assert (user.full_name, user.city, user.years_experience) == ("Marta Díaz", "Medellín", 12)
    assert user.link_list == ["https://example.org/marta"]
    assert not BusinessProfile.objects.filter(owner=user).exists()
    page = client.get(reverse("accounts:profile"))
    assertContains(page, "Marta Díaz")
    assertContains(page, said(world.mentee, "Your profile is saved."))


def test_profile_edit_keeps_typed_values_on_error(world):
    before = world.mentee.full_name
    data = _profile_data(full_name="", time_zone="Mars/Olympus", city="Bucaramanga")
    response = client_for(world.mentee).post(reverse("accounts:profile-edit"), data)
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == {"full_name", "time_zone"}
    assertContains(response, 'value="Bucaramanga"', status_code=422)
    assertContains(response, "Diez años en confección.", status_code=422)
    assertContains(response, 'class="field has-error"', count=2, status_code=422)
    user = User.objects.get(pk=world.mentee.pk)
    assert user.full_name == before
    assert user.city == ""


def test_an_empty_profile_post_is_refused_with_its_errors(world):
    before = User.objects.get(pk=world.mentee.pk)
    response = client_for(world.mentee).post(reverse("accounts:profile-edit"), {})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.is_bound
    assert "full_name" in form.errors
    assertContains(response, "has-error", status_code=422)
    after = User.objects.get(pk=world.mentee.pk)
    assert (after.full_name, after.language) == (before.full_name, before.language)


def test_ticking_business_saves_the_business_profile(world):
    client = client_for(world.mentee)
    response = client.post(
        reverse("accounts:profile-edit"), {**_profile_data(), **_business_data()}
    )
    assertRedirects(response, reverse("accounts:profile"), fetch_redirect_response=False)
    business = BusinessProfile.objects.get(owner=world.mentee)
    assert (business.legal_name, business.size, business.years_operating) == (
        "Textiles Díaz SAS",
        "small",
        7,
    )
    assert business.women_owned is True
    assertContains(client.get(reverse("accounts:profile")), "Textiles Díaz SAS")


def test_profile_edit_opens_with_the_saved_business_and_no_errors(world):
    BusinessProfileFactory(owner=world.mentee, legal_name="Abierta SAS")
    edit = client_for(world.mentee).get(reverse("accounts:profile-edit"))
    assert edit.context["has_business"] is True
    assert not edit.context["business_form"].is_bound
    assertContains(edit, 'value="Abierta SAS"')
    assertContains(edit, 'id="id_has_business" checked')
    assertNotContains(edit, "has-error")


def test_ticking_business_with_missing_fields_saves_nothing(world):
    data = {**_profile_data(), **_business_data(**{"business-legal_name": ""})}
    response = client_for(world.mentee).post(reverse("accounts:profile-edit"), data)
    assert response.status_code == 422
    assert set(response.context["business_form"].errors) == {"legal_name"}
    assert response.context["has_business"] is True
    assertContains(response, 'value="Confección"', status_code=422)
    assert not BusinessProfile.objects.exists()
    # The profile part is not saved alone either: the whole form is one save.
    assert User.objects.get(pk=world.mentee.pk).city == ""


def test_unticked_business_fields_are_ignored(world):
    data = {**_profile_data(), **_business_data()}
    del data["has_business"]
    response = client_for(world.mentee).post(reverse("accounts:profile-edit"), data)
    assert response.status_code == 302
    assert not BusinessProfile.objects.exists()


def test_unticking_business_removes_the_business_profile(world):
    BusinessProfileFactory(owner=world.mentee, legal_name="Cerrada SAS")
    client = client_for(world.mentee)
    response = client.post(reverse("accounts:profile-edit"), _profile_data())
    assert response.status_code == 302
    assert not BusinessProfile.objects.filter(owner=world.mentee).exists()
    assertNotContains(client.get(reverse("accounts:profile")), "Cerrada SAS")
    assert client.get(reverse("accounts:profile-edit")).context["has_business"] is False


def test_a_business_is_edited_in_place(world):
    business = BusinessProfileFactory(owner=world.mentee, legal_name="Antes SAS")
    data = {**_profile_data(), **_business_data(**{"business-legal_name": "Después SAS"})}
    client_for(world.mentee).post(reverse("accounts:profile-edit"), data)
    business.refresh_from_db()
    assert business.legal_name == "Después SAS"
    assert BusinessProfile.objects.count() == 1


# one-time sign-in link


def _request_link(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:link-request"), {"email": email})


def test_link_request_page_shows_the_form():
    response = client_for(None).get(reverse("accounts:link-request"))
    assertContains(response, 'name="email"')
    assertContains(response, reverse("account_login"))


def test_link_request_with_a_bad_address_shows_the_error():
    response = client_for(None).post(reverse("accounts:link-request"), {"email": "not-an-email"})
    assert response.status_code == 422
    assert "email" in response.context["form"].errors
    assertContains(response, 'value="not-an-email"', status_code=422)
    assert mail.outbox == []


def test_an_empty_link_request_is_refused_with_its_errors():
    response = client_for(None).post(reverse("accounts:link-request"), {})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.is_bound
    assert "email" in form.errors
    assertContains(response, "This field is required.", status_code=422)
    assert mail.outbox == []


def test_signin_link_emailed_works_once(world, django_capture_on_commit_callbacks):
    client = client_for(None)
    response = _request_link(client, "mentee@example.org", django_capture_on_commit_callbacks)
    assertContains(response, "mentee@example.org")
    (message,) = mail.outbox
    assert message.to == ["mentee@example.org"]
    path = LINK.search(message.body).group(1)

    # Opening the link (as a mail scanner would) shows a button and spends nothing.
    confirm = client.get(path)
    assert confirm.status_code == 200
    assertContains(confirm, '<form method="post">')
    assert _signed_in_as(client) is None
    assert SignInLink.objects.get().used_at is None

    signed_in = client.post(path)
    assertRedirects(signed_in, reverse("programs:my-programs"), fetch_redirect_response=False)
    assert _signed_in_as(client) == str(world.mentee.pk)
    assertContains(client.get(reverse("programs:my-programs")), world.program.name)

    again = client_for(None)
    assert again.get(path).status_code == 404
    refused = again.post(path)
    assert refused.status_code == 404
    assertContains(refused, reverse("accounts:link-request"), status_code=404)
    assert _signed_in_as(again) is None


def test_expired_signin_link_is_refused(world, django_capture_on_commit_callbacks):
    client = client_for(None)
    _request_link(client, "mentor@example.org", django_capture_on_commit_callbacks)
    path = LINK.search(mail.outbox[0].body).group(1)
    later = timezone.now() + dt.timedelta(minutes=settings.SIGNIN_LINK_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
    assert _signed_in_as(client) is None


def test_unknown_email_sends_nothing_and_answers_the_same_page(
    world, django_capture_on_commit_callbacks
):
    known = _request_link(
        client_for(None), "mentor@example.org", django_capture_on_commit_callbacks
    )
    unknown = _request_link(
        client_for(None), "nobody@example.org", django_capture_on_commit_callbacks
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mentor@example.org"]
    assert unknown.status_code == known.status_code == 200
    # The two pages differ only by the address typed in.
    known_html = known.content.decode().replace("mentor@example.org", "ADDRESS")
    unknown_html = unknown.content.decode().replace("nobody@example.org", "ADDRESS")
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
    assert csrf.sub("", known_html) == csrf.sub("", unknown_html)


def test_a_made_up_link_is_refused():
    response = client_for(None).get(reverse("accounts:link-signin", args=["made-up"]))
    assert response.status_code == 404


# language


def test_language_switch_saves_the_language_and_the_next_page_uses_it(world):
    world.mentor.language = "es"
    world.mentor.save()
    client = client_for(world.mentor)
    assertContains(client.get(reverse("programs:my-programs")), '<html lang="es">')
    next_url = reverse("programs:my-programs")
    response = client.post(reverse("accounts:language"), {"language": "en", "next": next_url})
    assertRedirects(response, next_url, fetch_redirect_response=False)
    assert User.objects.get(pk=world.mentor.pk).language == "en"
    page = client.get(next_url)
    assertContains(page, '<html lang="en">')
    assert page["Content-Language"] == "en"
    # Saved in the profile, not only in this browser: a new session opens in English too.
    fresh = client_for(User.objects.get(pk=world.mentor.pk)).get(next_url)
    assertContains(fresh, '<html lang="en">')


def test_switching_back_to_spanish(world):
    world.mentor.language = "en"
    world.mentor.save()
    client = client_for(world.mentor)
    client.post(reverse("accounts:language"), {"language": "es", "next": "/"})
    assert User.objects.get(pk=world.mentor.pk).language == "es"
    assertContains(client.get(reverse("accounts:profile")), '<html lang="es">')


@pytest.mark.parametrize(("saved", "browser"), [("en", "es"), ("es", "en")])
def test_a_saved_language_wins_over_the_browsers(world, saved, browser):
    world.mentee.language = saved
    world.mentee.save()
    page = client_for(world.mentee).get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE=browser)
    assertContains(page, f'<html lang="{saved}">')


def test_anonymous_language_switch_lasts_for_the_browser():
    client = client_for(None)
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    assertRedirects(response, "/", fetch_redirect_response=False)
    assertContains(client.get("/"), '<html lang="en">')


def test_an_unknown_language_is_not_saved(world):
    world.mentor.language = "es"
    world.mentor.save()
    client = client_for(world.mentor)
    client.post(reverse("accounts:language"), {"language": "xx", "next": "/"})
    assert User.objects.get(pk=world.mentor.pk).language == "es"


def test_language_switch_never_redirects_off_site(world):
    response = client_for(world.mentor).post(
        reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


# password sign-in and reset (allauth)


def test_sign_in_with_email_and_password(world):
    client = client_for(None)
    response = client.post(
        reverse("account_login"), {"login": "Mentor@Example.org", "password": PASSWORD}
    )
    assertRedirects(response, reverse("programs:my-programs"), fetch_redirect_response=False)
    assert _signed_in_as(client) == str(world.mentor.pk)


def test_sign_in_with_a_wrong_password_fails(world):
    client = client_for(None)
    response = client.post(
        reverse("account_login"), {"login": "mentor@example.org", "password": "x"}
    )
    assert response.status_code == 200
    assert _signed_in_as(client) is None


def test_open_sign_up_is_closed():
    response = client_for(None).post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not User.objects.filter(email="new@example.org").exists()
    assert response.status_code == 200


def test_password_reset_sends_an_email(world, django_capture_on_commit_callbacks):
    url = "/accounts/password/reset/"
    assert client_for(None).get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(None).post(url, {"email": "tutor@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["tutor@example.org"]
    assert message.subject == "Choose a new password for Puente"
    assert "http://testserver/accounts/password/reset/key/" in message.body


def test_sign_in_page_offers_the_one_time_link_and_the_reset():
    response = client_for(None).get(reverse("account_login"))
    assertContains(response, reverse("accounts:link-request"))
    assertContains(response, reverse("account_reset_password"))
