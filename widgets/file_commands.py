"""The File menu: new, open, recent, save as, and MS Project XML where the core has it.

Every file is opened through ``widgets.opening``, so a locked or foreign file gets the
same dialogs here as at start-up, and the current file stays open when another fails.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMenu

from app.commands import AddProject, MergePortfolio
from app.document import Document
from app.io.errors import ImportRejected
from app.store import SUFFIX, Store, StoreError
from widgets.opening import open_document
from widgets.settings import recent_files

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

FILE_FILTER = f"Plansmith files (*{SUFFIX})"
MSPDI_FILTER = "MS Project XML (*.xml)"


def mspdi_function(name: str) -> Callable[..., Any] | None:
    """``app.io.mspdi.<name>`` when that part of the core exists, else None.

    The window shows MS Project XML commands only for what the core can really do.
    """
    try:
        module = importlib.import_module("app.io.mspdi")
    except ImportError:
        return None
    function = getattr(module, name, None)
    return function if callable(function) else None


class FileCommands:
    """File commands of one main window."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def start_folder(self) -> str:
        """Where file dialogs open: beside the open file, else the last one, else home."""
        document = self._window.document
        if document is not None:
            return str(document.store.path.parent)
        files = recent_files()
        return str(files[0].parent) if files else str(Path.home())

    def _save_name(self, title: str, proposal: str, pattern: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self._window, title, proposal, pattern)
        return Path(name) if name else None

    def _open_name(self, title: str, pattern: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self._window, title, self.start_folder(), pattern)
        return Path(name) if name else None

    # --- new, open, recent, save as -------------------------------------------------------

    def choose_new_file(self) -> None:
        """File > New: ask where, then create."""
        path = self._save_name("New File", self.start_folder(), FILE_FILTER)
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
        path = self._open_name("Open", FILE_FILTER)
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
        path = self._save_name("Save As", self.start_folder(), FILE_FILTER)
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

    # --- MS Project XML -------------------------------------------------------------------

    def choose_mspdi(self) -> None:
        """File > Import MS Project XML."""
        path = self._open_name("Import MS Project XML", MSPDI_FILTER)
        if path is not None:
            self.import_mspdi(path)

    def import_mspdi(self, path: Path) -> bool:
        """Add the project of an MS Project XML file to the portfolio (one undo step)."""
        read_mspdi = mspdi_function("read_mspdi")
        document = self._window.document
        if read_mspdi is None or document is None:
            return False
        try:
            result = read_mspdi(path)
        except (ImportRejected, OSError) as exc:
            self._window.show_problem(f"Cannot import {path.name}: {exc}")
            return False
        command = MergePortfolio(result.portfolio, label=f"Import {path.name}")
        new_ids = command.new_project_ids(document.portfolio)
        if not self._window.perform(command):
            return False
        self._window.select_project(new_ids[0] if new_ids else None)
        report = getattr(result, "report", None)
        summary = report.summary() if report is not None else ""
        self._window.show_message(f"Imported {path.name}: {summary}")
        if report is not None and report.warnings:
            self._window.show_problem(warning_text(path, report.warnings))
        return True

    def choose_mspdi_target(self) -> None:
        """File > Export MS Project XML, proposing the project's name."""
        project = self._window.current_project()
        if project is None:
            return
        proposal = str(Path(self.start_folder()) / f"{project.name}.xml")
        path = self._save_name("Export MS Project XML", proposal, MSPDI_FILTER)
        if path is not None:
            self.export_mspdi(path)

    def export_mspdi(self, path: Path) -> bool:
        """Write the shown project, with its computed dates, as MS Project XML."""
        write_mspdi = mspdi_function("write_mspdi")
        project, document = self._window.current_project(), self._window.document
        if write_mspdi is None or project is None or document is None:
            return False
        try:
            write_mspdi(document.portfolio, project.id, path, document.schedule)
        except OSError as exc:
            self._window.show_problem(f"Cannot export to {path.name}: {exc.strerror or exc}")
            return False
        self._window.show_message(f"Exported {project.name} to {path}")
        return True


def with_suffix(path: Path) -> Path:
    """``path`` ending in ``.plansmith`` (file dialogs do not always add it)."""
    return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)


def same_file(a: Path, b: Path) -> bool:
    """True when two paths name the same file."""
    return a.resolve() == b.resolve()


def warning_text(path: Path, warnings: list[str]) -> str:
    """An import's warnings for a message box, the first ten of them."""
    shown = "\n".join(f"• {w}" for w in warnings[:10])
    more = f"\n… and {len(warnings) - 10} more" if len(warnings) > 10 else ""
    return f"{path.name} was imported with warnings:\n{shown}{more}"
