"""The Gantt view: the task table and the chart side by side, one set of rows.

Both sides show the same TaskTreeModel with the same selection model; the chart takes
its rows from the table and carries the single vertical scroll bar, and a splitter lets
the user share the width between them (KD Gantt's ``View``, DESIGN 3.9).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import QDialog, QMenu, QSplitter, QVBoxLayout, QWidget

from widgets.gantt.chart_view import GanttChartView
from widgets.gantt.link_dialog import LinkDialog
from widgets.gantt.painting import (
    LabelKind,
    legend_height,
    paint_legend,
    scheme_for,
)
from widgets.gantt.task_dialog import TaskDialog
from widgets.gantt.time_scale import LEVELS
from widgets.settings import app_settings
from widgets.sinks import EditSink, MessageSink
from widgets.task_view import TaskTreeView

#: Baselines a file can hold (MS Project's Baseline, Baseline 1 ... Baseline 10).
BASELINE_NAMES = {0: "Baseline", **{n: f"Baseline {n}" for n in range(1, 11)}}


class Legend(QWidget):
    """What the chart's colours and shapes mean, wrapped to the width available."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ganttLegend")

    def sizeHint(self) -> QSize:
        """Qt override."""
        return QSize(400, round(legend_height(self.font(), max(self.width(), 400))))

    def hasHeightForWidth(self) -> bool:
        """Qt override."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Qt override."""
        return round(legend_height(self.font(), width))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override."""
        painter = QPainter(self)
        rect = QRectF(0, 0, self.width(), self.height())
        paint_legend(painter, rect, scheme_for(self.palette()), self.font())
        painter.end()


class GanttView(QWidget):
    """Task table | chart in a splitter, with the legend underneath."""

    def __init__(
        self,
        tree: TaskTreeView,
        perform: EditSink,
        message: MessageSink,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ganttView")
        self.tree = tree
        self._perform = perform
        self.dialog: QDialog | None = None
        self.chart = GanttChartView(tree, perform, message)
        self.chart.open_task = self.open_task_dialog
        self.chart.open_link = self.open_link_dialog
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("ganttSplitter")
        self.splitter.addWidget(tree)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.legend = Legend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.legend)
        self._share_rows()
        self.actions_by_key: dict[str, QAction] = {}
        self._restore()
        self.chart.optionsChanged.connect(self._remember)
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._remember())

    def _share_rows(self) -> None:
        """One vertical scroll bar (the chart's), per-pixel rows, headers of equal height.

        Both sides keep a horizontal scroll bar, so their viewports stay equally tall.
        """
        tree = self.tree
        tree.setVerticalScrollMode(tree.ScrollMode.ScrollPerPixel)
        tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.chart.sync_header()
        self.splitter.setSizes([520, 900])

    # --- settings -----------------------------------------------------------------------------

    def _restore(self) -> None:
        """The zoom, the choices and the splitter as the user left them."""
        settings = app_settings()
        px = _number(settings.value("gantt/pxPerDay"))
        if px is not None:
            self.chart.set_px_per_day(px)
        baseline = _number(settings.value("gantt/baseline"))
        labels = {kind.name: kind for kind in LabelKind}.get(str(settings.value("gantt/labels")))
        self.chart.set_options(
            baseline=int(baseline) if baseline is not None and baseline >= 0 else None,
            slack=settings.value("gantt/slack") in (True, "true"),
            labels=labels or LabelKind.RESOURCES,
        )
        self.legend.setVisible(settings.value("gantt/legend", True) not in (False, "false"))
        state = settings.value("gantt/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)

    def _remember(self) -> None:
        settings = app_settings()
        options = self.chart.options
        settings.setValue("gantt/pxPerDay", self.chart.scale.px_per_day)
        settings.setValue("gantt/baseline", -1 if options.baseline is None else options.baseline)
        settings.setValue("gantt/slack", options.slack)
        settings.setValue("gantt/labels", options.labels.name)
        settings.setValue("gantt/legend", not self.legend.isHidden())
        settings.setValue("gantt/splitter", self.splitter.saveState())

    # --- dialogs --------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        """Open a dialog window-modally without blocking (tests and the event loop go on)."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

    def open_task_dialog(self, task_id: int) -> None:
        """Task Information for a task."""
        document = self.chart.document
        if document is not None and task_id in document.portfolio.tasks:
            self._open(
                TaskDialog(document.portfolio, document.schedule, task_id, self._perform, self)
            )

    def open_link_dialog(self, link_id: int) -> None:
        """The Task Dependency box for a link."""
        document = self.chart.document
        if document is not None and link_id in document.portfolio.links:
            self._open(LinkDialog(document.portfolio, link_id, self._perform, self))

    # --- the View menu --------------------------------------------------------------------------

    def _add(
        self, menu: QMenu, key: str, text: str, slot: Callable[[], object], keys: str = ""
    ) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(key)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        self.actions_by_key[key] = action
        return action

    def fill_view_menu(self, menu: QMenu) -> None:
        """Add the chart's entries to the window's View menu."""
        menu.addSection("Gantt Chart")
        chart = self.chart
        self._add(menu, "gantt_zoom_in", "Zoom Timescale &In", lambda: chart.zoom(1), "Ctrl+Alt+=")
        self._add(
            menu, "gantt_zoom_out", "Zoom Timescale O&ut", lambda: chart.zoom(-1), "Ctrl+Alt+-"
        )
        self._add(menu, "gantt_fit", "Zoom to &Entire Project", chart.zoom_to_fit, "Ctrl+Shift+F3")
        self._add(menu, "gantt_scroll", "&Scroll to Task", chart.scroll_to_task, "Ctrl+Shift+F5")
        self._timescale_menu(menu.addMenu("&Timescale"))
        self._baseline_menu(menu.addMenu("&Baseline"))
        self._labels_menu(menu.addMenu("Bar &Labels"))
        slack = self._add(menu, "gantt_slack", "Show S&lack", self._toggle_slack)
        slack.setCheckable(True)
        slack.setChecked(self.chart.options.slack)
        legend = self._add(menu, "gantt_legend", "Show Le&gend", self._toggle_legend)
        legend.setCheckable(True)
        legend.setChecked(not self.legend.isHidden())

    def _group(self, menu: QMenu, items: list[tuple[str, str, Callable[[], object]]]) -> None:
        group = QActionGroup(menu)
        for key, text, slot in items:
            action = self._add(menu, key, text, slot)
            action.setCheckable(True)
            group.addAction(action)

    def _timescale_menu(self, menu: QMenu) -> None:
        chart = self.chart
        items = [
            (f"gantt_level_{i}", level.name, lambda px=level.px_per_day: chart.set_px_per_day(px))
            for i, level in enumerate(LEVELS)
        ]
        self._group(menu, items)
        menu.aboutToShow.connect(self._check_level)

    def _check_level(self) -> None:
        level = self.chart.zoom_level()
        for index in range(len(LEVELS)):
            self.actions_by_key[f"gantt_level_{index}"].setChecked(index == level)

    def _baseline_menu(self, menu: QMenu) -> None:
        chart = self.chart
        items = [("gantt_baseline_none", "&None", lambda: chart.set_options(baseline=None))]
        items += [
            (f"gantt_baseline_{n}", name, lambda n=n: chart.set_options(baseline=n))
            for n, name in BASELINE_NAMES.items()
        ]
        self._group(menu, items)
        chosen = self.chart.options.baseline
        key = "gantt_baseline_none" if chosen is None else f"gantt_baseline_{chosen}"
        self.actions_by_key[key].setChecked(True)

    def _labels_menu(self, menu: QMenu) -> None:
        chart = self.chart
        items = [
            (f"gantt_labels_{kind.name.lower()}", kind.value, lambda k=kind: chart.set_labels(k))
            for kind in LabelKind
        ]
        self._group(menu, items)
        self.actions_by_key[f"gantt_labels_{self.chart.options.labels.name.lower()}"].setChecked(
            True
        )

    def _toggle_slack(self) -> None:
        self.chart.set_options(slack=self.actions_by_key["gantt_slack"].isChecked())

    def _toggle_legend(self) -> None:
        self.legend.setVisible(self.actions_by_key["gantt_legend"].isChecked())
        self._remember()


def _number(value: object) -> float | None:
    """A number read back from settings (INI files hand back text)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
