"""The funder of the demo's supplier program opens its results framework: the tree from impact
to activities, targets per period, actuals, achievement and status; and downloads the IATI file.
The coordinator opens an indicator's targets. Screenshots for the user guide."""

from django.core.management import call_command
from playwright.sync_api import Page, expect

from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in

DEMO_PASSWORD = "puente-demo-2026"
PROGRAM = "mujeres-proveedoras"


def test_the_funder_reads_the_framework_and_downloads_the_iati_file(
    page: Page, live_server, transactional_db
) -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sign_in(page, live_server.url, "observadora.proveedoras@demo.puente.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/{PROGRAM}/monitoring/framework/")
    expect(page.locator(".framework-result.depth-0")).to_have_count(1)
    expect(page.locator(".framework-result.depth-3").first).to_be_visible()
    expect(page.locator(".framework-periods").first).to_be_visible()
    # Periods that have ended carry a status; nothing to edit for the funder.
    expect(page.locator(".framework-periods .badge").first).to_be_visible()
    expect(page.locator("#add-result")).to_have_count(0)
    check_accessibility(page)
    screenshot(page, "results-framework")
    with page.expect_download() as download:
        page.locator("#iati-download").click()
    assert download.value.suggested_filename == f"iati-{PROGRAM}.xml"
    content = open(download.value.path(), "rb").read()  # noqa: SIM115
    assert b'<iati-activities version="2.03"' in content and b"<result" in content
