"""The main window: the portfolio's projects on the left, the chosen project's tasks beside.

Every edit made here, from a typed cell to a menu command, goes through one door,
``Editor.perform``; the views refresh when the Document reports what changed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import app
from app.commands import Command
from app.document import Change, Document
from app.model import Project
from widgets.budget import install_budget_tab
from widgets.dialogs.shortcuts import ShortcutsDialog, shortcut_rows
from widgets.editing import Editor
from widgets.file_commands import (
    EXPORT_MENU,
    IMPORT_ACTIONS,
    IMPORT_MENU,
    INTO_PROJECT_IMPORTS,
    PROJECT_OUTPUT_ACTIONS,
    FileCommands,
)
from widgets.gantt.gantt_view import GanttView
from widgets.models.columns import format_moment
from widgets.models.project_list_model import ProjectListModel
from widgets.models.task_tree_model import TaskTreeModel
from widgets.portfolio import install_portfolio_tab
from widgets.project_commands import ProjectCommands
from widgets.resources import install_resource_views
from widgets.schedule_upkeep import ScheduleUpkeep
from widgets.settings import app_settings, recent_files, remember_file
from widgets.task_commands import TaskCommands
from widgets.task_view import TaskTreeView

APP_NAME = "Plansmith"
#: Undo steps kept. Each holds its own copy of the task table's index (O(tasks)), so a
#: limit keeps a long session on a 50k-task portfolio within memory (MS Project: 20-99).
UNDO_LIMIT = 100
#: How long a status-bar message stays, in milliseconds.
MESSAGE_MS = 15000
#: How long an edit reschedules in the background before the status bar says so.
BUSY_DELAY_MS = 250

#: Table commands: their keys act only while the task table has the focus.
TASK_ACTIONS = (
    "cut",
    "copy",
    "paste",
    "delete",
    "insert_task",
    "indent",
    "outdent",
    "move_up",
    "move_down",
)


class MainWindow(QMainWindow):
    """One window on one open ``.plansmith`` file (or on none yet).

    Views beside the task table (Gantt, resources, budget, portfolio) are tabs added with
    ``add_view``; they follow ``documentChanged`` and ``projectChanged`` and edit through
    ``perform``, the one door for edits.
    """

    #: A file was opened (the Document) or closed (None).
    documentChanged = Signal(object)
    #: The project shown changed (its id, or None).
    projectChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.resize(1280, 720)
        self._document: Document | None = None
        self._editor: Editor | None = None
        self._project_model: ProjectListModel | None = None
        self._task_model: TaskTreeModel | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._problem_box: QMessageBox | None = None
        self._dialog: QWidget | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.project_view = QListView()
        self.project_view.setObjectName("projectList")
        self.task_view = TaskTreeView()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.views = QTabWidget()
        self.views.setObjectName("views")
        self.views.setDocumentMode(True)
        self.gantt = GanttView(self.task_view, self.perform, self.show_message)
        self.views.addTab(self.gantt, "Gantt")
        self.splitter.addWidget(_titled("Projects", self.project_view))
        self.splitter.addWidget(self.views)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 1060])
        self.setCentralWidget(self.splitter)
        self.actions: dict[str, QAction] = {}
        self.menus: list[QMenu] = []
        self.files = FileCommands(self)
        self.tasks = TaskCommands(self)
        self.projects = ProjectCommands(self)
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.budget_view = install_budget_tab(self)
        self.resource_views = install_resource_views(self)
        self.portfolio_view = install_portfolio_tab(self)
        self.schedule_upkeep = ScheduleUpkeep(self)
        self._restore_settings()
        self.refresh_chrome()

    # --- the open document ----------------------------------------------------------------

    @property
    def document(self) -> Document | None:
        """The open file, if any."""
        return self._document

    @property
    def current_project_id(self) -> int | None:
        """The project whose tasks the table shows."""
        return self._task_model.project_id if self._task_model is not None else None

    def set_document(self, document: Document) -> None:
        """Show ``document``, closing the one shown before (and its undo history).

        What is alive once a file is open (chiefly its snapshot: immutable records, no
        cycles) lives as long as the file stays open, so it is taken out of the cyclic
        collector's sight (``gc.freeze``): on a 50k-task file each full collection
        would otherwise walk it, some 0.5 s a time, several times while the window is
        built and again after edits. Closing the file unfreezes it.
        """
        self._close_document()
        gc.freeze()
        self._document = document
        self._editor = Editor(document, self.undo_stack, self.show_problem)
        perform = self._editor.perform
        old_models = (self._project_model, self._task_model)
        self._project_model = ProjectListModel(document, perform, self)
        self._task_model = TaskTreeModel(document, perform, None, self)
        for model in (self._project_model, self._task_model):
            model.editRefused.connect(self.show_problem)
        self._set_view_model(self.project_view, self._project_model)
        self._set_view_model(self.task_view, self._task_model)
        self.project_view.selectionModel().currentChanged.connect(self._on_project_row)
        self.task_view.selectionModel().selectionChanged.connect(self._refresh_actions)
        self._restore_header()
        for model in old_models:
            if model is not None:
                model.deleteLater()
        self._unsubscribe = document.subscribe(self._on_change)
        remember_file(document.store.path)
        self.documentChanged.emit(document)
        self.select_project(self._project_model.project_id(0))
        self.refresh_chrome()

    def add_view(self, title: str, widget: QWidget) -> None:
        """Add a view as a tab beside the task table."""
        self.views.addTab(widget, title)

    @property
    def task_model(self) -> TaskTreeModel | None:
        """The item model of the shown project's tasks (shared by table and chart)."""
        return self._task_model

    def _set_view_model(self, view: QListView | TaskTreeView, model: Any) -> None:
        """Swap a view's model; the old selection model is ours to delete (Qt docs)."""
        old_selection = view.selectionModel()
        view.setModel(model)
        if old_selection is not None:
            old_selection.deleteLater()

    def _close_document(self) -> None:
        """Let go of the open file: history first, since its steps point at the document."""
        if self._document is None:
            return
        self.settle_edit()  # an edit still rescheduling lands (or is reported) first
        self._save_header()
        self.undo_stack.clear()
        for model in (self._project_model, self._task_model):
            if model is not None:
                model.detach()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._document.close()
        self._document = None
        self._editor = None
        self.documentChanged.emit(None)
        gc.unfreeze()  # what the closed file leaves behind may be collected again

    def select_project(self, project_id: int | None) -> None:
        """Show a project's tasks and mark it in the project list."""
        if self._project_model is None or self._task_model is None:
            return
        if self._task_model.project_id != project_id:
            self._task_model.set_project(project_id)
            self.projectChanged.emit(project_id)
        row = self._project_model.row_of(project_id) if project_id is not None else -1
        if row >= 0:
            self.project_view.setCurrentIndex(self._project_model.index(row, 0))
        self.refresh_chrome()

    def _on_project_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._project_model is not None and current.isValid():
            project_id = self._project_model.project_id(current.row())
            if project_id != self.current_project_id:
                self.select_project(project_id)

    def _on_change(self, change: Change) -> None:
        """Keep the project choice valid and the status bar current after any edit."""
        document = self._document
        if change.projects and document is not None and self._project_model is not None:
            shown = self.current_project_id
            if shown is None or shown not in document.portfolio.projects:
                shown = self._project_model.project_id(0)
            self.select_project(shown)
            return
        self.refresh_chrome()

    # --- messages -------------------------------------------------------------------------

    def show_problem(self, message: str) -> None:
        """Tell the user why something was refused: in the status bar and a message box.

        The box is opened, not executed, so the event loop (and a test) keeps running;
        a second problem updates the box already shown rather than stacking another.
        """
        self.statusBar().showMessage(message, MESSAGE_MS)
        if self._problem_box is None:
            self._problem_box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, "", parent=self)
            self._problem_box.setObjectName("problemBox")
            self._problem_box.setWindowModality(Qt.WindowModality.WindowModal)
        self._problem_box.setText(message)
        self._problem_box.open()

    def show_message(self, message: str) -> None:
        """A passing note in the status bar."""
        self.statusBar().showMessage(message, MESSAGE_MS)

    def perform(self, command: Command) -> bool:
        """Run an edit through the one door (False when refused or nothing is open)."""
        return self._editor is not None and self._editor.perform(command)

    def settle_edit(self) -> None:
        """Land an edit whose reschedule ran on a worker (its dates are ready or soon are)."""
        if self._editor is not None:
            self._editor.settle()
        self.show_pending()

    def show_pending(self) -> None:
        """Follow an edit still rescheduling: show what it typed, say so once it takes a
        moment (not for the blink most edits that outlast the wait take), and repaint
        when it is done."""
        pending = self._document is not None and self._document.pending
        if self._task_model is not None:  # what was typed shows at once, dates follow
            if pending:
                self._task_model.show_pending_edit()
            else:
                self._task_model.drop_pending_edit()
        if pending == self._noted_pending:
            return
        self._noted_pending = pending
        if pending:
            self._busy_timer.start()
            return
        self._busy_timer.stop()
        self.busy_label.hide()
        self.gantt.chart.viewport().update()  # a failed edit's dropped bar goes

    # --- actions and menus ------------------------------------------------------------------

    def _action(
        self,
        key: str,
        text: str,
        slot: Callable[[], object],
        shortcuts: Iterable[QKeySequence | QKeySequence.StandardKey | str] = (),
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(key)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: self._run_action(slot))
        self.actions[key] = action
        return action

    def _run_action(self, slot: Callable[[], object]) -> None:
        """Every command starts from the plan as the user left it: an edit still
        rescheduling lands first (Save As must copy it, an export must show it)."""
        self.settle_edit()
        slot()

    def _build_actions(self) -> None:
        self._build_file_actions()
        self._build_edit_actions()
        self._build_view_actions()
        self._build_project_actions()
        self._action("shortcuts", "&Keyboard Shortcuts...", self._show_shortcuts, ["F1"])
        self._action("about", "&About Plansmith", self._show_about)

    def _build_file_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self._action("new", "&New...", self.files.choose_new_file, [keys.New], "Create a new file")
        self._action("open", "&Open...", self.files.choose_file_to_open, [keys.Open])
        self._action("save_as", "Save &As...", self.files.choose_save_as, [keys.SaveAs])
        for key, text, slot, tip in self.files.io_actions():
            self._action(key, text, slot, [keys.Print] if key == "print" else [], tip)
        self._action("quit", "&Quit", self.close, ["Ctrl+Q"])

    def _build_edit_actions(self) -> None:
        keys = QKeySequence.StandardKey
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts([QKeySequence(keys.Undo)])
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.actions["undo"], self.actions["redo"] = undo, redo
        self._action("cut", "Cu&t Task", self.tasks.cut, [keys.Cut])
        self._action("copy", "&Copy Task", self.tasks.copy, [keys.Copy])
        self._action("paste", "&Paste", self.tasks.paste, [keys.Paste])
        self._action("delete", "&Delete Task", self.tasks.delete, [keys.Delete])
        self._action("insert_task", "&Insert Task", self.tasks.insert, ["Insert"])
        self._action("indent", "&Indent", self.tasks.indent, ["Alt+Shift+Right"])
        self._action("outdent", "&Outdent", self.tasks.outdent, ["Alt+Shift+Left"])
        self._action("move_up", "Move &Up", lambda: self.tasks.move(-1), ["Alt+Shift+Up"])
        self._action("move_down", "Move Do&wn", lambda: self.tasks.move(1), ["Alt+Shift+Down"])
        for key in TASK_ACTIONS:
            self.actions[key].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.task_view.addAction(self.actions[key])

    def _build_view_actions(self) -> None:
        view = self.task_view
        self._action("zoom_in", "Zoom &In", lambda: view.zoom(1), ["Ctrl++", "Ctrl+="])
        self._action("zoom_out", "Zoom &Out", lambda: view.zoom(-1), ["Ctrl+-"])
        self._action("zoom_reset", "&Actual Size", lambda: view.zoom(0), ["Ctrl+0"])
        self._action("expand_all", "&Expand All", self.task_view.expandAll)
        self._action("collapse_all", "&Collapse All", self.task_view.collapseAll)
        projects = self._action("show_projects", "&Project List", self._toggle_project_list)
        projects.setCheckable(True)
        projects.setChecked(True)

    def _build_project_actions(self) -> None:
        self._action("new_project", "&New Project...", self.projects.new_project)
        self._action("project_info", "Project &Information...", self.projects.project_info)
        self._action("rename_project", "&Rename Project", self.projects.rename)
        self._action("delete_project", "&Delete Project", self.projects.delete)
        self._action("reschedule", "Re&schedule", self.projects.reschedule, ["F9"])
        self._action("set_baseline", "Set &Baseline...", self.projects.set_baseline)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(lambda: self.files.fill_recent_menu(self.recent_menu))
        file_menu.aboutToShow.connect(lambda: self.recent_menu.setEnabled(bool(recent_files())))
        self._add(file_menu, "new", "open")
        file_menu.addMenu(self.recent_menu)
        self._add(file_menu, "save_as", None)
        self.import_menu = file_menu.addMenu("&Import")
        self.import_menu.setObjectName("importMenu")
        self._add(self.import_menu, *IMPORT_MENU)
        self.export_menu = file_menu.addMenu("&Export")
        self.export_menu.setObjectName("exportMenu")
        self._add(self.export_menu, *EXPORT_MENU)
        self._add(file_menu, None, "print", None, "quit")
        edit = bar.addMenu("&Edit")
        self._add(edit, "undo", "redo", None, "cut", "copy", "paste", "delete", None)
        self._add(edit, "insert_task", None, "indent", "outdent", "move_up", "move_down")
        view = bar.addMenu("&View")
        self._add(view, "zoom_in", "zoom_out", "zoom_reset", None)
        self._add(view, "expand_all", "collapse_all", None, "show_projects")
        self.gantt.fill_view_menu(view)
        project = bar.addMenu("&Project")
        self._add(project, "new_project", "project_info", "rename_project", "delete_project")
        self._add(project, None, "set_baseline", "reschedule")
        help_menu = bar.addMenu("&Help")
        self._add(help_menu, "shortcuts", None, "about")
        self.menus = [file_menu, edit, view, project, help_menu]

    def _add(self, menu: QMenu, *keys: str | None) -> None:
        """Add actions by key; None is a separator, an action not built is left out."""
        for key in keys:
            if key is None:
                menu.addSeparator()
            elif key in self.actions:
                menu.addAction(self.actions[key])

    def _build_status_bar(self) -> None:
        self._finish_label = QLabel()
        self._finish_label.setObjectName("finishLabel")
        self._count_label = QLabel()
        self._count_label.setObjectName("countLabel")
        self._mode_label = QLabel()
        self.busy_label = QLabel("Rescheduling…")
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.setToolTip(
            "The last edit moves many tasks; their dates appear, and the edit is saved, in a moment"
        )
        self.busy_label.hide()
        self._noted_pending = False
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self.busy_label.show)
        for label in (self.busy_label, self._mode_label, self._count_label, self._finish_label):
            self.statusBar().addPermanentWidget(label)
        self.undo_stack.indexChanged.connect(self.show_pending)

    def refresh_chrome(self) -> None:
        """Title, status bar and which commands apply, from the current state."""
        self._refresh_title()
        self._refresh_status()
        self._refresh_actions()

    def _refresh_title(self) -> None:
        if self._document is None:
            self.setWindowTitle(APP_NAME)
            return
        suffix = " (read-only)" if self._document.read_only else ""
        self.setWindowTitle(f"{self._document.store.path.name}{suffix} — {APP_NAME}")

    def _refresh_status(self) -> None:
        document, project_id = self._document, self.current_project_id
        self._mode_label.setText("Read-only" if document and document.read_only else "")
        if document is None or project_id is None:
            self._count_label.setText("No file open" if document is None else "No project")
            self._finish_label.setText("")
            return
        # The model's count: the portfolio's per-project index is rebuilt for each new
        # snapshot, i.e. after every edit, for every project of the file.
        count = self._task_model.task_count() if self._task_model is not None else 0
        self._count_label.setText(f"{count} task{'s' if count != 1 else ''}")
        dates = document.schedule.projects.get(project_id)
        project = document.portfolio.projects[project_id]
        finish = format_moment(dates.finish, project.default_finish_minute) if dates else "—"
        self._finish_label.setText(f"Project finish: {finish}")

    def _refresh_actions(self) -> None:
        document = self._document
        writable = document is not None and not document.read_only
        has_project = self.current_project_id is not None
        selection = self.task_view.selectionModel()
        has_rows = (
            has_project
            and selection is not None
            and (selection.hasSelection() or selection.currentIndex().isValid())
        )
        for key in TASK_ACTIONS:
            needs_rows = key not in ("paste", "insert_task")
            allowed = (writable or key == "copy") and has_project and (has_rows or not needs_rows)
            self.actions[key].setEnabled(allowed)
        project_keys = ("project_info", "rename_project", "delete_project", "reschedule")
        for key in (*project_keys, "set_baseline"):
            self.actions[key].setEnabled(writable and has_project)
        self.actions["new_project"].setEnabled(writable)
        self.actions["save_as"].setEnabled(document is not None)
        for key in IMPORT_ACTIONS:
            self.actions[key].setEnabled(
                writable and (has_project or key not in INTO_PROJECT_IMPORTS)
            )
        for key in PROJECT_OUTPUT_ACTIONS:
            self.actions[key].setEnabled(has_project)
        for key in ("expand_all", "collapse_all"):
            self.actions[key].setEnabled(has_project)

    def current_project(self) -> Project | None:
        """The shown project, if any."""
        if self._document is None or self.current_project_id is None:
            return None
        return self._document.portfolio.projects[self.current_project_id]

    # --- view and help ------------------------------------------------------------------

    def _toggle_project_list(self) -> None:
        pane = self.project_view.parentWidget()
        if pane is not None:
            pane.setVisible(self.actions["show_projects"].isChecked())

    def _show_shortcuts(self) -> None:
        self.open_dialog(ShortcutsDialog(shortcut_rows(self.menus), self))

    def _show_about(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            f"About {APP_NAME}",
            f"{APP_NAME} {app.__version__}\n\n"
            "An offline planner for project schedules and budgets.\n"
            "Your plan is saved as you edit it.",
            parent=self,
        )
        self.open_dialog(box)

    def open_dialog(self, dialog: QDialog) -> None:
        """Open a dialog without blocking (window-modal); keep a reference while it lives."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "_dialog", None))
        dialog.open()

    # --- settings ------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        zoom = settings.value("window/tableZoom", 0)
        self.task_view.set_zoom_level(float(zoom) if isinstance(zoom, (int, float, str)) else 0)
        shown = settings.value("window/projectList", True)
        self.actions["show_projects"].setChecked(shown not in (False, "false"))
        self._toggle_project_list()

    def _restore_header(self) -> None:
        header = app_settings().value("window/taskHeader")
        if isinstance(header, QByteArray):
            self.task_view.header().restoreState(header)

    def _save_header(self) -> None:
        if self.task_view.model() is not None:
            app_settings().setValue("window/taskHeader", self.task_view.header().saveState())

    def save_settings(self) -> None:
        """Remember the window's size, place, splitter and columns for next time."""
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/projectList", self.actions["show_projects"].isChecked())
        settings.setValue("window/tableZoom", self.task_view.zoom_level())
        self._save_header()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Qt override: every edit is already saved; remember the layout and let go."""
        self.save_settings()
        self._close_document()
        event.accept()


def _titled(title: str, widget: QWidget) -> QWidget:
    """A pane with a bold caption above ``widget`` (a list view has no header of its own)."""
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    caption = QLabel(f"<b>{title}</b>")
    caption.setContentsMargins(4, 2, 0, 0)
    layout.addWidget(caption)
    layout.addWidget(widget)
    return pane
