"""The ``plansmith`` command line: open the window, or work on a file without one.

Errors go to stderr as ``plansmith: error: ...`` with exit status 1; bad usage exits 2
(argparse's convention); Ctrl+C during ``import`` or ``export`` exits 130 with
``plansmith: cancelled; nothing was changed``. Each subcommand imports what it needs
inside its function (Qt only for rendering, openpyxl only for workbooks), so starting
the CLI costs only what the chosen subcommand uses.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.gcpause import paused_gc
from app.io.errors import ImportRejected
from app.io.progress import Cancelled
from app.io.progress_bar import TerminalBar, terminal_bar

if TYPE_CHECKING:
    from app.document import Document
    from app.model.portfolio import Portfolio

IMPORT_FORMATS = {
    ".xml": "MS Project XML (MSPDI)",
    ".gan": "GanttProject",
    ".xlsx": "Excel task list",
    ".csv": "CSV tasks, resources or ledger (chosen by the header)",
    ".mpp": "Microsoft Project (via MPXJ)",
    ".mpt": "Microsoft Project template (via MPXJ)",
    ".mpx": "MPX (via MPXJ)",
    ".pod": "ProjectLibre (via MPXJ)",
    ".planner": "GNOME Planner (via MPXJ)",
    ".xer": "Primavera P6 XER (via MPXJ)",
    ".pmxml": "Primavera P6 XML (via MPXJ)",
}
EXPORT_FORMATS = {
    ".xml": "MS Project XML (MSPDI)",
    ".json": "Plansmith JSON (as show --json)",
    ".xlsx": "Excel workbook for finance",
    ".csv": "CSV task list",
    ".pdf": "Gantt chart, fitted to A3 pages",
    ".png": "Gantt chart picture",
    ".svg": "Gantt chart drawing",
}
MPXJ_SUFFIXES = (".mpp", ".mpt", ".mpx", ".pod", ".planner", ".xer", ".pmxml")


#: Exit status after Ctrl+C (128 + SIGINT, as shells report it).
EXIT_CANCELLED = 130
CANCELLED_MESSAGE = "plansmith: cancelled; nothing was changed"


class CliError(Exception):
    """A failure to report as ``plansmith: error: ...`` with exit status 1."""


def _supported(formats: dict[str, str]) -> str:
    return ", ".join(f"{suffix} ({name})" for suffix, name in formats.items())


def _open(path: str, *, write: bool) -> Document:
    _load_store()
    from app.document import Document
    from app.store import Store

    try:
        store = Store.open(Path(path), read_only=not write)
    except FileNotFoundError as exc:
        raise CliError(str(exc)) from exc
    try:
        return Document(store)
    except BaseException:
        store.close()
        raise


def _project_ids(document: Document, ref: str | None) -> list[int] | None:
    if ref is None:
        return None
    try:
        return [document.portfolio.project_by_ref(ref).id]
    except KeyError as exc:
        raise CliError(f"{document.store.path}: {exc.args[0]}") from exc


# --- subcommands ---------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    """Write the demo portfolio to a new file."""
    from app.demo import write_demo

    out = Path(args.out)
    if out.exists():
        raise CliError(f"{out} already exists; choose a new file name")
    write_demo(out)
    print(out)
    return 0


def _load_store() -> None:
    """Import ``app.store`` without numpy.

    sqlite_utils probes for numpy when it is imported (0.15-0.25 s here) so that it can
    store numpy values; Plansmith never hands it any, so the CLI hides numpy during that
    one import. Later imports of numpy (if any) work as usual.
    """
    if "app.store" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy -> ImportError
        try:
            importlib.import_module("app.store")
        finally:
            if sys.modules.get("numpy", 0) is None:
                del sys.modules["numpy"]


TABLE_SUFFIXES = (".csv", ".xlsx")


def parse_mapping(text: str) -> dict[str, str | None]:
    """``Task=Name,Length=Duration,Notes=`` -> header -> column (None: ignore the column).

    Raises:
        argparse.ArgumentTypeError: for an item without ``=`` (a usage error, exit 2).
    """
    mapping: dict[str, str | None] = {}
    for item in filter(str.strip, text.split(",")):
        header, equals, target = item.rpartition("=")
        if not equals or not header.strip():
            raise argparse.ArgumentTypeError(
                f"cannot read {item.strip()!r}; write HEADER=COLUMN, or HEADER= to ignore it"
            )
        mapping[header.strip()] = target.strip() or None
    return mapping


def _mapping(args: argparse.Namespace, source: Path) -> dict[str, str | None] | None:
    if not args.map:
        return None
    if source.suffix.lower() not in TABLE_SUFFIXES:
        raise CliError(f"{source}: --map applies to .csv and .xlsx tables only")
    merged: dict[str, str | None] = {}
    for part in args.map:
        merged.update(part)
    return merged


def _read_import(
    path: Path,
    mapping: dict[str, str | None] | None = None,
    progress: TerminalBar | None = None,
) -> Any:
    suffix = path.suffix.lower()
    if suffix == ".xml":
        from app.io.mspdi import read_mspdi

        return read_mspdi(path, progress=progress)
    if suffix == ".gan":
        from app.io.ganttproject import read_gan

        return read_gan(path, progress=progress)
    if suffix == ".xlsx":
        from app.io.xlsx import read_xlsx_tasks

        return read_xlsx_tasks(path, mapping=mapping, progress=progress)
    if suffix == ".csv":
        from app.io.delimited import read_csv

        return read_csv(path, mapping=mapping, progress=progress)
    if suffix in MPXJ_SUFFIXES:
        from app.io.mpxj_bridge import read_via_mpxj

        return read_via_mpxj(path, progress=progress)
    raise CliError(
        f"{path}: cannot import {suffix or 'files without a suffix'}; "
        f"supported so far: {_supported(IMPORT_FORMATS)}"
    )


def cmd_import(args: argparse.Namespace) -> int:
    """Add a project read from a file (or, with --project, add a ledger or resource list
    to an existing project); print what was added and the import report on stderr."""
    source = Path(args.input)
    if not source.exists():
        raise CliError(f"{source}: no such file")
    mapping = _mapping(args, source)
    if args.project is not None and args.name:
        raise CliError("--name names a new project; it does not go with --project")
    bar = terminal_bar(sys.stderr)
    try:
        if args.project is not None:
            result, lines = _import_into_project(args, source, mapping, bar)
        else:
            result, lines = _import_new_project(args, source, mapping, bar)
    finally:
        if bar is not None:
            bar.close()
    report = getattr(result, "report", None)
    if report is not None:
        print(str(report), file=sys.stderr)
    for line in lines:
        print(line)
    return 0


def _import_new_project(
    args: argparse.Namespace,
    source: Path,
    mapping: dict[str, str | None] | None,
    bar: TerminalBar | None,
) -> tuple[Any, list[str]]:
    """Read, then add the file as new project(s); returns the result and the new ids.

    A file created here and left empty by a cancel is removed again: nothing changed.
    """
    result = _read_import(source, mapping, bar)
    _load_store()
    from app.commands import MergePortfolio
    from app.document import Document
    from app.store import Store

    db = Path(args.into)
    existed = db.exists()
    store = Store.open(db, create=True)
    cancelled = False
    try:
        document = Document(store)
        command = MergePortfolio(result.portfolio, name=args.name)
        new_ids = command.new_project_ids(document.portfolio)
        document.execute(command)
    except (KeyboardInterrupt, Cancelled):
        cancelled = True
        raise
    finally:
        store.close()  # before any removal: the file must not be open or locked
        if cancelled and not existed:
            db.unlink(missing_ok=True)
    return result, [str(project_id) for project_id in new_ids]


def _import_into_project(
    args: argparse.Namespace,
    source: Path,
    mapping: dict[str, str | None] | None,
    bar: TerminalBar | None,
) -> tuple[Any, list[str]]:
    """Add a ledger or resource CSV to project ``--project`` of an existing file, as one
    edit (``ImportIntoProject``); returns the result and one line of counts."""
    if source.suffix.lower() != ".csv":
        raise CliError(
            f"{source}: --project adds ledger entries or resources from a .csv file; "
            "other files are imported as a new project (leave out --project)"
        )
    if not Path(args.into).exists():
        raise CliError(f"{args.into}: no such file; --project adds to an existing file")
    from app.commands import ImportIntoProject
    from app.io.delimited import ProjectTarget, read_csv

    document = _open(args.into, write=True)
    try:
        (project_id,) = _project_ids(document, args.project) or [0]
        target = ProjectTarget(document.portfolio, project_id)
        result = read_csv(source, mapping=mapping, progress=bar, target=target)
        if result.portfolio.tasks:
            raise CliError(
                f"{source}: this is a task list; task lists are imported as a new project "
                "(leave out --project)"
            )
        before = document.portfolio
        document.execute(ImportIntoProject(result.portfolio, project_id, f"Import {source.name}"))
        line = _added_line(before, document.portfolio, project_id)
    finally:
        document.close()
    return result, [line]


def _added_line(before: Portfolio, after: Portfolio, project_id: int) -> str:
    """``added to project 2 'Website': 12 ledger entries, 1 new account, 1 new supplier``."""
    parts = []
    for collection, one, many in (
        ("ledger", "ledger entry", "ledger entries"),
        ("accounts", "new account", "new accounts"),
        ("suppliers", "new supplier", "new suppliers"),
        ("resources", "resource", "resources"),
    ):
        count = len(getattr(after, collection)) - len(getattr(before, collection))
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    name = after.projects[project_id].name
    return f"added to project {project_id} {name!r}: {', '.join(parts) or 'nothing'}"


def cmd_export(args: argparse.Namespace) -> int:
    """Write one project to a file whose format follows the suffix."""
    out = Path(args.to)
    suffix = out.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise CliError(
            f"{out}: cannot export {suffix or 'files without a suffix'}; "
            f"supported so far: {_supported(EXPORT_FORMATS)}"
        )
    document = _open(args.db, write=False)
    bar = terminal_bar(sys.stderr)
    try:
        (project_id,) = _project_ids(document, args.project) or [0]
        _write_export(document, project_id, out, bar)
    finally:
        if bar is not None:
            bar.close()
        document.close()
    return 0


def _write_export(document: Document, project_id: int, out: Path, bar: TerminalBar | None) -> None:
    suffix = out.suffix.lower()
    if suffix == ".xml":
        from app.io.mspdi import write_mspdi

        write_mspdi(document.portfolio, project_id, out, document.schedule, progress=bar)
    elif suffix == ".xlsx":
        from app.io.xlsx import write_xlsx

        write_xlsx(document.portfolio, document.schedule, project_id, out, progress=bar)
    elif suffix == ".csv":
        from app.io.delimited import write_tasks_csv

        write_tasks_csv(document.portfolio, document.schedule, project_id, out, progress=bar)
    elif suffix in (".png", ".svg", ".pdf"):
        from widgets.gantt.render import render_gantt  # Qt only for rendering

        render_gantt(document, project_id, out)
    else:
        import json

        from app.io.atomic import atomic_write_text
        from app.reports.project_json import portfolio_json

        data = portfolio_json(document.portfolio, document.schedule, [project_id])
        atomic_write_text(out, json.dumps(data, indent=2, ensure_ascii=False))


def cmd_schedule(args: argparse.Namespace) -> int:
    """Reschedule, store the dates, and print each project's finish and critical path."""
    document = _open(args.db, write=True)
    try:
        document.store_schedule()
        schedule, portfolio = document.schedule, document.portfolio
        ids = _project_ids(document, args.project) or sorted(portfolio.projects)
        for project_id in ids:
            project = portfolio.projects[project_id]
            span = schedule.projects.get(project_id)
            finish = span.finish.isoformat(timespec="minutes") if span else "-"
            path = [portfolio.row_number(t) for t in span.critical_path] if span else []
            print(
                f"{project.id}\t{project.name}\tfinish {finish}\t"
                f"critical path: {', '.join(map(str, path)) or '-'}"
            )
    finally:
        document.close()
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print the project(s) as JSON (or a short table without --json)."""
    import json

    from app.reports.project_json import portfolio_json

    document = _open(args.db, write=False)
    try:
        ids = _project_ids(document, args.project)
        data = portfolio_json(document.portfolio, document.schedule, ids)
    finally:
        document.close()
    if args.json:
        # Indented only for a person at a terminal: the pure-Python encoder that indent
        # needs is several times slower on big plans than the compact C encoder.
        indent = 2 if sys.stdout.isatty() else None
        print(json.dumps(data, indent=indent, ensure_ascii=False))
    else:
        for project in data["projects"]:
            print(
                f"{project['id']}\t{project['name']}\t{project['start']} -> "
                f"{project['finish']}\t{len(project['tasks'])} tasks"
            )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Status briefings are not built yet: say so plainly."""
    raise CliError(
        f"{args.to}: status briefings are not available in this version yet; "
        "supported report formats so far: none (use 'plansmith show --json' or "
        "'plansmith export' meanwhile)"
    )


def cmd_check(args: argparse.Namespace) -> int:
    """Integrity and consistency check; prints problems and exits 1 when there are any."""
    from app.check import check_file

    problems = check_file(Path(args.db))
    for problem in problems:
        print(problem)
    if problems:
        raise CliError(f"{args.db}: {len(problems)} problem(s) found")
    print(f"{args.db}: ok")
    return 0


def cmd_window(args: argparse.Namespace) -> int:
    """Open the desktop window (imports Qt only here)."""
    from widgets.main import run_window

    return run_window(Path(args.file) if args.file else None, read_only=args.read_only)


# --- argument parsing ----------------------------------------------------------------

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "import": cmd_import,
    "export": cmd_export,
    "schedule": cmd_schedule,
    "show": cmd_show,
    "report": cmd_report,
    "check": cmd_check,
}


def build_parser() -> argparse.ArgumentParser:
    """The subcommand parser (the window is the default when no subcommand is given)."""
    parser = argparse.ArgumentParser(
        prog="plansmith", description="Offline Gantt and budget planner."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="write the demo portfolio to OUT")
    demo.add_argument("out", metavar="OUT")
    imp = sub.add_parser("import", help="add a project read from IN; print its id")
    imp.add_argument("input", metavar="IN")
    imp.add_argument("--into", required=True, metavar="DB")
    imp.add_argument("--name")
    imp.add_argument(
        "--project",
        metavar="P",
        help="add a ledger or resource CSV to project P of DB instead of a new project",
    )
    imp.add_argument(
        "--map",
        action="append",
        type=parse_mapping,
        metavar="HEADER=COLUMN,...",
        help="which header holds which column of a .csv/.xlsx table; HEADER= ignores one",
    )
    exp = sub.add_parser("export", help="export a project; the format follows OUT's suffix")
    exp.add_argument("db", metavar="DB")
    exp.add_argument("--project", required=True, metavar="P")
    exp.add_argument("--to", required=True, metavar="OUT")
    sch = sub.add_parser("schedule", help="reschedule, store, print finish and critical path")
    sch.add_argument("db", metavar="DB")
    sch.add_argument("--project", metavar="P")
    show = sub.add_parser("show", help="print the project(s)")
    show.add_argument("db", metavar="DB")
    show.add_argument("--project", metavar="P")
    show.add_argument("--json", action="store_true", help="as JSON (the documented contract)")
    rep = sub.add_parser("report", help="status briefing")
    rep.add_argument("db", metavar="DB")
    rep.add_argument("--project", required=True, metavar="P")
    rep.add_argument("--to", required=True, metavar="OUT")
    chk = sub.add_parser("check", help="integrity and consistency check")
    chk.add_argument("db", metavar="DB")
    return parser


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plansmith", description="Open the planner window.")
    parser.add_argument("file", nargs="?", metavar="FILE")
    parser.add_argument("--read-only", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``plansmith`` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    wants_window = not args_list or (
        args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help")
    )
    try:
        if wants_window:
            return cmd_window(_window_parser().parse_args(args_list))
        args = build_parser().parse_args(args_list)
        return _run(args)
    except (CliError, ImportRejected, OSError) as exc:
        print(f"plansmith: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if not _is_user_error(exc):
            raise
        print(f"plansmith: error: {exc}", file=sys.stderr)
        return 1


def run() -> None:
    """The ``plansmith`` console script: ``main``, then, after a command, a quick exit.

    A command's objects (a plan of 10,000 tasks, its schedule, a file's parsed tree)
    would be freed one by one as the interpreter shuts down: a tenth of a second of a
    big import, for a process that is ending anyway. By then the command has closed its
    files (a store closes itself, exports are written atomically); only the standard
    streams are left to flush. The window exits normally: Qt saves its settings then.
    """
    code = main()
    if sys.argv[1:2] and sys.argv[1] in COMMANDS:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: nothing more can be said anyway
            code = code or 1
        os._exit(code)
    sys.exit(code)


def _run(args: argparse.Namespace) -> int:
    """Run a subcommand; Ctrl+C (or a Cancelled) during import/export is a clean cancel.

    The cyclic garbage collector is paused throughout: a command builds hundreds of
    thousands of acyclic objects (a plan, its schedule, a file's tree) and exits soon
    after. A pause only around each step would not help: the collector would then walk
    every object the step made, at the first allocation after it (a tenth of a schedule).
    """
    try:
        with paused_gc():
            return COMMANDS[args.command](args)
    except (KeyboardInterrupt, Cancelled):
        if args.command not in ("import", "export"):
            raise
        print(CANCELLED_MESSAGE, file=sys.stderr)
        return EXIT_CANCELLED


def _is_user_error(exc: Exception) -> bool:
    """A refused edit, store or schedule problem: reported, not a crash. Checked through
    the modules already loaded, so the CLI does not import them just to catch them."""
    kinds = [
        getattr(sys.modules.get(module), name, None)
        for module, name in (
            ("app.store", "StoreError"),
            ("app.commands.base", "EditError"),
            ("app.schedule", "ScheduleError"),
        )
    ]
    return any(isinstance(kind, type) and isinstance(exc, kind) for kind in kinds)


if __name__ == "__main__":
    run()
