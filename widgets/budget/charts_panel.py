"""The Charts section: the S-curve, budget against actual and forecast by account, and
the monthly cash flow, drawn by ``app.reports.figures`` in a matplotlib canvas.

The panel builds only the chart shown, and a new Figure each time the data changes, so
what Save writes is always what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.budget.timephased import monthly, s_curve
from app.reports.figures import (
    FORMATS,
    budget_by_account_figure,
    cash_flow_figure,
    s_curve_figure,
    save_figure,
)
from widgets.budget.context import BudgetData, Host
from widgets.budget.forms import fill_combo

FILE_FILTER = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"


class Chart(StrEnum):
    """The charts offered, by the name the chooser shows."""

    S_CURVE = "S-curve (PV, EV, AC)"
    BY_ACCOUNT = "Budget, actual and forecast by account"
    CASH_FLOW = "Monthly cash flow"


def build_figure(chart: Chart, data: BudgetData) -> Figure:
    """The Figure of one chart for a snapshot (the same one a report would save)."""
    portfolio, project_id = data.portfolio, data.project_id
    if chart is Chart.S_CURVE:
        curve = s_curve(portfolio, data.schedule, project_id, baseline=data.baseline)
        return s_curve_figure(curve)
    if chart is Chart.BY_ACCOUNT:
        return budget_by_account_figure(portfolio, data.control)
    rows = monthly(portfolio, data.schedule, project_id, data.baseline)
    return cash_flow_figure(rows, data.project.currency)


class ChartsPanel(QWidget):
    """A chart chooser, a Save Chart button and the canvas."""

    def __init__(
        self,
        host: Host,
        ask_path: Callable[[QWidget, str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chartsPanel")
        self._host = host
        self._ask_path = ask_path or _ask_save_path
        self._data: BudgetData | None = None
        self.figure: Figure | None = None
        self.chooser = QComboBox()
        self.chooser.setObjectName("chartChooser")
        fill_combo(self.chooser, [(c.value, c) for c in Chart])
        self.chooser.currentIndexChanged.connect(lambda _row: self._draw())
        self.save_button = QPushButton("&Save Chart...")
        self.save_button.setObjectName("saveChart")
        self.save_button.clicked.connect(self.choose_save_path)
        self.canvas = FigureCanvasQTAgg(Figure())
        self.canvas.setMinimumSize(480, 300)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("&Chart:", buddy=self.chooser))
        bar.addWidget(self.chooser)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.addLayout(bar)
        self._layout.addWidget(self.canvas, 1)

    @property
    def chart(self) -> Chart:
        """The chart shown."""
        return Chart(self.chooser.currentData())

    def refresh(self, data: BudgetData) -> None:
        """Redraw the chart shown from the snapshot."""
        self._data = data
        self._draw()

    def _draw(self) -> None:
        """Put a freshly built Figure in a new canvas (a canvas owns exactly one figure)."""
        if self._data is None:
            return
        self.figure = build_figure(self.chart, self._data)
        canvas = FigureCanvasQTAgg(self.figure)
        canvas.setMinimumSize(480, 300)
        self._layout.replaceWidget(self.canvas, canvas)
        self.canvas.deleteLater()
        self.canvas = canvas
        canvas.draw_idle()

    def choose_save_path(self) -> None:
        """Save Chart: ask where (PNG, SVG or PDF by the name's suffix), then save."""
        if self.figure is None:
            return
        path = self._ask_path(self, self.chart.value)
        if path:
            self.save_chart(Path(path))

    def save_chart(self, path: Path) -> bool:
        """Write the chart shown to ``path``; a bad suffix or a failed write is reported."""
        if self.figure is None:
            self._host.show_problem("There is no chart to save yet")
            return False
        try:
            saved = save_figure(self.figure, path)
        except (ValueError, OSError) as exc:
            self._host.show_problem(f"Save Chart: {exc}")
            return False
        self._host.show_message(f"Saved the chart as {saved}")
        return True


def _ask_save_path(parent: QWidget, title: str) -> str:
    """The file dialog of Save Chart; a name without a suffix gets the chosen type's."""
    path, chosen = QFileDialog.getSaveFileName(parent, f"Save Chart — {title}", "", FILE_FILTER)
    if path and Path(path).suffix.lower() not in FORMATS:
        suffix = next((s for s in FORMATS if s in chosen), ".png")
        path += suffix
    return path
