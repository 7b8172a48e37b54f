"""The demo portfolio's projects drawn at three zoom levels, and exported to PNG/SVG/PDF.

The PNGs are kept in the test's folder; set ``GANTT_SHOTS=/some/dir`` to keep copies
there too, for a person to look at (the pixel checks cannot judge legibility).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.demo import write_demo
from app.document import Document
from app.store import Store
from tests.widgets.gantt.conftest import show
from tests.widgets.test_screenshot import count_pixels
from widgets.gantt.painting import LIGHT
from widgets.gantt.render import render_gantt
from widgets.gantt.time_scale import LEVELS as ZOOMS
from widgets.main import build_window

LEVELS = {"quarters": 1, "weeks": 2, "days": 3}


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.plansmith"
    write_demo(path)
    return path


def keep(image: Path) -> None:
    folder = os.environ.get("GANTT_SHOTS")
    if folder:
        shutil.copy(image, Path(folder) / f"gantt_{image.name}")


@pytest.mark.slow
def test_demo_projects_at_three_zoom_levels(qtbot: QtBot, demo_file: Path, tmp_path: Path) -> None:
    window = build_window(demo_file, read_only=True)
    assert window is not None
    window.resize(1600, 900)
    show(qtbot, window)
    document = window.document
    assert document is not None
    chart = window.gantt.chart
    for project_id in sorted(document.portfolio.projects):
        window.select_project(project_id)
        chart.zoom_to_fit()
        for name, level in LEVELS.items():
            chart.set_px_per_day(ZOOMS[level].px_per_day)
            chart.scroll_to_task(document.portfolio.children(project_id, None)[0])
            target = tmp_path / f"project{project_id}_{name}.png"
            assert window.grab().save(str(target))
            keep(target)
            image = QImage(str(target))
            assert count_pixels(image, LIGHT.bar, tolerance=30) > 300, target.name
            assert count_pixels(image, LIGHT.summary, tolerance=30) > 100, target.name


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_render_gantt_writes_each_format(demo_file: Path, tmp_path: Path, suffix: str) -> None:
    document = Document(Store.open(demo_file, read_only=True))
    try:
        target = render_gantt(document, 1, tmp_path / f"erp{suffix}")
    finally:
        document.close()
    data = target.read_bytes()
    if suffix == ".png":
        keep(target)
        image = QImage(str(target))
        assert image.width() > 1400 and image.height() > 500
        assert count_pixels(image, LIGHT.bar, tolerance=30) > 500
        assert count_pixels(image, LIGHT.critical, tolerance=30) > 200
    elif suffix == ".svg":
        assert data.startswith(b"<?xml") and b"<svg" in data
        assert b"Initiation and mobilisation" in data
    else:
        assert data.startswith(b"%PDF")
        assert b"/Type /Page" in data


def test_render_gantt_fits_a_requested_png_size(demo_file: Path, tmp_path: Path) -> None:
    document = Document(Store.open(demo_file, read_only=True))
    try:
        target = render_gantt(document, 2, tmp_path / "network.png", size=(1200, 800))
    finally:
        document.close()
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1200, 800)


def test_render_gantt_refuses_an_unknown_suffix(demo_file: Path, tmp_path: Path) -> None:
    document = Document(Store.open(demo_file, read_only=True))
    try:
        with pytest.raises(ValueError, match="cannot render"):
            render_gantt(document, 1, tmp_path / "erp.gif")
    finally:
        document.close()
