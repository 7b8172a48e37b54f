"""Formats read through MPXJ: real MPX and Planner samples against MPXJ's own view, and
plain refusals when MPXJ or Java is missing or the file is not a plan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import app.io.mpxj_bridge as bridge
from app.io.errors import ImportRejected
from app.io.mpxj_bridge import read_via_mpxj
from app.schedule import schedule
from tests.app.io.test_ganttproject import MPXJ_DUMP, mpxj_available, sample

needs_mpxj = pytest.mark.skipif(
    not mpxj_available(), reason="needs Java and pip install mpxj jpype1"
)
CONVERTED = ("task-links-project98.mpx", "project1.planner", "sample.de.mpx")


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    if not MPXJ_DUMP.is_file():
        pytest.skip(f"{MPXJ_DUMP} not found")
    folder = tmp_path_factory.mktemp("dumps")
    views = {}
    for name in CONVERTED:
        out = folder / f"{name}.json"
        command = [sys.executable, str(MPXJ_DUMP), str(sample(name)), "--json", str(out)]
        if name.endswith(".de.mpx"):
            command += ["--mpx-locale", "de"]
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        views[name] = json.loads(out.read_text(encoding="utf-8"))
    return views


@needs_mpxj
@pytest.mark.mpxj
@pytest.mark.slow
@pytest.mark.parametrize("name", CONVERTED)
def test_converted_plans_match_what_mpxj_reads(name: str, dumps: dict[str, dict]) -> None:
    view = dumps[name]
    result = read_via_mpxj(sample(name))
    portfolio = result.portfolio
    real = [t for t in view["tasks"] if not t["null"] and t["uid"] != 0]
    tasks = list(portfolio.walk(1))
    assert [t.name for t in tasks] == [t["name"] for t in real]
    for task, other in zip(tasks, real, strict=True):
        if not portfolio.is_summary(task.id) and other["duration"]:
            assert task.duration_minutes == round(other["duration"]["hours"] * 60), task.name
    assert len(portfolio.links) == len(view["relations"])
    assert len(portfolio.resources) == len([r for r in view["resources"] if r["name"]])
    assert len(portfolio.assignments) == len(view["assignments"])
    assert result.report.source == str(sample(name))
    assert "via MPXJ" in result.report.format
    assert portfolio.projects[1].name
    schedule(portfolio)  # the converted plan is a valid plan


@pytest.mark.parametrize("suffix", [".mpp", ".planner", ".xer"])
def test_missing_mpxj_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"whatever")
    monkeypatch.setattr(bridge.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImportRejected, match=r"pip install mpxj jpype1.*Java runtime"):
        read_via_mpxj(path)


def test_missing_java_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.mpp"
    path.write_bytes(b"whatever")
    monkeypatch.setattr(bridge.shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    if bridge.mpxj_missing() and "Java" not in (bridge.mpxj_missing() or ""):
        pytest.skip("mpxj/jpype1 not installed here; the Python-package message is tested above")
    with pytest.raises(ImportRejected, match="no Java runtime"):
        read_via_mpxj(path)


def test_unsupported_suffixes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(b"x")
    with pytest.raises(ImportRejected, match=r"does not handle \.docx"):
        read_via_mpxj(path)


def test_empty_files_are_refused_before_java_starts(tmp_path: Path) -> None:
    path = tmp_path / "empty.mpp"
    path.write_bytes(b"")
    with pytest.raises(ImportRejected, match="empty"):
        read_via_mpxj(path)


@needs_mpxj
@pytest.mark.mpxj
@pytest.mark.slow
def test_garbage_is_refused_with_mpxjs_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.mpp"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really an OLE file" * 20)
    with pytest.raises(ImportRejected, match="MPXJ could not read the file") as caught:
        read_via_mpxj(path)
    assert caught.value.file == path
