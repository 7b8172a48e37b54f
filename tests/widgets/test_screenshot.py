"""The main window rendered to PNG: real text in a real font, critical rows in red."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetrics, QImage
from pytestqt.qtbot import QtBot

from tests.widgets.test_main_window import show
from widgets.main import build_window
from widgets.models.task_tree_model import CRITICAL_COLOR


def count_pixels(image: QImage, wanted: QColor, tolerance: int = 40) -> int:
    """Pixels whose RGB is within ``tolerance`` (summed over channels) of a colour."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8)
    rows = data.reshape(rgb.height(), rgb.bytesPerLine())[:, : rgb.width() * 3]
    pixels = rows.reshape(rgb.height(), rgb.width(), 3).astype(np.int32)
    target = np.array([wanted.red(), wanted.green(), wanted.blue()], dtype=np.int32)
    return int((np.abs(pixels - target).sum(axis=2) <= tolerance).sum())


def test_window_renders_to_png_with_text_and_red_critical_rows(
    qtbot: QtBot, plan_file: Path, tmp_path: Path
) -> None:
    # Without fonts Qt draws empty boxes and a pixel check still passes (QT-NOTES 4).
    assert QFontInfo(QFont()).family()
    assert QFontMetrics(QFont()).inFontUcs4(ord("A"))
    window = build_window(plan_file)
    assert window is not None
    show(qtbot, window)
    window.resize(1200, 500)
    target = tmp_path / "plansmith_window.png"
    assert window.grab().save(str(target))
    image = QImage(str(target))
    assert (image.width(), image.height()) == (window.width(), window.height())
    assert count_pixels(image, CRITICAL_COLOR) > 200  # every task of this plan is critical
    assert count_pixels(image, QColor(0, 0, 0), tolerance=90) > 800  # menus, headers, text
