"""Small pieces every Budget dialog shares: a form that stays open when refused, and
combo boxes filled from (label, value) choices.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from widgets.budget.context import Choices

Submit = Callable[[], bool]


class SubmitDialog(QDialog):
    """A form whose OK runs the edit and closes only when the edit was made.

    A refused edit (bad amount, a rule of the ledger) leaves the dialog open with what
    was typed, so the user corrects the one field the message names.
    """

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self._submit: Submit | None = None

    def on_submit(self, submit: Submit) -> None:
        """What OK does; it returns True when the edit was made."""
        self._submit = submit

    def accept(self) -> None:
        """Qt override: close only after a successful submit."""
        if self._submit is None or self._submit():
            super().accept()


def choice_combo(choices: Choices, current: object = None) -> QComboBox:
    """A combo box of choices with ``current`` selected (the first when not listed)."""
    combo = QComboBox()
    fill_combo(combo, choices, current)
    return combo


def fill_combo(combo: QComboBox, choices: Choices, current: object = None) -> None:
    """Replace a combo's choices, keeping ``current`` selected when it is still offered."""
    combo.blockSignals(True)
    combo.clear()
    for label, value in choices:
        combo.addItem(label, value)
    found = next((i for i, (_, value) in enumerate(choices) if value == current), 0)
    combo.setCurrentIndex(found)
    combo.blockSignals(False)


def date_edit() -> QDateEdit:
    """A date editor in ISO order with a calendar."""
    editor = QDateEdit()
    editor.setDisplayFormat("yyyy-MM-dd")
    editor.setCalendarPopup(True)
    return editor
