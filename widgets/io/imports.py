"""File > Import: each format's reader run with progress, then one undoable edit.

A plan file (MS Project XML, Excel or CSV task list, GanttProject, or what MPXJ reads)
becomes a new project; a resources or ledger CSV goes into the shown project. Reading
happens first, under the progress dialog, and only a complete result is handed to the
window's ``perform``: a rejected or cancelled import leaves the file as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.commands import Command, ImportIntoProject, MergePortfolio
from app.io import delimited, ganttproject, mpxj_bridge, mspdi, xlsx
from app.io.errors import ImportRejected
from app.io.progress import Cancelled, Progress
from app.io.report import ImportReport
from app.model import Portfolio
from widgets.io.import_wizard import ImportWizard
from widgets.io.progress_dialog import JobProgress, run_with_progress
from widgets.io.report_dialog import ImportReportDialog

if TYPE_CHECKING:
    from widgets.file_commands import FileCommands
    from widgets.main_window import MainWindow

CANCELLED = "Import cancelled; nothing was changed"
MSPDI_FILTER = "MS Project XML (*.xml)"
TASK_LIST_FILTER = "Excel or CSV task lists (*.xlsx *.csv);;Excel workbooks (*.xlsx);;CSV (*.csv)"
GAN_FILTER = "GanttProject (*.gan)"
CSV_FILTER = "CSV (*.csv)"
OTHER_TITLE = "Other Planner Files"


class ImportResult(Protocol):
    """What every reader returns: a one-project fragment and what the reading found."""

    @property
    def portfolio(self) -> Portfolio:
        """The fragment, numbered from 1."""
        ...

    @property
    def report(self) -> ImportReport:
        """Counts, kept elements and warnings."""
        ...


#: A reader bound to its file (and mapping): called with the progress callback.
Reader = Callable[[Progress], ImportResult]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a finished import did: its report, and the project it went into or made."""

    report: ImportReport
    project_id: int | None
    #: True when the import made ``project_id``; False when it added to it.
    new_project: bool


def other_planner_filter() -> str:
    """The file dialog's filter for the formats only MPXJ reads, named as users know them."""
    patterns = " ".join(f"*{suffix}" for suffix in mpxj_bridge.FORMATS)
    each = ";;".join(
        f"{name.removesuffix(f' ({suffix})')} (*{suffix})"
        for suffix, name in mpxj_bridge.FORMATS.items()
    )
    return f"Planner files ({patterns});;{each}"


class ImportCommands:
    """The Import submenu's commands for one main window."""

    def __init__(self, window: MainWindow, files: FileCommands) -> None:
        self._window = window
        self._files = files

    # --- the menu entries: ask for a file, then import it -------------------------------

    def choose_mspdi(self) -> None:
        """File > Import > MS Project XML."""
        path = self._files.open_name("Import MS Project XML", MSPDI_FILTER)
        if path is not None:
            self.import_mspdi(path)

    def choose_task_list(self) -> None:
        """File > Import > Excel or CSV Task List: a file, then the column mapping."""
        path = self._files.open_name("Import Task List", TASK_LIST_FILTER)
        if path is not None:
            self.open_wizard(path)

    def choose_gan(self) -> None:
        """File > Import > GanttProject."""
        path = self._files.open_name("Import GanttProject", GAN_FILTER)
        if path is not None:
            self.import_gan(path)

    def choose_resources(self) -> None:
        """File > Import > Resources CSV, into the shown project."""
        path = self._files.open_name("Import Resources", CSV_FILTER)
        if path is not None:
            self.import_resources(path)

    def choose_ledger(self) -> None:
        """File > Import > Ledger Entries CSV (invoices, orders), into the shown project."""
        path = self._files.open_name("Import Ledger Entries", CSV_FILTER)
        if path is not None:
            self.import_ledger(path)

    def choose_other(self) -> None:
        """File > Import > Other Planner Files, or what to install when MPXJ is missing."""
        missing = mpxj_bridge.mpxj_missing()
        if missing:
            self._explain_mpxj(missing)
            return
        path = self._files.open_name(f"Import {OTHER_TITLE}", other_planner_filter())
        if path is not None:
            self.import_other(path)

    def _explain_mpxj(self, missing: str) -> None:
        formats = ", ".join(mpxj_bridge.FORMATS.values())
        box = QMessageBox(
            QMessageBox.Icon.Information,
            OTHER_TITLE,
            f"Plansmith opens {formats} files through MPXJ, which is not available here: "
            f"{missing}.",
            parent=self._window,
        )
        box.setObjectName("mpxjMissing")
        hint = mpxj_bridge.INSTALL_HINT
        box.setInformativeText(
            f"{hint[:1].upper()}{hint[1:]}.\n\n"
            "MS Project XML, GanttProject and Excel or CSV task lists import without it."
        )
        self._window.open_dialog(box)

    # --- one function per format (what tests and the menu call) -------------------------

    def import_mspdi(self, path: Path) -> bool:
        """Add the project of an MS Project XML file (one undo step)."""
        return self.import_file(path, lambda p: mspdi.read_mspdi(path, progress=p))

    def import_gan(self, path: Path) -> bool:
        """Add the project of a GanttProject file."""
        return self.import_file(path, lambda p: ganttproject.read_gan(path, progress=p))

    def import_other(self, path: Path) -> bool:
        """Add the project of a file MPXJ converts (.mpp, .mpx, .pod, Planner, Primavera)."""
        return self.import_file(path, lambda p: mpxj_bridge.read_via_mpxj(path, progress=p))

    def import_task_list(self, path: Path, mapping: dict[str, str | None] | None) -> bool:
        """Add a project read from an Excel or CSV task list with the chosen column mapping."""
        if path.suffix.lower() == ".xlsx":
            return self.import_file(
                path, lambda p: xlsx.read_xlsx_tasks(path, mapping=mapping, progress=p)
            )
        return self.import_file(
            path, lambda p: delimited.read_tasks_csv(path, mapping=mapping, progress=p)
        )

    def import_resources(self, path: Path) -> bool:
        """Add the resources of a CSV file to the shown project."""
        return self.import_file(
            path, lambda p: delimited.read_resources_csv(path, progress=p), into_shown=True
        )

    def import_ledger(self, path: Path) -> bool:
        """Add the ledger entries (invoices, orders) of a CSV file to the shown project.

        The reader is given the project so that ``Task WBS`` and ``Settles`` can name its
        tasks and entries.
        """
        document, project_id = self._window.document, self._window.current_project_id
        target = (
            delimited.ProjectTarget(document.portfolio, project_id)
            if document is not None and project_id is not None
            else None
        )
        return self.import_file(
            path,
            lambda p: delimited.read_ledger_csv(path, progress=p, target=target),
            into_shown=True,
        )

    def open_wizard(self, path: Path) -> ImportWizard | None:
        """Show the column-mapping step for a task list; importing follows its OK."""
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                preview = delimited.preview_table(path)
            finally:
                QApplication.restoreOverrideCursor()
        except ImportRejected as exc:
            self._window.show_problem(f"Cannot import {exc}")
            return None
        except OSError as exc:
            self._window.show_problem(f"Cannot import {path.name}: {exc.strerror or exc}")
            return None
        wizard = ImportWizard(preview, path.name, self._window)
        wizard.accepted.connect(lambda: self.import_task_list(path, wizard.mapping()))
        self._window.open_dialog(wizard)
        return wizard

    # --- the one way every import runs --------------------------------------------------

    def import_file(self, path: Path, read: Reader, *, into_shown: bool = False) -> bool:
        """Read ``path`` under the progress dialog, then store it as one undoable edit.

        ``into_shown`` adds the fragment's entries to the shown project instead of adding
        the fragment as a new project. Returns True when the file was imported.
        """
        window = self._window
        document = window.document
        if document is None:
            return False
        if document.read_only:
            window.show_problem(f"{document.store.path.name} is open read-only; nothing imported")
            return False
        target = window.current_project_id if into_shown else None
        if into_shown and target is None:
            window.show_problem("Choose the project to import into first")
            return False
        try:
            outcome = run_with_progress(
                window,
                f"Importing {path.name}",
                lambda p: self._read_and_store(path, read, target, p),
            )
        except Cancelled:
            window.show_message(CANCELLED)
            return False
        except ImportRejected as exc:
            window.show_problem(f"Cannot import {exc}")
            return False
        except OSError as exc:
            window.show_problem(f"Cannot import {path.name}: {exc.strerror or exc}")
            return False
        if outcome is None:
            return False  # the edit was refused; the window said why
        self._tell(path, outcome)
        return True

    def _read_and_store(
        self, path: Path, read: Reader, target: int | None, progress: JobProgress
    ) -> Outcome | None:
        """The job under the dialog: read fully, then commit once (no cancel past reading)."""
        result = read(progress)
        progress.point_of_no_return("Adding to the plan")
        document = self._window.document
        assert document is not None  # the dialog is modal: nothing closed the file meanwhile
        label = f"Import {path.name}"
        command: Command
        if target is None:
            merge = MergePortfolio(result.portfolio, label=label)
            new_ids = merge.new_project_ids(document.portfolio)
            command, target = merge, (new_ids[0] if new_ids else None)
        else:
            command = ImportIntoProject(result.portfolio, target, label)
        if not self._window.perform(command):
            return None
        return Outcome(result.report, target, isinstance(command, MergePortfolio))

    def _tell(self, path: Path, outcome: Outcome) -> None:
        """Show the imported project, a status line, and the report in a dialog."""
        window = self._window
        document = window.document
        if outcome.project_id is not None and outcome.project_id != window.current_project_id:
            window.select_project(outcome.project_id)
        project = (
            document.portfolio.projects.get(outcome.project_id)
            if document is not None and outcome.project_id is not None
            else None
        )
        where = ""
        if project is not None:
            where = f" as the new project “{project.name}”" if outcome.new_project else ""
            where = where or f" into “{project.name}”"
        kind = f" ({outcome.report.format})" if outcome.report.format else ""
        window.show_message(f"Imported {path.name}: {outcome.report.summary()}")
        headline = f"Imported {path.name}{kind}{where}"
        window.open_dialog(ImportReportDialog(headline, outcome.report, window))
