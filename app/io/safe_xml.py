"""Safe XML parsing shared by every XML importer (MSPDI, GanttProject, Planner).

Project files come from strangers (mail attachments, downloads), so the parser refuses
what project formats never need: any DOCTYPE (which is where entity bombs and XXE live),
files above a size cap, and nesting deeper than a cap. Every failure is an
``ImportRejected`` with the line number, never a parser exception.

Parsing runs in two passes over the bytes, because that is both safe and fast:

1. a guard pass with defusedxml's parser (``forbid_dtd=True``) over the prolog only: a
   DOCTYPE (the one place entities can be declared) may only come before the root
   element, so the guard stops a DOCTYPE at its first line and stops itself at the root
   element's start tag, before any tree exists and without reading the body;
2. the tree is then built by the C ElementTree parser, which only ever sees a file the
   guard accepted (no DTD, hence no entities: a reference to one is a well-formedness
   error), about twice as fast as building it from Python callbacks; it also checks the
   whole file is well-formed;
3. depth is checked on that tree level by level, in C: a 200,000-deep file (which
   the C parser builds in a fraction of a second) is refused without recursion.

Line numbers are only needed for error messages, so they are worked out on demand by a
third, slower pass (``XmlDocument.line``) when an importer reports a problem.
"""

from __future__ import annotations

from itertools import chain, repeat
from pathlib import Path
from pyexpat import ExpatError
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, XMLParser

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from app.io.errors import ImportRejected

MAX_BYTES = 100 * 1024 * 1024
MAX_DEPTH = 32
DTD_MESSAGE = "file contains a DTD/entities, which MS Project XML never uses"

# Expat handlers the guard pass switches off, so it runs without a single Python call.
_SILENT_HANDLERS = (
    "StartElementHandler",
    "EndElementHandler",
    "CharacterDataHandler",
    "DefaultHandlerExpand",
    "CommentHandler",
    "ProcessingInstructionHandler",
    "StartNamespaceDeclHandler",
    "EndNamespaceDeclHandler",
)


class _RootReached(Exception):
    """Raised by the guard at the root element's start tag: the prolog is clean."""


def _stop_at_root(*_: object) -> None:
    raise _RootReached


class XmlDocument:
    """A parsed file: its root element, and the line each element starts on (on demand)."""

    __slots__ = ("_data", "_lines", "path", "root")

    def __init__(self, path: Path, root: Element, data: bytes) -> None:
        self.path = path
        self.root = root
        self._data = data
        self._lines: dict[Element, int] | None = None

    def line(self, element: Element) -> int | None:
        """The line ``element`` starts on (None for elements built after parsing).

        The first call re-reads the bytes once with a line-tracking parser; imports
        only ask when something is wrong, so the happy path never pays for it.
        """
        if self._lines is None:
            self._lines = _line_map(self._data, self.root)
        return self._lines.get(element)


def parse_xml(path: Path, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> XmlDocument:
    """Parse ``path`` safely into an element tree.

    Raises:
        ImportRejected: for an unreadable, oversized, malformed, DTD-bearing or too-deep file.
    """
    path = Path(path)
    _check_size(path, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(path, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # it grew since the check
        raise ImportRejected(path, f"file is larger than {max_bytes // 1_048_576} MB")
    _guard(path, data)
    document = XmlDocument(path, _build(path, data), data)
    _check_depth(document, max_depth)
    return document


def _guard(path: Path, data: bytes) -> None:
    """Pass 1: defusedxml refuses any DTD in the prolog; expat stops at the root element."""
    parser = DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    expat = parser.parser
    for handler in _SILENT_HANDLERS:
        setattr(expat, handler, None)
    expat.StartElementHandler = _stop_at_root
    try:
        expat.Parse(data, True)
    except _RootReached:
        return
    except DefusedXmlException:
        raise ImportRejected(path, DTD_MESSAGE, line=expat.CurrentLineNumber) from None
    except ExpatError as exc:
        message = f"not well-formed XML ({_reason(str(exc))})"
        raise ImportRejected(path, message, line=exc.lineno) from None
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding declaration
        raise ImportRejected(path, f"cannot decode the file: {exc}") from None


def _check_depth(document: XmlDocument, max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth``, walking level by level (never recursion).

    Each level is built in C (``chain`` over ``filter(len, element)``): only elements
    that have children go on to the next level, so a flat MSPDI file costs one C-level
    pass over its elements; a 200,000-deep file stops at the first level past the cap.
    """
    level = [document.root]
    depth = 1
    while level:
        if depth > max_depth:
            message = f"elements are nested more than {max_depth} deep; this is not a project file"
            raise ImportRejected(document.path, message, line=document.line(level[0]))
        if depth == max_depth:  # any child at all is one level too deep
            level = list(chain.from_iterable(level))
        else:
            level = list(chain.from_iterable(map(filter, repeat(len), level)))
        depth += 1


def _build(path: Path, data: bytes) -> Element:
    """Pass 2: the C parser builds the tree of a file the guard has accepted."""
    parser = XMLParser(target=TreeBuilder())
    try:
        parser.feed(data)
        return parser.close()
    except ParseError as exc:  # the body is checked here: the guard read the prolog only
        line = exc.position[0] if getattr(exc, "position", None) else None
        message = f"not well-formed XML ({_reason(str(exc))})"
        raise ImportRejected(path, message, line=line) from None
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding declaration
        raise ImportRejected(path, f"cannot decode the file: {exc}") from None


class _LineTreeBuilder:
    """A TreeBuilder target that records the line each element starts on."""

    def __init__(self) -> None:
        self._builder = TreeBuilder()
        self.lines: list[int] = []
        self.expat: object | None = None
        self.data = self._builder.data
        self.end = self._builder.end

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        self.lines.append(self.expat.CurrentLineNumber)  # type: ignore[attr-defined]
        return self._builder.start(tag, attrs)

    def close(self) -> Element:
        return self._builder.close()


def _line_map(data: bytes, root: Element) -> dict[Element, int]:
    """Pass 3 (errors only): start lines of ``root``'s elements, matched by document order.

    Both trees come from the same bytes, so their pre-order walks line up one to one.
    The walk uses an explicit stack; depth was already capped by the guard.
    """
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        parser.close()
    except (ParseError, DefusedXmlException, ValueError, LookupError):
        return {}
    lines: dict[Element, int] = {}
    stack = [root]
    index = 0
    while stack and index < len(builder.lines):
        element = stack.pop()
        lines[element] = builder.lines[index]
        index += 1
        stack.extend(reversed(element))
    return lines


def _check_size(path: Path, max_bytes: int) -> None:
    """Refuse missing, non-regular and oversized files before reading a byte of them."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ImportRejected(path, f"cannot open the file: {exc.strerror or exc}") from None
    if not path.is_file():
        raise ImportRejected(path, "not a regular file")
    if stat.st_size > max_bytes:
        size_mb = stat.st_size / 1_048_576
        limit_mb = max_bytes / 1_048_576
        message = f"file is {size_mb:.0f} MB, more than the {limit_mb:.0f} MB an import may be"
        raise ImportRejected(path, message)
    if stat.st_size == 0:
        raise ImportRejected(path, "the file is empty")


def _reason(text: str) -> str:
    """Expat's message without its own ``line N, column M`` suffix (we add the line)."""
    cut = text.find(": line ")
    return text[:cut] if cut > 0 else text


def local_name(tag: str) -> str:
    """``{namespace}Task`` -> ``Task``."""
    return tag.rpartition("}")[2]


def namespace_of(tag: str) -> str:
    """``{namespace}Task`` -> ``namespace`` (empty when there is none)."""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""
