"""Hostile XML is refused cleanly and fast (RELIABILITY R11-R13, R16a)."""

from __future__ import annotations

import contextlib
import pickle
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.io.errors import ImportRejected
from app.io.mspdi import read_mspdi
from app.io.safe_xml import DTD_MESSAGE, MAX_BYTES, MAX_DEPTH, parse_xml

#: A bomb or a runaway parse takes minutes; a refusal takes milliseconds. The bound is
#: generous because CI machines are shared: it catches a hang, it is not a speed target.
HANG = 30.0

NS = "http://schemas.microsoft.com/project"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(path: Path) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        read_mspdi(path)
    return info.value


# --- R11: XXE ---------------------------------------------------------------------------


def test_xxe_is_refused_and_the_secret_never_appears(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4711")
    xxe = _write(
        tmp_path / "xxe.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        f'<Project xmlns="{NS}"><Name>&xxe;</Name></Project>\n',
    )
    error = _refusal(xxe)
    assert error.message == DTD_MESSAGE
    assert str(error) == f"xxe.xml: line 2: {DTD_MESSAGE}"
    assert "TOP-SECRET" not in str(error) and "TOP-SECRET" not in repr(error.args)


def test_an_internal_entity_is_refused_too(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "ent.xml",
        f'<!DOCTYPE Project [<!ENTITY n "x">]><Project xmlns="{NS}"><Name>&n;</Name></Project>',
    )
    assert _refusal(path).message == DTD_MESSAGE


def test_a_bare_doctype_without_entities_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "dtd.xml", f'<!DOCTYPE Project><Project xmlns="{NS}"/>')
    assert _refusal(path).message == DTD_MESSAGE


# --- R12: entity expansion bombs ----------------------------------------------------------


def _billion_laughs() -> str:
    lines = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        refs = f"&lol{level - 1};" * 10
        lines.append(f'<!ENTITY lol{level} "{refs}">')
    subset = "\n".join(lines)
    return f'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n{subset}\n]>\n<Project>&lol9;</Project>\n'


def test_billion_laughs_is_refused_in_under_a_second(tmp_path: Path) -> None:
    path = _write(tmp_path / "lol.xml", _billion_laughs())
    started = time.perf_counter()
    error = _refusal(path)
    assert time.perf_counter() - started < HANG
    assert error.message == DTD_MESSAGE


def test_quadratic_blowup_is_refused_in_under_a_second(tmp_path: Path) -> None:
    entity = "x" * 50_000
    body = "&a;" * 50_000
    path = _write(
        tmp_path / "quad.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY a "{entity}">]>\n'
        f"<Project>{body}</Project>\n",
    )
    started = time.perf_counter()
    error = _refusal(path)
    assert time.perf_counter() - started < HANG
    assert error.message == DTD_MESSAGE


# --- R13: oversized and absurd files ------------------------------------------------------


def test_200k_deep_nesting_is_refused_without_recursion_error(tmp_path: Path) -> None:
    depth = 200_000
    path = _write(tmp_path / "deep.xml", "<a>" * depth + "</a>" * depth)
    started = time.perf_counter()
    with pytest.raises(ImportRejected) as info:
        parse_xml(path)
    assert time.perf_counter() - started < HANG
    assert f"nested more than {MAX_DEPTH} deep" in info.value.message
    assert info.value.line == 1


def test_depth_cap_is_exact(tmp_path: Path) -> None:
    ok = _write(tmp_path / "ok.xml", "<a>" * MAX_DEPTH + "</a>" * MAX_DEPTH)
    parse_xml(ok)
    deep = _write(tmp_path / "deep.xml", "<a>\n" * (MAX_DEPTH + 1) + "</a>" * (MAX_DEPTH + 1))
    with pytest.raises(ImportRejected) as info:
        parse_xml(deep)
    assert info.value.line == MAX_DEPTH + 1


def test_a_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    with big.open("wb") as stream:  # sparse: costs no disk space and no time
        stream.truncate(MAX_BYTES + 1)
    started = time.perf_counter()
    with pytest.raises(ImportRejected) as info:
        parse_xml(big)
    assert time.perf_counter() - started < HANG
    assert "more than the 100 MB" in info.value.message


def test_the_size_cap_can_be_lowered(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.xml", "<Project>" + " " * 2000 + "</Project>")
    with pytest.raises(ImportRejected):
        parse_xml(path, max_bytes=1000)
    assert parse_xml(path).root.tag == "Project"


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (b"", None, "empty"),
        (b"<Project>\n<Name>x</Nam>\n</Project>", 2, "mismatched tag"),
        (b"<Project>\n<Name>x</Name>\n", 3, "no element found"),
        (b"not xml at all", 1, "syntax error"),
        (b'<?xml version="1.0" encoding="klingon"?><Project/>', None, ""),
        (b"<Project>\xff\xfe</Project>", 1, "not well-formed"),
    ],
)
def test_malformed_files_name_the_line(
    tmp_path: Path, content: bytes, line: int | None, words: str
) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    with pytest.raises(ImportRejected) as info:
        parse_xml(path)
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith("bad.xml: ")


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected, match="cannot open"):
        parse_xml(tmp_path / "nope.xml")
    with pytest.raises(ImportRejected, match="not a regular file"):
        parse_xml(tmp_path)


def test_line_numbers_are_found_on_demand(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.xml", "<A>\n  <B>\n    <C/>\n  </B>\n  <D/>\n</A>\n")
    document = parse_xml(path)
    b, d = list(document.root)
    assert document.line(document.root) == 1
    assert document.line(b) == 2
    assert document.line(b[0]) == 3
    assert document.line(d) == 5


# --- the exception itself --------------------------------------------------------------


def test_import_rejected_reads_like_a_sentence_and_pickles() -> None:
    error = ImportRejected(
        Path("/x/plan.xml"),
        "cannot read 'P3X' as a duration",
        line=40,
        place="Task UID 12",
        field="Duration",
    )
    assert str(error) == "plan.xml: line 40, Task UID 12, Duration: cannot read 'P3X' as a duration"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.line, copy.place, copy.field, str(copy)) == (
        40,
        "Task UID 12",
        "Duration",
        str(error),
    )
    assert str(ImportRejected("a.xml", "empty")) == "a.xml: empty"


# --- R16a: fuzzing ------------------------------------------------------------------------

_SAMPLE = (Path(__file__).parents[2] / "data" / "mspdi" / "full.xml").read_bytes()


@settings(
    max_examples=150,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.binary(max_size=2000))
def test_random_bytes_are_imported_or_refused_cleanly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.xml"
    path.write_bytes(data)
    with contextlib.suppress(ImportRejected):
        read_mspdi(path)


@settings(
    max_examples=150,
    deadline=3000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cut=st.integers(min_value=0, max_value=len(_SAMPLE)),
    length=st.integers(min_value=0, max_value=40),
    junk=st.binary(max_size=12),
)
def test_mutated_project_files_are_imported_or_refused_cleanly(
    tmp_path: Path, cut: int, length: int, junk: bytes
) -> None:
    path = tmp_path / "mutant.xml"
    path.write_bytes(_SAMPLE[:cut] + junk + _SAMPLE[cut + length :])
    try:
        result = read_mspdi(path)
    except ImportRejected as error:
        assert error.file == path
    else:
        assert len(result.portfolio.projects) == 1
