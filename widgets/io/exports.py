"""File > Export and Print: the shown project written by ``app.io`` or drawn by the Gantt.

Writers are atomic (``app.io.atomic``): the target appears only when complete, so a
cancelled or failed export leaves no partial file and an existing file as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog

from app.document import Document
from app.io import delimited, mspdi, xlsx
from app.io.progress import Cancelled
from widgets.gantt.render import render_gantt
from widgets.io.print_gantt import gantt_printer, print_gantt
from widgets.io.progress_dialog import JobProgress, run_with_progress

if TYPE_CHECKING:
    from widgets.file_commands import FileCommands
    from widgets.main_window import MainWindow

CANCELLED = "Export cancelled; no file was written"
#: Writes the project (document, project id) to a path, reporting to the progress dialog.
Writer = Callable[[Document, int, Path, JobProgress], None]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One entry of the Export submenu."""

    title: str
    suffix: str
    file_filter: str
    write: Writer
    #: Added to the project's name in the proposed file name (" - tasks").
    name_tail: str = ""
    #: The menu entry's text with its mnemonic (the title, when empty).
    menu_text: str = ""


def _gantt(document: Document, project_id: int, path: Path, progress: JobProgress) -> None:
    """The chart cannot report progress while it draws: cancel only before it starts."""
    progress.point_of_no_return("Drawing the Gantt chart")
    render_gantt(document, project_id, path)


#: Action key -> format, in menu order.
EXPORTS: dict[str, ExportFormat] = {
    "export_mspdi": ExportFormat(
        "MS Project XML", ".xml", "MS Project XML (*.xml)",
        lambda d, p, path, pr: mspdi.write_mspdi(d.portfolio, p, path, d.schedule, progress=pr),
        menu_text="MS Project &XML",
    ),
    "export_xlsx": ExportFormat(
        "Excel Workbook", ".xlsx", "Excel workbooks (*.xlsx)",
        lambda d, p, path, pr: xlsx.write_xlsx(d.portfolio, d.schedule, p, path, progress=pr),
        menu_text="&Excel Workbook",
    ),
    "export_csv_tasks": ExportFormat(
        "CSV Tasks", ".csv", "CSV (*.csv)",
        lambda d, p, path, pr: delimited.write_tasks_csv(
            d.portfolio, d.schedule, p, path, progress=pr
        ),
        " - tasks", "CSV &Tasks",
    ),
    "export_csv_resources": ExportFormat(
        "CSV Resources", ".csv", "CSV (*.csv)",
        lambda d, p, path, pr: delimited.write_resources_csv(d.portfolio, p, path, progress=pr),
        " - resources", "CSV &Resources",
    ),
    "export_csv_ledger": ExportFormat(
        "CSV Ledger", ".csv", "CSV (*.csv)",
        lambda d, p, path, pr: delimited.write_ledger_csv(d.portfolio, p, path, progress=pr),
        " - ledger", "CSV &Ledger",
    ),
    "export_gantt_pdf": ExportFormat(
        "Gantt Chart as PDF", ".pdf", "PDF (*.pdf)", _gantt, menu_text="Gantt Chart as &PDF"
    ),
    "export_gantt_png": ExportFormat(
        "Gantt Chart as PNG", ".png", "PNG images (*.png)", _gantt, menu_text="Gantt Chart as P&NG"
    ),
    "export_gantt_svg": ExportFormat(
        "Gantt Chart as SVG", ".svg", "SVG images (*.svg)", _gantt, menu_text="Gantt Chart as &SVG"
    ),
}  # fmt: skip


def file_stem(name: str) -> str:
    """A project name made safe as a file name on every system (no / \\ : * ? " < > |)."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip(" .")
    return cleaned or "project"


class ExportCommands:
    """The Export submenu's commands and Print, for one main window."""

    def __init__(self, window: MainWindow, files: FileCommands) -> None:
        self._window = window
        self._files = files
        self._printer: QPrinter | None = None

    def choose_target(self, key: str) -> None:
        """File > Export > <format>: propose "<project>.<suffix>" beside the open file."""
        project = self._window.current_project()
        if project is None:
            return
        export = EXPORTS[key]
        proposal = Path(self._files.start_folder()) / (
            file_stem(project.name) + export.name_tail + export.suffix
        )
        path = self._files.save_name(f"Export {export.title}", str(proposal), export.file_filter)
        if path is not None:
            self.export(key, with_suffix(path, export.suffix))

    def export(self, key: str, path: Path) -> bool:
        """Write the shown project to ``path`` in the format of ``key``, with progress."""
        window, document = self._window, self._window.document
        project = window.current_project()
        if document is None or project is None:
            return False
        export = EXPORTS[key]
        try:
            run_with_progress(
                window,
                f"Exporting {path.name}",
                lambda progress: export.write(document, project.id, path, progress),
            )
        except Cancelled:
            window.show_message(CANCELLED)
            return False
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            window.show_problem(f"Cannot export to {path.name}: {reason}")
            return False
        window.show_message(f"Exported {project.name} to {path}")
        return True

    # --- print --------------------------------------------------------------------------

    def choose_print(self) -> QPrintDialog | None:
        """File > Print: the print dialog, then the Gantt chart on the chosen printer."""
        project = self._window.current_project()
        if project is None:
            return None
        self._printer = gantt_printer()
        self._printer.setDocName(f"{project.name} - Gantt chart")  # as the PDF's title
        dialog = QPrintDialog(self._printer, self._window)
        dialog.setObjectName("printDialog")
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._print_chosen)
        # Window-modal and non-blocking, as the window's other dialogs; PySide6 hides
        # QDialog.open() behind QPrintDialog.open(receiver, member), hence the explicit call.
        QDialog.open(dialog)
        return dialog

    def _print_chosen(self) -> None:
        if self._printer is not None:
            self.print_to(self._printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Print the shown project's Gantt chart on ``printer``."""
        window, document = self._window, self._window.document
        project = window.current_project()
        if document is None or project is None:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = print_gantt(document, project.id, printer)
        except (OSError, ValueError) as exc:
            window.show_problem(f"Cannot print {project.name}: {exc}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        window.show_message(f"Printed {project.name}: {pages} page{'s' if pages != 1 else ''}")
        return True


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix`` (file dialogs do not always add it)."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
