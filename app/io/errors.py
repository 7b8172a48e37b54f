"""The one exception every importer raises, so the UI can show a single kind of message."""

from __future__ import annotations

from pathlib import Path


class ImportRejected(Exception):
    """A file could not be imported; says where and why, in words a planner understands.

    ``place`` is a line (``line 40``) and/or an element path (``Task UID 12``); ``field``
    is the element or column at fault. Both may be empty when the whole file is at fault
    (too big, not XML). ``str()`` joins them as
    ``plan.xml: line 40, Task UID 12, Duration: cannot read 'P3X' as a duration``.
    """

    def __init__(
        self,
        file: Path | str,
        message: str,
        *,
        line: int | None = None,
        place: str = "",
        field: str = "",
    ) -> None:
        self.file = Path(file)
        self.line = line
        self.place = place
        self.field = field
        self.message = message
        super().__init__(self.__str__())

    @property
    def where(self) -> str:
        """Line, element path and field joined for display (empty when unknown)."""
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.place:
            parts.append(self.place)
        if self.field:
            parts.append(self.field)
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where
        prefix = f"{self.file.name}: {where}" if where else self.file.name
        return f"{prefix}: {self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        """Keep keyword fields when pickled (e.g. sent from a worker process)."""
        return (_rebuild, (str(self.file), self.message, self.line, self.place, self.field))


def _rebuild(file: str, message: str, line: int | None, place: str, field: str) -> ImportRejected:
    return ImportRejected(file, message, line=line, place=place, field=field)
