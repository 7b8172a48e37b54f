"""Project > Set Baseline: save or clear one of baselines 0-10, as MS Project offers."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from app.model.baseline import BASELINE_NUMBERS


class BaselineDialog(QDialog):
    """Choose a baseline number and whether to save the plan into it or clear it."""

    SAVE = 1
    CLEAR = 2

    def __init__(self, project_name: str, saved: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Set Baseline — {project_name}")
        self.action = 0
        self.number_box = QComboBox()
        self.number_box.setObjectName("baselineNumber")
        for number in BASELINE_NUMBERS:
            note = " (saved)" if number in saved else ""
            self.number_box.addItem(f"Baseline {number}{note}", number)
        layout = QFormLayout(self)
        layout.addRow(QLabel("Save the current dates, work and cost of every task as:"))
        layout.addRow("Baseline:", self.number_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("&Save")
        self.clear_button = QPushButton("C&lear")
        self.clear_button.setEnabled(bool(saved))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.save_button.clicked.connect(lambda: self._finish(self.SAVE))
        self.clear_button.clicked.connect(lambda: self._finish(self.CLEAR))
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    @property
    def number(self) -> int:
        """The chosen baseline number."""
        return int(self.number_box.currentData())

    def _finish(self, action: int) -> None:
        self.action = action
        self.accept()
