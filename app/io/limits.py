"""Size and zip-bomb pre-checks, run before any parser sees an imported file (R13, R14).

An xlsx file is a zip archive; a 1 MB file can declare a 1 GiB worksheet of whitespace
that openpyxl would inflate into more than a gigabyte of memory (RELIABILITY R14 measured
1.1 GiB RSS and 2.7 s). Reading the zip's central directory costs a fraction of a
millisecond and tells the declared sizes of every entry, so the archive is refused on
those numbers first: too many entries, too much in total, or an entry that compresses
far better than any real spreadsheet part. Trusting declared sizes is sound with
Python's zipfile: an entry that under-declares fails its CRC check after at most the
declared bytes (R14), it never inflates further.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.io.errors import ImportRejected

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """What an imported archive may hold; the defaults fit any real project workbook."""

    max_file_bytes: int = 100 * MB
    max_total_bytes: int = 200 * MB
    max_entries: int = 2_000
    #: Only entries above this size are ratio-checked: small parts compress well harmlessly.
    ratio_floor_bytes: int = 1 * MB
    max_ratio: int = 150


DEFAULT_LIMITS = ZipLimits()


def check_file_size(path: Path, max_bytes: int) -> int:
    """Refuse a missing, non-regular, empty or oversized file; return its size.

    Raises:
        ImportRejected: naming the file and the limit.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRejected(path, f"cannot open the file: {exc.strerror or exc}") from None
    if not path.is_file():
        raise ImportRejected(path, "not a regular file")
    if size == 0:
        raise ImportRejected(path, "the file is empty")
    if size > max_bytes:
        message = f"file is {size / MB:.0f} MB, more than the {max_bytes / MB:.0f} MB allowed"
        raise ImportRejected(path, message)
    return size


def check_zip(path: Path, limits: ZipLimits = DEFAULT_LIMITS) -> None:
    """Refuse an archive whose central directory promises more than an import may inflate.

    Raises:
        ImportRejected: for a file that is not a zip archive, is encrypted, or breaks a
            limit, naming the entry at fault.
    """
    path = Path(path)
    check_file_size(path, limits.max_file_bytes)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        message = "not an Excel workbook (.xlsx): the file is no zip archive"
        raise ImportRejected(path, message) from None
    if len(entries) > limits.max_entries:
        message = f"the archive has {len(entries)} parts, more than {limits.max_entries}"
        raise ImportRejected(path, message)
    total = 0
    for entry in entries:
        _check_entry(path, entry, limits)
        total += entry.file_size
        if total > limits.max_total_bytes:
            message = (
                f"the archive unpacks to more than {limits.max_total_bytes // MB} MB; "
                "refused as a possible zip bomb"
            )
            raise ImportRejected(path, message, place=entry.filename)


def _check_entry(path: Path, entry: zipfile.ZipInfo, limits: ZipLimits) -> None:
    """One part: not encrypted, and not compressed beyond what real spreadsheets reach."""
    if entry.flag_bits & 0x1:
        raise ImportRejected(path, "the workbook is encrypted", place=entry.filename)
    if entry.file_size <= limits.ratio_floor_bytes:
        return
    ratio = entry.file_size / max(entry.compress_size, 1)
    if ratio > limits.max_ratio:
        message = (
            f"part unpacks to {entry.file_size // MB} MB from {entry.compress_size} bytes "
            f"(ratio {ratio:.0f}:1, limit {limits.max_ratio}:1); refused as a possible zip bomb"
        )
        raise ImportRejected(path, message, place=entry.filename)
