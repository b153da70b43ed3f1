"""Reading and writing CSV and XLSX tables, safely.

Every written text cell that a spreadsheet program could take for a formula is escaped (formula
injection: a cell "=HYPERLINK(...)" typed by an applicant must stay text on the coordinator's
machine). Reading refuses anything too big, of the wrong type or malformed with a message the
person uploading can act on; openpyxl parses the XML inside an XLSX through defusedxml.
"""

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 200
# An XLSX is a zip: 2 MB of it may unpack to gigabytes. Refuse archives that claim more than this.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TABLE_EXTENSIONS = (".csv", ".xlsx")
MAX_COLUMN_WIDTH = 60
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class TableRow(NamedTuple):
    """A row of data with its number as a spreadsheet program shows it (the headers are row 1)."""

    number: int
    cells: list[str]


class Table(NamedTuple):
    headers: list[str]
    rows: list[TableRow]


class Sheet(NamedTuple):
    """One sheet to write: its title, its column headers and its rows."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]


def _escaped_on_writing(text: str) -> bool:
    # A formula, or quotes before one: "'=1" typed by a person must come back as "'=1", not "=1".
    return text.lstrip("'").startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """The value, with text that starts like a formula (after any quotes) prefixed by a single
    quote."""
    if isinstance(value, str) and _escaped_on_writing(value):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """Undo ``safe_cell``, so that a table exported here and imported again keeps its text."""
    if text.startswith("'") and _escaped_on_writing(text[1:]):
        return text[1:]
    return text


@dataclass(frozen=True)
class CsvDialect:
    """How a spreadsheet program in one language reads a CSV file it is given by double-click:
    Excel and LibreOffice take the list separator and the decimal mark from the computer's
    regional settings, so a file for Spanish readers uses ";" and ",", one for English readers
    "," and ".". Both are UTF-8 with a byte-order mark (without it Excel reads accents as
    Windows-1252)."""

    language: str
    delimiter: str
    decimal: str


CSV_DIALECTS = {
    "es": CsvDialect("es", delimiter=";", decimal=","),
    "en": CsvDialect("en", delimiter=",", decimal="."),
}


def csv_dialect(language: str | None = None) -> CsvDialect:
    """The dialect of ``language`` (default: the current one; Spanish for any other)."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return CSV_DIALECTS.get(code, CSV_DIALECTS["es"])


def _number_text(value: Decimal, dialect: CsvDialect) -> str:
    """A number as a spreadsheet reads it: no grouping, the dialect's decimal mark; 5.00 → "5",
    2.50 → "2,5" (Spanish): what a person would type."""
    if not value.is_finite():
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", dialect.decimal)


def _csv_text(value: Any, dialect: CsvDialect) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return _number_text(Decimal(str(value)) if isinstance(value, float) else value, dialect)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(safe_cell(str(value)))


def write_csv(
    rows: Iterable[Sequence[Any]], headers: Sequence[str], *, language: str | None = None
) -> bytes:
    """The one CSV writer of every export: in the dialect of ``language`` (default: the current
    language, which is the reader's), UTF-8 with a byte-order mark. Numbers are written as
    numbers (the dialect's decimal mark, no grouping), dates as ISO dates (2026-06-12), which
    Excel and LibreOffice read as dates in either language; text that looks like a formula is
    escaped."""
    dialect = csv_dialect(language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    with translation.override(language or translation.get_language()):
        writer.writerow([_csv_text(h, dialect) for h in headers])
        for row in rows:
            writer.writerow([_csv_text(value, dialect) for value in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value.replace(microsecond=0)
    if isinstance(value, str):
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, bool | int | float | Decimal | dt.date) or value is None:
        return value
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _sheet_title(title: str, taken: set[str]) -> str:
    base = SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _fill_sheet(worksheet: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    bold = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    worksheet.append([_xlsx_value(h) for h in headers])
    for cell in worksheet[1]:
        cell.font = bold
    for row in rows:
        values = [_xlsx_value(v) for v in row]
        worksheet.append(values)
        for index, value in enumerate(values):
            width = 10 if isinstance(value, dt.date) else len(str(value or ""))
            if index < len(widths):
                widths[index] = max(widths[index], width)
            else:
                widths.append(width)
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = min(max(width, 6) + 2, MAX_COLUMN_WIDTH)
    worksheet.freeze_panes = "A2"


def write_xlsx(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    descriptions: Sequence[tuple[str, str, str]] = (),
) -> bytes:
    """An XLSX workbook: one sheet per (title, headers, rows), bold frozen headers, fitted widths.

    ``descriptions`` — (sheet, column, what it holds) — adds a first sheet, README, that explains
    the columns.
    """
    workbook = Workbook()
    default = workbook.active
    taken: set[str] = set()
    if descriptions:
        readme = workbook.create_sheet(_sheet_title(str(_("README")), taken))
        columns = [str(_("Sheet")), str(_("Column")), str(_("Description"))]
        _fill_sheet(readme, columns, descriptions)
        for row in readme.iter_rows(min_row=2, min_col=3, max_col=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for title, headers, rows in sheets:
        worksheet = workbook.create_sheet(_sheet_title(title, taken))
        _fill_sheet(worksheet, [str(h) for h in headers], rows)
    if default is not None:
        workbook.remove(default)
    if not workbook.worksheets:
        workbook.create_sheet("Sheet")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Reading


def _too_big() -> ValidationError:
    return ValidationError(
        _("The file is larger than %(limit)s MB. Split it into smaller files."),
        params={"limit": MAX_UPLOAD_BYTES // 1024 // 1024},
        code="too_big",
    )


def _too_many_rows() -> ValidationError:
    return ValidationError(
        _("The file has more than %(limit)s rows. Split it into smaller files."),
        params={"limit": MAX_ROWS},
        code="too_many_rows",
    )


def _too_many_columns() -> ValidationError:
    return ValidationError(
        _("The file has more than %(limit)s columns."),
        params={"limit": MAX_COLUMNS},
        code="too_many_columns",
    )


def _malformed_xlsx() -> ValidationError:
    return ValidationError(
        _(
            "This file cannot be read as an Excel workbook (.xlsx). Open it in a spreadsheet "
            "program and save it again as .xlsx or as CSV."
        ),
        code="malformed",
    )


def _cell_text(value: Any) -> str:
    """A cell read from a workbook as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return unescape_cell(str(value).strip())


def _table(records: Iterable[Sequence[Any]]) -> Table:
    """Headers from the first row; data rows with their numbers, blank rows left out."""
    headers: list[str] | None = None
    rows: list[TableRow] = []
    for number, record in enumerate(records, start=1):
        cells = [_cell_text(value) for value in record]
        if len(cells) > MAX_COLUMNS:
            if any(cells[MAX_COLUMNS:]):
                raise _too_many_columns()
            cells = cells[:MAX_COLUMNS]
        if headers is None:
            if not any(cells):
                continue
            headers = cells
            continue
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows()
        rows.append(TableRow(number, cells))
    if headers is None:
        raise ValidationError(_("The file is empty."), code="empty")
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows = [TableRow(row.number, (row.cells + [""] * width)[:width]) for row in rows]
    return Table(headers, rows)


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in content:
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise ValidationError(
        _(
            "This file does not look like a CSV text file. Save it from your spreadsheet "
            "program as “CSV UTF-8” and upload it again."
        ),
        code="encoding",
    )


ONE_COLUMN = "\x1f"  # the unit separator: a delimiter no cell holds


def _delimiter(text: str) -> str:
    """The separator of the header line: Excel in Spanish writes ";", in English ","."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    # No separator in the header: one column, whose cells may hold "," or ";" unquoted (a
    # Spanish file quotes only cells with ";").
    return best if counts[best] else ONE_COLUMN


def read_csv(content: bytes) -> Table:
    text = _decode(content)
    if not text.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        return _table(reader)
    except csv.Error as error:
        raise ValidationError(
            _("This CSV file is malformed near line %(line)s (%(error)s)."),
            params={"line": reader.line_num, "error": str(error)},
            code="malformed",
        ) from error


def read_xlsx(content: bytes) -> Table:
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise _malformed_xlsx()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise _malformed_xlsx() from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_big()
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a broken file
        raise _malformed_xlsx() from error
    try:
        if not workbook.worksheets:
            raise ValidationError(_("The file is empty."), code="empty")
        sheet = workbook.worksheets[0]
        try:
            # The stored dimensions may be wrong (some programs write A1:A1): read every row.
            sheet.reset_dimensions()
            return _table(sheet.iter_rows(values_only=True))
        except ValidationError:
            raise
        except Exception as error:
            raise _malformed_xlsx() from error
    finally:
        workbook.close()


def read_table(uploaded_file: UploadedFile) -> Table:
    """The headers and rows of an uploaded CSV or XLSX file (the first sheet of a workbook).

    Raises ValidationError, translated, for a file too big, of another type, empty or malformed.
    """
    extension = Path(uploaded_file.name or "").suffix.lower()
    if extension == ".xls":
        raise ValidationError(
            _("Old Excel files (.xls) are not read. Save the file as .xlsx or as CSV."),
            code="file_type",
        )
    if extension not in TABLE_EXTENSIONS:
        raise ValidationError(
            _("Files of type %(ext)s are not read. Upload a .csv or .xlsx file."),
            params={"ext": extension or "?"},
            code="file_type",
        )
    if uploaded_file.size is not None and uploaded_file.size > MAX_UPLOAD_BYTES:
        raise _too_big()
    uploaded_file.seek(0)
    content = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise _too_big()
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    return read_xlsx(content) if extension == ".xlsx" else read_csv(content)
