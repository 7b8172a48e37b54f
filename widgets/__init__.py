"""The Qt shell of Plansmith: windows, item models and dialogs over ``app``."""

from widgets.qt_compat import keep_none_alive

keep_none_alive()
