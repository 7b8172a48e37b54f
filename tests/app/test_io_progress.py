"""Progress and cancel in every importer and exporter, on real files of a 2k-task plan.

Each reader and writer is run once with a callback that records its calls (stages are
named, ``done`` never goes back within a stage, the last call is complete), and then
with a callback that raises Cancelled part-way and at the very last call: Cancelled
comes out unchanged (never wrapped into ImportRejected), and an export leaves neither
a file nor a temporary file, and an existing target byte for byte as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from app.demo import build_demo
from app.io.delimited import (
    read_csv,
    read_ledger_csv,
    read_resources_csv,
    read_tasks_csv,
    write_ledger_csv,
    write_resources_csv,
    write_tasks_csv,
)
from app.io.ganttproject import read_gan
from app.io.mspdi import read_mspdi, write_mspdi
from app.io.progress import Cancelled, Progress
from app.io.xlsx import read_xlsx_tasks, write_xlsx
from app.model.portfolio import Portfolio
from app.schedule import Schedule, schedule
from benchmarks.synthetic import make_portfolio

SAMPLES = Path(__file__).parents[2] / ".." / "shared" / "samples" / "real"
SIZE = 2000


Call = tuple[int, int, str]


class Recorder:
    """A Progress callback that keeps every call, and cancels at the first call ``stop``
    accepts (by call, not by count: how many timed reports come depends on speed)."""

    def __init__(self, stop: Callable[[Call], bool] | None = None) -> None:
        self.calls: list[Call] = []
        self.stop = stop

    def __call__(self, done: int, total: int, stage: str) -> None:
        self.calls.append((done, total, stage))
        if self.stop is not None and self.stop((done, total, stage)):
            raise Cancelled()

    def stops(self) -> list[Callable[[Call], bool]]:
        """Cancel points from this run: the first call of each stage, and the last call."""
        stages = list(dict.fromkeys(stage for _, _, stage in self.calls))
        last = self.calls[-1]
        points: list[Callable[[Call], bool]] = [
            lambda call, stage=stage: call[2] == stage for stage in stages
        ]
        points.append(lambda call: call[2] == last[2] and call[0] == last[0] == call[1])
        return points

    def check(self) -> None:
        """Named stages, ``done`` monotonic within a stage and within its total, and a
        complete last call."""
        assert self.calls, "no progress was reported"
        previous: tuple[int, int, str] | None = None
        for done, total, stage in self.calls:
            assert isinstance(stage, str) and stage.strip()
            assert done >= 0 and total >= 0
            if total:
                assert done <= total, (done, total, stage)
            if previous is not None and previous[2] == stage and previous[1] == total:
                assert done >= previous[0], (previous, (done, total, stage))
            previous = (done, total, stage)
        done, total, _ = self.calls[-1]
        assert done == total


@dataclasses.dataclass
class Plan:
    portfolio: Portfolio
    schedule: Schedule
    project_id: int


@pytest.fixture(scope="module")
def plan() -> Plan:
    """A 2k-task synthetic portfolio folded into one project, scheduled once."""
    portfolio = make_portfolio(SIZE)
    first = min(portfolio.projects)
    tasks = {k: dataclasses.replace(t, project_id=first) for k, t in portfolio.tasks.items()}
    ledger = {k: dataclasses.replace(e, project_id=first) for k, e in portfolio.ledger.items()}
    accounts = {k: dataclasses.replace(a, project_id=first) for k, a in portfolio.accounts.items()}
    lines = {k: dataclasses.replace(b, project_id=first) for k, b in portfolio.budget_lines.items()}
    resources = {k: dataclasses.replace(r, project_id=None) for k, r in portfolio.resources.items()}
    one = dataclasses.replace(
        portfolio,
        projects={first: portfolio.projects[first]},
        tasks=tasks,
        ledger=ledger,
        accounts=accounts,
        budget_lines=lines,
        resources=resources,
    )
    if not one.ledger:
        one = _with_demo_ledger(one, first)
    return Plan(one, schedule(one), first)


def _with_demo_ledger(portfolio: Portfolio, project_id: int) -> Portfolio:
    """The demo's ledger (accounts, suppliers, entries) on ``project_id``: the synthetic
    plans carry no ledger, and the ledger CSV needs entries to read."""
    demo = build_demo()
    offset = max(portfolio.accounts, default=0)
    accounts = {
        a.id + offset: dataclasses.replace(
            a,
            id=a.id + offset,
            project_id=project_id,
            parent_id=a.parent_id + offset if a.parent_id else None,
        )
        for a in demo.accounts.values()
    }
    ledger = {
        e.id: dataclasses.replace(
            e,
            project_id=project_id,
            task_id=None,
            account_id=e.account_id + offset if e.account_id else None,
        )
        for e in demo.ledger.values()
    }
    return dataclasses.replace(
        portfolio,
        accounts={**portfolio.accounts, **accounts},
        suppliers=dict(demo.suppliers),
        ledger=ledger,
    )


Writer = Callable[[Plan, Path, Progress | None], None]

WRITERS: dict[str, tuple[str, Writer]] = {
    "mspdi": (
        ".xml",
        lambda p, out, cb: write_mspdi(p.portfolio, p.project_id, out, p.schedule, progress=cb),
    ),
    "xlsx": (
        ".xlsx",
        lambda p, out, cb: write_xlsx(p.portfolio, p.schedule, p.project_id, out, progress=cb),
    ),
    "tasks_csv": (
        ".csv",
        lambda p, out, cb: write_tasks_csv(p.portfolio, p.schedule, p.project_id, out, progress=cb),
    ),
    "resources_csv": (
        ".csv",
        lambda p, out, cb: write_resources_csv(p.portfolio, p.project_id, out, progress=cb),
    ),
    "ledger_csv": (
        ".csv",
        lambda p, out, cb: write_ledger_csv(p.portfolio, p.project_id, out, progress=cb),
    ),
}


@pytest.fixture(scope="module")
def files(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format written once (without progress), for the readers."""
    folder = tmp_path_factory.mktemp("progress-files")
    written = {}
    for name, (suffix, write) in WRITERS.items():
        written[name] = folder / f"{name}{suffix}"
        write(plan, written[name], None)
    return written


Reader = Callable[[Path, Progress | None], object]

READERS: dict[str, Reader] = {
    "mspdi": lambda path, cb: read_mspdi(path, progress=cb),
    "xlsx": lambda path, cb: read_xlsx_tasks(path, progress=cb),
    "tasks_csv": lambda path, cb: read_tasks_csv(path, progress=cb),
    "resources_csv": lambda path, cb: read_resources_csv(path, progress=cb),
    "ledger_csv": lambda path, cb: read_ledger_csv(path, progress=cb),
}


def _run_reader(name: str, files: dict[str, Path], callback: Recorder) -> object:
    return READERS[name](files[name], callback)


@pytest.mark.parametrize("name", sorted(READERS))
def test_readers_report_named_stages_ending_complete(name: str, files: dict[str, Path]) -> None:
    recorder = Recorder()
    result = _run_reader(name, files, recorder)
    recorder.check()
    assert result.portfolio  # type: ignore[attr-defined]
    if name in ("mspdi", "xlsx", "tasks_csv"):
        stages = {stage for _, _, stage in recorder.calls}
        assert "Reading tasks" in stages
        assert len(stages) >= 3
        assert any(total == SIZE or total >= SIZE for _, total, _ in recorder.calls)


@pytest.mark.parametrize("name", sorted(READERS))
def test_cancelled_readers_raise_cancelled_unchanged(name: str, files: dict[str, Path]) -> None:
    counting = Recorder()
    _run_reader(name, files, counting)
    for stop in counting.stops():
        with pytest.raises(Cancelled) as caught:
            _run_reader(name, files, Recorder(stop))
        assert type(caught.value) is Cancelled


def test_read_csv_reports_progress_for_each_layout(files: dict[str, Path]) -> None:
    for name in ("tasks_csv", "resources_csv", "ledger_csv"):
        recorder = Recorder()
        read_csv(files[name], progress=recorder)
        recorder.check()


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_writers_report_named_stages_ending_complete(name: str, plan: Plan, tmp_path: Path) -> None:
    suffix, write = WRITERS[name]
    recorder = Recorder()
    write(plan, tmp_path / f"out{suffix}", recorder)
    recorder.check()
    assert (tmp_path / f"out{suffix}").stat().st_size > 0


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_cancelled_export_leaves_no_file_and_no_temporary_file(
    name: str, plan: Plan, tmp_path: Path
) -> None:
    suffix, write = WRITERS[name]
    counting = Recorder()
    write(plan, tmp_path / f"count{suffix}", counting)
    (tmp_path / f"count{suffix}").unlink()
    for number, stop in enumerate(counting.stops()):  # the last one is mid-write
        with pytest.raises(Cancelled):
            write(plan, tmp_path / f"out{suffix}", Recorder(stop))
        assert list(tmp_path.iterdir()) == [], f"left behind by cancel point {number}"


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_cancelled_export_keeps_the_old_file(name: str, plan: Plan, tmp_path: Path) -> None:
    suffix, write = WRITERS[name]
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"the file the user had before")
    counting = Recorder()
    write(plan, tmp_path / f"count{suffix}", counting)
    (tmp_path / f"count{suffix}").unlink()
    with pytest.raises(Cancelled):
        write(plan, target, Recorder(counting.stops()[-1]))
    assert target.read_bytes() == b"the file the user had before"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_xlsx_reader_does_not_wrap_cancelled_raised_while_streaming_rows(
    files: dict[str, Path],
) -> None:
    """read_xlsx_tasks turns openpyxl's errors into ImportRejected with a broad except;
    a Cancelled from the sheet loop must pass through it."""
    stages: list[str] = []

    def cancel_in_sheet(done: int, total: int, stage: str) -> None:
        stages.append(stage)
        if stage.startswith("Reading sheet") and done > 0:
            raise Cancelled()

    with pytest.raises(Cancelled):
        read_xlsx_tasks(files["xlsx"], progress=cancel_in_sheet)
    assert stages[-1].startswith("Reading sheet")


GAN = SAMPLES / "HouseBuildingSample.gan"


@pytest.mark.skipif(not GAN.exists(), reason="shared samples not present")
def test_read_gan_reports_and_cancels() -> None:
    recorder = Recorder()
    read_gan(GAN, progress=recorder)
    recorder.check()
    assert "Building tasks" in {stage for _, _, stage in recorder.calls}
    for stop in recorder.stops():
        with pytest.raises(Cancelled):
            read_gan(GAN, progress=Recorder(stop))


def test_read_via_mpxj_reports_before_refusing(tmp_path: Path) -> None:
    """Stage-level: a file MPXJ does not handle is refused before any stage starts, and
    a Cancelled from the first report stops the import (Java or not)."""
    from app.io.errors import ImportRejected
    from app.io.mpxj_bridge import mpxj_missing, read_via_mpxj

    odd = tmp_path / "plan.abc"
    odd.write_text("x")
    with pytest.raises(ImportRejected):
        read_via_mpxj(odd, progress=Recorder())
    if mpxj_missing():
        pytest.skip(f"MPXJ cannot run here: {mpxj_missing()}")
    mpx = SAMPLES / "legacy-sample.mpx"
    if not mpx.exists():
        pytest.skip("shared samples not present")
    recorder = Recorder()
    read_via_mpxj(mpx, progress=recorder)
    recorder.check()
    assert recorder.calls[0][2] == "Converting with MPXJ"
    with pytest.raises(Cancelled):
        read_via_mpxj(mpx, progress=Recorder(lambda call: True))
