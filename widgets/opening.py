"""Opening a file for the window: the store's refusals become dialogs the user can act on.

A file open elsewhere is offered read-only; a file that is not a sound Plansmith file is
refused with the store's own message, and nothing is opened in its place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.commands import EditError
from app.document import Document
from app.gcpause import frozen_after
from app.schedule import ScheduleError
from app.store import FileLocked, Store, StoreError

LOCKED_TITLE = "File in use"
CANNOT_OPEN_TITLE = "Cannot open file"


def open_document(path: Path, read_only: bool, parent: QWidget | None) -> Document | None:
    """The file as a Document, or None when it could not be opened (the user was told)."""
    store = open_store(path, read_only, parent)
    if store is None:
        return None
    try:
        # Loading makes a few hundred thousand lasting objects, which the cyclic collector
        # would walk again and again as they pile up; the window keeps everything of an
        # open file out of its sight anyway (``MainWindow.set_document``).
        with frozen_after():
            document = Document(store)
        return document
    except (ScheduleError, EditError) as exc:
        store.close()
        show_error(parent, CANNOT_OPEN_TITLE, f"{path} cannot be scheduled: {exc}")
        return None


def open_store(path: Path, read_only: bool, parent: QWidget | None) -> Store | None:
    """Open ``path``, asking what to do when another window has it; None if not opened."""
    try:
        return Store.open(path, read_only=read_only)
    except FileLocked as exc:
        if not ask_read_only(parent, str(exc)):
            return None
        return open_store(path, True, parent)
    except StoreError as exc:
        show_error(parent, CANNOT_OPEN_TITLE, str(exc))
    except FileNotFoundError:
        show_error(parent, CANNOT_OPEN_TITLE, f"{path}: no such file")
    except OSError as exc:
        show_error(parent, CANNOT_OPEN_TITLE, f"{path}: {exc.strerror or exc}")
    return None


def ask_read_only(parent: QWidget | None, message: str) -> bool:
    """Ask whether to open a locked file read-only (True) or not at all."""
    box = QMessageBox(QMessageBox.Icon.Warning, LOCKED_TITLE, message, parent=parent)
    read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A modal error message: opening is a step the user must see fail."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, parent=parent)
    box.exec()
