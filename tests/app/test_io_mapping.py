"""Column mapping for task-list imports (CSV and xlsx), as MS Project's import wizard does:
a preview with guessed columns, and readers that take the user's mapping."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.io.delimited import (
    TASK_COLUMNS,
    TablePreview,
    preview_table,
    read_csv,
    read_ledger_csv,
    read_tasks_csv,
)
from app.io.errors import ImportRejected
from app.io.xlsx import read_xlsx_tasks

HEADER = ["Task", "Span", "Colour", "Notes", "Begin"]
ROWS = [
    ["Design", "2d", "red", "first", "2026-03-02"],
    ["Build", "3d", "blue", "", "2026-03-04"],
    ["Test", "1d", "green", "last", ""],
]


def write_csv(path: Path, header: list[str] = HEADER, rows: list[list[str]] = ROWS) -> Path:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def write_book(path: Path, sheet: str = "Plan", first_sheet: str | None = None) -> Path:
    book = Workbook()
    ws = book.active
    if first_sheet is not None:
        ws.title = first_sheet
        ws.append(["not", "this", "one"])
        ws = book.create_sheet(sheet)
    else:
        ws.title = sheet
    ws.append([])  # a blank row above the header, as hand-made sheets often have
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    book.save(path)
    return path


@pytest.fixture
def tasks_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "tasks.csv")


# --- preview -------------------------------------------------------------------------------


def test_preview_of_a_csv_gives_header_rows_and_guesses(tasks_csv: Path) -> None:
    preview = preview_table(tasks_csv)
    assert isinstance(preview, TablePreview)
    assert preview.header == HEADER
    assert preview.rows == ROWS
    assert preview.guessed == {
        "Task": "Name",
        "Span": None,
        "Colour": None,
        "Notes": "Notes",
        "Begin": "Start",
    }
    assert preview.columns == TASK_COLUMNS


def test_preview_is_frozen_and_stops_at_rows(tmp_path: Path) -> None:
    many = [[f"T{n}", "1d", "", "", ""] for n in range(50)]
    preview = preview_table(write_csv(tmp_path / "many.csv", rows=many), rows=5)
    assert [row[0] for row in preview.rows] == ["T0", "T1", "T2", "T3", "T4"]
    with pytest.raises(AttributeError):
        preview.header = []  # type: ignore[misc]


def test_preview_of_a_workbook_reads_the_sheet_the_importer_reads(tmp_path: Path) -> None:
    book = write_book(tmp_path / "plan.xlsx")
    preview = preview_table(book, rows=2)
    assert preview.header == HEADER
    assert preview.rows == [[v or None for v in row] for row in ROWS[:2]]  # raw: empty is None
    assert preview.guessed["Task"] == "Name"
    tasks_sheet = write_book(tmp_path / "two.xlsx", sheet="Tasks", first_sheet="Cover")
    assert preview_table(tasks_sheet).header == HEADER  # "Tasks" wins over the first sheet


def test_preview_refuses_what_the_importer_refuses(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not really a zip")
    with pytest.raises(ImportRejected):
        preview_table(broken)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ImportRejected):
        preview_table(empty)


# --- mapping -------------------------------------------------------------------------------


def test_mapping_renames_and_ignores_columns(tasks_csv: Path) -> None:
    result = read_tasks_csv(tasks_csv, mapping={"Span": "Duration", "Notes": None})
    tasks = sorted(result.portfolio.tasks.values(), key=lambda t: t.id)
    assert [t.name for t in tasks] == ["Design", "Build", "Test"]
    assert [t.duration_minutes for t in tasks] == [960, 1440, 480]
    assert [t.notes for t in tasks] == ["", "", ""]
    assert "columns: Task -> Name, Span -> Duration, Colour ignored, Notes ignored, " in str(
        result.report
    )


def test_unmapped_headers_keep_their_guess(tasks_csv: Path) -> None:
    result = read_tasks_csv(tasks_csv, mapping={"Span": "duration"})  # case folded
    task = result.portfolio.tasks[1]
    assert task.notes == "first" and task.duration_minutes == 960
    assert task.constraint_date is not None  # Begin guessed as Start


def test_without_mapping_the_report_states_the_guess(tasks_csv: Path) -> None:
    report = str(read_tasks_csv(tasks_csv).report)
    assert "columns: Task -> Name, Span ignored, Colour ignored, Notes, Begin -> Start" in report


def test_common_spellings_are_guessed(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "t.csv", ["Task Name", "Length", "Outline Number"], [["A", "2d", "1"]]
    )
    assert preview_table(path).guessed == {
        "Task Name": "Name",
        "Length": "Duration",
        "Outline Number": "WBS",
    }
    report = str(read_tasks_csv(path).report)
    assert "columns: Task Name -> Name, Length -> Duration, Outline Number -> WBS" in report


def test_an_empty_target_ignores_a_column(tasks_csv: Path) -> None:
    result = read_tasks_csv(tasks_csv, mapping={"Begin": ""})
    assert all(t.constraint_date is None for t in result.portfolio.tasks.values())


def test_mapping_a_header_the_file_lacks_is_refused_naming_it(tasks_csv: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        read_tasks_csv(tasks_csv, mapping={"Span (days)": "Duration"})
    assert caught.value.field == "Span (days)"
    assert "'Span (days)'" in str(caught.value) and caught.value.line == 1


def test_mapping_to_a_column_that_does_not_exist_is_refused(tasks_csv: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        read_tasks_csv(tasks_csv, mapping={"Span": "Length of task"})
    assert caught.value.field == "Span"
    assert "'Length of task'" in caught.value.message and "Duration" in caught.value.message


def test_two_headers_mapped_to_one_column_are_refused_naming_both(tasks_csv: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        read_tasks_csv(tasks_csv, mapping={"Task": "Name", "Colour": "Name"})
    assert "'Task'" in caught.value.message and "'Colour'" in caught.value.message


def test_an_explicit_mapping_takes_a_column_from_a_guess(tasks_csv: Path) -> None:
    """Colour -> Name: the Task header, guessed as Name, is then ignored, not an error."""
    result = read_tasks_csv(tasks_csv, mapping={"Colour": "Name"})
    assert [t.name for t in result.portfolio.tasks.values()] == ["red", "blue", "green"]
    assert "Task ignored" in str(result.report)


def test_mapping_on_a_workbook(tmp_path: Path) -> None:
    book = write_book(tmp_path / "plan.xlsx")
    result = read_xlsx_tasks(book, mapping={"Span": "Duration", "Colour": ""})
    assert [t.duration_minutes for t in result.portfolio.tasks.values()] == [960, 1440, 480]
    with pytest.raises(ImportRejected) as caught:
        read_xlsx_tasks(book, mapping={"Nope": "Name"})
    assert "sheet 'Plan'" in caught.value.place and caught.value.field == "Nope"


def test_mapping_through_read_csv_and_for_a_finance_export(tmp_path: Path) -> None:
    """read_csv picks the layout from the mapped header: a bank's ledger export whose
    headers differ becomes a ledger when mapped."""
    path = write_csv(
        tmp_path / "finance.csv",
        ["Booked", "Type", "Net", "Doc no"],
        [["2026-03-02", "invoice", "120.50", "R-1"]],
    )
    mapping = {"Booked": "Date", "Type": "Kind", "Net": "Amount", "Doc no": "Reference"}
    (entry,) = read_csv(path, mapping=mapping).portfolio.ledger.values()
    assert str(entry.amount) == "120.50" and entry.reference == "R-1"
    assert read_ledger_csv(path, mapping=mapping).portfolio.ledger
    assert read_csv(write_csv(tmp_path / "t.csv"), mapping={"Span": "Duration"}).portfolio.tasks
