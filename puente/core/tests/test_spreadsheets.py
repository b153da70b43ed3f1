"""Reading and writing CSV and XLSX: formula escaping, encodings, limits and broken files."""

import codecs
import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from puente.core import spreadsheets
from puente.core.spreadsheets import (
    CsvDialect,
    csv_dialect,
    read_table,
    safe_cell,
    unescape_cell,
    write_csv,
    write_xlsx,
)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refused(name, content):
    with pytest.raises(ValidationError) as caught:
        read_table(upload(name, content))
    return caught.value


# escaping


@pytest.mark.parametrize("text", ["=1+1", "+57 300", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_starts_like_a_formula_is_prefixed_with_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Ana", "a=b", "", None, 3, -2, Decimal("-1.5"), "'hola"])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("text", ["=1", "'=1", "''+57", "'hola", "-2", "x"])
def test_unescaping_gives_back_the_text_as_written(text):
    # Found by the question types' round-trip test: "'=1" once came back as "=1".
    assert unescape_cell(safe_cell(text)) == text


def test_csv_is_utf8_with_a_bom_and_escapes_formulas():
    content = write_csv(
        [['=HYPERLINK("http://x")', "José Núñez", Decimal("5.00"), dt.date(2026, 3, 1), None]],
        ["answer", "name", "points", "day", "empty"],
    )
    assert content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [
        ["answer", "name", "points", "day", "empty"],
        ['\'=HYPERLINK("http://x")', "José Núñez", "5", "2026-03-01", ""],
    ]


def test_spanish_csv_uses_semicolons_and_a_decimal_comma_without_grouping():
    content = write_csv(
        [[Decimal("2500000.50"), 4.05, 18, -2.5, True, "4,05; texto", Decimal("0E-2")]],
        ["Importe", "Horas", "Reuniones", "Cambio", "Sí/no", "Nota", "Cero"],
        language="es",
    )
    assert content.startswith(codecs.BOM_UTF8)
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Importe;Horas;Reuniones;Cambio;Sí/no;Nota;Cero"
    assert lines[1] == '2500000,5;4,05;18;-2,5;sí;"4,05; texto";0'


def test_english_csv_uses_commas_and_a_decimal_point():
    content = write_csv([[Decimal("2500000.50"), 4.05, "a, b"]], ["a", "b", "c"], language="en")
    assert content.decode("utf-8-sig").split("\r\n")[1] == '2500000.5,4.05,"a, b"'


def test_the_csv_dialect_is_the_current_language_by_default():
    with translation.override("es"):
        assert csv_dialect() == CsvDialect("es", delimiter=";", decimal=",")
        assert write_csv([[1.5]], ["x"]).decode("utf-8-sig").split("\r\n")[1] == "1,5"
    with translation.override("en"):
        assert csv_dialect().delimiter == ","
    assert csv_dialect("pt-br").language == "es"  # Puente's default language


def test_a_spanish_csv_written_here_reads_back_the_same_text():
    content = write_csv([["=1+1", "a;b", "x"]], ["a", "b", "c"], language="es")
    assert read_table(upload("back.csv", content)).rows[0].cells == ["=1+1", "a;b", "x"]


def test_csv_writes_aware_datetimes_in_local_time():
    moment = dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.UTC)
    content = write_csv([[moment]], ["at"]).decode("utf-8-sig")
    assert timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") in content


def test_a_formula_written_to_xlsx_is_read_back_as_text_not_a_formula():
    content = write_xlsx([("Mentees", ["email", "why"], [["a@example.org", "=1+1"]])])
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Mentees"]
    cell = sheet["B2"]
    assert cell.data_type == "s"
    assert cell.value == "'=1+1"
    computed = load_workbook(io.BytesIO(content), data_only=True)["Mentees"]["B2"]
    assert computed.value == "'=1+1"


def test_xlsx_has_bold_frozen_headers_widths_and_a_readme():
    moment = dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.UTC)
    content = write_xlsx(
        [
            ("Mentor", ["email", "points", "at"], [["ana@example.org", Decimal("7.5"), moment]]),
            ("Mentee", ["email"], []),
        ],
        descriptions=[("Mentor", "points", "Points from the rubric.")],
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["README", "Mentor", "Mentee"]
    mentor = workbook["Mentor"]
    assert mentor["A1"].font.b
    assert mentor.freeze_panes == "A2"
    assert mentor.column_dimensions["A"].width >= len("ana@example.org")
    assert mentor["B2"].value == 7.5
    assert mentor["C2"].value == timezone.make_naive(moment)
    readme = [c.value for c in workbook["README"][2]]
    assert readme == ["Mentor", "points", "Points from the rubric."]


def test_xlsx_sheet_titles_are_made_valid_and_unique():
    content = write_xlsx([("a/b:c", ["x"], []), ("A/B:C", ["x"], []), ("x" * 40, ["x"], [])])
    names = load_workbook(io.BytesIO(content)).sheetnames
    assert names[0] == "a b c"
    assert names[1] == "A B C (2)"
    assert len(names[2]) == 31


def test_control_characters_that_xlsx_cannot_hold_are_dropped():
    content = write_xlsx([("S", ["x"], [["bell\x07 here"]])])
    assert load_workbook(io.BytesIO(content))["S"]["A2"].value == "bell here"


# reading CSV


def test_csv_with_semicolons_in_latin_1_is_read():
    content = "email;nombre\nana@example.org;José Núñez\n".encode("latin-1")
    headers, rows = read_table(upload("people.csv", content))
    assert headers == ["email", "nombre"]
    assert rows == [(2, ["ana@example.org", "José Núñez"])]


def test_csv_in_utf8_with_bom_and_commas_keeps_row_numbers_past_blank_rows():
    content = codecs.BOM_UTF8 + "email,city\na@example.org,Bogotá\n,\nb@example.org,Cali\n".encode()
    table = read_table(upload("people.CSV", content))
    assert table.headers == ["email", "city"]
    assert [row.number for row in table.rows] == [2, 4]
    assert table.rows[1].cells == ["b@example.org", "Cali"]


def test_cp1252_quotes_are_decoded():
    content = "email;why\na@example.org;“Crecer”\n".encode("cp1252")
    assert read_table(upload("p.csv", content)).rows[0].cells[1] == "“Crecer”"


def test_a_csv_written_here_reads_back_the_same_text():
    content = write_csv([["=1+1", "-note", "plain"]], ["a", "b", "c"])
    assert read_table(upload("back.csv", content)).rows[0].cells == ["=1+1", "-note", "plain"]


def test_short_rows_are_padded_and_long_rows_cut_to_the_headers():
    table = read_table(upload("p.csv", b"a,b\n1\n1,2,3\n"))
    assert [row.cells for row in table.rows] == [["1", ""], ["1", "2"]]


def test_binary_bytes_named_csv_are_refused():
    error = refused("garbage.csv", bytes(range(256)) * 4)
    assert error.code == "encoding"
    assert "CSV" in error.messages[0]


def test_a_csv_with_a_broken_quote_is_refused_with_the_line():
    error = refused("broken.csv", b'email,why\na@example.org,"never closed\n')
    assert error.code == "malformed"


# reading XLSX


def test_xlsx_cells_come_back_as_text():
    content = xlsx_bytes(
        [
            ["email", "years", "start", "ok", "ratio"],
            [None, None, None, None, None],
            # Workbooks hold no time zone: what a spreadsheet program writes is naive.
            ["ana@example.org", 12, dt.datetime(2026, 3, 1), True, 2.5],  # noqa: DTZ001
        ]
    )
    headers, rows = read_table(upload("people.xlsx", content))
    assert headers == ["email", "years", "start", "ok", "ratio"]
    assert rows == [(3, ["ana@example.org", "12", "2026-03-01", "true", "2.5"])]


@pytest.mark.parametrize(
    "content",
    [
        b"not a workbook at all",
        b"PK\x03\x04" + b"\x00" * 100,
        xlsx_bytes([["email"], ["a@example.org"]])[:300],
    ],
    ids=["text", "bad-zip", "truncated"],
)
def test_a_malformed_xlsx_is_refused_cleanly(content):
    error = refused("people.xlsx", content)
    assert error.code == "malformed"
    assert ".xlsx" in error.messages[0]


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert refused("people.xlsx", buffer.getvalue()).code == "malformed"


def test_xml_entities_in_a_workbook_are_refused():
    """defusedxml is in use: a document type with entities (billion laughs, XXE) is not parsed."""
    original = xlsx_bytes([["email"], ["a@example.org"]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(
                    b"<workbook",
                    b'<!DOCTYPE workbook [<!ENTITY lol "lol">]><workbook',
                    1,
                )
            target.writestr(info, data)
    assert refused("people.xlsx", buffer.getvalue()).code == "malformed"


def test_an_archive_that_unpacks_too_big_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1000)
    content = xlsx_bytes([["email", "why"], *[["a@example.org", "x" * 100]] * 50])
    assert refused("people.xlsx", content).code == "too_big"


# limits and types


@pytest.mark.parametrize("name", ["people.txt", "people.pdf", "people"])
def test_other_file_types_are_refused(name):
    error = refused(name, b"email\na@example.org\n")
    assert error.code == "file_type"
    assert ".csv" in error.messages[0]


def test_old_excel_files_are_refused_with_advice():
    error = refused("people.xls", b"\xd0\xcf\x11\xe0")
    assert error.code == "file_type"
    assert ".xlsx" in error.messages[0]


def test_a_file_over_the_size_limit_is_refused():
    content = b"email\n" + b"a@example.org\n" * (spreadsheets.MAX_UPLOAD_BYTES // 14 + 1)
    error = refused("people.csv", content)
    assert error.code == "too_big"
    assert "2 MB" in error.messages[0]


def test_a_file_over_the_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    content = b"email\n" + b"a@example.org\n" * 4
    assert refused("people.csv", content).code == "too_many_rows"
    assert len(read_table(upload("p.csv", b"email\n" + b"a@example.org\n" * 3)).rows) == 3


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_an_empty_csv_is_refused(content):
    assert refused("people.csv", content).code == "empty"


def test_an_empty_workbook_is_refused():
    assert refused("people.xlsx", xlsx_bytes([])).code == "empty"
