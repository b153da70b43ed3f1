"""An organization admin sets up a new program from nothing: the home says what to do next, the
set-up page forgives (a double click adds one wave, names change, focus areas move, a wave in use
is archived rather than deleted), on a desktop and on a phone, in Spanish and in English."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import SCREENSHOTS, check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, OrganizationFactory, UserFactory
from puente.programs.models import Program


def _part_shot(page: Page, selector: str, name: str) -> None:
    """A screenshot of one part of the page (the guide's pictures of the set-up lists)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(selector).screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _add_by_enter(page: Page, field: str, value: str, part: str, count: int) -> None:
    page.fill(field, value)
    page.press(field, "Enter")
    expect(page.locator(f"#{part} > .part-list > li")).to_have_count(count)


def test_an_admin_sets_up_a_new_program_that_forgives(
    page: Page, live_server, transactional_db, browser
) -> None:
    today = timezone.localdate()
    starts, ends = today + dt.timedelta(days=30), today + dt.timedelta(days=30 + 16 * 7)
    admin = UserFactory(email="admin@banco.example", full_name="Rosa Díaz", language="es")
    organization = OrganizationFactory(name="Banco de Desarrollo", slug="banco")
    organization.admins.add(admin)
    sign_in(page, live_server.url, admin.email)

    # A new program, from nothing.
    page.goto(f"{live_server.url}/programs/new/")
    page.fill("#id_name", "Proveedoras que crecen")
    page.fill("#id_purpose", "Empresas de mujeres que venden a grandes compradores.")
    page.fill("#id_starts_on", starts.isoformat())
    page.fill("#id_ends_on", ends.isoformat())
    page.fill("#id_planned_meetings", "12")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/p/proveedoras-que-crecen/edit/$"))
    program = Program.objects.get(slug="proveedoras-que-crecen")
    home = f"{live_server.url}/p/{program.slug}/"

    # The home leads with the checklist, not with zeros.
    page.goto(home)
    checklist = page.locator("#checklist")
    expect(checklist).to_contain_text("Próximos pasos")
    expect(checklist).to_contain_text("0 de 9 hechos")
    expect(page.locator("#step-plan")).to_have_attribute("aria-current", "step")
    expect(page.locator("#step-plan")).to_contain_text("aún sin olas")
    expect(page.locator("#role-counts")).to_contain_text("Aún no hay participantes")
    expect(page.locator(".stat")).to_have_count(0)
    check_accessibility(page)
    screenshot(page, "program-checklist")

    # The step links to where it is done.
    page.locator("#step-plan a").click()
    expect(page).to_have_url(re.compile(r"/edit/#waves$"))

    # First wave: a double click while the answer is slow. The button and the fields are held
    # while the request is under way, and one wave is added.
    paused = []
    page.route("**/waves/add/", lambda route: paused.append(route))
    page.fill("#id_wave-name", "Ola piloto")
    page.fill("#id_wave-starts_on", starts.isoformat())
    page.fill("#id_wave-ends_on", (starts + dt.timedelta(weeks=8)).isoformat())
    add_wave = page.locator("#waves form.inline-add button[type=submit]")
    add_wave.dblclick()
    expect(add_wave).to_be_disabled()
    expect(page.locator("#id_wave-name")).to_be_disabled()
    for _ in range(50):  # the held request reaches the route
        if paused:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)  # and a second one would have too
    assert len(paused) == 1
    paused[0].continue_()
    page.unroute("**/waves/add/")
    expect(page.locator("#waves > .part-list > li")).to_have_count(1)
    expect(page.locator("#waves [role=status]")).to_contain_text("Ola agregada")

    # Second wave: a double click whose first click is answered at once; the second lands on
    # the fresh form and sends nothing.
    page.fill("#id_wave-name", "Segunda ola")
    page.fill("#id_wave-starts_on", (starts + dt.timedelta(weeks=8, days=1)).isoformat())
    page.fill("#id_wave-ends_on", ends.isoformat())
    box = add_wave.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(150)
    page.mouse.click(x, y)
    expect(page.locator("#waves > .part-list > li")).to_have_count(2)
    page.wait_for_timeout(500)
    expect(page.locator("#waves > .part-list > li")).to_have_count(2)
    expect(page.locator("#waves .error-summary, #waves .errorlist")).to_have_count(0)
    assert list(program.waves.values_list("number", "name")) == [
        (1, "Ola piloto"),
        (2, "Segunda ola"),
    ]

    # A track, then renamed in place.
    _add_by_enter(page, "#id_track-name", "Ruta comercial", "tracks", 1)
    track = program.tracks.get()
    page.locator(f"#tracks-{track.pk} a", has_text="Renombrar").click()
    name_field = page.locator(f"#id_track-{track.pk}-name")
    expect(name_field).to_have_value("Ruta comercial")
    name_field.fill("Ruta de compras corporativas")
    page.locator(f"#tracks-{track.pk} button[type=submit]", has_text="Guardar").click()
    expect(page.locator(f"#tracks-{track.pk} .part-name")).to_have_text(
        "Ruta de compras corporativas"
    )
    expect(page.locator("#tracks [role=status]")).to_contain_text("guardada")

    # Three focus areas; the last one is moved to the top with the arrows.
    for count, name in enumerate(("Ventas", "Finanzas", "Formalización"), start=1):
        page.select_option("#id_area-kind", "business")
        _add_by_enter(page, "#id_area-name", name, "focus-areas", count)
    page.get_by_role("button", name="Subir «Formalización»").click()
    expect(page.locator("#focus-areas [role=status]")).to_contain_text("es ahora la número 2")
    page.get_by_role("button", name="Subir «Formalización»").click()
    expect(page.locator("#focus-areas > .part-list > li .part-name")).to_have_text(
        ["Formalización", "Ventas", "Finanzas"]
    )
    assert [a.name for a in program.focus_areas.all()] == ["Formalización", "Ventas", "Finanzas"]
    check_accessibility(page)
    _part_shot(page, "#focus-areas", "program-setup-focus-areas")

    # Someone joined the pilot wave: it cannot be deleted, and the page says why; archived, it
    # leaves the list of waves for new choices and stays listed apart.
    pilot = program.waves.get(number=1)
    MembershipFactory(program=program, role=Role.MENTEE, wave=pilot)
    page.locator("#waves-1 button", has_text="Eliminar").click()
    refusal = page.locator("#waves-1 [role=alert]")
    expect(refusal).to_contain_text("No se puede eliminar «Ola piloto»")
    expect(refusal).to_contain_text("1 membresía")
    check_accessibility(page)
    _part_shot(page, "#waves", "program-setup-refused")
    page.locator("#waves-1 button", has_text="Archivar").click()
    expect(page.locator("#waves [role=status]")).to_contain_text("«Ola piloto» archivada")
    expect(page.locator("#waves > .part-list > li")).to_have_count(1)
    expect(page.locator("#waves details.archived-parts summary")).to_have_text("1 archivada")
    pilot.refresh_from_db()
    assert pilot.archived_at is not None
    assert program.waves.count() == 2

    # The checklist moved on: the plan is done, the session plan comes next.
    page.goto(home)
    expect(page.locator("#step-plan")).to_have_class(re.compile(r"\bdone\b"))
    expect(page.locator("#step-plan")).to_contain_text("1 ola")
    expect(page.locator("#step-session-plan")).to_have_attribute("aria-current", "step")
    expect(page.locator("#checklist")).to_contain_text("1 de 9 hechos")

    # In English too.
    page.locator(".lang-switch button[value=en]").click()
    expect(page.locator("#checklist")).to_contain_text("Next steps")
    expect(page.locator("#checklist")).to_contain_text("1 of 9 done")
    expect(page.locator("#step-session-plan")).to_contain_text("Lay out the session plan")
    page.goto(f"{live_server.url}/p/{program.slug}/edit/")
    expect(page.locator("#waves details.archived-parts summary")).to_have_text("1 archived")
    expect(page.get_by_role("button", name="Move “Finanzas” up")).to_be_visible()
    check_accessibility(page)

    # On a phone: nothing wider than the screen, and the arrows still work.
    phone = browser.new_context(
        bypass_csp=True, locale="es-ES", viewport={"width": 375, "height": 740}
    )
    mobile = phone.new_page()
    sign_in(mobile, live_server.url, admin.email)  # English now, saved in her profile
    mobile.goto(home)
    expect(mobile.locator("#checklist")).to_be_visible()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(mobile)
    mobile.locator(".lang-switch button[value=es]").click()
    expect(mobile.locator("#checklist")).to_contain_text("Próximos pasos")
    screenshot(mobile, "program-checklist-phone")
    mobile.goto(f"{live_server.url}/p/{program.slug}/edit/")
    mobile.get_by_role("button", name="Bajar «Formalización»").click()
    expect(mobile.locator("#focus-areas > .part-list > li .part-name")).to_have_text(
        ["Ventas", "Formalización", "Finanzas"]
    )
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(mobile)
    _part_shot(mobile, "#focus-areas", "program-setup-phone")
    phone.close()
