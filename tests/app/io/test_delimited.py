"""CSV export and import: round trips, formula injection, and errors naming line and column."""

from __future__ import annotations

import contextlib
import csv
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.budget.ledger import budget_summary
from app.demo import build_demo
from app.io.delimited import (
    TASK_COLUMNS,
    read_csv,
    read_ledger_csv,
    read_resources_csv,
    read_tasks_csv,
    write_ledger_csv,
    write_resources_csv,
    write_tasks_csv,
)
from app.io.errors import ImportRejected
from app.io.sanitize import printable
from app.model import ConstraintKind, DurationUnit, EntryKind, LinkKind, Portfolio
from app.schedule import schedule
from tests.builders import small_portfolio

INJECTIONS = ('=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(1)", "\t=1", "\r=1")


@pytest.fixture(scope="module")
def demo() -> Portfolio:
    return build_demo()


def plan_shape(portfolio: Portfolio, project_id: int) -> tuple[list[tuple], list[tuple]]:
    """What a task table must carry over: tasks in outline order and links by row."""
    tasks = []
    for task in portfolio.walk(project_id):
        leaf = not portfolio.is_summary(task.id)
        tasks.append(
            (
                portfolio.outline_number(task.id),
                task.name,
                task.duration_minutes if leaf else None,
                task.duration_unit if leaf else None,
                task.milestone,
                task.percent_complete if leaf else None,  # a summary's is its subtasks'
                task.constraint,
                task.constraint_date,
                task.deadline,
                task.fixed_cost,
                task.notes,
                sorted(
                    (portfolio.resources[a.resource_id].name, a.units)
                    for a in portfolio.task_assignments(task.id)
                ),
            )
        )
    links = sorted(
        (
            portfolio.row_number(k.predecessor_id),
            portfolio.row_number(k.successor_id),
            k.kind,
            k.lag_minutes,
            k.lag_unit,
            k.lag_percent,
        )
        for k in portfolio.links.values()
        if portfolio.tasks[k.successor_id].project_id == project_id
        and portfolio.tasks[k.predecessor_id].project_id == project_id
    )
    return tasks, links


def write_rows(path: Path, header: list[str], *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("project_id", [1, 2, 3])
def test_tasks_csv_round_trips_the_demo_projects(
    demo: Portfolio, project_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "tasks.csv"
    write_tasks_csv(demo, schedule(demo), project_id, path)
    result = read_tasks_csv(path)
    assert plan_shape(result.portfolio, 1) == plan_shape(demo, project_id)
    assert result.report.counts["tasks"] == len(demo.project_task_ids(project_id))


def test_the_file_is_utf8_rfc4180_with_a_header(demo: Portfolio, tmp_path: Path) -> None:
    path = tmp_path / "tasks.csv"
    write_tasks_csv(demo, schedule(demo), 1, path)
    raw = path.read_bytes()
    assert raw.startswith(b"ID,WBS,Name,")
    assert b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    assert rows[0] == list(TASK_COLUMNS)
    assert all(len(row) == len(TASK_COLUMNS) for row in rows)


def test_dates_are_iso_and_money_exact(demo: Portfolio, tmp_path: Path) -> None:
    path = tmp_path / "tasks.csv"
    plan = schedule(demo)
    write_tasks_csv(demo, plan, 1, path)
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    first = demo.children(1, None)[0]
    assert rows[0]["Start"] == plan.tasks[first].start.strftime("%Y-%m-%d %H:%M")
    assert all(Decimal(r["Cost"]) >= 0 for r in rows)


def test_summary_rows_show_the_rolled_up_duration_and_progress(
    demo: Portfolio, tmp_path: Path
) -> None:
    path = tmp_path / "tasks.csv"
    plan = schedule(demo)
    write_tasks_csv(demo, plan, 1, path)
    rows = {r["Name"]: r for r in csv.DictReader(path.open(encoding="utf-8", newline=""))}
    summaries = [t for t in demo.walk(1) if demo.is_summary(t.id)]
    assert any(0 < plan.tasks[t.id].percent_complete < 100 for t in summaries)
    for task in summaries:
        rolled = plan.tasks[task.id]
        assert int(rows[task.name]["% Complete"]) == rolled.percent_complete, task.name


def test_resources_and_ledger_round_trip(demo: Portfolio, tmp_path: Path) -> None:
    write_resources_csv(demo, 1, tmp_path / "resources.csv")
    resources = read_resources_csv(tmp_path / "resources.csv").portfolio.resources
    originals = sorted(
        (r.name, r.type, r.standard_rate, r.max_units, r.group, r.email)
        for r in demo.resources.values()
    )
    assert (
        sorted(
            (r.name, r.type, r.standard_rate, r.max_units, r.group, r.email)
            for r in resources.values()
        )
        == originals
    )
    write_ledger_csv(demo, 1, tmp_path / "ledger.csv")
    fragment = read_ledger_csv(tmp_path / "ledger.csv").portfolio
    before = sorted(
        (e.entry_date, e.kind, e.reference, e.amount, e.tax, e.status, e.due_date)
        for e in demo.ledger.values()
        if e.project_id == 1
    )
    after = sorted(
        (e.entry_date, e.kind, e.reference, e.amount, e.tax, e.status, e.due_date)
        for e in fragment.ledger.values()
    )
    assert after == before
    settled = [e for e in fragment.ledger.values() if e.settles_id]
    assert settled and all(
        fragment.ledger[e.settles_id].kind is EntryKind.PURCHASE_ORDER for e in settled
    )


def test_ledger_import_keeps_the_money_figures(demo: Portfolio, tmp_path: Path) -> None:
    write_ledger_csv(demo, 1, tmp_path / "ledger.csv")
    fragment = read_ledger_csv(tmp_path / "ledger.csv").portfolio
    mine, theirs = budget_summary(fragment, 1), budget_summary(demo, 1)
    assert (mine.committed, mine.actual) == (theirs.committed, theirs.actual)


def test_read_csv_picks_the_layout_from_the_header(demo: Portfolio, tmp_path: Path) -> None:
    write_tasks_csv(demo, None, 1, tmp_path / "a.csv")
    write_resources_csv(demo, 1, tmp_path / "b.csv")
    write_ledger_csv(demo, 1, tmp_path / "c.csv")
    assert read_csv(tmp_path / "a.csv").portfolio.tasks
    assert read_csv(tmp_path / "b.csv").portfolio.resources
    assert read_csv(tmp_path / "c.csv").portfolio.ledger


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=3, max_size=3))
def test_any_task_names_round_trip(names: list[str], tmp_path: Path) -> None:
    """Names come back as written, less surrounding blanks and unprintable controls."""
    assume(all(printable(n).strip() for n in names))
    portfolio = small_portfolio(tuple(names))
    path = tmp_path / "names.csv"
    write_tasks_csv(portfolio, None, 1, path)
    back = read_tasks_csv(path).portfolio
    assert [t.name for t in back.walk(1)] == [printable(n).strip() for n in names]


# --- formula injection -------------------------------------------------------------------------


def test_formula_text_is_neutralised_but_numbers_stay_numbers(
    demo: Portfolio, tmp_path: Path
) -> None:
    tasks = dict(demo.tasks)
    ids = [t.id for t in demo.walk(1)][: len(INJECTIONS)]
    for task_id, payload in zip(ids, INJECTIONS, strict=True):
        tasks[task_id] = replace(tasks[task_id], name=payload, notes=payload)
    ledger = dict(demo.ledger)
    first = next(e for e in ledger.values() if e.project_id == 1)
    ledger[first.id] = replace(first, amount=Decimal("-500.00"), description="-500")
    portfolio = replace(demo, tasks=tasks, ledger=ledger)
    write_tasks_csv(portfolio, None, 1, tmp_path / "tasks.csv")
    write_ledger_csv(portfolio, 1, tmp_path / "ledger.csv")
    rows = list(csv.DictReader((tmp_path / "tasks.csv").open(encoding="utf-8", newline="")))
    for row, payload in zip(rows, INJECTIONS, strict=False):
        assert row["Name"] == "'" + payload
        assert row["Notes"] == "'" + payload
    text = (tmp_path / "tasks.csv").read_text(encoding="utf-8")
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in text  # RFC 4180 quoted, neutralised
    entries = list(csv.DictReader((tmp_path / "ledger.csv").open(encoding="utf-8", newline="")))
    row = next(r for r in entries if r["Reference"] == first.reference)
    assert row["Amount"] == "-500.00"  # a genuine number: no apostrophe
    assert row["Description"] == "'-500"
    back = read_tasks_csv(tmp_path / "tasks.csv").portfolio
    assert [t.name for t in back.walk(1)][: len(INJECTIONS)] == [p.strip() for p in INJECTIONS]


# --- simple layouts from other tools -----------------------------------------------------------


def test_a_simple_name_duration_start_predecessors_sheet(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "plan.csv",
        ["Task Name", "Duration", "Start", "Predecessors"],
        ["Ärger €", "3d", "2026-03-02", ""],
        ["Build", "2w", "", "1"],
        ["Test", "4h", "", "2SS+1d;1FF-50%"],
        ["Done", "0d", "", "3"],
    )
    result = read_tasks_csv(path)
    portfolio = result.portfolio
    tasks = list(portfolio.walk(1))
    assert [t.name for t in tasks] == ["Ärger €", "Build", "Test", "Done"]
    assert [t.duration_minutes for t in tasks] == [1440, 4800, 240, 0]
    assert tasks[0].constraint is ConstraintKind.START_NO_EARLIER_THAN
    assert tasks[0].constraint_date == datetime(2026, 3, 2, 8, 0)
    assert tasks[3].milestone
    links = sorted(
        (k.predecessor_id, k.successor_id, k.kind, k.lag_minutes, k.lag_percent)
        for k in portfolio.links.values()
    )
    assert links == [
        (1, 2, LinkKind.FS, 0, 0),
        (1, 3, LinkKind.FF, 0, -50),
        (2, 3, LinkKind.SS, 480, 0),
        (3, 4, LinkKind.FS, 0, 0),
    ]
    assert portfolio.projects[1].start == datetime(2026, 3, 2, 8, 0)
    assert schedule(portfolio).projects[1].finish > datetime(2026, 3, 2, 8, 0)


def test_nesting_from_dotted_wbs_codes(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "wbs.csv",
        ["WBS", "Name", "Duration"],
        ["1", "Phase", "0d"],
        ["1.1", "Step a", "1d"],
        ["1.2", "Step b", "1d"],
        ["2", "Close", "1d"],
    )
    portfolio = read_tasks_csv(path).portfolio
    assert [portfolio.outline_level(t.id) for t in portfolio.walk(1)] == [1, 2, 2, 1]
    assert not portfolio.tasks[1].milestone  # a summary showing 0d is no milestone


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffName,Duration\r\nA,1d\r\n".encode())
    assert [t.name for t in read_tasks_csv(path).portfolio.tasks.values()] == ["A"]


# --- errors name file, line and column ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "line", "column", "words"),
    [
        ([["A", "3x", "", ""]], 2, "Duration", "duration"),
        ([["A", "1d", "", ""], ["B", "1d", "", "7"]], 3, "Predecessors", "no task has ID 7"),
        ([["A", "1d", "", "1"]], 2, "Predecessors", "itself"),
        ([["A", "1d", "1850-01-01", ""]], 2, "Start", "out of range"),
        ([["A", "1d", "2026-02-31", ""]], 2, "Start", "date"),
        ([["", "1d", "", ""]], 2, "Name", "name"),
        ([["A", "1d", "", "2XX"]], 2, "Predecessors", "cannot read predecessor"),
    ],
)
def test_bad_rows_are_refused_with_line_and_column(
    tmp_path: Path, rows: list[list[str]], line: int, column: str, words: str
) -> None:
    path = write_rows(tmp_path / "bad.csv", ["Name", "Duration", "Start", "Predecessors"], *rows)
    with pytest.raises(ImportRejected) as caught:
        read_tasks_csv(path)
    error = caught.value
    assert error.file == path
    assert error.line == line
    assert column in error.field
    assert words in error.message
    assert str(error).startswith("bad.csv: line ")


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "dup.csv", ["ID", "Name"], ["1", "A"], ["1", "B"])
    with pytest.raises(ImportRejected, match="ID 1 is used twice") as caught:
        read_tasks_csv(path)
    assert caught.value.line == 3


def test_level_jumps_are_refused(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "lvl.csv", ["Name", "Level"], ["A", "1"], ["B", "3"])
    with pytest.raises(ImportRejected, match="level 3 follows level 1"):
        read_tasks_csv(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"Name,Duration\r\n", "no task rows"),
        (b"Duration\r\n1d\r\n", "no Name column"),
        (b"Name\r\n\xff\xfe broken\r\n", "not UTF-8"),
        (b'Name\r\n"unterminated\r\n', "malformed CSV"),
        (b"Name\r\nA\0B\r\n", "NUL"),
    ],
)
def test_files_that_are_not_task_tables_are_refused(
    tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRejected, match=words):
        read_tasks_csv(path)


def test_ledger_errors_name_the_place(tmp_path: Path) -> None:
    header = ["Date", "Kind", "Reference", "Amount", "Settles"]
    path = write_rows(
        tmp_path / "l.csv",
        header,
        ["2026-01-05", "invoice", "I-1", "100.00", "PO-404"],
    )
    with pytest.raises(ImportRejected, match="PO-404") as caught:
        read_ledger_csv(path)
    assert caught.value.line == 2 and "Settles" in caught.value.field
    path = write_rows(tmp_path / "m.csv", header, ["2026-01-05", "gift", "G", "1", ""])
    with pytest.raises(ImportRejected, match="kind must be one of"):
        read_ledger_csv(path)
    path = write_rows(tmp_path / "n.csv", header, ["2026-01-05", "expense", "E", "lots", ""])
    with pytest.raises(ImportRejected, match="amount") as caught:
        read_ledger_csv(path)
    assert "Amount" in caught.value.field


def test_a_rejected_import_returns_nothing_to_merge(tmp_path: Path) -> None:
    """The reader builds a fragment and raises before returning it: the store is untouched."""
    path = write_rows(tmp_path / "late.csv", ["Name", "Duration"], ["A", "1d"], ["B", "soon"])
    with pytest.raises(ImportRejected):
        read_tasks_csv(path)


def test_export_is_atomic_when_writing_fails(
    demo: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tasks.csv"
    path.write_text("old content", encoding="utf-8")
    import app.io.delimited as module

    def broken(*args: object, **kwargs: object) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(module, "_csv_text", broken)
    with pytest.raises(OSError, match="disk full"):
        write_tasks_csv(demo, None, 1, path)
    assert path.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["tasks.csv"]


def test_bare_dates_mean_the_working_day(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "d.csv", ["Name", "Start", "Deadline"], ["A", "2026-05-04", "04.05.2026"]
    )
    task = read_tasks_csv(path).portfolio.tasks[1]
    assert task.constraint_date == datetime(2026, 5, 4, 8, 0)
    assert task.deadline == datetime(2026, 5, 4, 17, 0)
    assert task.deadline.date() == date(2026, 5, 4)


# --- fuzzing (R16) -------------------------------------------------------------------------------


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "",
                    "A",
                    "0",
                    "-1",
                    "1.5",
                    "nan",
                    "inf",
                    "3x",
                    "1e400",
                    "2SS+1d",
                    "1;1",
                    "99",
                    "2026-02-30",
                    "9999-01-01",
                    "yes",
                    "maybe",
                    "SNET",
                    "MFO",
                    "'=1",
                    "1,5d",
                    "%",
                ]
            ),
            min_size=1,
            max_size=9,
        ),
        max_size=6,
    )
)
def test_odd_cells_give_a_plan_or_import_rejected(tmp_path: Path, rows: list[list[str]]) -> None:
    header = ["Name", "Duration", "Start", "Predecessors", "ID", "Level", "% Complete",
              "Milestone", "Constraint"]  # fmt: skip
    path = write_rows(tmp_path / "fuzz.csv", header, *rows)
    with contextlib.suppress(ImportRejected):
        read_csv(path)
    path.write_bytes(bytes(range(256)) * 2)
    with contextlib.suppress(ImportRejected):
        read_csv(path)


def test_durations_that_do_not_show_exactly_are_written_in_minutes(tmp_path: Path) -> None:
    portfolio = small_portfolio(("A", "B", "C"))
    tasks = dict(portfolio.tasks)
    tasks[1] = replace(tasks[1], duration_minutes=100)  # 0.2083d
    tasks[2] = replace(
        tasks[2], duration_minutes=2 * 1440 + 7, duration_unit=DurationUnit.ELAPSED_DAYS
    )
    portfolio = replace(portfolio, tasks=tasks)
    write_tasks_csv(portfolio, None, 1, tmp_path / "d.csv")
    rows = list(csv.DictReader((tmp_path / "d.csv").open(encoding="utf-8", newline="")))
    assert [r["Duration"] for r in rows] == ["100m", "2887em", "1d"]
    back = read_tasks_csv(tmp_path / "d.csv").portfolio
    assert [t.duration_minutes for t in back.walk(1)] == [100, 2887, 480]
