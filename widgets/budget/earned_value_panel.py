"""The Earned value section: PV, EV, AC and what they say, against a chosen baseline at
the project's status date.

The figures and the EAC formula are ``earned_value``'s; the panel shows each with its
definition as a tooltip, and names the formula the EAC was worked out by.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.budget.earned_value import (
    EacMethod,
    EarnedValue,
    StatusSource,
    available_baselines,
    earned_value,
    format_ratio,
)
from widgets.budget.context import BudgetData
from widgets.budget.forms import fill_combo

#: (key, label, definition) of each figure, in the order PMBOK reads them.
FIGURES = (
    ("bac", "BAC", "Budget at completion: the baseline's cost"),
    ("pv", "PV", "Planned value: what the baseline planned to spend by the status date"),
    ("ev", "EV", "Earned value: the baseline cost of the work done (BAC × % complete)"),
    ("ac", "AC", "Actual cost: invoices, expenses and timesheets up to the status date"),
    ("cv", "CV", "Cost variance EV − AC: negative means the work done cost more than planned"),
    ("sv", "SV", "Schedule variance EV − PV: negative means behind the baseline"),
    ("cpi", "CPI", "Cost performance index EV / AC"),
    ("spi", "SPI", "Schedule performance index EV / PV"),
    ("eac", "EAC", "Estimate at completion"),
    ("etc", "ETC", "Estimate to complete: EAC − AC"),
    ("vac", "VAC", "Variance at completion: BAC − EAC (negative: expected overrun)"),
    ("tcpi", "TCPI", "To-complete performance index (BAC − EV) / (BAC − AC)"),
)
RATIOS = frozenset({"cpi", "spi", "tcpi"})
SOURCES = {
    StatusSource.PROJECT: "the project's status date",
    StatusSource.TODAY: "today: the project has no status date",
    StatusSource.GIVEN: "as chosen",
}


class EarnedValuePanel(QWidget):
    """Baseline and EAC method choosers, the status date, and the twelve figures."""

    def __init__(
        self, on_choice: Callable[[int, EacMethod], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("earnedValuePanel")
        self._on_choice = on_choice
        self.baseline = QComboBox()
        self.baseline.setObjectName("baselineChooser")
        self.method = QComboBox()
        self.method.setObjectName("eacMethod")
        fill_combo(self.method, [(m.value, m) for m in EacMethod])
        self.status = QLabel()
        self.status.setObjectName("statusDate")
        self.note = QLabel()
        self.note.setObjectName("earnedValueNote")
        self.note.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        self.names: dict[str, QLabel] = {}
        self.last: EarnedValue | None = None
        self._lay_out()
        self.baseline.currentIndexChanged.connect(self._chosen)
        self.method.currentIndexChanged.connect(self._chosen)

    def _lay_out(self) -> None:
        choosers = QHBoxLayout()
        choosers.addWidget(QLabel("&Baseline:", buddy=self.baseline))
        choosers.addWidget(self.baseline)
        choosers.addSpacing(16)
        choosers.addWidget(QLabel("EAC &method:", buddy=self.method))
        choosers.addWidget(self.method)
        choosers.addSpacing(16)
        choosers.addWidget(self.status)
        choosers.addStretch(1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        for row, (key, label, definition) in enumerate(FIGURES):
            name, value = QLabel(f"<b>{label}</b>"), QLabel()
            value.setObjectName(f"ev_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            meaning = QLabel(definition)
            meaning.setWordWrap(True)
            meaning.setMinimumWidth(120)
            meaning.setStyleSheet("color: palette(dark)")
            for widget in (name, value, meaning):
                widget.setToolTip(definition)
            grid.addWidget(name, row % 6, (row // 6) * 3)
            grid.addWidget(value, row % 6, (row // 6) * 3 + 1)
            grid.addWidget(meaning, row % 6, (row // 6) * 3 + 2)
            self.names[key], self.values[key] = name, value
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(5, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(choosers)
        layout.addWidget(self.note)
        layout.addLayout(grid)
        layout.addStretch(1)

    def _chosen(self, _row: int) -> None:
        baseline, method = self.baseline.currentData(), self.method.currentData()
        if isinstance(baseline, int) and method:  # Qt hands a str enum back as a plain str
            self._on_choice(baseline, EacMethod(method))

    def refresh(self, data: BudgetData) -> None:
        """Recompute the figures for the snapshot's baseline, method and status date."""
        saved = available_baselines(data.portfolio, data.project_id)
        choices = [(f"Baseline {n}", n) for n in saved] or [("No baseline saved", data.baseline)]
        fill_combo(self.baseline, choices, data.baseline)
        self.baseline.setEnabled(bool(saved))
        fill_combo(self.method, [(m.value, m) for m in EacMethod], data.method)
        value = earned_value(
            data.portfolio,
            data.schedule,
            data.project_id,
            baseline=data.baseline,
            method=data.method,
        )
        self.last = value
        moment = value.status_date.strftime("%Y-%m-%d %H:%M")
        self.status.setText(f"Status date: <b>{moment}</b> ({SOURCES[value.status_source]})")
        self.note.setText(
            ""
            if saved
            else "No baseline is saved for this project, so nothing was planned or "
            "earned yet: save a baseline to measure PV and EV against it."
        )
        for key, _label, _definition in FIGURES:
            measurable = bool(saved) or key == "ac"
            self.values[key].setText(self._text(data, value, key) if measurable else "—")
        self.names["eac"].setText(f"<b>EAC</b> = {value.eac_method.value}")

    def _text(self, data: BudgetData, value: EarnedValue, key: str) -> str:
        figure: Decimal | None = getattr(value, key)
        if key in RATIOS:
            return format_ratio(figure, 2) or "—"
        assert figure is not None
        return f"{data.money(figure)} {data.project.currency}"
