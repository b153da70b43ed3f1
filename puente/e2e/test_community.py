"""A mentee shares an achievement with her wave, her mentor comments, the coordinator hides a
comment that does not belong; the program's public stories page shows a published story."""

import re

from playwright.sync_api import Browser, Page, expect

from puente.community import services
from puente.community.models import Comment, Post
from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import (
    BusinessProfileFactory,
    MembershipFactory,
    ProgramFactory,
    UserFactory,
    WaveFactory,
)


def test_wave_members_share_and_the_coordinator_moderates(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="proveedoras", name="Mujeres proveedoras")
    wave = WaveFactory(program=program, number=1, name="Ola 2026")
    coordinator = UserFactory(email="coordinadora@example.org", full_name="Carmen Coordinadora")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentee = UserFactory(email="emprendedora@example.org", full_name="Rosa Quispe", language="es")
    MembershipFactory(user=mentee, program=program, role=Role.MENTEE, wave=wave)
    mentor = UserFactory(email="mentora@example.org", full_name="Lucía Mentora", language="es")
    MembershipFactory(user=mentor, program=program, role=Role.MENTOR, wave=wave)
    other = UserFactory(email="otra@example.org", full_name="Ana Torres", language="es")
    MembershipFactory(user=other, program=program, role=Role.MENTEE, wave=wave)
    services.post_create(
        program=program,
        wave=wave,
        author=mentor,
        kind=Post.Kind.RESOURCE,
        title="Guía de requisitos para proveedores",
        body="Registro sanitario, rotulado y facturación electrónica, en una página.",
        link="https://www.example.org/guia",
    )
    services.post_create(
        program=program,
        wave=wave,
        author=other,
        kind=Post.Kind.QUESTION,
        title="¿Cómo calculan el precio por volumen?",
        body="Me piden pago a 60 días. ¿Alguien tiene una plantilla?",
    )

    sign_in(page, live_server.url, mentee.email)
    page.goto(f"{live_server.url}/p/{program.slug}/")
    page.click("nav.actions a[href$='/community/']")
    check_accessibility(page)
    page.click("#community-spaces a[href$='/community/waves/1/']")
    check_accessibility(page)
    page.select_option("#id_kind", "achievement")
    page.fill("#id_title", "¡Primera orden de compra con una cadena de supermercados!")
    page.fill("#id_body", "400 cajas de mermelada para sus tiendas de Lima. <b>¡Gracias!</b>")
    page.click("#post-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/community/posts/\d+/$"))
    expect(page.locator("article.post .post-body")).to_contain_text("<b>¡Gracias!</b>")
    post = Post.objects.get(author=mentee)
    page.goto(f"{live_server.url}/p/{program.slug}/community/waves/1/")
    expect(page.locator("#community-feed article").first).to_contain_text("Primera orden")
    check_accessibility(page)
    screenshot(page, "community-feed")

    mentor_context = browser.new_context(bypass_csp=True, locale="es-ES")
    mentor_page = mentor_context.new_page()
    sign_in(mentor_page, live_server.url, mentor.email)
    mentor_page.goto(f"{live_server.url}/p/{program.slug}/community/waves/1/")
    mentor_page.click(f"#post-{post.pk} h3 a")
    mentor_page.fill("#id_body", "¡Felicidades, Rosa! Se nota todo el trabajo.")
    mentor_page.click("#comment-form button[type=submit]")
    expect(mentor_page.locator("#comment-list")).to_contain_text("¡Felicidades, Rosa!")
    check_accessibility(mentor_page)
    mentor_context.close()
    services.comment_add(post=post, author=other, body="Véndeme tus contactos, te pago bien.")
    spam = Comment.objects.get(author=other)

    coordinator_context = browser.new_context(bypass_csp=True, locale="es-ES")
    board = coordinator_context.new_page()
    sign_in(board, live_server.url, coordinator.email)
    board.goto(f"{live_server.url}/p/{program.slug}/community/posts/{post.pk}/")
    comment = board.locator(f"#comment-{spam.pk}")
    comment.locator("summary").click()
    comment.locator("input[name=reason]").fill("Pide datos de contacto a cambio de dinero.")
    comment.locator("form button[type=submit]").click()
    expect(board.locator(f"#comment-{spam.pk} .badge")).to_be_visible()
    expect(board.locator(f"#comment-{spam.pk}")).to_contain_text("Pide datos de contacto")
    check_accessibility(board)
    coordinator_context.close()

    page.goto(f"{live_server.url}/p/{program.slug}/community/posts/{post.pk}/")
    expect(page.locator("#comment-list")).to_contain_text("¡Felicidades, Rosa!")
    expect(page.locator("#comment-list")).not_to_contain_text("Véndeme")


def test_anyone_reads_the_published_stories(page: Page, live_server, transactional_db) -> None:
    program = ProgramFactory(slug="proveedoras", name="Mujeres proveedoras")
    coordinator = UserFactory(email="coordinadora@example.org")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    stories = [
        (
            "Rosa María Quispe",
            "Dulces Rosa",
            "De la feria del barrio a la góndola del supermercado",
            "Antes vendía solo en ferias. En la mentoría aprendí a leer los requisitos de un "
            "comprador grande y a calcular el precio por volumen.",
            True,
        ),
        (
            "Juana Mamani",
            "Textiles Mamani",
            "Aprendí a decir mi precio sin pedir disculpas",
            "Mi mentora me hizo practicar la negociación hasta que dejé de bajar el precio.",
            False,
        ),
    ]
    for name, business, title, body, show_business in stories:
        author = UserFactory(full_name=name)
        BusinessProfileFactory(owner=author, legal_name=business)
        MembershipFactory(user=author, program=program, role=Role.MENTEE)
        story = services.story_save(
            program=program,
            author=author,
            title=title,
            body=body,
            show_business=show_business,
            consent=True,
            consent_text="Acepto.",
        )
        services.story_publish(story=story, by=coordinator)

    page.goto(f"{live_server.url}/p/{program.slug}/stories/")
    stories_list = page.locator("#public-stories")
    expect(stories_list).to_contain_text("De la feria del barrio")
    expect(stories_list).to_contain_text("Rosa · Dulces Rosa")
    expect(stories_list).not_to_contain_text("Quispe")
    expect(stories_list).not_to_contain_text("Textiles Mamani")
    check_accessibility(page)
    screenshot(page, "community-stories")
