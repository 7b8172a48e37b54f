"""File > Print: a project's Gantt chart on a QPrinter, laid out as the PDF export is.

``widgets.gantt.render`` lays the sheet out (columns, timescale, legend) and splits the
rows into pages for its PDF; a printer is another paged device, so the same
``paint_pages`` draws it: a printed page matches the exported PDF's.
"""

from __future__ import annotations

from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter

from app.document import Document
from widgets.gantt import render


def print_gantt(document: Document, project_id: int, printer: QPrinter) -> int:
    """Print the project's table and chart, as many pages as its rows need.

    As in the PDF export: a sheet that fits the page whole is scaled down onto one page;
    a longer one is scaled to the page's width (never enlarged) and its rows split across
    pages, each with the title, timescale and legend. The printer's page range (From/To
    in the print dialog) is honoured.

    Returns:
        The number of pages printed.

    Raises:
        ValueError: the project is not in the document.
        OSError: the printer could not be started (e.g. its output file is not writable).
    """
    if project_id not in document.portfolio.projects:
        raise ValueError(f"no project {project_id} in {document.store.path}")
    try:
        return render.paint_pages(
            printer, document, project_id, lambda pages: _page_range(printer, pages)
        )
    except OSError:
        name = printer.printerName() or printer.outputFileName()
        raise OSError(f"the printer {name} failed") from None


def _page_range(printer: QPrinter, pages: int) -> list[int]:
    """Zero-based page numbers to print: all, or the From/To range the user chose."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 and last <= 0:
        return list(range(pages))
    first = max(1, first)
    last = min(pages, last if last > 0 else pages)
    return list(range(first - 1, last)) or [0]


def gantt_printer() -> QPrinter:
    """A printer on its own paper size, turned landscape: a Gantt chart is wide.

    The print dialog may change both; the paper stays the printer's (A4 or Letter), not
    the PDF export's A3.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return printer
