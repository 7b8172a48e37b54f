"""Every ``plansmith`` subcommand, success and error paths, through ``main``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.commands import LinkTasks, SetTaskResources
from app.store import Store
from tests.builders import apply, small_portfolio

ROOT = Path(__file__).parents[2]
SAMPLES = Path(__file__).parents[2] / ".." / "shared" / "samples" / "real"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.plansmith"
    portfolio = apply(
        small_portfolio(), LinkTasks(1, 2), LinkTasks(2, 3), SetTaskResources(2, "Alice[50%]")
    )
    Store.create(path, portfolio).close()
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_json_follows_the_contract(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", str(plan), "--json")
    assert code == 0
    (project,) = json.loads(out)["projects"]
    assert {
        "id",
        "name",
        "start",
        "finish",
        "currency",
        "tasks",
        "resources",
        "assignments",
        "budget",
    } <= set(project)
    assert project["finish"] == "2026-01-07T17:00:00"
    build = project["tasks"][1]
    assert build["uid"] == 2 and build["id"] == 2 and build["wbs"] == "2"
    assert build["start"] == "2026-01-06T08:00:00"
    assert build["duration_hours"] == 8.0
    assert build["critical"] is True and build["total_slack_hours"] == 0
    assert build["predecessors"][0]["uid"] == 1 and build["predecessors"][0]["type"] == "FS"
    assert build["predecessors"][0]["lag_hours"] == 0
    assert build["resources"] == ["Alice"]
    assert project["assignments"][0]["work_hours"] == 4.0
    assert set(project["budget"]) == {"budget", "committed", "actual", "forecast", "variance"}


def test_show_by_project_name_and_unknown_project(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "show", str(plan), "--project", "demo", "--json")
    assert code == 0 and json.loads(out)["projects"][0]["name"] == "Demo"
    code, _, err = run(capsys, "show", str(plan), "--project", "Nope", "--json")
    assert code == 1
    assert err.startswith("plansmith: error: ") and "no project 'Nope'" in err


def test_schedule_prints_finish_and_critical_path(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "schedule", str(plan))
    assert code == 0
    assert out.strip() == "1\tDemo\tfinish 2026-01-07T17:00\tcritical path: 1, 2, 3"


def test_check_reports_ok_and_problems(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", str(plan))
    assert code == 0 and out.strip().endswith(": ok")
    bad = tmp_path / "bad.plansmith"
    bad.write_bytes(b"garbage" * 100)
    code, out, err = run(capsys, "check", str(bad))
    assert code == 1 and "not a Plansmith file" in out and "1 problem" in err


def test_missing_file_and_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", str(tmp_path / "none.plansmith"), "--json")
    assert code == 1 and "no such file" in err
    with pytest.raises(SystemExit) as exc:
        main(["export", "x.plansmith"])
    assert exc.value.code == 2


def test_export_and_import_say_which_formats_exist(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "export", str(plan), "--project", "1", "--to", str(tmp_path / "x.docx")
    )
    assert code == 1 and "supported so far: .xml (MS Project XML (MSPDI))" in err
    assert ".xlsx (Excel workbook for finance)" in err
    source = tmp_path / "plan.docx"
    source.write_text("<project/>")
    code, _, err = run(capsys, "import", str(source), "--into", str(plan))
    assert code == 1 and "cannot import .docx" in err and ".gan (GanttProject)" in err


def test_report_says_it_is_not_available_yet(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "report", str(plan), "--project", "1", "--to", str(tmp_path / "r.pdf")
    )
    assert code == 1 and "not available in this version yet" in err


def test_export_json(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.json"
    code, _, _ = run(capsys, "export", str(plan), "--project", "Demo", "--to", str(out))
    assert code == 0
    assert json.loads(out.read_text())["projects"][0]["tasks"][2]["name"] == "Test"


def test_export_import_mspdi_round_trip(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml = tmp_path / "p.xml"
    assert run(capsys, "export", str(plan), "--project", "1", "--to", str(xml))[0] == 0
    target = tmp_path / "new.plansmith"
    code, out, err = run(capsys, "import", str(xml), "--into", str(target), "--name", "Copy")
    assert code == 0, err
    assert out.strip() == "1"
    code, out, _ = run(capsys, "show", str(target), "--project", "Copy", "--json")
    tasks = json.loads(out)["projects"][0]["tasks"]
    assert [t["name"] for t in tasks] == ["Design", "Build", "Test"]
    assert tasks[2]["finish"] == "2026-01-07T17:00:00"


def test_import_keeps_uids_of_a_real_ms_project_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = SAMPLES / "task-links-project2010-mspdi.xml"
    if not sample.exists():
        pytest.skip(f"shared samples not present at {SAMPLES}")
    db = tmp_path / "imp.plansmith"
    code, out, err = run(capsys, "import", str(sample), "--into", str(db))
    assert code == 0, err
    assert err.strip(), "the import report goes to stderr"
    code, out, _ = run(capsys, "show", str(db), "--json")
    uids = [t["uid"] for t in json.loads(out)["projects"][0]["tasks"]]
    assert uids == sorted(uids) and 1 in uids


def test_bad_xml_import_names_the_file_and_changes_nothing(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<Project xmlns='http://schemas.microsoft.com/project'><Tasks><Task>")
    before = plan.read_bytes()
    code, _, err = run(capsys, "import", str(bad), "--into", str(plan))
    assert code == 1 and "bad.xml" in err
    assert plan.read_bytes() == before


def test_demo_writes_a_portfolio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo.plansmith"
    code, _, _ = run(capsys, "demo", str(out))
    assert code == 0
    code, text, _ = run(capsys, "show", str(out), "--json")
    assert len(json.loads(text)["projects"]) == 3
    code, _, err = run(capsys, "demo", str(out))
    assert code == 1 and "already exists" in err


def test_console_script_module_exit_codes(plan: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "show", str(plan), "--project", "9", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("plansmith: error: ")
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "show"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2


def test_export_xlsx_and_csv_then_import_the_csv(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx, csv = tmp_path / "p.xlsx", tmp_path / "p.csv"
    assert run(capsys, "export", str(plan), "--project", "1", "--to", str(xlsx))[0] == 0
    assert run(capsys, "export", str(plan), "--project", "1", "--to", str(csv))[0] == 0
    assert xlsx.read_bytes()[:2] == b"PK"
    target = tmp_path / "from_csv.plansmith"
    code, _, err = run(capsys, "import", str(csv), "--into", str(target), "--name", "CSV")
    assert code == 0, err
    code, out, _ = run(capsys, "show", str(target), "--project", "CSV", "--json")
    assert [t["name"] for t in json.loads(out)["projects"][0]["tasks"]] == [
        "Design",
        "Build",
        "Test",
    ]


def test_import_a_ganttproject_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = SAMPLES / "HouseBuildingSample.gan"
    if not sample.exists():
        pytest.skip(f"shared samples not present at {SAMPLES}")
    db = tmp_path / "gan.plansmith"
    code, out, err = run(capsys, "import", str(sample), "--into", str(db))
    assert code == 0, err
    code, out, _ = run(capsys, "show", str(db), "--json")
    assert len(json.loads(out)["projects"][0]["tasks"]) == 20


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_export_the_gantt_chart_as_a_picture_or_pages(
    plan: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"gantt{suffix}"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "export",
            str(plan),
            "--project",
            "Demo",
            "--to",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    magic = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix]
    assert out.read_bytes().startswith(magic)
