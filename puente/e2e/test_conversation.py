"""A mentor and her mentee talk in their relationship's conversation on a phone (375 px): she
writes (htmx: the message appears without a reload), he
sees the unread count on the relationship page, opens the conversation and answers; their tutor
reads it without a form until the mentee invites him in. The user guide's screenshot."""

from playwright.sync_api import Browser, expect

from puente.conversations import services
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.e2e.test_relationship_page import PHONE, _fits_the_phone, _world
from puente.tests.relationships import lived_relationship


def test_a_pair_talks_in_its_conversation_on_a_phone(
    browser: Browser, live_server, transactional_db
) -> None:
    world = _world()
    relationship, _upcoming = lived_relationship(world)
    mentee = relationship.mentees.get().user
    mentee.language = "es"
    mentee.save()
    thread = services.thread_for(relationship=relationship)
    services.message_post(
        thread=thread,
        author=mentee,
        body="Hola Lucía, ya tengo las facturas del último trimestre. ¿Las revisamos el jueves?",
    )
    base = f"{live_server.url}/p/{world.program.slug}/mentoring/{relationship.pk}/"

    mentor = browser.new_context(bypass_csp=True, locale="es-ES", viewport=PHONE).new_page()
    sign_in(mentor, live_server.url, world.mentor.email)
    mentor.goto(base)
    link = mentor.locator("#conversation-link")
    expect(link).to_contain_text("1 sin leer")
    link.locator("a").click()
    expect(mentor.locator("h1")).to_have_text("Conversación")
    expect(mentor.locator("#messages")).to_contain_text("facturas del último trimestre")
    mentor.fill("#id_body", "¡Perfecto! Trae también la ficha técnica y la lista de precios.")
    mentor.click("#message-form button[type=submit]")
    expect(mentor.locator("#messages li")).to_have_count(2)
    expect(mentor.locator("#id_body")).to_have_value("")
    _fits_the_phone(mentor)
    check_accessibility(mentor)

    answer = browser.new_context(bypass_csp=True, locale="es-ES", viewport=PHONE).new_page()
    sign_in(answer, live_server.url, mentee.email)
    answer.goto(base)
    expect(answer.locator("#conversation-link")).to_contain_text("1 sin leer")
    answer.goto(f"{base}conversation/")
    answer.fill("#id_body", "Listo, el jueves a las 6:30 p. m. llevo todo impreso.")
    answer.click("#message-form button[type=submit]")
    expect(answer.locator("#messages li")).to_have_count(3)
    expect(answer.locator("#tutor-access")).to_be_visible()
    screenshot(answer, "conversation")

    tutor = browser.new_context(bypass_csp=True, locale="es-ES", viewport=PHONE).new_page()
    sign_in(tutor, live_server.url, world.tutor.email)
    tutor.goto(f"{base}conversation/")
    expect(tutor.locator("#read-only")).to_be_visible()
    expect(tutor.locator("#message-form")).to_have_count(0)
    answer.click("#tutor-access button")
    tutor.reload()
    expect(tutor.locator("#message-form")).to_be_visible()
