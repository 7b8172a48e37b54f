"""File > Import, Export and Print driven from the window, with real files on disk.

File dialogs are bypassed (they are the desktop's, not ours); everything else is real:
the core's readers and writers, the progress dialog, the command and the store file.
Inputs are written by the core's own exporters from the demo or a synthetic portfolio.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMenu, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.demo import build_demo
from app.document import Document
from app.io import delimited, mspdi, xlsx
from app.model import Portfolio
from app.schedule import schedule
from app.store import Store
from benchmarks.synthetic import make_portfolio, write_synthetic
from tests.widgets.driver import stored
from tests.widgets.test_import_wizard import choose
from tests.widgets.test_main_window import show
from widgets.file_commands import EXPORT_ACTIONS, IMPORT_ACTIONS, INTO_PROJECT_IMPORTS
from widgets.io import progress_dialog
from widgets.io.import_wizard import IGNORE, ImportWizard
from widgets.io.print_gantt import gantt_printer, print_gantt
from widgets.io.progress_dialog import JobProgress
from widgets.io.report_dialog import ImportReportDialog, kept_text
from widgets.main import build_window
from widgets.main_window import MainWindow

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SAMPLES = Path(os.environ.get("PLANSMITH_SAMPLES", SHARED / "samples" / "real"))
ERP = 1  # the demo's "ERP roll-out" project
BIG = 5000


# --- fixtures and helpers ---------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, plan_file: Path) -> MainWindow:
    built = build_window(plan_file)
    assert built is not None
    return show(qtbot, built)


@pytest.fixture(scope="module")
def demo() -> Portfolio:
    return build_demo()


@pytest.fixture(scope="module")
def big_xml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5,000-task MS Project XML file, written by the core's exporter."""
    portfolio = make_portfolio(BIG)
    path = tmp_path_factory.mktemp("big") / "programme.xml"
    mspdi.write_mspdi(portfolio, 1, path, schedule(portfolio))
    return path


def pick_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[tuple[str, ...]]:
    """Answer the next open or save dialogs with ``path``; returns what they were asked."""
    asked: list[tuple[str, ...]] = []

    def answer(_parent: object, title: str, folder: str, pattern: str, *_: object) -> tuple:
        asked.append((title, folder, pattern))
        return str(path), pattern

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(answer))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return asked


def report_dialog(window: MainWindow) -> ImportReportDialog:
    dialog = window.findChild(ImportReportDialog, "importReport")
    assert dialog is not None and dialog.isVisible(), "no import report was shown"
    return dialog


def cancel_progress_when_shown(qtbot: QtBot, window: MainWindow, clicks: list[str]) -> None:
    """Press Cancel on the progress dialog as soon as it is up (as a user would)."""

    def poll() -> None:
        shown = [d for d in window.findChildren(JobProgress) if d.isVisible()]
        if not shown:
            QTimer.singleShot(5, poll)
            return
        dialog = shown[0]
        button = dialog.findChild(QPushButton)
        assert button is not None
        clicks.append(dialog.windowTitle())
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, poll)


def project_names(portfolio: Portfolio) -> list[str]:
    return [p.name for p in portfolio.projects.values()]


# --- the menus --------------------------------------------------------------------------


def test_file_menu_offers_import_export_and_print(window: MainWindow) -> None:
    file_menu = window.menus[0]
    entries = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert entries[-5:] == ["Save &As...", "&Import", "&Export", "&Print...", "&Quit"]
    imports = [a.text() for a in window.import_menu.actions() if not a.isSeparator()]
    assert imports == [
        "MS Project &XML...",
        "&Excel or CSV Task List...",
        "&GanttProject...",
        "&Resources CSV...",
        "&Ledger Entries CSV...",
        "&Other Planner Files (.mpp, .mpx, .pod, Planner, Primavera)...",
    ]
    exports = [a.text() for a in window.export_menu.actions() if not a.isSeparator()]
    assert exports == [
        "MS Project &XML...",
        "&Excel Workbook...",
        "CSV &Tasks...",
        "CSV &Resources...",
        "CSV &Ledger...",
        "Gantt Chart as &PDF...",
        "Gantt Chart as P&NG...",
        "Gantt Chart as &SVG...",
    ]
    assert window.actions["print"].shortcut().toString() == "Ctrl+P"
    assert all(window.actions[key].isEnabled() for key in (*IMPORT_ACTIONS, *EXPORT_ACTIONS))


def test_read_only_file_allows_export_but_no_import(qtbot: QtBot, plan_file: Path) -> None:
    window = build_window(plan_file, read_only=True)
    assert window is not None
    show(qtbot, window)
    assert not any(window.actions[key].isEnabled() for key in IMPORT_ACTIONS)
    assert all(window.actions[key].isEnabled() for key in (*EXPORT_ACTIONS, "print"))


def test_without_a_project_nothing_to_export_or_import_into(qtbot: QtBot, tmp_path: Path) -> None:
    empty = tmp_path / "empty.plansmith"
    Store.create(empty).close()
    window = build_window(empty)
    assert window is not None
    show(qtbot, window)
    assert not any(window.actions[key].isEnabled() for key in (*EXPORT_ACTIONS, "print"))
    for key in IMPORT_ACTIONS:
        assert window.actions[key].isEnabled() == (key not in INTO_PROJECT_IMPORTS), key


def test_screenshot_of_the_file_menu(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """The File menu with its Import and Export submenus, side by side, for a person to read."""
    menus: list[QMenu] = [window.menus[0], window.import_menu, window.export_menu]
    shots = []
    for menu in menus:
        menu.ensurePolished()
        menu.resize(menu.sizeHint())  # grabbed unshown: a popup would grab the keyboard
        shots.append(menu.grab().toImage())
    width = sum(shot.width() for shot in shots) + 20 * (len(shots) - 1)
    sheet = QImage(width, max(shot.height() for shot in shots), QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.white)
    painter = QPainter(sheet)
    x = 0
    for shot in shots:
        painter.drawImage(x, 0, shot)
        x += shot.width() + 20
    painter.end()
    assert sheet.save(str(tmp_path / "file_menu.png"))
    sheet.save("/tmp/file_menu.png")  # for a person to look at after the run
    assert shots[1].height() > 100


# --- imports ----------------------------------------------------------------------------


def test_import_ms_project_xml_adds_a_project_and_reports(
    window: MainWindow, plan_file: Path, tmp_path: Path, demo: Portfolio, monkeypatch
) -> None:
    source = tmp_path / "erp.xml"
    mspdi.write_mspdi(demo, ERP, source, schedule(demo))
    asked = pick_file(monkeypatch, source)
    window.actions["import_mspdi"].trigger()
    assert asked[0][0] == "Import MS Project XML" and "*.xml" in asked[0][2]
    saved = stored(plan_file)
    assert project_names(saved) == ["Website", "ERP roll-out"]
    assert len(saved.project_task_ids(2)) == len(demo.project_task_ids(ERP))
    assert window.document is not None
    assert project_names(window.document.portfolio) == project_names(saved)
    assert window.current_project_id == 2
    assert window.statusBar().currentMessage().startswith("Imported erp.xml: ")
    text = report_dialog(window).text()
    assert text.startswith("Imported erp.xml (MSPDI) as the new project “ERP roll-out”")
    assert f"{len(demo.project_task_ids(ERP))} tasks" in text
    window.actions["undo"].trigger()  # one import, one undo step
    assert project_names(stored(plan_file)) == ["Website"]


def test_a_broken_file_is_refused_and_the_store_is_untouched(
    window: MainWindow, plan_file: Path, tmp_path: Path, monkeypatch
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Project><Tasks><Task>")
    before = plan_file.read_bytes()
    pick_file(monkeypatch, broken)
    window.actions["import_mspdi"].trigger()
    box = window.findChild(QMessageBox, "problemBox")
    assert box is not None and box.isVisible()
    assert box.text().startswith("Cannot import broken.xml")
    assert plan_file.read_bytes() == before
    assert window.findChild(ImportReportDialog) is None


@pytest.mark.skipif(not (SAMPLES / "mspdirelations.xml").is_file(), reason="no samples")
def test_report_names_what_was_kept_unmodelled(window: MainWindow, monkeypatch) -> None:
    pick_file(monkeypatch, SAMPLES / "mspdirelations.xml")
    window.actions["import_mspdi"].trigger()
    text = report_dialog(window).text()
    assert "5 tasks, 4 links" in text
    assert "Kept as they are and written back on export" in text
    assert "• Project (" in text and "• Task (" in text  # grouped by owner
    assert "No warnings." in text


def test_kept_elements_are_grouped_by_owner() -> None:
    kept = ["Project/Author", "Task/Hyperlink", "Project/Company", "Rogue"]
    assert kept_text(kept) == "• Project (2): Author, Company\n• Task (1): Hyperlink\n• Rogue"


@pytest.mark.skipif(not (SAMPLES / "HouseBuildingSample.gan").is_file(), reason="no samples")
def test_import_ganttproject_file(window: MainWindow, plan_file: Path, monkeypatch) -> None:
    pick_file(monkeypatch, SAMPLES / "HouseBuildingSample.gan")
    window.actions["import_gan"].trigger()
    saved = stored(plan_file)
    assert len(saved.projects) == 2
    assert len(saved.project_task_ids(2)) > 10
    assert "GanttProject" in report_dialog(window).text()


def test_task_list_csv_through_the_wizard_uses_the_chosen_mapping(
    qtbot: QtBot, window: MainWindow, plan_file: Path, tmp_path: Path, demo: Portfolio, monkeypatch
) -> None:
    source = tmp_path / "erp tasks.csv"
    delimited.write_tasks_csv(demo, schedule(demo), ERP, source)
    header = next(csv.reader(source.open(encoding="utf-8-sig")))
    assert "Resources" in header and "Notes" in header
    pick_file(monkeypatch, source)
    window.actions["import_task_list"].trigger()
    wizard = window.findChild(ImportWizard, "importWizard")
    assert wizard is not None and wizard.isVisible()
    assert wizard.combo_for("Name").currentText() == "Name"  # the guess
    choose(qtbot, wizard.combo_for("Resources"), IGNORE)
    qtbot.mouseClick(wizard.ok_button, Qt.MouseButton.LeftButton)
    saved = stored(plan_file)
    assert len(saved.projects) == 2
    new_tasks = saved.project_task_ids(2)
    assert [saved.tasks[t].name for t in new_tasks] == [
        demo.tasks[t].name for t in demo.project_task_ids(ERP)
    ]
    assert not any(a.task_id in set(new_tasks) for a in saved.assignments.values())
    assert "erp tasks.csv" in report_dialog(window).text()


def test_task_list_xlsx_with_the_guessed_mapping(
    qtbot: QtBot, window: MainWindow, plan_file: Path, tmp_path: Path, demo: Portfolio, monkeypatch
) -> None:
    source = tmp_path / "erp.xlsx"
    xlsx.write_xlsx(demo, schedule(demo), ERP, source)
    pick_file(monkeypatch, source)
    window.actions["import_task_list"].trigger()
    wizard = window.findChild(ImportWizard, "importWizard")
    assert wizard is not None and wizard.ok_button.isEnabled()
    qtbot.mouseClick(wizard.ok_button, Qt.MouseButton.LeftButton)
    saved = stored(plan_file)
    assert len(saved.project_task_ids(2)) == len(demo.project_task_ids(ERP))


def test_wizard_cancel_imports_nothing(
    qtbot: QtBot, window: MainWindow, plan_file: Path, tmp_path: Path, demo: Portfolio, monkeypatch
) -> None:
    source = tmp_path / "erp.csv"
    delimited.write_tasks_csv(demo, schedule(demo), ERP, source)
    before = plan_file.read_bytes()
    pick_file(monkeypatch, source)
    window.actions["import_task_list"].trigger()
    wizard = window.findChild(ImportWizard, "importWizard")
    assert wizard is not None
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert plan_file.read_bytes() == before


def test_resources_csv_goes_into_the_shown_project(
    window: MainWindow, plan_file: Path, tmp_path: Path, demo: Portfolio, monkeypatch
) -> None:
    source = tmp_path / "people.csv"
    delimited.write_resources_csv(demo, ERP, source)
    rows = list(csv.DictReader(source.open(encoding="utf-8-sig")))
    pick_file(monkeypatch, source)
    window.actions["import_resources"].trigger()
    saved = stored(plan_file)
    assert list(saved.projects) == [1]  # no new project
    assert sorted(r.name for r in saved.resources.values()) == sorted(r["Name"] for r in rows)
    assert window.current_project_id == 1
    assert "Imported people.csv (CSV) into “Website”" in report_dialog(window).text()


FINANCE_EXPORT = """\
Date,Kind,Reference,Description,Account code,Account name,Supplier,Task WBS,Amount,Tax,Status
2026-01-05,purchase_order,PO-7,Frontend build,6510,Contractors,Pixel & Co,2.1,12000.00,0,approved
2026-01-30,invoice,PX-1001,Frontend build January,6510,Contractors,Pixel & Co,2.1,6000.00,0,open
"""


def test_ledger_csv_goes_into_the_shown_project(
    window: MainWindow, plan_file: Path, tmp_path: Path, monkeypatch
) -> None:
    source = tmp_path / "invoices.csv"
    source.write_text(FINANCE_EXPORT, encoding="utf-8")
    pick_file(monkeypatch, source)
    window.actions["import_ledger"].trigger()
    saved = stored(plan_file)
    assert list(saved.projects) == [1]  # no new project
    entries = sorted(saved.ledger.values(), key=lambda e: e.entry_date)
    assert [e.reference for e in entries] == ["PO-7", "PX-1001"]
    assert {e.project_id for e in entries} == {1}
    assert {e.task_id for e in entries} == {3}  # WBS 2.1 is "Code" in the shown project
    assert [s.name for s in saved.suppliers.values()] == ["Pixel & Co"]
    assert window.document is not None and window.document.portfolio.ledger == saved.ledger
    assert "2 ledger" in report_dialog(window).text()


def test_other_planner_files_say_what_to_install_when_mpxj_cannot_run(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # no java on PATH ...
    monkeypatch.delenv("JAVA_HOME", raising=False)  # ... nor a JAVA_HOME: MPXJ cannot run
    asked = pick_file(monkeypatch, Path("/nonexistent.mpp"))
    window.actions["import_other"].trigger()
    box = window.findChild(QMessageBox, "mpxjMissing")
    assert box is not None and box.isVisible()
    assert "through MPXJ, which is not available here: no Java runtime" in box.text()
    assert "pip install mpxj" in box.informativeText()
    assert asked == []  # no file dialog for a format that cannot be read


@pytest.mark.mpxj
@pytest.mark.slow
@pytest.mark.skipif(not (SAMPLES / "project1.planner").is_file(), reason="no samples")
def test_other_planner_files_through_mpxj(
    window: MainWindow, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.io.mpxj_bridge import mpxj_missing

    if mpxj_missing():
        pytest.skip(f"MPXJ cannot run here: {mpxj_missing()}")
    pick_file(monkeypatch, SAMPLES / "project1.planner")
    window.actions["import_other"].trigger()
    assert len(stored(plan_file).projects) == 2
    assert "via MPXJ" in report_dialog(window).text()


# --- exports and print ------------------------------------------------------------------


def exported_check(key: str, path: Path) -> None:
    """The file is what its format says (read back by the core where it can)."""
    data = path.read_bytes()
    if key == "export_mspdi":
        names = [t.name for t in mspdi.read_mspdi(path).portfolio.tasks.values()]
        assert names == ["Design", "Build", "Code", "Review", "Launch"]
    elif key == "export_xlsx":
        assert data[:2] == b"PK"
    elif key == "export_csv_tasks":
        assert "Design" in data.decode("utf-8-sig")
    elif key in ("export_csv_resources", "export_csv_ledger"):
        assert data.decode("utf-8-sig").splitlines()[0]  # a header row, even when empty
    elif key == "export_gantt_pdf":
        assert data.startswith(b"%PDF")
    elif key == "export_gantt_png":
        assert not QImage(str(path)).isNull()
    else:
        assert b"<svg" in data


@pytest.mark.parametrize("key", EXPORT_ACTIONS)
def test_each_export_writes_the_shown_project(
    key: str, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    suffix = {"xlsx": ".xlsx", "mspdi": ".xml"}.get(key.split("_")[-1], "")
    suffix = suffix or ("." + key.split("_")[-1] if "gantt" in key else ".csv")
    target = tmp_path / f"out{suffix}"
    asked = pick_file(monkeypatch, target)
    window.actions[key].trigger()
    assert asked[0][1].endswith(f"Website{suffix}") or "Website - " in asked[0][1]
    assert target.is_file(), window.statusBar().currentMessage()
    exported_check(key, target)
    assert window.statusBar().currentMessage() == f"Exported Website to {target}"


def test_export_adds_the_suffix_the_dialog_left_out(
    window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    pick_file(monkeypatch, tmp_path / "plan")
    window.actions["export_xlsx"].trigger()
    assert (tmp_path / "plan.xlsx").is_file()


def test_export_to_a_missing_folder_is_reported(
    window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    pick_file(monkeypatch, tmp_path / "missing" / "website.xml")
    window.actions["export_mspdi"].trigger()
    box = window.findChild(QMessageBox, "problemBox")
    assert box is not None and "Cannot export to website.xml" in box.text()


def test_print_puts_the_gantt_chart_on_the_chosen_printer(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.actions["print"].trigger()
    dialog = window.findChild(QPrintDialog, "printDialog")
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "printed.pdf"
    file_name = dialog.findChild(QLineEdit, "filename")  # "Print to File (PDF)": no printer here
    assert file_name is not None
    file_name.setText(str(target))
    dialog.accept()
    assert dialog.printer().outputFormat() == QPrinter.OutputFormat.PdfFormat
    assert target.read_bytes().startswith(b"%PDF")
    assert window.statusBar().currentMessage() == "Printed Website: 1 page"


def pdf_pages(path: Path) -> int:
    counts = re.findall(rb"/Count (\d+)", path.read_bytes())
    return int(counts[-1]) if counts else 0


def test_a_long_plan_prints_on_pages_in_the_chosen_range(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(write_synthetic(tmp_path / "long.plansmith", 300))
    document = Document(store)
    try:
        printer = gantt_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "all.pdf"))
        pages = print_gantt(document, 1, printer)
        assert pages > 2 and pdf_pages(tmp_path / "all.pdf") == pages
        printer.setOutputFileName(str(tmp_path / "some.pdf"))
        printer.setFromTo(2, 3)  # as the print dialog's Pages From/To sets it
        assert print_gantt(document, 1, printer) == 2
        assert pdf_pages(tmp_path / "some.pdf") == 2
    finally:
        document.close()


# --- cancel -------------------------------------------------------------------------------


@pytest.fixture
def show_progress_at_once(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The dialog normally waits half a second; cancel tests need it up at once."""
    monkeypatch.setattr(progress_dialog, "SHOW_AFTER_MS", 0)
    yield


def test_cancelled_big_import_leaves_the_store_unchanged(
    qtbot: QtBot,
    window: MainWindow,
    plan_file: Path,
    big_xml: Path,
    monkeypatch: pytest.MonkeyPatch,
    show_progress_at_once: None,
) -> None:
    before = plan_file.read_bytes()
    pick_file(monkeypatch, big_xml)
    clicks: list[str] = []
    cancel_progress_when_shown(qtbot, window, clicks)
    window.actions["import_mspdi"].trigger()
    assert clicks == ["Importing programme.xml"]
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was changed"
    assert plan_file.read_bytes() == before
    assert project_names(stored(plan_file)) == ["Website"]
    assert window.document is not None and project_names(window.document.portfolio) == ["Website"]
    assert not window.undo_stack.canUndo()
    assert window.findChild(ImportReportDialog) is None


def test_cancelled_big_export_leaves_no_file_and_keeps_an_old_one(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, show_progress_at_once: None
) -> None:
    window = build_window(write_synthetic(tmp_path / "big.plansmith", BIG))
    assert window is not None
    show(qtbot, window)
    for target, old in ((tmp_path / "new.xlsx", None), (tmp_path / "old.xlsx", b"finance's")):
        if old is not None:
            target.write_bytes(old)
        pick_file(monkeypatch, target)
        clicks: list[str] = []
        cancel_progress_when_shown(qtbot, window, clicks)
        window.actions["export_xlsx"].trigger()
        assert clicks == [f"Exporting {target.name}"]
        assert window.statusBar().currentMessage() == "Export cancelled; no file was written"
        assert (target.read_bytes() if target.exists() else None) == old
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(("big.", "settings")))
    assert left == ["old.xlsx"]  # and no temporary file beside it
