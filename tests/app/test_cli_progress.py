"""The CLI's progress bar (only on a terminal), Ctrl+C during import and export, column
mapping with ``--map``, and ``import --project`` of ledgers and resource lists."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main, parse_mapping
from app.demo import write_demo
from app.io.delimited import LEDGER_COLUMNS, write_tasks_csv
from app.io.mspdi import read_mspdi, write_mspdi
from app.io.progress_bar import TerminalBar, terminal_bar
from app.schedule import schedule
from app.store import Store
from benchmarks.synthetic import make_portfolio, one_project

ROOT = Path(__file__).parents[2]
BAR = re.compile(r"\r[^\r\n]* +\d+% \[[#-]+\]")


@pytest.fixture(scope="module")
def big_xml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4k-task MSPDI file: big enough that an import is still running when Ctrl+C comes."""
    portfolio = one_project(make_portfolio(4000))
    path = tmp_path_factory.mktemp("cli-progress") / "big.xml"
    write_mspdi(portfolio, min(portfolio.projects), path, schedule(portfolio))
    return path


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.plansmith"
    write_demo(path)
    return path


def _take_ctrl_c() -> None:
    """In the child before it starts: react to SIGINT as a shell's foreground job does.

    A test run started in the background (``pytest &``) ignores SIGINT, and ignored
    signals are inherited, so the CLI would never see the Ctrl+C these tests send.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def plansmith(*args: str, stderr: int | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="100")
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr if stderr is not None else subprocess.PIPE,
        preexec_fn=_take_ctrl_c,
    )


def run_on_terminal(*args: str, interrupt_at: str | None = None) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal; send SIGINT once ``interrupt_at``
    shows on it. Returns exit status, stdout and what the terminal showed."""
    master, slave = pty.openpty()
    child = plansmith(*args, stderr=slave)
    os.close(slave)
    shown = b""
    interrupted = False
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if child.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            shown += data
            if interrupt_at and not interrupted and interrupt_at.encode() in shown:
                child.send_signal(signal.SIGINT)
                interrupted = True
        out = child.stdout.read() if child.stdout else b""
        code = child.wait(timeout=120)
    finally:
        os.close(master)
    return code, out.decode(), shown.decode(errors="replace")


# --- the bar ---------------------------------------------------------------------------------


def test_bar_text_shows_stage_percentage_and_bar() -> None:
    assert TerminalBar.line(42, 100, "Reading tasks", width=10) == "Reading tasks  42% [####------]"
    assert TerminalBar.line(7, 0, "Parsing the XML") == "Parsing the XML... 7"
    assert TerminalBar.line(0, 0, "Parsing the XML") == "Parsing the XML..."


def test_no_bar_on_a_stream_that_is_not_a_terminal(tmp_path: Path) -> None:
    with open(tmp_path / "log.txt", "w", encoding="utf-8") as stream:
        assert terminal_bar(stream) is None


def test_import_on_a_terminal_draws_and_clears_a_bar(big_xml: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.plansmith"
    code, out, shown = run_on_terminal("import", str(big_xml), "--into", str(db))
    assert code == 0, shown
    assert out.strip() == "1"
    assert BAR.search(shown), shown
    assert "Reading tasks" in shown
    last_bar = shown.rindex("%")
    report_at = shown.index("4000 tasks")
    assert last_bar < report_at  # the report comes after the bar ...
    assert re.search(r"\r +\r", shown[:report_at])  # ... which was blanked out first


def test_import_through_a_pipe_prints_only_the_report(big_xml: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.plansmith"
    child = plansmith("import", str(big_xml), "--into", str(db))
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert err.decode() == str(read_mspdi(big_xml).report) + "\n"
    assert "\r" not in err.decode() and not BAR.search(err.decode())
    assert out.decode() == "1\n"


def test_export_bar_only_on_a_terminal(big_xml: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.plansmith"
    assert main(["import", str(big_xml), "--into", str(db)]) == 0
    book = tmp_path / "a.xlsx"
    code, _, shown = run_on_terminal("export", str(db), "--project", "1", "--to", str(book))
    assert code == 0 and BAR.search(shown) and "Writing the Tasks sheet" in shown
    assert book.stat().st_size > 0
    child = plansmith("export", str(db), "--project", "1", "--to", str(tmp_path / "b.xml"))
    out, err = child.communicate(timeout=120)
    assert (child.returncode, out, err) == (0, b"", b"")


# --- Ctrl+C ----------------------------------------------------------------------------------


def test_ctrl_c_during_import_changes_nothing(big_xml: Path, demo: Path) -> None:
    before = Store.open(demo, read_only=True)
    projects = before.load().projects
    before.close()
    code, out, shown = run_on_terminal(
        "import", str(big_xml), "--into", str(demo), interrupt_at="Reading tasks"
    )
    assert code == 130, shown
    assert "plansmith: cancelled; nothing was changed" in shown
    assert out == ""
    after = Store.open(demo, read_only=True)
    assert after.load().projects == projects
    after.close()


def test_ctrl_c_during_import_into_a_new_file_leaves_no_file(big_xml: Path, tmp_path: Path) -> None:
    db = tmp_path / "new.plansmith"
    code, _, shown = run_on_terminal("import", str(big_xml), "--into", str(db), interrupt_at="\r")
    assert code == 130, shown
    assert not db.exists()


def test_ctrl_c_during_export_keeps_the_old_file(big_xml: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.plansmith"
    assert main(["import", str(big_xml), "--into", str(db)]) == 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "plan.xlsx"
    target.write_bytes(b"last week's workbook")
    code, _, shown = run_on_terminal(
        "export", str(db), "--project", "1", "--to", str(target), interrupt_at="Tasks sheet"
    )
    assert code == 130, shown
    assert "plansmith: cancelled; nothing was changed" in shown
    assert target.read_bytes() == b"last week's workbook"
    assert [p.name for p in out_dir.iterdir()] == ["plan.xlsx"]


# --- --map -----------------------------------------------------------------------------------


def write_table(path: Path) -> Path:
    path.write_text("Task,Length,Colour\nDesign,2d,red\nBuild,3d,blue\n", encoding="utf-8")
    return path


def test_parse_mapping() -> None:
    assert parse_mapping("Task=Name, Length=Duration,Notes=") == {
        "Task": "Name",
        "Length": "Duration",
        "Notes": None,
    }


def test_import_states_the_guessed_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_table(tmp_path / "tasks.csv")
    assert main(["import", str(source), "--into", str(tmp_path / "a.plansmith")]) == 0
    err = capsys.readouterr().err
    assert "columns: Task -> Name, Length -> Duration, Colour ignored" in err
    assert "\r" not in err  # capsys is no terminal: no bar


def test_import_with_map_repeated_and_comma_separated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_table(tmp_path / "tasks.csv")
    db = tmp_path / "a.plansmith"
    args = ["import", str(source), "--into", str(db), "--map", "Task=Name,Length=Duration"]
    assert main([*args, "--map", "Colour="]) == 0
    assert "columns: Task -> Name, Length -> Duration, Colour ignored" in capsys.readouterr().err
    store = Store.open(db, read_only=True)
    tasks = sorted(store.load().tasks.values(), key=lambda t: t.id)
    store.close()
    assert [(t.name, t.duration_minutes) for t in tasks] == [("Design", 960), ("Build", 1440)]


def test_import_with_a_bad_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_table(tmp_path / "tasks.csv")
    db = tmp_path / "a.plansmith"
    assert main(["import", str(source), "--into", str(db), "--map", "Nope=Name"]) == 1
    assert "'Nope'" in capsys.readouterr().err
    assert not db.exists()
    with pytest.raises(SystemExit) as usage:
        main(["import", str(source), "--into", str(db), "--map", "Task"])
    assert usage.value.code == 2
    xml = tmp_path / "p.xml"
    xml.write_text("<Project/>", encoding="utf-8")
    assert main(["import", str(xml), "--into", str(db), "--map", "A=Name"]) == 1
    assert "--map applies to .csv and .xlsx" in capsys.readouterr().err


# --- --project -------------------------------------------------------------------------------


def test_import_ledger_into_an_existing_project(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(demo, read_only=True)
    before = store.load()
    store.close()
    project = before.projects[2]
    wbs = before.wbs(sorted(before.project_task_ids(2))[0])
    header = ",".join(LEDGER_COLUMNS)
    source = tmp_path / "finance.csv"
    source.write_text(
        f"{header}\n"
        f"2026-11-02,purchase_order,PO-9,Cables,6100,Hardware,Kabel AG,{wbs},500,95,open,,\n"
        f"2026-11-09,invoice,R-9,Cables,6100,Hardware,Kabel AG,{wbs},500,95,open,,PO-9\n",
        encoding="utf-8",
    )
    code = main(["import", str(source), "--into", str(demo), "--project", project.name])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith(f"added to project 2 {project.name!r}: 2 ledger entries")
    assert "2 ledger" in err
    store = Store.open(demo, read_only=True)
    after = store.load()
    store.close()
    assert len(after.projects) == len(before.projects)
    new = [e for k, e in after.ledger.items() if k not in before.ledger]
    assert {e.project_id for e in new} == {2} and len(new) == 2


def test_import_into_project_refusals(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = ",".join(LEDGER_COLUMNS)
    source = tmp_path / "finance.csv"
    source.write_text(f"{header}\n2026-11-02,expense,E,x,,,,77.77,5,0,open,,\n", encoding="utf-8")
    assert main(["import", str(source), "--into", str(demo), "--project", "1"]) == 1
    err = capsys.readouterr().err
    assert "line 2" in err and "Task WBS" in err and "'77.77'" in err
    assert main(["import", str(source), "--into", str(demo), "--project", "nope"]) == 1
    capsys.readouterr()
    tasks = tmp_path / "tasks.csv"
    store = Store.open(demo, read_only=True)
    portfolio = store.load()
    store.close()
    write_tasks_csv(portfolio, None, 1, tasks)
    assert main(["import", str(tasks), "--into", str(demo), "--project", "1"]) == 1
    assert "task list" in capsys.readouterr().err
    missing = tmp_path / "missing.plansmith"
    assert main(["import", str(source), "--into", str(missing), "--project", "1"]) == 1
    assert not missing.exists()


def test_import_resources_into_an_existing_project(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "people.csv"
    source.write_text("Name,Type,Standard rate\nNew Person,work,90\n", encoding="utf-8")
    code = main(["import", str(source), "--into", str(demo), "--project", "3"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("added to project 3 ") and out.rstrip().endswith(": 1 resource")
    store = Store.open(demo, read_only=True)
    (person,) = [r for r in store.load().resources.values() if r.name == "New Person"]
    store.close()
    assert person.project_id == 3
    assert main(["import", str(source), "--into", str(demo), "--project", "3"]) == 1
    assert "already a resource named 'New Person'" in capsys.readouterr().err


# --- start-up cost ---------------------------------------------------------------------------


def test_the_parser_loads_no_subcommand_modules() -> None:
    """`plansmith --help` and argument errors stay quick: no store, Qt, openpyxl or numpy;
    and hiding numpy from sqlite_utils does not stop a later import of it."""
    code = (
        "import sys, app.cli\n"
        "app.cli.build_parser()\n"
        "heavy = ('app.store', 'app.document', 'openpyxl', 'numpy', 'PySide6', 'sqlite_utils')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "app.cli._load_store()\n"
        "print('numpy' in sys.modules)\n"
        "import importlib.util\n"
        "if importlib.util.find_spec('numpy'):\n"
        "    import numpy\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines() == ["[]", "False"]
