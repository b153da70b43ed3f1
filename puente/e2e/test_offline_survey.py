"""A mentee answers a round's survey on a phone whose connection comes and goes: the page opens
again from the service worker's cache, every answer typed comes back after a reload, sending
waits in the outbox ("saved on this phone, not yet sent") and goes out once when the connection
returns — under the real Content-Security-Policy, with the CSRF secret rotated meanwhile."""

import re

from django.utils import timezone
from playwright.sync_api import Browser, expect

from puente.conftest import PASSWORD
from puente.core.models import SubmittedForm
from puente.core.permissions import Role
from puente.e2e.conftest import AXE, screenshot
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.instruments.models import Submission
from puente.instruments.services import instrument_from_template, version_publish
from puente.monitoring import services
from puente.monitoring.models import RoundInvitation

PHONE = {"width": 390, "height": 844}


def _check_accessibility(page) -> None:
    """conftest's check, under the policy: axe-core evaluated through DevTools, which the
    Content-Security-Policy does not stop (a script tag would be)."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    bad = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"accessibility violations on {page.url}: {bad}"


def _round():
    program = ProgramFactory(slug="proveedoras", name="Mujeres proveedoras")
    wave = WaveFactory(program=program, number=1, name="Cohorte 1")
    coordinator = UserFactory(email="coordinadora@example.org", full_name="Lucía Ramírez")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentee = UserFactory(email="empresaria@example.org", full_name="Rosa Mamani", language="es")
    MembershipFactory(user=mentee, program=program, role=Role.MENTEE, wave=wave)
    instrument = instrument_from_template(program=program, template_key="endline-survey")
    version_publish(version=instrument.versions.get(), by=coordinator)
    round_ = services.round_open(
        program=program,
        wave=wave,
        kind="endline",
        instrument=instrument,
        roles=[Role.MENTEE],
        by=coordinator,
        today=timezone.localdate(),
        notify=False,
    )
    return program, mentee, round_, instrument


def test_a_survey_answered_offline_is_sent_once_when_the_connection_returns(
    browser: Browser, live_server, transactional_db
) -> None:
    program, mentee, round_, instrument = _round()
    context = browser.new_context(viewport=PHONE, locale="es-ES")  # the policy applies
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", mentee.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/programs/$"))

    url = f"{live_server.url}/p/{program.slug}/monitoring/rounds/{round_.pk}/answer/"
    page.goto(url)
    form = page.locator("#round-answer-form")
    # The service worker has installed and kept the page and what it loads.
    expect(form).to_have_attribute("data-offline-ready", "true")
    first_key = form.locator("input[name=submit_key]").input_value()
    # Renamed on the server: a page that still shows the old name came from the phone's cache.
    instrument.name = "Encuesta renombrada"
    instrument.save(update_fields=["name"])

    context.set_offline(True)
    form.locator("input[name='confidence'][value='5']").check()
    form.locator("input[name='formally_registered'][value='yes']").check()
    form.locator("input[name='monthly_sales']").fill("2600")
    page.reload()
    status = page.locator("#offline-status")
    expect(page.locator("h1")).not_to_contain_text("renombrada")
    expect(status).to_contain_text("Aquí están de nuevo las respuestas")
    expect(form.locator("input[name='confidence'][value='5']")).to_be_checked()
    expect(form.locator("input[name='formally_registered'][value='yes']")).to_be_checked()
    expect(form.locator("input[name='monthly_sales']")).to_have_value("2600")
    assert form.locator("input[name=submit_key]").input_value() == first_key

    form.locator("input[name='po_process'][value='yes']").check()
    form.locator("input[name='sold_to_corporate'][value='yes']").check()
    form.locator("input[name='corporate_sales']").fill("1200")
    form.locator("button[type=submit]").click()
    expect(status).to_contain_text("Guardado en este teléfono, todavía sin enviar.")
    expect(status).to_have_attribute("aria-live", "polite")
    screenshot(page, "survey-offline-saved")
    _check_accessibility(page)
    assert not Submission.objects.filter(respondent=mentee).exists()

    # Still waiting after a reload without a connection, every answer in its place.
    page.reload()
    expect(status).to_contain_text("Guardado en este teléfono")
    expect(form.locator("input[name='corporate_sales']")).to_have_value("1200")
    assert not Submission.objects.filter(respondent=mentee).exists()

    # Signing in again elsewhere rotates the CSRF secret: the cached page's token is stale.
    context.add_cookies([{"name": "csrftoken", "value": "r" * 32, "url": live_server.url}])
    context.set_offline(False)
    expect(status).to_contain_text("Enviado: tus respuestas llegaron al programa.")
    expect(page.locator("#already-answered")).to_be_visible()  # the page came again, answered

    invitation = RoundInvitation.objects.get(round=round_, user=mentee)
    submissions = Submission.objects.filter(respondent=mentee)
    assert submissions.count() == 1
    assert invitation.submission == submissions.get()
    stored = {a.question.key: a for a in invitation.submission.answers.select_related("question")}
    assert stored["confidence"].number == 5
    assert stored["monthly_sales"].number == 2600
    assert stored["corporate_sales"].number == 1200
    assert len(stored) == 6
    assert SubmittedForm.objects.get().key.hex == first_key.replace("-", "")

    # Online again: the page comes from the server, answered, with nothing waiting.
    page.reload()
    expect(page.locator("h1")).to_contain_text("renombrada")
    expect(page.locator("#already-answered")).to_be_visible()
    expect(status).to_be_empty()
    assert Submission.objects.filter(respondent=mentee).count() == 1

    # Signing out forgets the survey pages kept on the phone (static files may stay).
    kept = """async () => {
        for (const name of await caches.keys()) {
            const requests = await (await caches.open(name)).keys();
            if (requests.some(request => request.url.endsWith("/answer/"))) { return true; }
        }
        return false;
    }"""
    assert page.evaluate(kept)
    page.click("form[action$='/accounts/logout/'] button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/answer/$"))
    for _ in range(50):
        if not page.evaluate(kept):
            break
        page.wait_for_timeout(100)
    assert not page.evaluate(kept)
    assert violations == []
    context.close()
