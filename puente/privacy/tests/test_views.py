import io
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from puente.conftest import client_for
from puente.factories import OrganizationFactory, UserFactory
from puente.privacy import services
from puente.privacy.models import DataExport, ErasureRecord, ErasureRequest
from puente.privacy.tests.conftest import NAME, PASSWORD

MY_DATA = reverse("privacy:my-data")
DOWNLOAD = reverse("privacy:download")
ASK = reverse("privacy:erasure-request")
WITHDRAW = reverse("privacy:erasure-withdraw")
REQUESTS = reverse("privacy:requests")


def _pending(user) -> ErasureRequest:
    return ErasureRequest.objects.create(
        user=user, reason="Me voy del programa", status=ErasureRequest.Status.PENDING
    )


@pytest.mark.django_db
def test_my_data_page_is_for_signed_in_people(world, client):
    assert client.get(MY_DATA).status_code == 302
    response = client_for(world.mentee).get(MY_DATA)
    assert response.status_code == 200
    assert client_for(world.mentee).post(MY_DATA).status_code == 405
    profile = client_for(world.mentee).get(reverse("accounts:profile"))
    assert MY_DATA in profile.content.decode()


@pytest.mark.django_db
def test_json_download_has_own_data_and_own_private_notes_only(person):
    response = client_for(person.user).post(DOWNLOAD, {"file_format": "json"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    kinds = data["kinds"]
    assert kinds["profile"]["rows"][0]["full_name"] == NAME
    notes = [row["text"] for row in kinds["private_notes"]["rows"]]
    assert notes == [f"Privado de {NAME}"]
    assert "Del mentor" not in response.content.decode()
    # The relationship, without naming anyone else (test_download_others.py).
    assert kinds["relationships"]["rows"][0]["status"] == "active"
    assert person.mentor.full_name not in response.content.decode()
    assert kinds["applications"]["rows"][0]["call__title"] == "Convocatoria"
    assert {row["text"] for row in kinds["answers"]["rows"]} >= {f"Me llamo {NAME}"}
    # Secrets are never exported: a calendar address for busy times is only said to be set.
    assert "token_hash" not in response.content.decode()
    assert len(kinds["busy_calendar"]["rows"]) == 1
    assert set(kinds["busy_calendar"]["rows"][0]) == {"created_at", "fetched_at"}
    assert "calendar.google.com" not in response.content.decode()
    assert "private-0a1b2c3d" not in response.content.decode()


@pytest.mark.django_db
def test_xlsx_download_has_a_readme_and_one_sheet_per_kind(person):
    response = client_for(person.user).post(DOWNLOAD, {"file_format": "xlsx"})

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "README"
    assert "My private notes" in workbook.sheetnames
    values = [
        cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    ]
    assert f"Privado de {NAME}" in values
    assert "Del mentor" not in values


@pytest.mark.django_db
def test_bad_download_format_is_refused(world):
    response = client_for(world.mentee).post(DOWNLOAD, {"file_format": "exe"})
    assert response.status_code == 302
    assert client_for(world.mentee).get(DOWNLOAD).status_code == 405


@pytest.mark.django_db
def test_large_download_is_prepared_in_the_background_and_emailed(
    person, world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "INLINE_MAX_ROWS", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(person.user).post(DOWNLOAD, {"file_format": "json"})

    assert response.status_code == 302
    export = DataExport.objects.get(user=person.user)
    assert export.status == DataExport.Status.READY
    (message,) = [m for m in mail.outbox if person.user.email in m.to]
    link = re.search(r"https?://\S+", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    url = "/" + path
    assert client_for(world.mentor).get(url).status_code == 404
    response = client_for(person.user).get(url)
    assert response.status_code == 200
    assert NAME in b"".join(response.streaming_content).decode()
    assert client_for(person.user).get(url[:-3] + "xyz/").status_code == 404


@pytest.mark.django_db
def test_asking_to_be_erased_needs_the_password(person):
    client = client_for(person.user)
    response = client.post(ASK, {"reason": "Me voy", "password": "wrong"})
    assert response.status_code == 422
    assert "Me voy" in response.content.decode()
    assert not ErasureRequest.objects.exists()

    response = client.post(ASK, {"reason": "Me voy", "password": PASSWORD})

    assert response.status_code == 302
    request = ErasureRequest.objects.get()
    assert request.status == ErasureRequest.Status.PENDING
    assert request.confirmed_at is not None
    # A second request while one is open is refused.
    assert client.post(ASK, {"reason": "Otra", "password": PASSWORD}).status_code == 422
    assert ErasureRequest.objects.count() == 1


@pytest.mark.django_db
def test_asking_without_a_password_is_confirmed_by_an_emailed_link(
    world, django_capture_on_commit_callbacks
):
    world.mentee.set_unusable_password()
    world.mentee.save()
    client = client_for(world.mentee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, {"reason": "Me voy"})
    assert response.status_code == 302
    request = ErasureRequest.objects.get()
    assert request.status == ErasureRequest.Status.UNCONFIRMED
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    url = "/" + link.split("://", 1)[1].split("/", 1)[1]
    # The link works only for its own person.
    assert client_for(world.mentor).get(url).status_code == 404

    assert client.get(url).status_code == 302

    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.PENDING


@pytest.mark.django_db
def test_a_person_may_withdraw_their_request(world):
    request = _pending(world.mentee)
    assert client_for(world.mentee).get(WITHDRAW).status_code == 405

    assert client_for(world.mentee).post(WITHDRAW).status_code == 302

    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.WITHDRAWN
    assert client_for(world.mentee).post(WITHDRAW).status_code == 404


@pytest.mark.django_db
def test_requests_page_roles(world, client):
    _pending(world.mentee)
    assert client.get(REQUESTS).status_code == 302
    for user in (world.mentor, world.mentee, world.tutor, world.observer, world.outsider):
        assert client_for(user).get(REQUESTS).status_code == 403
    response = client_for(world.coordinator).get(REQUESTS)
    assert response.status_code == 200
    assert world.mentee.full_name in response.content.decode()
    # A coordinator of another program does not see it.
    response = client_for(world.other_coordinator).get(REQUESTS)
    assert response.status_code == 200
    assert world.mentee.email not in response.content.decode()
    assert client_for(world.coordinator).post(REQUESTS).status_code == 405


@pytest.mark.django_db
def test_coordinator_erases_a_member_who_asked(world):
    request = _pending(world.mentee)
    url = reverse("privacy:erase", args=[request.pk])
    assert client_for(world.coordinator).get(url).status_code == 405
    assert client_for(world.mentor).post(url, {"confirm": "on"}).status_code == 403
    assert client_for(world.other_coordinator).post(url, {"confirm": "on"}).status_code == 404
    # Without ticking the confirmation nothing happens.
    refused = client_for(world.coordinator).post(url, {})
    assert refused.status_code == 422
    assert "errorlist" in refused.content.decode()
    assert not ErasureRecord.objects.exists()

    response = client_for(world.coordinator).post(url, {"confirm": "on", "reason": "Pedido"})

    assert response.status_code == 302
    record = ErasureRecord.objects.get()
    assert record.user_id_erased == world.mentee.pk
    assert record.reason == "Pedido"
    world.mentee.refresh_from_db()
    assert not world.mentee.is_active


@pytest.mark.django_db
def test_a_person_in_no_program_is_erased_by_an_organization_admin(world):
    loner = UserFactory(email="loner@example.org")
    request = _pending(loner)
    url = reverse("privacy:erase", args=[request.pk])
    admin = UserFactory(email="admin@example.org")
    OrganizationFactory().admins.add(admin)

    assert client_for(world.coordinator).post(url, {"confirm": "on"}).status_code == 404
    assert loner.email in client_for(admin).get(REQUESTS).content.decode()

    assert client_for(admin).post(url, {"confirm": "on"}).status_code == 302

    assert ErasureRecord.objects.filter(user_id_erased=loner.pk).exists()


@pytest.mark.django_db
def test_requests_page_query_count_does_not_grow(world, django_assert_max_num_queries):
    coordinator = client_for(world.coordinator)
    _pending(world.mentee)
    with django_assert_max_num_queries(12) as small:
        coordinator.get(REQUESTS)
    for role_user in (world.mentor, world.tutor, world.reviewer, world.observer):
        _pending(role_user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert coordinator.get(REQUESTS).status_code == 200


@pytest.mark.django_db
def test_an_operator_may_erase_anyone(world):
    operator = UserFactory(email="operator@example.org", is_staff=True)
    request = _pending(world.mentor)

    response = client_for(operator).post(
        reverse("privacy:erase", args=[request.pk]), {"confirm": "on"}
    )

    assert response.status_code == 302
    assert ErasureRecord.objects.filter(user_id_erased=world.mentor.pk).exists()


@pytest.mark.django_db
def test_expired_download_files_are_removed(world, settings, tmp_path):
    import datetime as dt

    from django.utils import timezone

    settings.MEDIA_ROOT = str(tmp_path)
    export = DataExport.objects.create(user=world.mentee, file_format="json")
    services.exports_root().mkdir(parents=True)
    (services.exports_root() / "f.json").write_text("{}")
    DataExport.objects.filter(pk=export.pk).update(file_name="f.json")

    assert services.data_exports_clean(now=timezone.now()) == 0
    later = timezone.now() + dt.timedelta(days=services.LINK_MAX_AGE_DAYS + 1)
    assert services.data_exports_clean(now=later) == 1

    assert not (services.exports_root() / "f.json").exists()
    export.refresh_from_db()
    assert export.file_name == ""
