"""Excel (.xlsx) export of a project for finance, and import of a task list workbook.

The export is meant to be used as is: a Tasks sheet with the WBS grouped by outline
level (Excel's +/- buttons), real dates, durations, % complete and costs, a frozen
header and an auto filter; Resources and Assignments; a Budget sheet by cost account
whose totals and variances are live formulas, so finance can change a figure and see
the totals follow; the Ledger with a totals row; cash flow by month (budget, plan,
baseline, actual, cash out) with running totals; earned value when a baseline exists;
and an About sheet. Figures come from ``app.budget`` (cost control, time-phased series,
earned value), so the workbook and the app never disagree. Money carries the project's
currency in its number format and stays an exact number.

Formula injection (RELIABILITY R17): openpyxl turns any string starting with ``=`` into
a formula, so user text that a spreadsheet could run is written as a string cell
(``data_type "s"``): the text is kept exactly, shown as text, never evaluated.

The workbook is built in openpyxl's write-only mode; the two big sheets (Tasks and
Assignments) get their data rows as SpreadsheetML text spliced into openpyxl's package
(``_BulkRows``), which makes a 50k-task export several times faster than cell objects.
The file is written through ``app.io.atomic``, so a crash leaves the old file intact.

Import (``read_xlsx_tasks``) checks the zip's declared sizes before openpyxl opens it
(R14), caps rows and cells, and reads the Tasks sheet (or the first sheet) with the task
table reader shared with CSV; errors name the file, sheet, row and column.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.budget.accounts import depth, tree_order
from app.budget.costing import assignment_cost
from app.budget.earned_value import default_baseline, earned_value
from app.budget.ledger import NOTHING, Figures, project_control
from app.budget.spread import month_start
from app.budget.timephased import monthly
from app.io.atomic import atomic_open
from app.io.delimited import LEDGER_COLUMNS as _LEDGER_COLUMNS
from app.io.delimited import (
    RESOURCE_COLUMNS,
    TASK_COLUMNS,
    ColumnMapping,
    Table,
    TableImport,
    TaskTableReader,
    ledger_table,
    resource_table,
    resources_from_table,
    task_table,
)
from app.io.errors import ImportRejected
from app.io.limits import check_zip
from app.io.progress import Cancelled, Progress, Ticker, report
from app.io.sanitize import is_formula_like, printable
from app.model.portfolio import Portfolio
from app.model.project import Project
from app.model.resource import ResourceType
from app.schedule.result import Schedule

FORMAT = "Excel workbook"
MAX_ROWS = 200_000
MAX_CELLS = 4_000_000

DATE_TIME = "yyyy-mm-dd hh:mm"
DATE = "yyyy-mm-dd"
MONTH = "yyyy-mm"
DAYS = "0.00"
WHOLE = "0"

BUDGET_COLUMNS = (
    "Account code",
    "Account",
    "Budget",
    "Committed",
    "Actual",
    "Forecast",
    "Variance",
)
ASSIGNMENT_COLUMNS = ("Task ID", "WBS", "Task", "Resource", "Units (%)", "Work (h)", "Cost")
LEDGER_COLUMNS = (*_LEDGER_COLUMNS, "Gross")
CASH_COLUMNS = (
    "Month",
    "Budget",
    "Planned",
    "Baseline",
    "Actual",
    "Cash out",
    "Cumulative planned",
    "Cumulative baseline",
    "Cumulative actual",
)
TOTAL = "Total"

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="DDE4EE")
_TOTAL_FONT = Font(bold=True)
_WIDTHS = {
    "Name": 44,
    "Task": 36,
    "Notes": 40,
    "Description": 36,
    "Account": 26,
    "Predecessors": 18,
    "Resources": 28,
    "Start": 17,
    "Finish": 17,
    "Constraint date": 17,
    "Deadline": 17,
    "Resource": 22,
    "Supplier": 22,
    "Email": 26,
}


# --- cells ---------------------------------------------------------------------------------


def money_format(project: Project) -> str:
    """``#,##0.00 "EUR"`` with the project's digits; negatives red, as finance reads them."""
    code = re.sub(r"[^\w$€£¥]", "", project.currency)[:8] or "EUR"
    digits = max(0, min(project.currency_digits, 6))
    number = "#,##0" + ("." + "0" * digits if digits else "")
    return f'{number} "{code}";[Red]-{number} "{code}"'


class _Sheet:
    """A write-only sheet with typed cells: money, dates, guarded text, formulas."""

    def __init__(self, book: Workbook, title: str, money: str, header: Sequence[str]) -> None:
        self.ws: WriteOnlyWorksheet = book.create_sheet(title)
        self.money = money
        self.header = list(header)
        self.rows = 0

    def setup(self, money_columns: Iterable[str] = (), freeze: bool = True) -> None:
        """Widths, frozen header; must run before the first row (write-only)."""
        for index, name in enumerate(self.header, start=1):
            width = _WIDTHS.get(name, max(10, len(name) + 3))
            self.ws.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            self.ws.freeze_panes = "A2"
        self._money_columns = {self.header.index(c) for c in money_columns}
        header = []
        for name in self.header:
            cell = WriteOnlyCell(self.ws, value=name)
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        self.ws.append(header)
        self.rows = 1

    def cell(self, value: object, index: int, number_format: str | None = None) -> object:
        """One cell: text guarded, dates and money formatted; plain values pass through."""
        if isinstance(value, str):
            value = printable(value)
            if value and is_formula_like(value):
                cell = WriteOnlyCell(self.ws, value=value)
                cell.data_type = "s"  # text that must never run as a formula
                return cell
            return value
        if isinstance(value, (datetime, date)):
            cell = WriteOnlyCell(self.ws, value=value)
            cell.number_format = number_format or (
                DATE_TIME if isinstance(value, datetime) else DATE
            )
            return cell
        if number_format is None and index in self._money_columns:
            number_format = self.money
        if number_format and isinstance(value, (int, float, Decimal)):
            cell = WriteOnlyCell(self.ws, value=value)
            cell.number_format = number_format
            return cell
        return value

    def append(self, values: Sequence[object], formats: dict[int, str] | None = None) -> int:
        """Append a row; returns its sheet row number."""
        formats = formats or {}
        self.ws.append([self.cell(v, i, formats.get(i)) for i, v in enumerate(values)])
        self.rows += 1
        return self.rows

    def formula(self, text: str, index: int, bold: bool = False) -> WriteOnlyCell:
        """A live formula cell (our own text, never user data), in the column's format."""
        cell = WriteOnlyCell(self.ws, value=text)
        if index in self._money_columns:
            cell.number_format = self.money
        if bold:
            cell.font = _TOTAL_FONT
        return cell

    def total_row(
        self, sums: Iterable[str], first: int, others: dict[str, str] | None = None
    ) -> int:
        """A ``Total`` row: SUM over rows ``first``..last of each column in ``sums``, and
        ``others`` (column -> formula with ``{row}`` for this row, e.g. a difference)."""
        last = self.rows
        row: list[object] = [None] * len(self.header)
        label_cell = WriteOnlyCell(self.ws, value=TOTAL)
        label_cell.font = _TOTAL_FONT
        row[0] = label_cell
        for name in sums:
            index = self.header.index(name)
            letter = get_column_letter(index + 1)
            text = f"=SUM({letter}{first}:{letter}{last})" if last >= first else "=0"
            row[index] = self.formula(text, index, bold=True)
        for name, text in (others or {}).items():
            index = self.header.index(name)
            row[index] = self.formula(text.format(row=last + 1), index, bold=True)
        self.ws.append(row)
        self.rows += 1
        return self.rows

    def letter(self, name: str) -> str:
        """The column letter of a header name."""
        return get_column_letter(self.header.index(name) + 1)


@dataclass(frozen=True, slots=True)
class _Formula:
    """A formula of our own (never user text) for a bulk row, without the ``=``."""

    text: str


class _BulkRows:
    """The data rows of a big sheet, written as SpreadsheetML text instead of cell objects.

    openpyxl spends tens of microseconds per cell in its XML writer; a 50k-task plan has
    over a million cells in Tasks and Assignments. So those sheets get their header (and
    all sheet settings) from openpyxl, and their rows from here, spliced into the saved
    package by ``_package``. Styles are openpyxl's own, looked up once per number format,
    so the workbook stays consistent. Text is always an inline string, so it can never
    run as a formula (R17); a carriage return is kept as a character reference.
    """

    def __init__(self, sheet: _Sheet, formats: dict[int, str]) -> None:
        self.sheet = sheet
        self.letters = [get_column_letter(i + 1) for i in range(len(sheet.header))]
        self.styles = {index: _style_id(sheet.ws, fmt) for index, fmt in formats.items()}
        self.date_time = _style_id(sheet.ws, DATE_TIME)
        self.date = _style_id(sheet.ws, DATE)
        self.bold = _style_id(sheet.ws, "General", bold=True)
        self.bold_styles = {
            index: _style_id(sheet.ws, fmt, bold=True) for index, fmt in formats.items()
        }
        self.chunks: list[str] = []
        self.last_row = 1

    def add(self, values: Sequence[object], level: int = 0, bold: bool = False) -> int:
        """Append one row (outline ``level`` 0-7); returns its row number."""
        number = self.last_row + 1
        cells = "".join(self._cell(number, i, v, bold) for i, v in enumerate(values))
        outline = f' outlineLevel="{level}"' if level else ""
        self.chunks.append(f'<row r="{number}"{outline}>{cells}</row>')
        self.last_row = number
        return number

    def _cell(self, row: int, index: int, value: object, bold: bool) -> str:
        if value is None or value == "":
            return ""
        ref = f"{self.letters[index]}{row}"
        styles = self.bold_styles if bold else self.styles
        style = styles.get(index, self.bold if bold else 0)
        if isinstance(value, str):
            text = escape(printable(value)).replace("\r", "&#13;")
            shown = f' s="{style}"' if style else ""
            return (
                f'<c r="{ref}"{shown} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
            )
        if isinstance(value, _Formula):
            return f'<c r="{ref}" s="{style}"><f>{escape(value.text)}</f></c>'
        if isinstance(value, datetime):
            return f'<c r="{ref}" s="{self.date_time}"><v>{_serial(value)}</v></c>'
        if isinstance(value, date):
            return f'<c r="{ref}" s="{self.date}"><v>{_serial(value)}</v></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        number = format(value, "f") if isinstance(value, Decimal) else repr(value)
        shown = f' s="{style}"' if style else ""
        return f'<c r="{ref}"{shown}><v>{number}</v></c>'


def _style_id(ws: WriteOnlyWorksheet, number_format: str, bold: bool = False) -> int:
    """The workbook's style index for a number format (registered if new)."""
    cell = WriteOnlyCell(ws)
    cell.number_format = number_format
    if bold:
        cell.font = _TOTAL_FONT
    return cell.style_id


_EPOCH = datetime(1899, 12, 30)


def _serial(value: date) -> str:
    """A date or date-time as Excel's serial day number (1900 date system)."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    delta = moment - _EPOCH
    days = delta.days + delta.seconds / 86400
    return repr(days) if delta.seconds else str(delta.days)


def _with_dimension(head: bytes, rows: _BulkRows) -> bytes:
    """Declare the sheet's extent (schema order: after sheetPr, before sheetViews), so a
    reader need not scan a whole big sheet to learn its size."""
    extent = f'<dimension ref="A1:{rows.letters[-1]}{rows.last_row}"/>'.encode()
    before, found, after = head.partition(b"<sheetViews")
    return before + extent + found + after if found else head


def _package(
    skeleton: io.BytesIO,
    stream: BinaryIO,
    bulk: Sequence[_BulkRows],
    progress: Progress | None = None,
) -> None:
    """Copy openpyxl's package to ``stream``, splicing bulk rows into their sheets."""
    by_path = {b.sheet.ws.path.lstrip("/"): b for b in bulk}
    ticker = Ticker(progress, sum(len(b.chunks) for b in bulk), "Writing the file")
    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(stream, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            rows = by_path.get(info.filename)
            if rows is None:
                out.writestr(info, data)
                continue
            head, found, tail = data.partition(b"</sheetData>")
            if not found:
                raise ValueError(f"{info.filename}: openpyxl wrote no sheetData")
            head = _with_dimension(head, rows)
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with out.open(entry, "w", force_zip64=True) as target:
                target.write(head)
                for start in range(0, len(rows.chunks), 2000):
                    chunk = rows.chunks[start : start + 2000]
                    target.write("".join(chunk).encode("utf-8"))
                    ticker.tick(len(chunk))
                target.write(found + tail)
    ticker.finish()


# --- the workbook --------------------------------------------------------------------------


def write_xlsx(
    portfolio: Portfolio,
    schedule: Schedule | None,
    project_id: int,
    path: Path,
    *,
    progress: Progress | None = None,
) -> None:
    """Export one project as a finance-ready workbook, atomically (old file or new).

    Dates come from ``schedule``; when it lacks the project's tasks the project is
    scheduled here first (export never shows stale or missing dates).

    Raises:
        KeyError: when ``project_id`` is not in the portfolio.
        OSError: when the file cannot be written (the old file is then untouched).
        app.schedule.ScheduleError: when an unscheduled project cannot be scheduled.
        Cancelled: from ``progress``; no file is left behind and an old one is kept.
    """
    project = portfolio.projects[project_id]
    report(progress, 0, 0, "Scheduling")
    schedule = _with_dates(portfolio, schedule, project_id)
    book = Workbook(write_only=True)
    try:
        bulk = _build_sheets(book, portfolio, schedule, project_id, progress)
        book.properties.title = project.name
        book.properties.creator = "Plansmith"
        skeleton = io.BytesIO()
        report(progress, 0, 0, "Saving the workbook")
        book.save(skeleton)
    except BaseException:
        _discard(book)  # write-only sheets hold temporary files until saved or closed
        raise
    with atomic_open(Path(path), "wb") as stream:
        _package(skeleton, stream, bulk, progress)


#: Resources, Budget, Ledger, Cash flow, Earned value, About: one step each.
_OTHER_SHEETS = 6


def _build_sheets(
    book: Workbook,
    portfolio: Portfolio,
    schedule: Schedule,
    project_id: int,
    progress: Progress | None,
) -> list[_BulkRows]:
    """Every sheet in workbook order; returns the two bulk sheets for ``_package``."""
    money = money_format(portfolio.projects[project_id])
    tasks = _tasks_sheet(book, portfolio, schedule, project_id, money, progress)
    stage = "Writing the other sheets"
    report(progress, 0, _OTHER_SHEETS, stage)
    _resources_sheet(book, portfolio, project_id, money)
    report(progress, 1, _OTHER_SHEETS, stage)
    assignments = _assignments_sheet(book, portfolio, project_id, money, progress)
    report(progress, 1, _OTHER_SHEETS, stage)
    _budget_sheet(book, portfolio, project_id, money)
    report(progress, 2, _OTHER_SHEETS, stage)
    _ledger_sheet(book, portfolio, project_id, money)
    report(progress, 3, _OTHER_SHEETS, stage)
    _cash_flow_sheet(book, portfolio, schedule, project_id, money)
    report(progress, 4, _OTHER_SHEETS, stage)
    _earned_value_sheet(book, portfolio, schedule, project_id, money)
    report(progress, 5, _OTHER_SHEETS, stage)
    _about_sheet(book, portfolio, schedule, project_id, money)
    report(progress, 6, _OTHER_SHEETS, stage)
    return [tasks, assignments]


def _discard(book: Workbook) -> None:
    """Close the streamed sheets of a workbook that failed to save (their temp files)."""
    for sheet in book.worksheets:
        with contextlib.suppress(Exception):
            sheet.close()


def _with_dates(portfolio: Portfolio, schedule: Schedule | None, project_id: int) -> Schedule:
    task_ids = portfolio.project_task_ids(project_id)
    if schedule is not None and all(t in schedule.tasks for t in task_ids):
        return schedule
    from app.schedule import schedule as compute

    return compute(portfolio, [project_id])


def _tasks_sheet(
    book: Workbook,
    portfolio: Portfolio,
    schedule: Schedule,
    project_id: int,
    money: str,
    progress: Progress | None = None,
) -> _BulkRows:
    sheet = _Sheet(book, "Tasks", money, TASK_COLUMNS)
    ws = sheet.ws
    levels = [portfolio.outline_level(t) for t in portfolio.project_task_ids(project_id)]
    ws.sheet_properties.outlinePr.summaryBelow = False  # summary rows sit above their tasks
    ws.sheet_format.outlineLevelRow = min(max(levels, default=1) - 1, 7)
    sheet.setup(money_columns=("Fixed cost", "Cost"))
    formats = {
        TASK_COLUMNS.index("Duration (days)"): DAYS,
        TASK_COLUMNS.index("% Complete"): WHOLE,
        TASK_COLUMNS.index("Fixed cost"): money,
        TASK_COLUMNS.index("Cost"): money,
    }
    rows = _BulkRows(sheet, formats)
    level_index = TASK_COLUMNS.index("Level")
    ticker = Ticker(progress, len(levels), "Writing the Tasks sheet")
    for values in task_table(portfolio, schedule, project_id):
        rows.add(values, level=min(values[level_index] - 1, 7))  # Excel groups 7 deep
        ticker.tick()
    ticker.finish()
    ws.auto_filter.ref = f"A1:{get_column_letter(len(TASK_COLUMNS))}{max(rows.last_row, 2)}"
    return rows


def _resources_sheet(book: Workbook, portfolio: Portfolio, project_id: int, money: str) -> None:
    sheet = _Sheet(book, "Resources", money, RESOURCE_COLUMNS)
    sheet.setup(money_columns=("Standard rate", "Overtime rate", "Cost per use"))
    for values in resource_table(portfolio, project_id):
        sheet.append(values)
    sheet.ws.auto_filter.ref = f"A1:{get_column_letter(len(RESOURCE_COLUMNS))}{max(sheet.rows, 2)}"


def _assignments_sheet(
    book: Workbook,
    portfolio: Portfolio,
    project_id: int,
    money: str,
    progress: Progress | None = None,
) -> _BulkRows:
    sheet = _Sheet(book, "Assignments", money, ASSIGNMENT_COLUMNS)
    sheet.setup(money_columns=("Cost",))
    work, cost = ASSIGNMENT_COLUMNS.index("Work (h)"), ASSIGNMENT_COLUMNS.index("Cost")
    rows = _BulkRows(sheet, {work: DAYS, cost: money})
    ticker = Ticker(
        progress, len(portfolio.project_task_ids(project_id)), "Writing the Assignments sheet"
    )
    for task in portfolio.walk(project_id):
        ticker.tick()
        for assignment in sorted(portfolio.task_assignments(task.id), key=lambda a: a.id):
            resource = portfolio.resources[assignment.resource_id]
            units = Decimal(str(assignment.units))
            shown = units if resource.type is ResourceType.MATERIAL else units * 100
            rows.add(
                [
                    portfolio.row_number(task.id),
                    portfolio.wbs(task.id),
                    task.name,
                    resource.name,
                    shown.normalize(),
                    (Decimal(assignment.work_minutes) / 60).quantize(Decimal("0.01")),
                    assignment_cost(portfolio, assignment),
                ]
            )
    ticker.finish()
    last = rows.last_row
    total: list[object] = [TOTAL, None, None, None, None]
    for index in (work, cost):
        letter = get_column_letter(index + 1)
        total.append(_Formula(f"SUM({letter}2:{letter}{last})" if last >= 2 else "0"))
    rows.add(total, bold=True)
    return rows


# --- money sheets ----------------------------------------------------------------------


def account_figures(portfolio: Portfolio, project_id: int) -> list[tuple[str, str, int, Figures]]:
    """(code, name, depth, own figures) per account, each amount in exactly one row.

    The cost-control cells are grouped by the account they land on (not rolled up to
    parents), so a SUM over the rows is the project total. Money on no account gets a
    "(no account)" row; while a project has no budget lines its approved budget gets
    its own row, as ``budget_summary`` counts it.
    """
    control = project_control(portfolio, project_id)
    own: dict[int | None, Figures] = defaultdict(lambda: NOTHING)
    for (_, account_id), figures in control.cells.items():
        key = account_id if account_id in portfolio.accounts else None
        own[key] = own[key] + figures
    accounts = {a.id: a for a in portfolio.accounts.values() if a.project_id == project_id}
    rows = [
        (a.code, a.name, depth(accounts, a.id), own.get(a.id, NOTHING))
        for a in tree_order(accounts.values())
    ]
    if None in own:
        rows.append(("", "(no account)", 0, own[None]))
    if not control.has_lines and control.approved_budget:
        approved = Figures(budget=control.approved_budget)
        rows.append(("", "Approved budget (no budget lines yet)", 0, approved))
    return rows


def _budget_sheet(book: Workbook, portfolio: Portfolio, project_id: int, money: str) -> None:
    sheet = _Sheet(book, "Budget", money, BUDGET_COLUMNS)
    sheet.setup(money_columns=BUDGET_COLUMNS[2:])
    budget, forecast = sheet.letter("Budget"), sheet.letter("Forecast")
    variance_index = BUDGET_COLUMNS.index("Variance")
    for code, name, level, figures in account_figures(portfolio, project_id):
        row = sheet.rows + 1
        name = printable(name)
        label = WriteOnlyCell(sheet.ws, value=name)
        if is_formula_like(name):
            label.data_type = "s"
        label.alignment = Alignment(indent=level)
        values = [code, label, figures.budget, figures.committed, figures.actual, figures.forecast]
        cells = [sheet.cell(v, i) for i, v in enumerate(values)]
        cells.append(sheet.formula(f"={budget}{row}-{forecast}{row}", variance_index))
        sheet.ws.append(cells)
        sheet.rows += 1
    variance_formula = {"Variance": f"={budget}{{row}}-{forecast}{{row}}"}
    sheet.total_row(("Budget", "Committed", "Actual", "Forecast"), 2, variance_formula)


def _ledger_sheet(book: Workbook, portfolio: Portfolio, project_id: int, money: str) -> None:
    sheet = _Sheet(book, "Ledger", money, LEDGER_COLUMNS)
    sheet.setup(money_columns=("Amount", "Tax", "Gross"))
    amount, tax = sheet.letter("Amount"), sheet.letter("Tax")
    gross_index = LEDGER_COLUMNS.index("Gross")
    formats = {0: DATE, LEDGER_COLUMNS.index("Due date"): DATE}
    for values in ledger_table(portfolio, project_id):
        row = sheet.rows + 1
        cells = [sheet.cell(v, i, formats.get(i)) for i, v in enumerate(values)]
        cells.append(sheet.formula(f"={amount}{row}+{tax}{row}", gross_index))
        sheet.ws.append(cells)
        sheet.rows += 1
    sheet.total_row(("Amount", "Tax", "Gross"), first=2)
    sheet.ws.auto_filter.ref = f"A1:{get_column_letter(len(LEDGER_COLUMNS))}{max(sheet.rows, 2)}"


def _cash_flow_sheet(
    book: Workbook, portfolio: Portfolio, schedule: Schedule, project_id: int, money: str
) -> None:
    """Month by month from ``app.budget.timephased.monthly``, with running totals as
    formulas: budget lines with a month, today's plan, the baseline (PV), actual cost
    (net) and cash out (gross, by due date)."""
    sheet = _Sheet(book, "Cash flow", money, CASH_COLUMNS)
    sheet.setup(money_columns=CASH_COLUMNS[1:])
    number = default_baseline(portfolio, project_id)
    rows = monthly(portfolio, schedule, project_id, number if number is not None else 0)
    running = {
        "Cumulative planned": sheet.letter("Planned"),
        "Cumulative baseline": sheet.letter("Baseline"),
        "Cumulative actual": sheet.letter("Actual"),
    }
    for month in rows:
        row = sheet.rows + 1
        figures = (month.budget, month.planned, month.baseline, month.actual, month.cash_out)
        cells = [sheet.cell(month_start(month.month), 0, MONTH)]
        cells += [sheet.cell(v, i) for i, v in enumerate(figures, start=1)]
        for name, letter in running.items():
            index = CASH_COLUMNS.index(name)
            cells.append(sheet.formula(f"=SUM({letter}$2:{letter}{row})", index))
        sheet.ws.append(cells)
        sheet.rows += 1
    sheet.total_row(CASH_COLUMNS[1:6], first=2)


def _earned_value_sheet(
    book: Workbook, portfolio: Portfolio, schedule: Schedule, project_id: int, money: str
) -> None:
    """BAC, PV, EV and AC from ``app.budget.earned_value`` against the default baseline;
    variances, indices and estimates as formulas over them, so finance sees the method.

    Left out when the project has no baseline: earned value needs one.
    """
    number = default_baseline(portfolio, project_id)
    if number is None:
        return
    ev = earned_value(portfolio, schedule, project_id, baseline=number)
    sheet = _Sheet(book, "Earned value", money, ("Figure", "Value", "Meaning"))
    sheet.setup(freeze=False)
    sheet.ws.column_dimensions["A"].width = 26
    sheet.ws.column_dimensions["C"].width = 60
    sheet.append(["Status date", ev.status_date, f"from: {ev.status_source.value}"])
    sheet.append(["Baseline", number, "the saved baseline compared against"])
    facts = (
        ("BAC", ev.bac, "budget at completion: the baseline cost"),
        ("PV", ev.pv, "planned value: baseline cost due by the status date"),
        ("EV", ev.ev, "earned value: baseline cost of the work done"),
        ("AC", ev.ac, "actual cost booked up to the status date"),
    )
    rows = {}
    for name, value, meaning in facts:
        rows[name] = sheet.rows + 1
        sheet.append([name, value, meaning], {1: money})
    b, p, e, a = (f"B{rows[n]}" for n in ("BAC", "PV", "EV", "AC"))
    eac = f"B{sheet.rows + 5}"
    formulas = (
        ("CV", f"={e}-{a}", money, "cost variance EV - AC (negative: over cost)"),
        ("SV", f"={e}-{p}", money, "schedule variance EV - PV (negative: behind)"),
        ("CPI", f'=IF({a}=0,"",{e}/{a})', "0.00", "cost performance index EV / AC"),
        ("SPI", f'=IF({p}=0,"",{e}/{p})', "0.00", "schedule performance index EV / PV"),
        ("EAC", ev.eac, money, f"estimate at completion: {ev.eac_method.value}"),
        ("ETC", f"={eac}-{a}", money, "estimate to complete EAC - AC"),
        ("VAC", f"={b}-{eac}", money, "variance at completion BAC - EAC"),
        ("TCPI", f'=IF({b}-{a}=0,"",({b}-{e})/({b}-{a}))', "0.00", "(BAC - EV) / (BAC - AC)"),
    )
    for name, value, number_format, meaning in formulas:
        if isinstance(value, str):
            cell = sheet.formula(value, 1)
            cell.number_format = number_format
            sheet.ws.append([name, cell, meaning])
            sheet.rows += 1
        else:
            sheet.append([name, value, meaning], {1: number_format})


def _about_sheet(
    book: Workbook, portfolio: Portfolio, schedule: Schedule, project_id: int, money: str
) -> None:
    """Key facts of the project; the importer reads name, start and currency back."""
    project = portfolio.projects[project_id]
    span = schedule.projects.get(project_id)
    sheet = _Sheet(book, "About", money, ("Field", "Value"))
    sheet.setup(freeze=False)
    sheet.ws.column_dimensions["B"].width = 40
    facts: list[tuple[str, object, str | None]] = [
        ("Project", project.name, None),
        ("Manager", project.manager, None),
        ("Currency", project.currency, None),
        ("Start", project.start, DATE_TIME),
        ("Finish", span.finish if span else None, DATE_TIME),
        ("Status date", project.status_date, DATE_TIME),
        ("Approved budget", project.approved_budget, money),
        ("Contingency", project.contingency, money),
        ("Written by", "Plansmith", None),
    ]
    for name, value, number_format in facts:
        sheet.append([name, value], {1: number_format} if number_format else None)


# --- import ----------------------------------------------------------------------------------


def read_xlsx_tasks(
    path: Path, *, mapping: ColumnMapping | None = None, progress: Progress | None = None
) -> TableImport:
    """Import a task list workbook: the Tasks sheet Plansmith writes, or any first sheet
    with a header row such as Name / Duration / Start / Predecessors.

    ``mapping`` says which header of that sheet holds which of ``TASK_COLUMNS`` (as for
    ``read_tasks_csv``).

    Raises:
        ImportRejected: for a zip bomb, a file that is no workbook, an empty workbook,
            too many rows or cells, or any cell it cannot use (naming sheet, row, column).
        Cancelled: from ``progress`` (never wrapped into ImportRejected).
    """
    path = Path(path)
    report(progress, 0, 0, "Opening the workbook")
    with _opened(path) as book:
        return _read_book(path, book, mapping, progress)


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[Workbook]:
    """The workbook read-only; openpyxl's many exception types become ImportRejected,
    while ImportRejected and Cancelled pass through unchanged."""
    check_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (ImportRejected, Cancelled):
        raise
    except Exception as exc:  # openpyxl raises many types for a broken package
        raise ImportRejected(path, f"not a readable Excel workbook ({_reason(exc)})") from None
    try:
        yield book
    except (ImportRejected, Cancelled):
        raise
    except Exception as exc:  # a malformed part found while streaming rows
        raise ImportRejected(path, f"cannot read the workbook ({_reason(exc)})") from None
    finally:
        book.close()


def preview_sheet(path: Path, rows: int) -> tuple[list[str], list[list[object]]]:
    """Header and first ``rows`` non-empty rows of the sheet ``read_xlsx_tasks`` reads,
    without reading the rest (a preview of a 50k-row sheet must be quick)."""
    path = Path(path)
    with _opened(path) as book:
        title = _task_sheet_title(path, book)
        header: list[str] | None = None
        first: list[list[object]] = []
        for _, values in _numbered_rows(book[title]):
            if header is not None and len(first) >= rows:
                break
            if not any(v is not None and str(v).strip() for v in values):
                continue
            if header is None:
                header = [str(v).strip() if v is not None else "" for v in values]
            else:
                first.append(list(values))
        if header is None:
            raise ImportRejected(path, "the sheet is empty", place=f"sheet {title!r}")
        return header, first


def _task_sheet_title(path: Path, book: Workbook) -> str:
    names = book.sheetnames
    if not names:
        raise ImportRejected(path, "the workbook has no sheets")
    return "Tasks" if "Tasks" in names else names[0]


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _read_book(
    path: Path, book: Workbook, mapping: ColumnMapping | None, progress: Progress | None
) -> TableImport:
    names = book.sheetnames
    title = _task_sheet_title(path, book)
    budget = _CellBudget(path)
    table = _sheet_table(path, book[title], title, budget, progress)
    table.map_columns(mapping, TASK_COLUMNS)
    info: dict[str, object] = {}
    if "About" in names:
        info = _about(_sheet_table(path, book["About"], "About", budget))
    resources = []
    if title == "Tasks" and "Resources" in names:
        resource_sheet = _sheet_table(path, book["Resources"], "Resources", budget)
        if resource_sheet.rows and "Name" in resource_sheet.columns:
            resources = resources_from_table(resource_sheet)
    return TaskTableReader(table, FORMAT, info, progress).read(resources)


class _CellBudget:
    """Counts cells over every sheet read, so a workbook cannot make us read millions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cells = 0

    def take(self, count: int, title: str, row: int) -> None:
        self.cells += count
        if self.cells > MAX_CELLS:
            place = f"sheet {title!r}, row {row}"
            raise ImportRejected(self.path, f"more than {MAX_CELLS:,} cells", place=place)


def _sheet_table(
    path: Path, ws: object, title: str, budget: _CellBudget, progress: Progress | None = None
) -> Table:
    """The sheet's first non-empty row as header and the non-empty rows below it."""
    header: list[str] | None = None
    header_row = 1
    rows: list[tuple[int, list[object]]] = []
    known = getattr(ws, "max_row", None)  # from the sheet's dimension, when it has one
    ticker = Ticker(progress, known if isinstance(known, int) else 0, f"Reading sheet {title}")
    for number, values in _numbered_rows(ws):
        ticker.tick()
        budget.take(len(values), title, number)
        if not any(v is not None and str(v).strip() for v in values):
            continue
        if header is None:
            header, header_row = [str(v).strip() if v is not None else "" for v in values], number
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportRejected(path, f"more than {MAX_ROWS:,} rows", place=f"sheet {title!r}")
        rows.append((number, list(values)))
    if header is None:
        raise ImportRejected(path, "the sheet is empty", place=f"sheet {title!r}")
    ticker.finish()
    return Table(path, header, rows, _xlsx_place(title, header, header_row))


def _numbered_rows(ws: object) -> Iterator[tuple[int, tuple[object, ...]]]:
    """Rows with their sheet row numbers (read-only sheets skip nothing in between)."""
    yield from enumerate(ws.iter_rows(values_only=True), start=1)  # type: ignore[attr-defined]


def _xlsx_place(
    title: str, header: list[str], header_row: int
) -> Callable[[int, int | None], dict[str, Any]]:
    def locate(row: int, index: int | None) -> dict[str, Any]:
        place = f"sheet {title!r}, row {row or header_row}"
        if index is None:
            return {"place": place}
        name = header[index] if index < len(header) else ""
        return {"place": place, "field": f"column {get_column_letter(index + 1)} ({name})"}

    return locate


def _about(table: Table) -> dict[str, object]:
    """Project name, start and currency from the About sheet's Field/Value rows."""
    keys = {"project": "name", "start": "start", "currency": "currency"}
    info: dict[str, object] = {}
    for _, values in table.rows:
        if len(values) < 2 or values[0] is None:
            continue
        key = keys.get(str(values[0]).strip().casefold())
        if key and values[1] is not None:
            info[key] = values[1]
    return info
