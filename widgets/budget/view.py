"""The Budget tab: one project's money at a glance, with the ledger, the accounts, the
suppliers, earned value and charts as sections, and cost control's warnings below.

Cost control is worked out once per refresh into a ``BudgetData`` snapshot that every
section reads. Work is skipped while the tab is hidden: a change only marks the tab
stale, and it refreshes when shown; inside the tab only the section shown is rebuilt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.budget.earned_value import EacMethod, default_baseline
from app.budget.ledger import BudgetWarning, project_control, summary_of
from app.document import Change, Document
from widgets.budget.accounts_panel import PROJECT_CODES, AccountsPanel
from widgets.budget.charts_panel import ChartsPanel
from widgets.budget.context import BudgetData
from widgets.budget.earned_value_panel import EarnedValuePanel
from widgets.budget.ledger_panel import LedgerPanel
from widgets.budget.suppliers_panel import SuppliersPanel
from widgets.budget.warnings_panel import WarningsList
from widgets.subscription import Subscription

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

Section = AccountsPanel | LedgerPanel | SuppliersPanel | EarnedValuePanel | ChartsPanel
OVER_STYLE = "color: rgb(190, 0, 0);"


class BudgetView(QWidget):
    """The Budget tab of one main window; follows its document and its project."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("budgetView")
        self._window = window
        self._document: Document | None = None
        self._project_id: int | None = None
        self._subscription = Subscription(self._on_change)
        #: The baseline earned value is measured against; None: the project's default,
        #: worked out at the next refresh (it reads every task's baselines).
        self._baseline: int | None = None
        self._method = EacMethod.CPI
        self.data: BudgetData | None = None
        self._stale: set[QWidget] = set()
        self.header = QLabel()
        self.header.setObjectName("budgetHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(
            False
        )  # a wrapping label would make the tab scroll (heightForWidth)
        self.accounts = AccountsPanel(window)
        self.ledger = LedgerPanel(window)
        self.suppliers = SuppliersPanel(window)
        self.earned_value = EarnedValuePanel(self._choose_baseline)
        self.charts = ChartsPanel(window)
        self.sections = QTabWidget()
        self.sections.setObjectName("budgetSections")
        for title, section in self._titled_sections():
            self.sections.addTab(section, title)
        self.sections.currentChanged.connect(lambda _i: self._refresh_section())
        self.warnings = WarningsList(self.jump_to)
        self._lay_out()

    def _titled_sections(self) -> list[tuple[str, Section]]:
        return [
            ("Accounts", self.accounts),
            ("Ledger", self.ledger),
            ("Suppliers", self.suppliers),
            ("Earned Value", self.earned_value),
            ("Charts", self.charts),
        ]

    def _lay_out(self) -> None:
        below = QWidget()
        box = QVBoxLayout(below)
        box.setContentsMargins(4, 0, 4, 4)
        box.setSpacing(2)
        box.addWidget(QLabel("<b>Warnings</b> (click one to see where)"))
        box.addWidget(self.warnings)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.sections)
        split.addWidget(below)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 150])
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(6, 6, 6, 0)
        inner.addWidget(self.header)
        inner.addWidget(split, 1)
        scroll = QScrollArea()  # a small window scrolls the tab instead of growing for it
        scroll.setObjectName("budgetScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # --- following the window ---------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        """Follow the window's open file (None: closed)."""
        self._subscription.follow(document)
        self._document = document
        self.set_project(self._window.current_project_id)

    def set_project(self, project_id: int | None) -> None:
        """Follow the project the window shows; its default baseline is chosen when the
        tab is next refreshed, not while it is hidden."""
        self._project_id = project_id
        self._baseline = None
        self.invalidate()

    def _on_change(self, change: Change) -> None:
        """Any edit may move the money: budget and ledger edits directly; tasks, resources
        and calendars through planned cost, the forecast and earned value."""
        if change != Change():
            self.invalidate()

    def invalidate(self) -> None:
        """Mark everything stale; refresh now only if the tab is on screen."""
        self.data = None
        self._stale = {section for _, section in self._titled_sections()}
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: catch up with the edits made while the tab was hidden."""
        super().showEvent(event)
        if self.data is None:
            self.refresh()

    # --- refreshing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Work out cost control once, then show the header, warnings and the section shown."""
        self.data = self._snapshot()
        self.sections.setEnabled(self.data is not None)
        if self.data is None:
            self.header.setText("Open a file and choose a project to see its budget.")
            self.warnings.clear()
            self.ledger.model.set_data(None)
            return
        self._show_header(self.data)
        self.warnings.show_warnings(self.data.control.warnings, self.data.portfolio)
        self._refresh_section()

    def _snapshot(self) -> BudgetData | None:
        document, project_id = self._document, self._project_id
        if document is None or project_id not in document.portfolio.projects:
            return None
        portfolio = document.portfolio
        if self._baseline is None:
            self._baseline = default_baseline(portfolio, project_id) or 0
        return BudgetData(
            portfolio=portfolio,
            schedule=document.schedule,
            project=portfolio.projects[project_id],
            control=project_control(portfolio, project_id),
            read_only=document.read_only,
            baseline=self._baseline,
            method=self._method,
        )

    def _refresh_section(self) -> None:
        """Rebuild the section shown if the data changed since it was last built."""
        section = self.sections.currentWidget()
        if self.data is None or section not in self._stale or not self.isVisible():
            return
        self._stale.discard(section)
        section.refresh(self.data)  # type: ignore[union-attr]

    def _show_header(self, data: BudgetData) -> None:
        """The project's money in two lines; red when cost control says it is over budget."""
        summary, project = summary_of(data.control), data.project
        over = any(w.code in PROJECT_CODES for w in data.control.warnings)
        variance = data.money(summary.variance)
        verdict = ""
        if over:
            variance = f'<span style="{OVER_STYLE}">{variance}</span>'
            verdict = f' — <span style="{OVER_STYLE}"><b>forecast over budget</b></span>'
        parts = [
            f"Approved {data.money(project.approved_budget)}",
            f"Contingency {data.money(project.contingency)}",
            f"Budget <b>{data.money(summary.budget)}</b>",
            f"Committed {data.money(summary.committed)}",
            f"Actual {data.money(summary.actual)}",
            f"Forecast <b>{data.money(summary.forecast)}</b>",
            f"Variance <b>{variance}</b>",
        ]
        self.header.setText(
            f"<b>{project.name}</b> — figures in {project.currency}, net of tax{verdict}<br>"
            + " · ".join(parts)
        )

    def _choose_baseline(self, baseline: int, method: EacMethod) -> None:
        """A new baseline or EAC method: earned value and the S-curve are redrawn."""
        self._baseline, self._method = baseline, method
        if self.data is None:
            return
        self.data = BudgetData(
            self.data.portfolio,
            self.data.schedule,
            self.data.project,
            self.data.control,
            self.data.read_only,
            baseline,
            method,
        )
        self._stale |= {self.earned_value, self.charts}
        self._refresh_section()

    # --- jumping from a warning ---------------------------------------------------------------

    def jump_to(self, warning: BudgetWarning) -> None:
        """Show what a warning is about: the ledger entry, the account or the task."""
        if warning.entry_id is not None:
            self.sections.setCurrentWidget(self.ledger)
            self.ledger.select_entry(warning.entry_id)
        elif warning.account_id is not None:
            self.sections.setCurrentWidget(self.accounts)
            self.accounts.select_account(warning.account_id)
        elif warning.task_id is not None:
            self._show_task(warning.task_id)

    def _show_task(self, task_id: int) -> None:
        """Bring up the tab holding the task table (alone or inside another view), then
        make the task's row current."""
        window, model = self._window, self._window.task_model
        index = model.index_of(task_id) if model is not None else None
        if index is None or not index.isValid():
            return
        views, table = window.views, window.task_view
        for page in (views.widget(i) for i in range(views.count())):
            if page is table or page.isAncestorOf(table):
                views.setCurrentWidget(page)
                break
        table.setCurrentIndex(index)
        table.scrollTo(index)
