"""Shared test set-up: Qt draws offscreen, so tests run without a display.

This must run before anything imports Qt: with neither QT_QPA_PLATFORM nor DISPLAY set,
Qt aborts the whole pytest process with no report (QT-NOTES pitfall 1).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
