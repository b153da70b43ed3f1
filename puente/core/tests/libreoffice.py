"""CSV files opened as a spreadsheet program in a given language opens them: Debian's
LibreOffice, headless, converting each to XLSX with the CSV filter options of that language's
defaults (Spanish, es-CO: ";" separates, "," is the decimal mark; English, en-US: "," and "."),
then read back with openpyxl: a text cell stays text, a number the program recognised is a number.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

# Filter options: separator (as a character code), text delimiter ("), character set (76: UTF-8),
# first line, column formats (none: let the program recognise them), language (LCID).
FILTERS = {"es": "CSV:59,34,76,1,,9226", "en": "CSV:44,34,76,1,,1033"}


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs it)")
    return found


def open_in_spreadsheet(files: dict[str, bytes], language: str) -> dict[str, list[list[Any]]]:
    """Each CSV (name → content) as the rows of cells the program reads, one launch for all."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = []
        for name, content in files.items():
            path = root / f"{name}.csv"
            path.write_bytes(content)
            paths.append(str(path))
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={(root / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                f"--infilter={FILTERS[language]}",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(root / "out"),
                *paths,
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        opened = {}
        for name in files:
            book = load_workbook(root / "out" / f"{name}.xlsx", read_only=True)
            opened[name] = [list(row) for row in book.active.iter_rows(values_only=True)]
            book.close()
        return opened


def by_header(rows: list[list[Any]]) -> list[dict[str, Any]]:
    headers = rows[0]
    return [dict(zip(headers, row, strict=False)) for row in rows[1:]]
