"""CSV export and import of tasks, resources and ledger entries, and the task table they share.

The task table (ID, WBS, Name, Level, Duration, Start, Finish, % Complete, Predecessors,
Resources, costs, constraint, notes) is one layout for CSV and for the xlsx Tasks sheet,
so ``app.io.xlsx`` reuses the row builder and the importer here. Files are UTF-8 with a
header row and RFC 4180 quoting (``csv`` module, ``\\r\\n`` line ends); a leading BOM is
accepted on import because Excel writes one. Text cells are guarded against formula
injection (``app.io.sanitize``); numbers stay numbers.

Every reader returns a fragment Portfolio numbered from 1 (like ``read_mspdi``), or
raises ``ImportRejected`` naming the file, the line and the column: nothing is applied
until ``MergePortfolio`` (or ``ImportIntoProject``) adds the whole fragment, so bad data
changes nothing.

Tables from other tools name their columns their own way, so the readers take a
``mapping`` (header text -> column name, as MS Project's import wizard asks for) and
guess the rest from the header (case and common spellings folded); ``preview_table``
gives the window the first rows and that guess, and the report states the mapping used.
Readers and writers report progress through ``app.io.progress`` and stop on Cancelled.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app.budget.costing import task_costs
from app.io.atomic import atomic_open
from app.io.errors import ImportRejected
from app.io.limits import check_file_size
from app.io.progress import Progress, Ticker, report
from app.io.report import ImportReport
from app.io.sanitize import csv_value, restore
from app.model.budget import CostAccount, EntryKind, EntryStatus, LedgerEntry, Supplier
from app.model.calendar import Calendar
from app.model.duration import Duration, DurationUnit, format_duration, parse_duration
from app.model.link import Link, LinkKind
from app.model.portfolio import Portfolio
from app.model.project import Project
from app.model.resource import Assignment, RateUnit, Resource, ResourceType
from app.model.task import ConstraintKind, Task
from app.schedule.result import Schedule

FORMAT = "CSV"
MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_FIELD_CHARS = 32_767  # Excel's own cell limit; more is not a planner's text
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_LEVEL = 32

#: The one column a task table cannot do without (the import wizard checks it too).
REQUIRED_TASK_COLUMN = "Name"
TASK_COLUMNS = (
    "ID",
    "WBS",
    "Name",
    "Level",
    "Duration",
    "Duration (days)",
    "Start",
    "Finish",
    "% Complete",
    "Milestone",
    "Predecessors",
    "Resources",
    "Fixed cost",
    "Cost",
    "Constraint",
    "Constraint date",
    "Deadline",
    "Notes",
)
RESOURCE_COLUMNS = (
    "Name",
    "Type",
    "Initials",
    "Group",
    "Email",
    "Material label",
    "Max units (%)",
    "Standard rate",
    "Rate unit",
    "Overtime rate",
    "Cost per use",
    "Notes",
)
LEDGER_COLUMNS = (
    "Date",
    "Kind",
    "Reference",
    "Description",
    "Account code",
    "Account name",
    "Supplier",
    "Task WBS",
    "Amount",
    "Tax",
    "Status",
    "Due date",
    "Settles",
)

#: Every column a CSV of any layout may hold, each once (for ``read_csv``).
_ALL_COLUMNS = tuple(dict.fromkeys((*TASK_COLUMNS, *RESOURCE_COLUMNS, *LEDGER_COLUMNS)))

#: Header spellings other tools use, folded to the column names above.
_ALIASES = {
    "#": "ID",
    "unique id": "ID",
    "task": "Name",
    "task name": "Name",
    "outline level": "Level",
    "dur": "Duration",
    "length": "Duration",
    "task duration": "Duration",
    "wbs code": "WBS",
    "outline number": "WBS",
    "start date": "Start",
    "begin": "Start",
    "begin date": "Start",
    "finish date": "Finish",
    "end": "Finish",
    "end date": "Finish",
    "% complete": "% Complete",
    "percent complete": "% Complete",
    "complete": "% Complete",
    "progress": "% Complete",
    "predecessor": "Predecessors",
    "depends on": "Predecessors",
    "resource names": "Resources",
    "note": "Notes",
}
_TRUE = frozenset({"1", "yes", "y", "true", "x", "ja", "oui"})
_FALSE = frozenset({"", "0", "no", "n", "false", "nein", "non"})
_CONSTRAINT_BY_SHORT = {kind.short: kind for kind in ConstraintKind}
_START_OF_DAY, _END_OF_DAY = time(8, 0), time(17, 0)
_END_COLUMNS = frozenset({"Deadline", "Finish"})
_PREDECESSOR = re.compile(
    r"^\s*(\d+)\s*(FS|SS|FF|SF)?\s*(?:([+-])\s*(\d+(?:[.,]\d+)?\s*[a-z%]*))?\s*$", re.IGNORECASE
)
_RESOURCE_ITEM = re.compile(r"^(.*?)\s*(?:\[\s*(\d+(?:[.,]\d+)?)\s*(%?)\s*\])?$")


#: Header text -> the column it holds (a name from TASK_COLUMNS, RESOURCE_COLUMNS or
#: LEDGER_COLUMNS); None or "" to ignore the column. Headers not named keep their guess.
ColumnMapping = Mapping[str, str | None]


@dataclass(frozen=True, slots=True)
class TableImport:
    """What a CSV or xlsx import returns: the fragment Portfolio and what the import did."""

    portfolio: Portfolio
    report: ImportReport


@dataclass(frozen=True, slots=True)
class TablePreview:
    """The first rows of a task table and the guessed column mapping, for an import wizard.

    The window shows ``rows`` under ``header`` with a choice of ``columns`` per header,
    preset to ``guessed``; what the user picks goes back as the readers' ``mapping``.
    """

    header: list[str]
    rows: list[list[object]]
    guessed: dict[str, str | None]
    columns: tuple[str, ...] = TASK_COLUMNS


# --- values for the table, shared with xlsx ---------------------------------------------


def project_resources(portfolio: Portfolio, project_id: int) -> list[Resource]:
    """The pool's resources and the project's own, in id order (what its tasks can use)."""
    return [r for _, r in sorted(portfolio.resources.items()) if r.project_id in (None, project_id)]


def predecessors_text(portfolio: Portfolio, task: Task) -> str:
    """MS Project style: ``3;4SS+2d;7FF-1d;9FS+50%`` using the predecessors' row IDs."""
    project = portfolio.projects[task.project_id]
    parts = []
    for link in sorted(portfolio.predecessors(task.id), key=lambda k: k.id):
        other = portfolio.tasks.get(link.predecessor_id)
        if other is None or other.project_id != task.project_id:
            continue  # cross-project links have no row number in this table
        text = f"{portfolio.row_number(other.id)}{link.kind.value}"
        if link.percent_lag and link.lag_percent:
            text += f"{link.lag_percent:+d}%"
        elif not link.percent_lag and link.lag_minutes:
            lag = exact_duration(abs(link.lag_minutes), link.lag_unit, project)
            text += ("-" if link.lag_minutes < 0 else "+") + lag
        parts.append(text)
    return ";".join(parts)


def resources_text(portfolio: Portfolio, task_id: int) -> str:
    """``Alice[50%], Bob, Licences[20]``: work units in percent, material units plain."""
    parts = []
    for assignment in sorted(portfolio.task_assignments(task_id), key=lambda a: a.id):
        resource = portfolio.resources[assignment.resource_id]
        name = resource.name.replace("[", "(").replace("]", ")").replace(",", " ")
        if resource.type is ResourceType.MATERIAL:
            parts.append(f"{name}[{_plain_number(assignment.units)}]")
        elif resource.type is ResourceType.WORK and assignment.units != 1.0:
            parts.append(f"{name}[{_plain_number(assignment.units * 100)}%]")
        else:
            parts.append(name)
    return ", ".join(parts)


def _plain_number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def exact_duration(minutes: int, unit: DurationUnit, project: Project) -> str:
    """The duration as MS Project shows it (``3d``), or in minutes when that text would
    not read back to the same minutes (``1.33d``): a table must not lose time."""
    text = format_duration(Duration(minutes, unit), project.time)
    try:
        same = parse_duration(text, project.time).minutes == minutes
    except ValueError:
        same = False
    if same:
        return text
    return f"{minutes}em" if unit.elapsed else f"{minutes}m"


def task_table(portfolio: Portfolio, schedule: Schedule | None, project_id: int) -> Iterator[list]:
    """One list of typed values per task in outline order, in ``TASK_COLUMNS`` order.

    Dates are datetimes, money Decimal, durations text plus days as a Decimal, so each
    writer formats them its own way. Dates come from ``schedule`` when it has the task.
    """
    project = portfolio.projects[project_id]
    costs = task_costs(portfolio, project_id)
    dates = schedule.tasks if schedule is not None else {}
    per_day = Decimal(project.minutes_per_day)
    for task in portfolio.walk(project_id):
        scheduled = dates.get(task.id)
        minutes, percent = task.duration_minutes, task.percent_complete
        if scheduled is not None and scheduled.summary:
            # A summary lasts what its subtasks span and is as far along as they are
            # (weighted by duration), as the window shows it.
            minutes, percent = scheduled.duration_minutes, scheduled.percent_complete
        days = Decimal(minutes) / per_day
        constraint = task.constraint if task.constraint is not ConstraintKind.ASAP else None
        yield [
            portfolio.row_number(task.id),
            portfolio.wbs(task.id),
            task.name,
            portfolio.outline_level(task.id),
            exact_duration(minutes, task.duration_unit, project),
            days.quantize(Decimal("0.01")),
            scheduled.start if scheduled else task.manual_start or task.actual_start,
            scheduled.finish if scheduled else task.manual_finish or task.actual_finish,
            percent,
            "yes" if task.milestone else "no",
            predecessors_text(portfolio, task),
            resources_text(portfolio, task.id),
            task.fixed_cost,
            costs.get(task.id, Decimal(0)),
            constraint.short if constraint else "",
            task.constraint_date if constraint else None,
            task.deadline,
            task.notes,
        ]


def resource_table(portfolio: Portfolio, project_id: int) -> Iterator[list]:
    """Rows in ``RESOURCE_COLUMNS`` order for the resources a project can use."""
    for resource in project_resources(portfolio, project_id):
        yield [
            resource.name,
            resource.type.value,
            resource.initials,
            resource.group,
            resource.email,
            resource.material_label,
            Decimal(str(resource.max_units * 100)).normalize(),
            resource.standard_rate,
            resource.standard_rate_unit.value,
            resource.overtime_rate,
            resource.cost_per_use,
            resource.notes,
        ]


def ledger_table(portfolio: Portfolio, project_id: int) -> Iterator[list]:
    """Rows in ``LEDGER_COLUMNS`` order, by date then id."""
    entries = [e for e in portfolio.ledger.values() if e.project_id == project_id]
    for entry in sorted(entries, key=lambda e: (e.entry_date, e.id)):
        account = portfolio.accounts.get(entry.account_id) if entry.account_id else None
        supplier = portfolio.suppliers.get(entry.supplier_id) if entry.supplier_id else None
        settles = portfolio.ledger.get(entry.settles_id) if entry.settles_id else None
        yield [
            entry.entry_date,
            entry.kind.value,
            entry.reference,
            entry.description,
            account.code if account else "",
            account.name if account else "",
            supplier.name if supplier else "",
            portfolio.wbs(entry.task_id) if entry.task_id in portfolio.tasks else "",
            entry.amount,
            entry.tax,
            entry.status.value,
            entry.due_date,
            settles.reference if settles else "",
        ]


# --- CSV writers ------------------------------------------------------------------------


def _csv_text(value: object) -> object:
    """Dates as ISO text (minutes, no seconds), Decimals exact, strings guarded."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return csv_value(value)


def _write_csv(
    path: Path, header: Sequence[str], rows: Iterable[list], ticker: Ticker | None = None
) -> None:
    """Write header and rows atomically (old file or new, never half: R4).

    Rows are produced while writing, so a Cancelled raised by ``ticker`` mid-way stops
    inside ``atomic_open``, which then deletes its temporary file: no partial export.
    """
    tick = ticker.tick if ticker is not None else None
    with atomic_open(Path(path), "w", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_text(v) for v in row])
            if tick is not None:
                tick()
        if ticker is not None:
            ticker.finish()


def write_tasks_csv(
    portfolio: Portfolio,
    schedule: Schedule | None,
    project_id: int,
    path: Path,
    *,
    progress: Progress | None = None,
) -> None:
    """Export one project's tasks (outline order) as CSV.

    Raises:
        KeyError: when ``project_id`` is not in the portfolio.
        OSError: when the file cannot be written (the old file is then untouched).
        Cancelled: from ``progress``; no file is left behind.
    """
    total = len(portfolio.project_task_ids(project_id))
    ticker = Ticker(progress, total, "Writing tasks")
    _write_csv(path, TASK_COLUMNS, task_table(portfolio, schedule, project_id), ticker)


def write_resources_csv(
    portfolio: Portfolio, project_id: int, path: Path, *, progress: Progress | None = None
) -> None:
    """Export the resources a project can use (the pool and its own) as CSV."""
    ticker = Ticker(progress, len(project_resources(portfolio, project_id)), "Writing resources")
    _write_csv(path, RESOURCE_COLUMNS, resource_table(portfolio, project_id), ticker)


def write_ledger_csv(
    portfolio: Portfolio, project_id: int, path: Path, *, progress: Progress | None = None
) -> None:
    """Export a project's ledger (orders, invoices, expenses, timesheets) as CSV."""
    total = sum(1 for e in portfolio.ledger.values() if e.project_id == project_id)
    ticker = Ticker(progress, total, "Writing ledger entries")
    _write_csv(path, LEDGER_COLUMNS, ledger_table(portfolio, project_id), ticker)


# --- reading: a table with places for error messages -------------------------------------


@dataclass
class Table:
    """Rows of raw cell values with a header, and how to name a cell in an error."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (line or sheet row number, values)
    #: (row number, column index) -> ImportRejected keyword arguments naming the cell.
    locate: Callable[[int, int | None], dict[str, Any]]
    columns: dict[str, int] = field(default_factory=dict)
    #: Header index -> the column it was read as (None: ignored), after ``map_columns``.
    chosen: dict[int, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for index, raw in enumerate(self.header):
            name = _canonical(str(raw or ""))
            if name and name not in self.columns:
                self.columns[name] = index

    def map_columns(self, mapping: ColumnMapping | None, allowed: Sequence[str]) -> None:
        """Decide which header holds which of ``allowed``: the user's ``mapping`` first,
        the guess from the header text for the rest (the first of equal guesses wins).

        Raises:
            ImportRejected: the mapping names a header the file lacks, a column that
                does not exist, or gives two headers the same column.
        """
        explicit = self._explicit(mapping or {}, allowed)
        taken = {target for target in explicit.values() if target is not None}
        self.columns, self.chosen = {}, {}
        for index, raw in enumerate(self.header):
            if index in explicit:
                target = explicit[index]
            else:
                guess = _canonical(str(raw or ""))
                target = guess if guess in allowed and guess not in taken else None
            if target is not None and target in self.columns:
                target = None  # a second header guessed as the same column: ignored
            self.chosen[index] = target
            if target is not None:
                self.columns[target] = index

    def _explicit(self, mapping: ColumnMapping, allowed: Sequence[str]) -> dict[int, str | None]:
        """Header index -> column for each header the mapping names (None: ignored)."""
        explicit: dict[int, str | None] = {}
        taken: dict[str, int] = {}
        for key, value in mapping.items():
            index, target = self._header_index(key), self._target(key, value, allowed)
            if target is not None and target in taken:
                first = self.header[taken[target]]
                message = (
                    f"columns {first!r} and {self.header[index]!r} are both mapped to {target}"
                )
                raise ImportRejected(self.path, message, **self._header_place(target))
            if target is not None:
                taken[target] = index
            explicit[index] = target
        return explicit

    def mapping_text(self) -> str:
        """``columns: Task -> Name, Length -> Duration, Colour ignored`` for the report
        (empty before ``map_columns``)."""
        if not self.chosen:
            return ""
        parts = []
        for index, target in self.chosen.items():
            text = str(self.header[index] or "").strip()
            if not text:
                continue  # a column without a header has nothing to map
            if target is None:
                parts.append(f"{text} ignored")
            else:
                parts.append(text if text == target else f"{text} -> {target}")
        return "columns: " + ", ".join(parts)

    def _header_index(self, key: str) -> int:
        wanted = str(key).strip()
        texts = [str(h or "").strip() for h in self.header]
        if wanted in texts:
            return texts.index(wanted)
        folded = [t.casefold() for t in texts]
        if wanted.casefold() in folded:
            return folded.index(wanted.casefold())
        shown = ", ".join(repr(t) for t in texts if t)
        message = f"the column mapping names {wanted!r}, which is not in the header ({shown})"
        raise ImportRejected(self.path, message, **self._header_place(wanted))

    def _target(self, key: str, value: str | None, allowed: Sequence[str]) -> str | None:
        if value is None or not str(value).strip():
            return None
        target = _canonical(str(value))
        if target not in allowed:
            message = (
                f"the column mapping sends {key!r} to {str(value).strip()!r}, which is not a "
                f"column Plansmith reads here; use one of {', '.join(allowed)}"
            )
            raise ImportRejected(self.path, message, **self._header_place(key))
        return target

    def _header_place(self, field_name: str) -> dict[str, Any]:
        where = self.locate(0, None)
        where["field"] = field_name
        return where

    def fail(self, row: int, column: str | None, message: str) -> ImportRejected:
        """An ImportRejected naming file, row and column."""
        index = self.columns.get(column) if column else None
        return ImportRejected(self.path, message, **self.locate(row, index))

    def get(self, values: list[object], column: str) -> object:
        """The raw value of ``column`` in a row (None when the column is absent or short)."""
        index = self.columns.get(column)
        if index is None or index >= len(values):
            return None
        value = values[index]
        if isinstance(value, str):
            value = restore(value).strip()  # the escape first: "'\t=1" is "\t=1"
            return value or None
        return value


def _canonical(name: str) -> str:
    """Header text -> the column name this module uses (case and aliases folded)."""
    key = " ".join(name.replace("\ufeff", "").split()).casefold()
    for column in (*TASK_COLUMNS, *RESOURCE_COLUMNS, *LEDGER_COLUMNS):
        if column.casefold() == key:
            return column
    return _ALIASES.get(key, name.strip())


def csv_table(path: Path, progress: Progress | None = None) -> Table:
    """Read a CSV file into a Table; refuse oversized, undecodable or malformed files."""
    path = Path(path)
    report(progress, 0, 0, "Reading the file")
    check_file_size(path, MAX_CSV_BYTES)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ImportRejected(path, "not UTF-8 text; save the CSV as UTF-8", line=line) from None
    except OSError as exc:
        raise ImportRejected(path, f"cannot read the file: {exc.strerror or exc}") from None
    if "\0" in text:
        raise ImportRejected(path, "the file holds NUL bytes; this is not a CSV text file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[object]]] = []
    header: list[str] | None = None
    ticker = Ticker(progress, max(text.count("\n") - 1, 0), "Reading rows")
    try:
        for values in reader:
            if header is None:
                header = values
                continue
            ticker.tick()
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportRejected(path, f"more than {MAX_ROWS} rows", line=reader.line_num)
            if any(len(v) > MAX_FIELD_CHARS for v in values):
                raise ImportRejected(path, "a field is too long", line=reader.line_num)
            rows.append((reader.line_num, list(values)))
    except csv.Error as exc:
        raise ImportRejected(path, f"malformed CSV ({exc})", line=reader.line_num) from None
    if header is None or not any(h.strip() for h in header):
        raise ImportRejected(path, "the file has no header row", line=1)
    ticker.finish()
    return Table(path, header, rows, _csv_place(header))


def guess_columns(header: Sequence[object]) -> dict[str, str | None]:
    """Header text -> the TASK_COLUMNS name it reads as (case and aliases folded), or None."""
    guessed: dict[str, str | None] = {}
    for raw in header:
        text = str(raw or "").strip()
        name = _canonical(text)
        guessed[text] = name if name in TASK_COLUMNS else None
    return guessed


def preview_table(path: Path, *, rows: int = 20) -> TablePreview:
    """The header, the first ``rows`` rows as read, and the guessed mapping of a task table
    (.csv, or .xlsx: the sheet ``read_xlsx_tasks`` reads), for the import wizard.

    Raises:
        ImportRejected: for a file the readers would refuse as a whole (not UTF-8, no
            header, not a workbook...).
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from app.io.xlsx import preview_sheet  # xlsx imports this module

        header, first = preview_sheet(path, rows)
    else:
        table = csv_table(path)
        header = [str(h) for h in table.header]
        first = [list(values) for _, values in table.rows[: max(rows, 0)]]
    return TablePreview(header, first, guess_columns(header))


def _csv_place(header: list[str]) -> Callable[[int, int | None], dict[str, Any]]:
    def locate(line: int, index: int | None) -> dict[str, Any]:
        if index is None:
            return {"line": line or 1}
        return {"line": line, "field": f"column {index + 1} ({header[index]})"}

    return locate


# --- value parsing ----------------------------------------------------------------------


def _text(table: Table, row: int, values: list[object], column: str) -> str:
    value = table.get(values, column)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _date(table: Table, row: int, values: list[object], column: str) -> datetime | None:
    """A date or date-time from a typed cell or ISO-like text; years outside 1900-2200 fail.

    A bare date (or a spreadsheet date at midnight) means the working day: a start at
    08:00, a deadline at 17:00, as MS Project reads typed dates.
    """
    value = table.get(values, column)
    if value is None:
        return None
    day_time = _END_OF_DAY if column in _END_COLUMNS else _START_OF_DAY
    if isinstance(value, datetime):
        result = value if value.time() != time(0, 0) else datetime.combine(value, day_time)
    elif isinstance(value, date):
        result = datetime.combine(value, day_time)
    else:
        result = _parse_date_text(table, row, column, str(value), day_time)
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise table.fail(row, column, f"date {result:%Y-%m-%d} is out of range")
    return result.replace(second=0, microsecond=0)


def _parse_date_text(table: Table, row: int, column: str, text: str, day_time: time) -> datetime:
    cleaned = text.strip().replace("T", " ")
    for pattern in (
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
        "%d.%m.%Y",
        "%d.%m.%Y %H:%M",
    ):
        try:
            parsed = datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        return parsed if ":" in cleaned else datetime.combine(parsed, day_time)
    raise table.fail(row, column, f"cannot read {text!r} as a date; write e.g. 2026-03-02")


def _decimal(table: Table, row: int, values: list[object], column: str) -> Decimal:
    value = table.get(values, column)
    if value is None:
        return Decimal(0)
    if isinstance(value, bool):
        raise table.fail(row, column, f"{value!r} is not an amount")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text that reads back as the cell's number
    text = str(value).strip().replace(" ", "")
    try:
        result = Decimal(text.replace(",", "") if "." in text else text.replace(",", "."))
    except InvalidOperation:
        raise table.fail(row, column, f"cannot read {value!r} as an amount") from None
    if not result.is_finite():
        raise table.fail(row, column, f"{value!r} is not an amount")
    return result


def _number(table: Table, row: int, values: list[object], column: str, default: float) -> float:
    value = table.get(values, column)
    if value is None:
        return default
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip().rstrip("%").replace(",", "."))
    except ValueError:
        raise table.fail(row, column, f"cannot read {value!r} as a number") from None


def _flag(table: Table, row: int, values: list[object], column: str) -> bool:
    value = table.get(values, column)
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise table.fail(row, column, f"{value!r} is neither yes nor no")


# --- the task importer --------------------------------------------------------------------


@dataclass
class _PendingTask:
    """A task read from a row, kept with the row for links and assignments read later."""

    row: int
    values: list[object]
    task: Task


class TaskTableReader:
    """Builds a one-project fragment from a task table (CSV or the xlsx Tasks sheet).

    Nesting comes from ``Level``, else from dotted ``WBS`` codes. A ``Start`` becomes a
    start-no-earlier-than constraint, unless the table has a ``Constraint`` column (then
    it is a table Plansmith wrote, whose Start is a computed date and is ignored).
    """

    def __init__(
        self,
        table: Table,
        format_name: str,
        project_info: dict[str, object],
        progress: Progress | None = None,
    ) -> None:
        self.table = table
        self.progress = progress
        self.report = ImportReport(source=str(table.path), format=format_name)
        self.info = project_info
        self.pending: list[_PendingTask] = []
        self.by_key: dict[int, int] = {}
        self.resources: dict[str, Resource] = {}
        self.assignments: dict[int, Assignment] = {}
        self.links: dict[int, Link] = {}
        self.added_resources: list[str] = []

    def read(self, resources: Iterable[Resource] = ()) -> TableImport:
        """Read every row; raise ImportRejected at the first bad one."""
        table = self.table
        if REQUIRED_TASK_COLUMN not in table.columns:
            raise table.fail(0, None, f"no {REQUIRED_TASK_COLUMN} column in the header")
        if not table.rows:
            raise ImportRejected(table.path, "the table has no task rows")
        for resource in resources:
            self.resources[resource.name.casefold()] = resource
        self.report.note(table.mapping_text())
        project = self._project()
        self._tasks(project)
        tasks = self._without_summary_milestones()
        ticker = Ticker(self.progress, len(self.pending), "Reading links and resources")
        for pending in self.pending:
            self._links(pending, project)
            self._assign(pending, tasks[pending.task.id], project)
            ticker.tick()
        ticker.finish()
        portfolio = Portfolio(
            projects={1: project},
            calendars={1: Calendar(1, "Standard", project_id=1)},
            tasks=tasks,
            links=self.links,
            resources={r.id: r for r in self.resources.values()},
            assignments=self.assignments,
        )
        for name in ("tasks", "links", "resources", "assignments"):
            self.report.counts[name] = len(getattr(portfolio, name))
        if self.added_resources:
            names = ", ".join(self.added_resources[:10])
            extra = len(self.added_resources) - 10
            more = f" and {extra} more" if extra > 0 else ""
            self.report.warn(
                f"{len(self.added_resources)} resources named in the Resources column are in no "
                f"resource list and were added without rates: {names}{more}"
            )
        return TableImport(portfolio, self.report)

    def _project(self) -> Project:
        """Project settings from the workbook's About sheet, else from the file name."""
        info = self.info
        start = info.get("start")
        if not isinstance(start, datetime):
            start = self._earliest_start() or datetime.combine(date.today(), time(8, 0))
        currency = str(info.get("currency") or "EUR")[:8]
        name = str(info.get("name") or self.table.path.stem)
        return Project(1, name, start, calendar_id=1, currency=currency)

    def _earliest_start(self) -> datetime | None:
        table = self.table
        starts = [_date(table, row, values, "Start") for row, values in table.rows]
        found = [s for s in starts if s is not None]
        return min(found) if found else None

    def _tasks(self, project: Project) -> None:
        table = self.table
        parents: list[int] = []
        positions: dict[int | None, int] = {}
        has_constraint_column = "Constraint" in table.columns
        ticker = Ticker(self.progress, len(table.rows), "Reading tasks")
        for number, (row, values) in enumerate(table.rows, start=1):
            ticker.tick()
            name = _text(table, row, values, "Name")
            if not name:
                raise table.fail(row, "Name", "a task needs a name")
            level = self._level(row, values)
            if level > len(parents) + 1:
                raise table.fail(row, "Level", f"level {level} follows level {len(parents)}")
            del parents[level - 1 :]
            parent = parents[-1] if parents else None
            task_id = number
            key = self._key(row, values, number)
            position = positions.get(parent, 0)
            positions[parent] = position + 1
            task = Task(
                task_id,
                1,
                name,
                parent_id=parent,
                position=position,
                uid=key,
                **self._fields(row, values, project, has_constraint_column),
            )
            self.pending.append(_PendingTask(row, values, task))
            parents.append(task_id)
        ticker.finish()

    def _without_summary_milestones(self) -> dict[int, Task]:
        """Tasks by id; a summary is never a milestone, whatever its own duration says.

        Without a Milestone column, zero duration marks a milestone; a summary row of a
        table may show 0 days (its span is computed), so it is not one.
        """
        parents = {p.task.parent_id for p in self.pending}
        tasks = {}
        for pending in self.pending:
            task = pending.task
            if task.milestone and task.id in parents and "Milestone" not in self.table.columns:
                task = replace(task, milestone=False)
                pending.task = task
            tasks[task.id] = task
        return tasks

    def _key(self, row: int, values: list[object], number: int) -> int:
        """The row's ID (what Predecessors refer to): the ID column, else its position."""
        table = self.table
        if "ID" not in table.columns or table.get(values, "ID") is None:
            key = number
        else:
            value = _number(table, row, values, "ID", number)
            if not value.is_integer() or value < 1:
                raise table.fail(row, "ID", f"ID {value:g} is not a positive whole number")
            key = int(value)
        if key in self.by_key:
            raise table.fail(row, "ID", f"ID {key} is used twice")
        self.by_key[key] = number
        return key

    def _level(self, row: int, values: list[object]) -> int:
        table = self.table
        if "Level" in table.columns and table.get(values, "Level") is not None:
            level = _number(table, row, values, "Level", 1)
            if not level.is_integer() or not 1 <= level <= MAX_LEVEL:
                raise table.fail(row, "Level", f"level must be 1 to {MAX_LEVEL}")
            return int(level)
        wbs = _text(table, row, values, "WBS")
        return min(wbs.count(".") + 1, MAX_LEVEL) if wbs else 1

    def _fields(
        self, row: int, values: list[object], project: Project, has_constraint: bool
    ) -> dict[str, object]:
        table = self.table
        duration = self._duration(row, values, project)
        percent = _number(table, row, values, "% Complete", 0)
        if not 0 <= percent <= 100:
            raise table.fail(row, "% Complete", f"{percent:g} is not between 0 and 100")
        if "Milestone" in table.columns:  # a table that says so is believed, even at 0d
            milestone = _flag(table, row, values, "Milestone")
        else:
            milestone = duration.minutes == 0
        fields: dict[str, object] = {
            "duration_minutes": duration.minutes,
            "duration_unit": duration.unit,
            "milestone": milestone,
            "percent_complete": round(percent),
            "fixed_cost": _decimal(table, row, values, "Fixed cost"),
            "deadline": _date(table, row, values, "Deadline"),
            "notes": _text(table, row, values, "Notes"),
        }
        wbs = _text(table, row, values, "WBS")
        fields["wbs"] = wbs or None
        fields.update(self._constraint(row, values, has_constraint))
        return fields

    def _duration(self, row: int, values: list[object], project: Project) -> Duration:
        table = self.table
        value = table.get(values, "Duration")
        if value is None and "Duration (days)" in table.columns:
            value = table.get(values, "Duration (days)")
        if value is None:
            return Duration(project.minutes_per_day, DurationUnit.DAYS)
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            minutes = round(float(value) * project.minutes_per_day)
            duration = Duration(minutes, DurationUnit.DAYS)
        else:
            try:
                duration = parse_duration(str(value), project.time)
            except ValueError as exc:
                raise table.fail(row, "Duration", str(exc)) from None
        if not 0 <= duration.minutes <= 100 * 366 * 1440:
            raise table.fail(row, "Duration", f"duration {value!r} is out of range")
        return duration

    def _constraint(
        self, row: int, values: list[object], has_constraint: bool
    ) -> dict[str, object]:
        table = self.table
        if not has_constraint:
            start = _date(table, row, values, "Start")
            if start is None:
                return {}
            return {"constraint": ConstraintKind.START_NO_EARLIER_THAN, "constraint_date": start}
        short = _text(table, row, values, "Constraint").upper()
        if not short or short == "ASAP":
            return {}
        kind = _CONSTRAINT_BY_SHORT.get(short)
        if kind is None:
            known = ", ".join(_CONSTRAINT_BY_SHORT)
            raise table.fail(row, "Constraint", f"unknown constraint {short!r}; use {known}")
        when = _date(table, row, values, "Constraint date")
        if kind.needs_date and when is None:
            raise table.fail(row, "Constraint date", f"{short} needs a date")
        return {"constraint": kind, "constraint_date": when}

    def _links(self, pending: _PendingTask, project: Project) -> None:
        table = self.table
        text = _text(table, pending.row, pending.values, "Predecessors")
        if not text:
            return
        separator = ";" if ";" in text else ","
        for item in filter(str.strip, text.split(separator)):
            match = _PREDECESSOR.match(item)
            if match is None:
                message = f"cannot read predecessor {item.strip()!r}; write e.g. 3, 4SS or 5FS+2d"
                raise table.fail(pending.row, "Predecessors", message)
            key, kind, sign, lag = match.groups()
            number = self.by_key.get(int(key))
            if number is None:
                raise table.fail(pending.row, "Predecessors", f"no task has ID {key}")
            if number == pending.task.id:
                raise table.fail(pending.row, "Predecessors", "a task cannot precede itself")
            link_id = len(self.links) + 1
            link = Link(link_id, number, pending.task.id, LinkKind((kind or "FS").upper()))
            self.links[link_id] = self._lag(pending, link, sign, lag, project)

    def _lag(
        self, pending: _PendingTask, link: Link, sign: str | None, lag: str | None, project: Project
    ) -> Link:
        if not lag:
            return link
        try:
            parsed = parse_duration(lag, project.time, allow_percent=True)
        except ValueError as exc:
            raise self.table.fail(pending.row, "Predecessors", str(exc)) from None
        factor = -1 if sign == "-" else 1
        if parsed.unit is DurationUnit.PERCENT:
            return replace(link, lag_unit=DurationUnit.PERCENT, lag_percent=factor * parsed.minutes)
        return replace(link, lag_minutes=factor * parsed.minutes, lag_unit=parsed.unit)

    def _assign(self, pending: _PendingTask, task: Task, project: Project) -> None:
        table = self.table
        text = _text(table, pending.row, pending.values, "Resources")
        for item in filter(str.strip, text.split(",")):
            match = _RESOURCE_ITEM.match(item.strip())
            name, amount, percent = match.groups() if match else (item.strip(), None, "")
            if not name:
                raise table.fail(pending.row, "Resources", f"cannot read resource {item!r}")
            resource = self._resource(name, material=bool(amount) and not percent)
            units = 1.0
            if amount:
                units = float(amount.replace(",", "."))
                units = units / 100 if percent else units
            assignment_id = len(self.assignments) + 1
            work = (
                0
                if resource.type is not ResourceType.WORK
                else round(task.duration_minutes * units)
            )
            self.assignments[assignment_id] = Assignment(
                assignment_id, task.id, resource.id, units=units, work_minutes=work
            )

    def _resource(self, name: str, material: bool) -> Resource:
        key = name.casefold()
        resource = self.resources.get(key)
        if resource is None:
            kind = ResourceType.MATERIAL if material else ResourceType.WORK
            resource = Resource(len(self.resources) + 1, name, kind)
            self.resources[key] = resource
            self.added_resources.append(name)
        return resource


def read_tasks_csv(
    path: Path, *, mapping: ColumnMapping | None = None, progress: Progress | None = None
) -> TableImport:
    """Import a task table CSV (as ``write_tasks_csv`` writes, or Name/Duration/Start/...).

    ``mapping`` says which header holds which of ``TASK_COLUMNS`` (see ``ColumnMapping``);
    the report states the mapping used.

    Raises:
        ImportRejected: naming file, line and column for any row it cannot use, or the
            header a bad ``mapping`` names.
        Cancelled: from ``progress``.
    """
    table = csv_table(Path(path), progress)
    table.map_columns(mapping, TASK_COLUMNS)
    return TaskTableReader(table, FORMAT, {}, progress).read()


# --- resources and ledger -----------------------------------------------------------------


def resources_from_table(table: Table) -> list[Resource]:
    """Resources with ids from 1, one per row; names must be unique (case-insensitive)."""
    resources: list[Resource] = []
    seen: set[str] = set()
    for row, values in table.rows:
        name = _text(table, row, values, "Name")
        if not name:
            raise table.fail(row, "Name", "a resource needs a name")
        if name.casefold() in seen:
            raise table.fail(row, "Name", f"resource {name!r} is listed twice")
        seen.add(name.casefold())
        resources.append(_resource_row(table, row, values, len(resources) + 1, name))
    return resources


def _resource_row(table: Table, row: int, values: list[object], rid: int, name: str) -> Resource:
    kind_text = _text(table, row, values, "Type").casefold() or "work"
    unit_text = _text(table, row, values, "Rate unit") or "h"
    try:
        kind = ResourceType(kind_text)
    except ValueError:
        message = f"type must be work, material or cost, not {kind_text!r}"
        raise table.fail(row, "Type", message) from None
    try:
        unit = RateUnit(unit_text)
    except ValueError:
        message = f"rate unit must be h, d, w, mo or y, not {unit_text!r}"
        raise table.fail(row, "Rate unit", message) from None
    max_units = _number(table, row, values, "Max units (%)", 100) / 100
    if not 0 <= max_units <= 1000:
        raise table.fail(row, "Max units (%)", "max units out of range")
    return Resource(
        id=rid,
        name=name,
        type=kind,
        initials=_text(table, row, values, "Initials"),
        group=_text(table, row, values, "Group"),
        email=_text(table, row, values, "Email"),
        material_label=_text(table, row, values, "Material label"),
        max_units=max_units,
        standard_rate=_decimal(table, row, values, "Standard rate"),
        standard_rate_unit=unit,
        overtime_rate=_decimal(table, row, values, "Overtime rate"),
        cost_per_use=_decimal(table, row, values, "Cost per use"),
        notes=_text(table, row, values, "Notes"),
    )


def read_resources_csv(
    path: Path, *, mapping: ColumnMapping | None = None, progress: Progress | None = None
) -> TableImport:
    """Import a resource list CSV into a fragment holding only pool resources."""
    table = csv_table(Path(path), progress)
    return _resources_import(table, mapping, progress)


def _resources_import(
    table: Table, mapping: ColumnMapping | None, progress: Progress | None
) -> TableImport:
    table.map_columns(mapping, RESOURCE_COLUMNS)
    if "Name" not in table.columns:
        raise ImportRejected(table.path, "no Name column in the header", line=1)
    report(progress, 0, len(table.rows), "Reading resources")
    resources = resources_from_table(table)
    report(progress, len(table.rows), len(table.rows), "Reading resources")
    result = ImportReport(source=str(table.path), format=FORMAT)
    result.counts["resources"] = len(resources)
    result.note(table.mapping_text())
    return TableImport(Portfolio(resources={r.id: r for r in resources}), result)


@dataclass(frozen=True, slots=True)
class ProjectTarget:
    """The existing project a ledger is read for (``plansmith import --project``).

    With one, ``Task WBS`` must name one of the project's tasks and ``Settles`` may name
    an entry the project already has; the fragment's entries then carry those ids, and
    are numbered above the portfolio's own entries so the two never mix up (the
    convention ``app.commands.imports.ImportIntoProject`` reads).
    """

    portfolio: Portfolio
    project_id: int

    def tasks_by_wbs(self) -> dict[str, int]:
        """WBS code -> task id, for the project's tasks."""
        portfolio = self.portfolio
        return {portfolio.wbs(t): t for t in portfolio.project_task_ids(self.project_id)}

    def entries_by_reference(self) -> dict[str, int]:
        """Reference -> entry id of the project's ledger (the first entry of each)."""
        found: dict[str, int] = {}
        for entry_id, entry in sorted(self.portfolio.ledger.items()):
            if entry.project_id == self.project_id and entry.reference:
                found.setdefault(entry.reference, entry_id)
        return found


@dataclass
class _LedgerBuilder:
    table: Table
    target: ProjectTarget | None = None
    accounts: dict[str, CostAccount] = field(default_factory=dict)
    suppliers: dict[str, Supplier] = field(default_factory=dict)
    entries: dict[int, LedgerEntry] = field(default_factory=dict)
    by_reference: dict[str, int] = field(default_factory=dict)
    existing_references: dict[str, int] = field(default_factory=dict)
    tasks_by_wbs: dict[str, int] = field(default_factory=dict)
    first_id: int = 1
    ignored_wbs: int = 0

    def __post_init__(self) -> None:
        if self.target is not None:
            self.existing_references = self.target.entries_by_reference()
            self.tasks_by_wbs = self.target.tasks_by_wbs()
            self.first_id = self.target.portfolio.next_id("ledger")

    def entry(self, row: int, values: list[object]) -> None:
        table = self.table
        when = _date(table, row, values, "Date")
        if when is None:
            raise table.fail(row, "Date", "an entry needs a date")
        kind_text = _text(table, row, values, "Kind").casefold().replace(" ", "_")
        status_text = _text(table, row, values, "Status").casefold() or "open"
        try:
            kind = EntryKind(kind_text)
            status = EntryStatus(status_text)
        except ValueError:
            kinds = ", ".join(k.value for k in EntryKind)
            message = f"kind must be one of {kinds}; status open, approved or paid"
            raise table.fail(row, "Kind", message) from None
        reference = _text(table, row, values, "Reference")
        entry_id = len(self.entries) + self.first_id
        settles = _text(table, row, values, "Settles")
        settles_id = self.by_reference.get(settles) or self.existing_references.get(settles)
        if settles and settles_id is None:
            raise table.fail(row, "Settles", f"no earlier entry has reference {settles!r}")
        due = _date(table, row, values, "Due date")
        self.entries[entry_id] = LedgerEntry(
            id=entry_id,
            project_id=1,
            kind=kind,
            entry_date=when.date(),
            amount=_decimal(table, row, values, "Amount"),
            account_id=self._account(row, values),
            supplier_id=self._supplier(row, values),
            reference=reference,
            description=_text(table, row, values, "Description"),
            tax=_decimal(table, row, values, "Tax"),
            status=status,
            due_date=due.date() if due else None,
            settles_id=settles_id if settles else None,
            task_id=self._task(row, values),
        )
        if reference:
            self.by_reference.setdefault(reference, entry_id)

    def _task(self, row: int, values: list[object]) -> int | None:
        """The target project's task named by ``Task WBS`` (a new project has none)."""
        wbs = _text(self.table, row, values, "Task WBS")
        if not wbs:
            return None
        if self.target is None:
            self.ignored_wbs += 1
            return None
        task_id = self.tasks_by_wbs.get(wbs)
        if task_id is None:
            name = self.target.portfolio.projects[self.target.project_id].name
            message = f"project {name!r} has no task with WBS {wbs!r}"
            raise self.table.fail(row, "Task WBS", message)
        return task_id

    def _account(self, row: int, values: list[object]) -> int | None:
        code = _text(self.table, row, values, "Account code")
        if not code:
            return None
        if code not in self.accounts:
            name = _text(self.table, row, values, "Account name") or code
            self.accounts[code] = CostAccount(len(self.accounts) + 1, 1, code, name)
        return self.accounts[code].id

    def _supplier(self, row: int, values: list[object]) -> int | None:
        name = _text(self.table, row, values, "Supplier")
        if not name:
            return None
        if name.casefold() not in self.suppliers:
            self.suppliers[name.casefold()] = Supplier(len(self.suppliers) + 1, name)
        return self.suppliers[name.casefold()].id


def read_ledger_csv(
    path: Path,
    *,
    mapping: ColumnMapping | None = None,
    progress: Progress | None = None,
    target: ProjectTarget | None = None,
) -> TableImport:
    """Import ledger entries into a fragment: one project named after the file, with the
    cost accounts (by code) and suppliers (by name) the entries use.

    Entries are read in file order; ``Settles`` must name an earlier entry's reference
    (or, with a ``target``, one of the target project's entries). ``Task WBS`` is
    resolved against the ``target`` project's tasks; without one it is ignored (a new
    project has no tasks) and the report says so.
    """
    table = csv_table(Path(path), progress)
    return _ledger_import(table, mapping, progress, target)


def _ledger_import(
    table: Table,
    mapping: ColumnMapping | None,
    progress: Progress | None,
    target: ProjectTarget | None,
) -> TableImport:
    table.map_columns(mapping, LEDGER_COLUMNS)
    for column in ("Date", "Kind", "Amount"):
        if column not in table.columns:
            raise ImportRejected(table.path, f"no {column} column in the header", line=1)
    if not table.rows:
        raise ImportRejected(table.path, "the file has no ledger entries", line=2)
    builder = _LedgerBuilder(table, target)
    ticker = Ticker(progress, len(table.rows), "Reading ledger entries")
    for row, values in table.rows:
        builder.entry(row, values)
        ticker.tick()
    ticker.finish()
    first = min(e.entry_date for e in builder.entries.values())
    project = Project(1, table.path.stem, datetime.combine(first, time(8, 0)), calendar_id=1)
    portfolio = Portfolio(
        projects={1: project},
        calendars={1: Calendar(1, "Standard", project_id=1)},
        accounts={a.id: a for a in builder.accounts.values()},
        suppliers={s.id: s for s in builder.suppliers.values()},
        ledger=builder.entries,
    )
    result = ImportReport(source=str(table.path), format=FORMAT)
    for name in ("ledger", "accounts", "suppliers"):
        result.counts[name] = len(getattr(portfolio, name))
    result.note(table.mapping_text())
    if builder.ignored_wbs:
        result.warn(
            f"Task WBS ignored on {builder.ignored_wbs} entries: a ledger imported as a new "
            "project has no tasks (import it into a project with --project to link them)"
        )
    return TableImport(portfolio, result)


def read_csv(
    path: Path,
    *,
    mapping: ColumnMapping | None = None,
    progress: Progress | None = None,
    target: ProjectTarget | None = None,
) -> TableImport:
    """Import any of the three CSV layouts, chosen by the (mapped) header, for ``.csv``.

    ``target`` is passed to ``read_ledger_csv`` when the file is a ledger.
    """
    table = csv_table(Path(path), progress)
    table.map_columns(mapping, _ALL_COLUMNS)
    columns = set(table.columns)
    if {"Kind", "Amount", "Date"} <= columns:
        return _ledger_import(table, mapping, progress, target)
    if (
        "Name" in columns
        and columns & {"Standard rate", "Type", "Max units (%)"}
        and not (columns & {"Duration", "Predecessors", "Start"})
    ):
        return _resources_import(table, mapping, progress)
    table.map_columns(mapping, TASK_COLUMNS)
    return TaskTableReader(table, FORMAT, {}, progress).read()
