"""The finance workbook: layout, live formulas, formula injection, round trip, zip bombs,
and LibreOffice's recalculation agreeing with Plansmith's own figures."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import zipfile
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.budget.costing import assignment_cost
from app.budget.earned_value import EarnedValue, earned_value
from app.budget.ledger import budget_summary, project_control
from app.demo import build_demo
from app.io.delimited import exact_duration, read_tasks_csv, write_tasks_csv
from app.io.errors import ImportRejected
from app.io.limits import ZipLimits, check_zip
from app.io.sanitize import printable
from app.io.xlsx import (
    BUDGET_COLUMNS,
    CASH_COLUMNS,
    account_figures,
    read_xlsx_tasks,
    write_xlsx,
)
from app.model import DurationUnit, Link, LinkKind, Portfolio
from app.model.duration import parse_duration
from app.schedule import schedule
from app.schedule.baseline import save_baseline
from tests.app.io.test_delimited import INJECTIONS, plan_shape
from tests.builders import small_portfolio

#: A bomb or a runaway parse takes minutes; a refusal takes milliseconds. The bound is
#: generous because CI machines are shared: it catches a hang, it is not a speed target.
HANG = 30.0

CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def demo() -> Portfolio:
    """The demo portfolio with baseline 0 saved for project 1 (for earned value)."""
    portfolio = build_demo()
    saved = save_baseline(portfolio, schedule(portfolio), 1, 0)
    return replace(portfolio, baselines={**portfolio.baselines, **saved})


@pytest.fixture(scope="module")
def project_ev(demo: Portfolio) -> EarnedValue:
    return earned_value(demo, schedule(demo), 1, baseline=0)


@pytest.fixture(scope="module")
def book_path(demo: Portfolio, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "erp.xlsx"
    write_xlsx(demo, schedule(demo), 1, path)
    return path


@pytest.fixture(scope="module")
def book(book_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(book_path)


def rows_of(sheet: object) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))  # type: ignore[attr-defined]


def money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


# --- layout ------------------------------------------------------------------------------------


def test_openpyxl_runs_hardened() -> None:
    assert openpyxl.DEFUSEDXML is True  # RELIABILITY R15


def test_sheets_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [
        "Tasks",
        "Resources",
        "Assignments",
        "Budget",
        "Ledger",
        "Cash flow",
        "Earned value",
        "About",
    ]


def test_tasks_sheet_is_grouped_frozen_filtered_and_typed(
    book: openpyxl.Workbook, demo: Portfolio
) -> None:
    sheet = book["Tasks"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["C"].width >= 40
    tasks = list(demo.walk(1))
    for row, task in enumerate(tasks, start=2):
        expected = demo.outline_level(task.id) - 1
        assert (sheet.row_dimensions[row].outlineLevel or 0) == expected
    header = [c.value for c in sheet[1]]
    start = sheet.cell(row=3, column=header.index("Start") + 1)
    assert isinstance(start.value, datetime)
    assert "yyyy" in start.number_format
    cost = sheet.cell(row=2, column=header.index("Cost") + 1)
    assert cost.data_type == "n"
    assert '"EUR"' in cost.number_format
    percent = sheet.cell(row=3, column=header.index("% Complete") + 1)
    assert isinstance(percent.value, int)


def test_budget_sheet_has_live_totals_and_variances(
    book: openpyxl.Workbook, demo: Portfolio
) -> None:
    sheet = book["Budget"]
    rows = rows_of(sheet)
    assert rows[0] == BUDGET_COLUMNS
    assert rows[0][2:] == ("Budget", "Committed", "Actual", "Forecast", "Variance")
    total = rows[-1]
    last = len(rows)
    assert total[0] == "Total"
    for letter in "CDEF":
        assert sheet[f"{letter}{last}"].value == f"=SUM({letter}2:{letter}{last - 1})"
    assert sheet[f"G{last}"].value == f"=C{last}-F{last}"
    for row in range(2, last):
        assert sheet[f"G{row}"].value == f"=C{row}-F{row}"
    body = rows[1:-1]
    summary = budget_summary(demo, 1)
    assert sum(Decimal(str(r[2])) for r in body) == summary.budget
    assert money(sum(Decimal(str(r[3])) for r in body)) == money(summary.committed)
    assert money(sum(Decimal(str(r[4])) for r in body)) == money(summary.actual)
    assert money(sum(Decimal(str(r[5])) for r in body)) == money(summary.forecast)


def test_account_rows_add_up_to_the_project_figures(demo: Portfolio) -> None:
    for project_id in demo.projects:
        rows = account_figures(demo, project_id)
        summary = budget_summary(demo, project_id)
        assert sum((f.budget for *_, f in rows), Decimal(0)) == summary.budget
        assert sum((f.forecast for *_, f in rows), Decimal(0)) == summary.forecast


def test_ledger_has_all_entries_and_a_formula_totals_row(
    book: openpyxl.Workbook, demo: Portfolio
) -> None:
    sheet = book["Ledger"]
    rows = rows_of(sheet)
    entries = [e for e in demo.ledger.values() if e.project_id == 1]
    assert len(rows) == len(entries) + 2
    last = len(rows)
    assert rows[-1][0] == "Total"
    header = rows[0]
    amount = openpyxl.utils.get_column_letter(header.index("Amount") + 1)
    assert sheet[f"{amount}{last}"].value == f"=SUM({amount}2:{amount}{last - 1})"


def test_cash_flow_by_month_with_running_totals(book: openpyxl.Workbook, demo: Portfolio) -> None:
    sheet = book["Cash flow"]
    rows = rows_of(sheet)
    assert rows[0] == CASH_COLUMNS
    assert rows[-1][0] == "Total"
    body = rows[1:-1]
    months = [r[0] for r in body]
    assert months == sorted(months) and all(m.day == 1 for m in months)
    control = project_control(demo, 1)
    planned = CASH_COLUMNS.index("Planned")
    assert money(sum(Decimal(str(r[planned])) for r in body)) == money(control.total.planned)
    last = len(rows)
    assert sheet[f"C{last}"].value == f"=SUM(C2:C{last - 1})"
    assert sheet["G3"].value == "=SUM(C$2:C3)"


def test_earned_value_sheet(book: openpyxl.Workbook, project_ev: EarnedValue) -> None:
    facts = {r[0]: r[1] for r in rows_of(book["Earned value"])[1:]}
    for name in ("BAC", "PV", "EV", "AC"):
        assert money(facts[name]) == money(getattr(project_ev, name.lower()))
    assert money(facts["EAC"]) == money(project_ev.eac)
    assert str(facts["CV"]).startswith("=") and str(facts["CPI"]).startswith("=IF(")


def test_no_earned_value_sheet_without_a_baseline(tmp_path: Path) -> None:
    portfolio = replace(build_demo(), baselines={})  # the demo saves baseline 0
    write_xlsx(portfolio, None, 1, tmp_path / "nobase.xlsx")
    assert "Earned value" not in openpyxl.load_workbook(tmp_path / "nobase.xlsx").sheetnames


def test_about_sheet_names_the_project(book: openpyxl.Workbook, demo: Portfolio) -> None:
    facts = dict(rows_of(book["About"])[1:])
    assert facts["Project"] == demo.projects[1].name
    assert facts["Currency"] == "EUR"


def test_export_schedules_when_no_schedule_is_given(demo: Portfolio, tmp_path: Path) -> None:
    write_xlsx(demo, None, 2, tmp_path / "p2.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "p2.xlsx")["Tasks"]
    assert all(isinstance(r[6], datetime) for r in list(sheet.iter_rows(values_only=True))[1:])


# --- formula injection (R17) -------------------------------------------------------------------


def test_user_text_never_becomes_a_formula(demo: Portfolio, tmp_path: Path) -> None:
    tasks = dict(demo.tasks)
    ids = [t.id for t in demo.walk(1)][: len(INJECTIONS)]
    for task_id, payload in zip(ids, INJECTIONS, strict=True):
        tasks[task_id] = replace(tasks[task_id], name=payload)
    ledger = dict(demo.ledger)
    first = next(e for e in ledger.values() if e.project_id == 1)
    ledger[first.id] = replace(first, amount=Decimal("-500"), description="=1+1")
    accounts = dict(demo.accounts)
    account = next(a for a in accounts.values() if a.project_id == 1)
    accounts[account.id] = replace(account, name="@SUM(1)")
    portfolio = replace(demo, tasks=tasks, ledger=ledger, accounts=accounts)
    path = tmp_path / "inject.xlsx"
    write_xlsx(portfolio, None, 1, path)
    with zipfile.ZipFile(path) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if "worksheets" in n)
    assert b"HYPERLINK" in xml and b"<f>HYPERLINK" not in xml and b"<f>1+1" not in xml
    book = openpyxl.load_workbook(path)
    names = [r[2] for r in list(book["Tasks"].iter_rows(values_only=True))[1:]]
    assert names[: len(INJECTIONS)] == list(INJECTIONS)  # exactly, a CR included
    for cell in list(book["Tasks"]["C"])[1 : len(INJECTIONS) + 1]:
        assert cell.data_type == "s"
    ledger_rows = list(book["Ledger"].iter_rows())
    header = [c.value for c in ledger_rows[0]]
    row = next(r for r in ledger_rows if r[header.index("Reference")].value == first.reference)
    assert row[header.index("Amount")].value == -500
    assert row[header.index("Amount")].data_type == "n"
    assert row[header.index("Description")].data_type == "s"
    budget_names = [c.value for c in book["Budget"]["B"]]
    assert "@SUM(1)" in budget_names


# --- round trip (R18) --------------------------------------------------------------------------


@pytest.mark.parametrize("project_id", [1, 2, 3])
def test_workbook_round_trips_the_plan(demo: Portfolio, project_id: int, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_xlsx(demo, schedule(demo), project_id, path)
    result = read_xlsx_tasks(path)
    assert plan_shape(result.portfolio, 1) == plan_shape(demo, project_id)
    project = result.portfolio.projects[1]
    assert project.name == demo.projects[project_id].name
    assert project.start == demo.projects[project_id].start
    assert result.report.counts["tasks"] == len(demo.project_task_ids(project_id))
    rates = {r.name: r.standard_rate for r in result.portfolio.resources.values()}
    assert all(rates[r.name] == r.standard_rate for r in demo.resources.values() if r.name in rates)


def test_non_ascii_names_round_trip(tmp_path: Path) -> None:
    from tests.builders import small_portfolio

    portfolio = small_portfolio(("Ärger €", "Straße", "日本"))
    write_xlsx(portfolio, None, 1, tmp_path / "u.xlsx")
    back = read_xlsx_tasks(tmp_path / "u.xlsx").portfolio
    assert [t.name for t in back.walk(1)] == ["Ärger €", "Straße", "日本"]


def test_a_simple_task_sheet_with_typed_cells(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["Name", "Duration", "Start", "Predecessors"])
    sheet.append(["Design", 3, datetime(2026, 4, 6), None])
    sheet.append(["Build", "2w", None, 1])
    sheet.append(["Ship", 0, None, "2FS+1d"])
    book.save(tmp_path / "simple.xlsx")
    portfolio = read_xlsx_tasks(tmp_path / "simple.xlsx").portfolio
    tasks = list(portfolio.walk(1))
    assert [t.duration_minutes for t in tasks] == [1440, 4800, 0]
    assert tasks[0].constraint_date == datetime(2026, 4, 6, 8, 0)
    assert tasks[2].milestone
    assert len(portfolio.links) == 2


# --- refusals ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid workbook whose sheet1.xml is 1 GiB of whitespace (about 1 MiB zipped)."""
    folder = tmp_path_factory.mktemp("bomb")
    plain = folder / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Name"])
    book.save(plain)
    target = folder / "bomb.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(target, "w", compresslevel=1) as out:
        for info in source.infolist():
            data = source.read(info)
            if not info.filename.endswith("worksheets/sheet1.xml"):
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            cut = data.index(b"<sheetData")
            entry = zipfile.ZipInfo(info.filename)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with out.open(entry, "w", force_zip64=True) as stream:
                stream.write(data[:cut])
                chunk = b" " * (1 << 20)
                for _ in range(1024):
                    stream.write(chunk)
                stream.write(data[cut:])
    return target


@pytest.mark.slow
def test_a_zip_bomb_is_refused_before_openpyxl_in_under_100_ms(bomb: Path) -> None:
    assert bomb.stat().st_size < 4 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ImportRejected, match="zip bomb") as caught:
        read_xlsx_tasks(bomb)
    assert time.perf_counter() - started < HANG
    assert caught.value.place.endswith("sheet1.xml")


def test_archive_limits(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(30):
            archive.writestr(f"part{number}.xml", "<a/>" * 10)
        archive.writestr("big.xml", " " * 3_000_000)
    with pytest.raises(ImportRejected, match="parts"):
        check_zip(path, ZipLimits(max_entries=20))
    with pytest.raises(ImportRejected, match="ratio") as caught:
        check_zip(path, ZipLimits(max_ratio=50))
    assert caught.value.place == "big.xml"
    with pytest.raises(ImportRejected, match="unpacks to more than"):
        check_zip(path, ZipLimits(max_total_bytes=1_000_000, max_ratio=10_000))
    check_zip(path, ZipLimits(max_ratio=10_000))  # within every limit: no error


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "empty"), (b"Name,Duration\r\n", "no zip archive"), (b"PK\x03\x04junk", "zip")],
)
def test_files_that_are_no_workbook(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportRejected, match=words):
        read_xlsx_tasks(path)


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "z.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ImportRejected, match="not a readable Excel workbook"):
        read_xlsx_tasks(path)


def test_empty_workbooks_are_refused(tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(ImportRejected, match="the sheet is empty"):
        read_xlsx_tasks(tmp_path / "empty.xlsx")
    book = openpyxl.Workbook()
    book.active.append(["Name", "Duration"])
    book.save(tmp_path / "header.xlsx")
    with pytest.raises(ImportRejected, match="no task rows"):
        read_xlsx_tasks(tmp_path / "header.xlsx")


def test_too_many_cells_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.io.xlsx as module

    book = openpyxl.Workbook()
    for number in range(20):
        book.active.append([f"Task {number}", 1, 2, 3])
    book.save(tmp_path / "cells.xlsx")
    monkeypatch.setattr(module, "MAX_CELLS", 40)
    with pytest.raises(ImportRejected, match="more than 40 cells"):
        read_xlsx_tasks(tmp_path / "cells.xlsx")


def test_errors_name_file_sheet_row_and_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tasks"
    sheet.append(["Name", "Duration", "Start"])
    sheet.append(["Fine", "1d", None])
    sheet.append(["Broken", "soon", None])
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(ImportRejected) as caught:
        read_xlsx_tasks(tmp_path / "bad.xlsx")
    error = caught.value
    assert error.file.name == "bad.xlsx"
    assert error.place == "sheet 'Tasks', row 3"
    assert error.field == "column B (Duration)"
    assert str(error).startswith("bad.xlsx: sheet 'Tasks', row 3, column B (Duration): ")


def test_dates_out_of_range_are_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Name", "Start"])
    book.active.append(["Old", datetime(1850, 1, 1)])
    book.save(tmp_path / "old.xlsx")
    with pytest.raises(ImportRejected, match="out of range") as caught:
        read_xlsx_tasks(tmp_path / "old.xlsx")
    assert caught.value.field == "column B (Start)"


def test_export_is_atomic(demo: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"the previous export")

    def broken(self: object, stream: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        write_xlsx(demo, None, 1, path)
    assert path.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["old.xlsx"]


# --- LibreOffice recalculation -----------------------------------------------------------------


def _recalculated(source: Path, folder: Path) -> openpyxl.Workbook:
    """Open the workbook in LibreOffice headless, recalculate, save as xlsx, read values."""
    profile = folder / "lo-profile"
    command = [
        shutil.which("soffice") or "soffice",
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(folder / "out"),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=180, env=dict(os.environ))
    return openpyxl.load_workbook(folder / "out" / source.name, data_only=True)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; apt-get install libreoffice-calc-nogui",
)
def test_libreoffice_recalculates_the_same_totals(
    demo: Portfolio, book_path: Path, tmp_path: Path, project_ev: EarnedValue
) -> None:
    values = _recalculated(book_path, tmp_path)
    budget = rows_of(values["Budget"])
    total = budget[-1]
    summary = budget_summary(demo, 1)
    assert total[0] == "Total"
    assert money(total[2]) == money(summary.budget)
    assert money(total[3]) == money(summary.committed)
    assert money(total[4]) == money(summary.actual)
    assert money(total[5]) == money(summary.forecast)
    assert money(total[6]) == money(summary.variance)
    for row in budget[1:-1]:
        assert money(row[6]) == money(Decimal(str(row[2])) - Decimal(str(row[5])))
    ledger = rows_of(values["Ledger"])
    header = ledger[0]
    entries = [e for e in demo.ledger.values() if e.project_id == 1]
    gross = sum((e.amount + e.tax for e in entries), Decimal(0))
    assert money(ledger[-1][header.index("Amount")]) == money(sum(e.amount for e in entries))
    assert money(ledger[-1][header.index("Gross")]) == money(gross)
    control = project_control(demo, 1)
    cash = rows_of(values["Cash flow"])
    planned = CASH_COLUMNS.index("Planned")
    assert money(cash[-1][planned]) == money(control.total.planned)
    running = CASH_COLUMNS.index("Cumulative planned")
    assert money(cash[-2][running]) == money(control.total.planned)  # the last running total
    tasks = rows_of(values["Tasks"])
    assert len(tasks) == len(demo.project_task_ids(1)) + 1
    assert [r[2] for r in tasks[1:]] == [t.name for t in demo.walk(1)]
    assignments = rows_of(values["Assignments"])
    own = [a for a in demo.assignments.values() if demo.tasks[a.task_id].project_id == 1]
    assert assignments[-1][0] == "Total"
    costs = sum((assignment_cost(demo, a) for a in own), Decimal(0))
    assert money(assignments[-1][6]) == money(costs)
    ev = {r[0]: r[1] for r in rows_of(values["Earned value"])[1:]}
    assert money(ev["CV"]) == money(project_ev.cv)
    assert money(ev["SV"]) == money(project_ev.sv)
    assert money(ev["ETC"]) == money(project_ev.etc)
    assert money(ev["VAC"]) == money(project_ev.vac)
    for index in ("CPI", "SPI", "TCPI"):
        mine = getattr(project_ev, index.lower())
        if mine is None:
            assert ev[index] in (None, "")
        else:
            assert Decimal(str(ev[index])).quantize(Decimal("0.0001")) == mine.quantize(
                Decimal("0.0001")
            )


# --- fuzzing (R16) -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from tests.builders import small_portfolio

    path = tmp_path_factory.mktemp("fuzz") / "small.xlsx"
    write_xlsx(small_portfolio(), None, 1, path)
    return path.read_bytes()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_workbooks_give_a_plan_or_import_rejected(
    tmp_path: Path, small_book: bytes, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(small_book)
    for position, value in flips:
        data[position % len(data)] = value
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    with contextlib.suppress(ImportRejected):
        read_xlsx_tasks(path)


# --- round trip as a property (R18) ---------------------------------------------------------


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tasks=st.lists(
        st.tuples(
            st.integers(0, 20_000),
            st.sampled_from(
                [
                    DurationUnit.DAYS,
                    DurationUnit.HOURS,
                    DurationUnit.WEEKS,
                    DurationUnit.ELAPSED_DAYS,
                ]
            ),
            st.integers(0, 100),
            st.text(min_size=1, max_size=12).filter(lambda t: printable(t).strip() == t),
        ),
        min_size=2,
        max_size=6,
    ),
    lag=st.tuples(
        st.sampled_from(list(LinkKind)),
        st.integers(-3000, 3000),
        st.sampled_from(
            [DurationUnit.DAYS, DurationUnit.HOURS, DurationUnit.ELAPSED_DAYS, DurationUnit.PERCENT]
        ),
    ),
)
def test_any_small_plan_round_trips_through_xlsx_and_csv(
    tmp_path: Path, tasks: list[tuple[int, DurationUnit, int, str]], lag: tuple
) -> None:
    portfolio = small_portfolio(tuple(f"T{n}" for n in range(len(tasks))))
    changed = dict(portfolio.tasks)
    for task, (minutes, unit, percent, name) in zip(portfolio.walk(1), tasks, strict=True):
        changed[task.id] = replace(
            task, name=name, duration_minutes=minutes, duration_unit=unit, percent_complete=percent
        )
    kind, amount, unit = lag
    link = Link(1, 1, 2, kind, 0 if unit is DurationUnit.PERCENT else amount, unit,
                amount // 30 if unit is DurationUnit.PERCENT else 0)  # fmt: skip
    portfolio = replace(portfolio, tasks=changed, links={1: link})
    write_xlsx(portfolio, None, 1, tmp_path / "p.xlsx")
    write_tasks_csv(portfolio, None, 1, tmp_path / "p.csv")
    # Minutes always survive; the display unit too, unless the unit cannot show them
    # exactly (1 minute as days), when the table writes minutes instead.
    project = portfolio.projects[1]
    shown = {
        t.id: replace(
            t,
            duration_unit=parse_duration(
                exact_duration(t.duration_minutes, t.duration_unit, project), project.time
            ).unit,
        )
        for t in portfolio.tasks.values()
    }
    if link.lag_minutes == 0 and link.lag_percent == 0:  # no lag: its unit is not written
        link = Link(1, 1, 2, kind)
    elif not link.percent_lag:
        text = exact_duration(abs(link.lag_minutes), link.lag_unit, project)
        link = replace(link, lag_unit=parse_duration(text, project.time).unit)
    expected = plan_shape(replace(portfolio, tasks=shown, links={1: link}), 1)
    assert plan_shape(read_xlsx_tasks(tmp_path / "p.xlsx").portfolio, 1) == expected
    assert plan_shape(read_tasks_csv(tmp_path / "p.csv").portfolio, 1) == expected
