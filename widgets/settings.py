"""Where the window keeps its preferences: one QSettings (INI) per user, and recent files.

An INI file at a user-scope path lets tests point every setting at ``tmp_path`` with
``QSettings.setPath`` instead of touching the developer's real preferences.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "Plansmith"
APPLICATION = "Plansmith"
MAX_RECENT = 8
_RECENT_KEY = "files/recent"


def app_settings() -> QSettings:
    """The user's Plansmith settings."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def recent_files() -> list[Path]:
    """Files opened lately, newest first, that still exist."""
    value = app_settings().value(_RECENT_KEY, [])
    names = [value] if isinstance(value, str) else list(value or [])
    return [Path(name) for name in names if Path(name).is_file()]


def remember_file(path: Path) -> None:
    """Put ``path`` first in the recent list (it is also the file opened next time)."""
    resolved = path.resolve()
    names = [str(resolved)] + [str(p) for p in recent_files() if p.resolve() != resolved]
    app_settings().setValue(_RECENT_KEY, names[:MAX_RECENT])


def last_file() -> Path | None:
    """The file to open when ``plansmith`` starts without one."""
    files = recent_files()
    return files[0] if files else None
