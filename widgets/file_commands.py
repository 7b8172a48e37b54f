"""The File menu: new, open, recent, save as, and the Import, Export and Print entries.

Every file is opened through ``widgets.opening``, so a locked or foreign file gets the
same dialogs here as at start-up, and the current file stays open when another fails.
Imports and exports are ``widgets.io``'s; this module lists them for the window's menu
(key, text, command) so the window only places them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMenu

from app.commands import AddProject
from app.document import Document
from app.io import mpxj_bridge
from app.store import SUFFIX, Store, StoreError
from widgets.io.exports import EXPORTS, ExportCommands
from widgets.io.imports import ImportCommands
from widgets.opening import open_document
from widgets.settings import recent_files

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

FILE_FILTER = f"Plansmith files (*{SUFFIX})"

#: File > Import entries that add to the shown project (so they need one).
INTO_PROJECT_IMPORTS = ("import_resources", "import_ledger")
#: File > Import, in menu order; None is a separator.
IMPORT_MENU = (
    "import_mspdi",
    "import_task_list",
    "import_gan",
    None,
    *INTO_PROJECT_IMPORTS,
    None,
    "import_other",
)
IMPORT_ACTIONS = tuple(key for key in IMPORT_MENU if key is not None)
#: File > Export, in menu order; None is a separator.
EXPORT_MENU = (
    "export_mspdi",
    "export_xlsx",
    None,
    "export_csv_tasks",
    "export_csv_resources",
    "export_csv_ledger",
    None,
    "export_gantt_pdf",
    "export_gantt_png",
    "export_gantt_svg",
)
EXPORT_ACTIONS = tuple(key for key in EXPORT_MENU if key is not None)
#: What an export or print needs: a shown project (a read-only file may be exported).
PROJECT_OUTPUT_ACTIONS = (*EXPORT_ACTIONS, "print")


class FileCommands:
    """File commands of one main window."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.imports = ImportCommands(window, self)
        self.exports = ExportCommands(window, self)

    def start_folder(self) -> str:
        """Where file dialogs open: beside the open file, else the last one, else home."""
        document = self._window.document
        if document is not None:
            return str(document.store.path.parent)
        files = recent_files()
        return str(files[0].parent) if files else str(Path.home())

    def save_name(self, title: str, proposal: str, pattern: str) -> Path | None:
        """Ask where to write a file (the dialog confirms overwriting); None if cancelled."""
        name, _ = QFileDialog.getSaveFileName(self._window, title, proposal, pattern)
        return Path(name) if name else None

    def open_name(self, title: str, pattern: str) -> Path | None:
        """Ask which file to read, starting beside the open file; None if cancelled."""
        name, _ = QFileDialog.getOpenFileName(self._window, title, self.start_folder(), pattern)
        return Path(name) if name else None

    # --- new, open, recent, save as -------------------------------------------------------

    def choose_new_file(self) -> None:
        """File > New: ask where, then create."""
        path = self.save_name("New File", self.start_folder(), FILE_FILTER)
        if path is not None:
            self.new_file(with_suffix(path))

    def new_file(self, path: Path) -> bool:
        """Create ``path`` with one empty project starting today, and show it."""
        try:
            store = Store.create(path)
        except (StoreError, OSError) as exc:
            self._window.show_problem(f"Cannot create {path.name}: {exc}")
            return False
        document = Document(store)
        document.execute(AddProject("Project 1", datetime.combine(date.today(), time(8, 0))))
        self._window.set_document(document)
        return True

    def choose_file_to_open(self) -> None:
        """File > Open."""
        path = self.open_name("Open", FILE_FILTER)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path, read_only: bool = False) -> bool:
        """Open another file in this window; the current one stays if that fails."""
        current = self._window.document
        if current is not None and same_file(current.store.path, path):
            return True
        document = open_document(path, read_only, self._window)
        if document is None:
            return False
        self._window.set_document(document)
        return True

    def fill_recent_menu(self, menu: QMenu) -> None:
        """File > Open Recent: the files opened lately, newest first."""
        menu.clear()
        for number, path in enumerate(recent_files(), start=1):
            action = menu.addAction(f"&{number} {path.name}")
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))

    def choose_save_as(self) -> None:
        """File > Save As."""
        path = self.save_name("Save As", self.start_folder(), FILE_FILTER)
        if path is not None:
            self.save_as(with_suffix(path))

    def save_as(self, target: Path) -> bool:
        """Copy the file to ``target`` and carry on working in the copy."""
        document = self._window.document
        if document is None:
            return False
        if same_file(document.store.path, target):
            self._window.show_problem(f"{target.name} is the file already open")
            return False
        try:
            document.store.save_as(target)
        except (StoreError, OSError) as exc:
            self._window.show_problem(f"Cannot save as {target.name}: {exc}")
            return False
        if not self.open_path(target):
            return False
        self._window.show_message(f"Saved as {target}")
        return True

    # --- import, export, print (widgets.io) ---------------------------------------------

    def io_actions(self) -> list[tuple[str, str, Callable[[], object], str]]:
        """(key, menu text, command, status tip) of every Import, Export and Print entry."""
        imports = self.imports
        entries: list[tuple[str, str, Callable[[], object], str]] = [
            ("import_mspdi", "MS Project &XML...", imports.choose_mspdi,
             "Add a project from an MS Project XML file"),
            ("import_task_list", "&Excel or CSV Task List...", imports.choose_task_list,
             "Add a project from a task list, choosing what each column holds"),
            ("import_gan", "&GanttProject...", imports.choose_gan,
             "Add a project from a GanttProject file"),
            ("import_resources", "&Resources CSV...", imports.choose_resources,
             "Add resources from a CSV file to the shown project"),
            ("import_ledger", "&Ledger Entries CSV...", imports.choose_ledger,
             "Add invoices and orders from a CSV file to the shown project's ledger"),
            ("import_other", "&Other Planner Files (.mpp, .mpx, .pod, Planner, Primavera)...",
             imports.choose_other, other_planner_tip()),
        ]  # fmt: skip
        for key, export in EXPORTS.items():
            text = f"{export.menu_text or export.title}..."
            tip = f"Write the shown project as {export.title}"
            entries.append((key, text, lambda k=key: self.exports.choose_target(k), tip))
        tip = "Print the shown project's Gantt chart"
        entries.append(("print", "&Print...", self.exports.choose_print, tip))
        return entries

    def import_mspdi(self, path: Path) -> bool:
        """Add the project of an MS Project XML file to the portfolio (one undo step)."""
        return self.imports.import_mspdi(path)

    def export_mspdi(self, path: Path) -> bool:
        """Write the shown project, with its computed dates, as MS Project XML."""
        return self.exports.export("export_mspdi", path)


def with_suffix(path: Path) -> Path:
    """``path`` ending in ``.plansmith`` (file dialogs do not always add it)."""
    return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)


def same_file(a: Path, b: Path) -> bool:
    """True when two paths name the same file."""
    return a.resolve() == b.resolve()


def other_planner_tip() -> str:
    """The status tip of Other Planner Files: what is missing, when MPXJ cannot run here."""
    missing = mpxj_bridge.mpxj_missing()
    if missing:
        return f"Needs MPXJ, which is not available: {missing}"
    return "Add a project from a file MPXJ reads (.mpp, .mpx, .pod, Planner, Primavera)"
