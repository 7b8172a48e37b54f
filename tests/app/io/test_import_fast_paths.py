"""The import's fast paths behave exactly as the general code they short-cut."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape as sax_escape

import pytest

from app.io.errors import ImportRejected
from app.io.mspdi import escape, read_mspdi
from app.io.safe_xml import MAX_DEPTH, parse_xml

NS = "http://schemas.microsoft.com/project"


@pytest.mark.parametrize("text", ["", "plain", "a & b", "<x>&amp;</x>", "&&<<>>", "é ü \u2603"])
def test_escape_matches_saxutils(text: str) -> None:
    assert escape(text) == sax_escape(text)


def _nest(depth: int) -> str:
    return "<a>" * depth + "</a>" * depth


def test_depth_cap_on_a_wide_tree_names_the_first_too_deep_element(tmp_path: Path) -> None:
    # Many shallow siblings, then one branch exactly at the cap, then one past it.
    leaves = "<b>1</b>" * 50
    lines = [f"<r>{leaves}", _nest(MAX_DEPTH - 1), f"{leaves}", _nest(MAX_DEPTH), "</r>"]
    path = tmp_path / "wide.xml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        parse_xml(path)
    assert f"nested more than {MAX_DEPTH} deep" in info.value.message
    assert info.value.line == 4
    ok = tmp_path / "ok.xml"
    ok.write_text("\n".join([*lines[:3], _nest(MAX_DEPTH - 1), "</r>"]), encoding="utf-8")
    parse_xml(ok)


def _project(tasks: str) -> str:
    return (
        f'<Project xmlns="{NS}"><Name>p</Name><StartDate>2024-01-01T08:00:00</StartDate>'
        f"<Tasks>{tasks}</Tasks></Project>"
    )


def _task(uid: int, extra: str) -> str:
    return f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>T{uid}</Name>{extra}</Task>"


def test_repeated_durations_and_spelled_booleans_read_as_before(tmp_path: Path) -> None:
    tasks = "".join(
        [
            _task(1, "<Duration>PT16H0M0S</Duration><Milestone>0</Milestone>"),
            _task(2, "<Duration>PT16H0M0S</Duration><Milestone>true</Milestone>"),
            _task(3, "<Duration> PT16H0M0S </Duration><Milestone>False</Milestone>"),
            _task(4, "<Duration>PT1H30M0S</Duration><Milestone>1</Milestone>"),
        ]
    )
    path = tmp_path / "p.xml"
    path.write_text(_project(tasks), encoding="utf-8")
    tasks_read = read_mspdi(path).portfolio.tasks
    assert [t.duration_minutes for t in tasks_read.values()] == [960, 960, 960, 90]
    assert [t.milestone for t in tasks_read.values()] == [False, True, False, True]


def test_a_bad_duration_after_good_ones_is_still_refused(tmp_path: Path) -> None:
    tasks = _task(1, "<Duration>PT8H0M0S</Duration>") + _task(2, "<Duration>PT8X</Duration>")
    path = tmp_path / "p.xml"
    path.write_text(_project(tasks), encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        read_mspdi(path)
    assert info.value.field == "Duration"


def test_a_bad_boolean_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.xml"
    path.write_text(_project(_task(1, "<Milestone>2</Milestone>")), encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        read_mspdi(path)
    assert info.value.field == "Milestone"
