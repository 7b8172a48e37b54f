"""Import of formats only MPXJ reads (.mpp, .mpx, ProjectLibre .pod, Planner, Primavera).

MPXJ is the Java library inside ProjectLibre and GanttProject. Rather than map its whole
object model, we let it write MS Project XML and import that with our own MSPDI reader,
so every format gets the same checks, ids and ``extra`` handling as MSPDI itself.

The conversion runs in a child Python process (``python -m app.io.mpxj_bridge SRC OUT``)
that starts the JVM through jpype: a JVM can be started only once per process and never
unloaded, it would keep hundreds of MB in the desktop app, a crash in it must not take
the app down, and a hung conversion can be killed by a timeout. Without Java or the
``mpxj``/``jpype1`` packages the import is refused with what to install.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from app.io.errors import ImportRejected
from app.io.limits import check_file_size
from app.io.mspdi import MspdiImport, read_mspdi
from app.io.progress import Progress, report

#: Suffix -> the name users know the format by.
FORMATS = {
    ".mpp": "Microsoft Project (.mpp)",
    ".mpt": "Microsoft Project template (.mpt)",
    ".mpx": "MPX",
    ".pod": "ProjectLibre (.pod)",
    ".planner": "GNOME Planner",
    ".xer": "Primavera P6 (XER)",
    ".pmxml": "Primavera P6 XML (PMXML)",
}
MAX_BYTES = 200 * 1024 * 1024
TIMEOUT_SECONDS = 300
INSTALL_HINT = "install them with: pip install mpxj jpype1, and a Java runtime (17 or newer)"
#: MPX files from non-English MS Project use their locale's separators; tried in order.
MPX_LOCALES = ("de", "fr", "it", "es", "pt", "sv", "nl")
EXIT_UNREADABLE = 3
EXIT_MISSING = 4
#: Seconds between progress reports (and Cancel checks) while the converter runs.
POLL_SECONDS = 0.1


def mpxj_missing() -> str | None:
    """What is missing to convert through MPXJ, as a sentence; None when all is there."""
    missing = [name for name in ("mpxj", "jpype") if importlib.util.find_spec(name) is None]
    if missing:
        packages = " and ".join("jpype1" if m == "jpype" else m for m in missing)
        return f"the Python package {packages} is not installed"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "no Java runtime was found (java is not on PATH and JAVA_HOME is not set)"
    return None


def read_via_mpxj(path: Path, *, progress: Progress | None = None) -> MspdiImport:
    """Import a project file MPXJ can read, through a temporary MSPDI file.

    Raises:
        ImportRejected: for an unsupported suffix, a missing MPXJ/Java, a file MPXJ
            cannot read, a conversion that takes too long, or anything ``read_mspdi``
            refuses in the converted file (then naming the original file).
        Cancelled: from ``progress``; a running converter is killed first.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise ImportRejected(
            path, f"MPXJ import does not handle {suffix or 'this file'}; use {known}"
        )
    check_file_size(path, MAX_BYTES)
    missing = mpxj_missing()
    if missing:
        raise ImportRejected(path, f"{FORMATS[suffix]} files need MPXJ: {missing}; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="plansmith-mpxj-") as folder:
        target = Path(folder) / f"{path.stem or 'project'}.xml"
        _convert(path, target, progress)
        try:
            result = read_mspdi(target, progress=progress)
        except ImportRejected as exc:
            message = f"after conversion by MPXJ to MS Project XML: {exc.message}"
            raise ImportRejected(
                path, message, line=exc.line, place=exc.place, field=exc.field
            ) from None
    result.report.source = str(path)
    result.report.format = f"{FORMATS[suffix]} via MPXJ"
    return _named(result, path)


def _named(result: MspdiImport, path: Path) -> MspdiImport:
    """Files without a project title get the file's name, not the temporary one's."""
    portfolio = result.portfolio
    projects = {
        pid: (replace(p, name=path.stem) if not p.name.strip() else p)
        for pid, p in portfolio.projects.items()
    }
    return MspdiImport(replace(portfolio, projects=projects), result.report)


def _convert(source: Path, target: Path, progress: Progress | None = None) -> None:
    """Run the child converter; translate its exit status into ImportRejected."""
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "app.io.mpxj_bridge", str(source), str(target)]
    with tempfile.TemporaryFile("w+") as errors:
        try:
            child = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=errors, text=True, env=env
            )
        except OSError as exc:
            raise ImportRejected(source, f"cannot start the MPXJ converter: {exc}") from None
        returncode = _wait(child, source, progress)
        errors.seek(0)
        stderr = errors.read()
    if returncode == 0 and target.is_file() and target.stat().st_size > 0:
        return
    detail = _last_line(stderr) or f"exit status {returncode}"
    if returncode == EXIT_MISSING:
        raise ImportRejected(source, f"MPXJ cannot run here: {detail}; {INSTALL_HINT}")
    raise ImportRejected(source, f"MPXJ could not read the file: {detail}")


def _wait(child: subprocess.Popen, source: Path, progress: Progress | None) -> int:
    """The converter's exit status; reports progress while it runs (no total is known),
    and kills it on a timeout or when ``progress`` raises (Cancelled is re-raised)."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    try:
        while True:
            report(progress, 0, 0, "Converting with MPXJ")
            try:
                return child.wait(timeout=POLL_SECONDS)
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    message = f"MPXJ did not finish converting within {TIMEOUT_SECONDS} s"
                    raise ImportRejected(source, message) from None
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def _last_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


# --- the child process ---------------------------------------------------------------------


def _start_jvm() -> None:
    """Start the JVM with MPXJ's jars (importing ``mpxj`` puts them on the class path)."""
    import jpype
    import mpxj  # noqa: F401

    if not jpype.isJVMStarted():
        heap = os.environ.get("MPXJ_JVM_XMX", "2g")
        jpype.startJVM(f"-Xmx{heap}", "-Djava.awt.headless=true", convertStrings=False)


def _read_project(source: str) -> object:
    """MPXJ's UniversalProjectReader; MPX files from a non-English MS Project need a
    locale, so those are retried with the common ones."""
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    try:
        project = UniversalProjectReader().read(source)
    except Exception:
        if not source.lower().endswith(".mpx"):
            raise
        project = None
    if project is None and source.lower().endswith(".mpx"):
        project = _read_mpx_localised(source)
    return project


def _read_mpx_localised(source: str) -> object:
    from java.util import Locale  # type: ignore[import-not-found]
    from org.mpxj.mpx import MPXReader  # type: ignore[import-not-found]

    for tag in MPX_LOCALES:
        reader = MPXReader()
        reader.setLocale(Locale.forLanguageTag(tag))
        try:
            return reader.read(source)
        except Exception:  # this locale does not fit: try the next
            continue
    return None


def _main(argv: list[str]) -> int:
    """``python -m app.io.mpxj_bridge SOURCE TARGET``: convert SOURCE to MSPDI at TARGET."""
    if len(argv) != 2:
        print("usage: python -m app.io.mpxj_bridge SOURCE TARGET.xml", file=sys.stderr)
        return 2
    source, target = argv
    try:
        _start_jvm()
        from org.mpxj.mspdi import MSPDIWriter  # type: ignore[import-not-found]
    except Exception as exc:  # ImportError, JVMNotFoundException, ...
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_MISSING
    try:
        project = _read_project(source)
        if project is None:
            print("MPXJ does not recognise this file's format", file=sys.stderr)
            return EXIT_UNREADABLE
        MSPDIWriter().write(project, target)
    except Exception as exc:  # Java exceptions arrive as Python exceptions via jpype
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
