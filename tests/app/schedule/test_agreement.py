"""Proof of agreement with MS Project on the real MSPDI files it wrote.

Each file carries MS Project's own Start and Finish for every task. We import the file,
reschedule it with our engine and compare every task (summaries too) by UID; two
moments match when the calendar has no working time between them. Two modes:

* ``saved``: the plan as saved (manually scheduled tasks keep their dates);
* ``automatic``: every task made automatic, so the engine computes every date itself.
  This is the real test: the Project 2010+ files (task-durations, task-baselines,
  task-costs, task-links-2019) hold only manual tasks.

MS Project versions: the start-to-finish link (task-links, UIDs 11 -> 12, SF + 2d) is
stored consistently by Project 2003, 2010 and 2019 in these files (the successor finishes
two working days after the predecessor starts); we follow Project 2019, the newest.

The late dates (backward pass) are checked too, on the plans as saved.

Only GanttProject and MPXJ output (gp-*.xml, legacy-sample1.xml) is left out: no oracle.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DEFAULT = Path(__file__).parents[3] / ".." / "shared" / "samples" / "real"
SAMPLES = Path(os.environ.get("PLANSMITH_SAMPLES", DEFAULT))

if not SAMPLES.is_dir():
    pytest.skip(f"real sample files not found at {SAMPLES}", allow_module_level=True)

from benchmarks.schedule_agreement import (  # noqa: E402
    KNOWN,
    KNOWN_LATE,
    LATE_FIELDS,
    MODES,
    compare_file,
    oracle_files,
    stored_dates,
)

FILES = oracle_files(SAMPLES)


def test_the_oracle_covers_the_files_that_matter() -> None:
    names = {p.name for p in FILES}
    for expected in (
        "mspdisplittask.xml",
        "mspdiduration.xml",
        "mspdiresource.xml",
        "task-links-project2019-mspdi.xml",
        "legacy-sample.xml",
    ):
        assert expected in names
    assert not any(n.startswith("gp-") or n == "legacy-sample1.xml" for n in names)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_engine_reproduces_ms_project_dates(path: Path, mode: str) -> None:
    result = compare_file(path, mode)
    assert not result.error, result.error
    assert result.compared == len(stored_dates(path))
    known = KNOWN.get((path.name, mode), {})
    unexplained = [m for m in result.mismatches if int(m.split()[1]) not in known]
    assert not unexplained, "\n".join(unexplained)
    assert result.mismatched_uids == set(known), "a listed mismatch now matches: drop it"
    expected_share = 1 - len(known) / result.compared if result.compared else 1.0
    assert result.share == pytest.approx(expected_share)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_backward_pass_reproduces_ms_project_late_dates(path: Path) -> None:
    """LateStart/LateFinish as saved: checks the backward pass, slack and criticality."""
    result = compare_file(path, "saved", LATE_FIELDS)
    assert not result.error, result.error
    known = KNOWN_LATE.get((path.name, "saved"), {})
    unexplained = [m for m in result.mismatches if int(m.split()[1]) not in known]
    assert not unexplained, "\n".join(unexplained)
    assert result.mismatched_uids == set(known), "a listed mismatch now matches: drop it"


def test_the_hard_cases_are_really_exercised() -> None:
    """Splits, elapsed durations and resource calendars change the dates in these files."""
    from app.io.mspdi import read_mspdi

    split = read_mspdi(SAMPLES / "mspdisplittask.xml").portfolio
    assert any(len(t.splits) > 1 for t in split.tasks.values())
    durations = read_mspdi(SAMPLES / "mspdiduration.xml").portfolio
    assert any(t.duration_unit.elapsed for t in durations.tasks.values())
    resources = read_mspdi(SAMPLES / "mspdiresource.xml").portfolio
    assert {r.calendar_id for r in resources.resources.values()} - {None}
