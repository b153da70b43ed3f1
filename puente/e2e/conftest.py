"""Browser tests: Debian's chromium driven by Playwright, against Django's live server.

Never downloads a browser: the system chromium is launched by path. Each page a test opens can be
checked with axe-core (from node_modules) for serious or critical accessibility violations.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The user guide's screenshots are retaken on purpose (`make screenshots`); ordinary runs write
# theirs to var/ so that running the suite never changes committed files.
SCREENSHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("PUENTE_SCREENSHOTS") == "1"
    else ROOT / "var" / "screenshots"
)
CHROMIUM = os.environ.get("PUENTE_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # bypass_csp lets the test inject axe-core; the app's own pages still run under the policy.
    return {
        **browser_context_args,
        "bypass_csp": True,
        # The surveys' service worker caches a page in the background after it loads; its
        # request can set a new CSRF cookie after a test has cleared cookies and opened the
        # sign-in form (a 403 seen on PostgreSQL in CI). Only the offline test, in its own
        # context, lets it run.
        "service_workers": "block",
        "locale": "es-ES",
        "viewport": {"width": 1280, "height": 900},
    }


def check_accessibility(page: Any) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    ]
    assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(details)


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=False)
    return path


def pdf_screenshot(pdf: bytes, name: str, *, page_number: int = 1) -> Path:
    """A page of a PDF as people see it (poppler's pdftoppm, 80 dpi) beside the screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: run scripts/setup.sh test"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "file.pdf"
        source.write_bytes(pdf)
        page = str(page_number)
        subprocess.run(  # noqa: S603 - a fixed tool on a file we wrote
            [pdftoppm, "-png", "-r", "80", "-f", page, "-l", page, "-singlefile", str(source)]
            + [str(SCREENSHOTS / name)],
            check=True,
        )
    return SCREENSHOTS / f"{name}.png"
