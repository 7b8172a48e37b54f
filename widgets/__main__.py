"""``python -m widgets [FILE]``: the window without the CLI, for development."""

from __future__ import annotations

import sys
from pathlib import Path

from widgets.main import run_window

if __name__ == "__main__":
    sys.exit(run_window(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
