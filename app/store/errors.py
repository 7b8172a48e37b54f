"""Errors the store raises; each message is fit to show a user as it is."""


class StoreError(Exception):
    """A ``.plansmith`` file cannot be opened or written."""


class NotAPlansmithFile(StoreError):
    """The file is not a Plansmith store (another app's database, or not SQLite)."""


class DamagedFile(StoreError):
    """The file is a Plansmith store but fails SQLite's integrity check."""


class NewerVersion(StoreError):
    """The file was written by a newer Plansmith whose schema this one does not know."""


class FileLocked(StoreError):
    """Another Plansmith window or process has the file open."""

    def __init__(self, path: str, holder: str) -> None:
        super().__init__(
            f"{path} is open in another Plansmith window ({holder}); "
            "open it read-only, or close the other window first"
        )
        self.path = path
        self.holder = holder


class DiskFull(StoreError):
    """SQLite could not write: the last change was rolled back, nothing was lost."""
