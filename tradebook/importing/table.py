"""Reading a CSV export without trusting it: its size, whether it is text at all, its
encoding (UTF-8 with or without a BOM, Windows-1252 as Excel writes it, UTF-16), its
delimiter, the title lines a report puts above its header, and rows whose cells do not line
up with the header. A cell is only ever text: a formula is kept as the text it is, never run.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tradebook.errors import BadInput

#: An export of a small business's invoices is a few MB at most; past this it is not one.
MAX_BYTES = 50 * 1024 * 1024
#: A report puts its title, the company and the period above the header.
HEADER_SEARCH_ROWS = 40
_DELIMITERS = (",", ";", "\t")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_TEXT_LITERAL = re.compile(
    r'^="(.*)"$', re.DOTALL
)  # ="00123": Excel's way to keep a number as text


def column_key(name: str) -> str:
    """How a header is compared: case, punctuation and spacing set aside (`Total ($)` → `total`)."""
    return _NOT_WORD.sub(" ", name.casefold()).strip()


def cell_text(raw: str) -> str:
    """A cell's text, trimmed; `="1043"` (Excel's text literal) is read as `1043`."""
    text = raw.strip()
    literal = _TEXT_LITERAL.match(text)
    return literal.group(1).strip() if literal else text


@dataclass(frozen=True)
class Row:
    """One record of the file: the line it starts on and its cells, by header key."""

    line: int
    cells: tuple[str, ...]
    keys: tuple[str, ...]
    ragged: str | None = None  # why the cells do not line up with the header, if they do not

    def get(self, key: str | None) -> str:
        if key is None:
            return ""
        try:
            return self.cells[self.keys.index(key)]
        except (ValueError, IndexError):
            return ""

    @property
    def blank(self) -> bool:
        return not any(self.cells)


@dataclass
class Table:
    name: str
    encoding: str
    header: tuple[str, ...]  # the header's keys
    header_line: int
    rows: list[Row] = field(default_factory=list)


def read_text(path: Path) -> tuple[str, str]:
    """The file's text and the encoding it was read in; one clear refusal for anything else."""
    name = path.name
    try:
        if path.is_dir():
            raise BadInput(f"{path} is a folder, not a CSV file")
        size = path.stat().st_size
    except FileNotFoundError:
        raise BadInput(f"no file at {path}") from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
    if size == 0:
        raise BadInput(f"{name} is empty")
    if size > MAX_BYTES:
        raise BadInput(
            f"{name} is {size / 1e6:.0f} MB — far more than an export of invoices; "
            f"export a shorter period (at most {MAX_BYTES // 2**20} MB a file)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
    what = _not_csv(data)
    if what:
        raise BadInput(
            f"{name} is {what}, not a CSV file — export or save it as CSV and import that"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise BadInput(f"{name} is not readable text (a broken UTF-16 file)") from None
    if b"\x00" in data:
        raise BadInput(
            f"{name} is not a text file (it holds binary data) — is it really a CSV export?"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text[:65536])) > 8:
            raise BadInput(
                f"{name} is not a text file (it holds binary data) — is it really a CSV export?"
            )
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise BadInput(
        f"{name} is neither UTF-8 nor Windows-1252 text — save it as CSV UTF-8 and try again"
    )


def _not_csv(data: bytes) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        return "an Excel workbook or another zip file"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel workbook (.xls)"
    if data.startswith(b"%PDF"):
        return "a PDF"
    return None


def read_table(path: Path, is_header: Callable[[tuple[str, ...]], bool], expected: str) -> Table:
    """The file's rows under the first row `is_header` accepts (tried with a comma, then a
    semicolon, then a tab between cells). `expected` names the columns for the refusal."""
    text, encoding = read_text(path)
    for delimiter in _DELIMITERS:
        found = _find_header(text, delimiter, is_header, path.name)
        if found is None:
            continue
        header, header_line, records = found
        table = Table(path.name, encoding, header, header_line)
        width = len(header)
        for line, raw in records:
            cells = tuple(cell_text(c) for c in raw)
            if len(cells) > width and any(cells[width:]):
                ragged = f"{len(cells)} cells where the header has {width}"
            elif len(cells) < width and any(cells):
                ragged = f"only {len(cells)} cells where the header has {width}"
            else:
                ragged = None
            table.rows.append(Row(line, cells, header, ragged))
        return table
    raise BadInput(
        f"{path.name} has no header row with {expected} in its first "
        f"{HEADER_SEARCH_ROWS} lines — is it the right export, and the right --from?"
    )


def _find_header(
    text: str, delimiter: str, is_header: Callable[[tuple[str, ...]], bool], name: str
) -> tuple[tuple[str, ...], int, Iterator[tuple[int, list[str]]]] | None:
    records = _records(text, delimiter, name)
    for _ in range(HEADER_SEARCH_ROWS):
        try:
            line, raw = next(records)
        except StopIteration:
            return None
        keys = tuple(column_key(cell_text(c)) for c in raw)
        if is_header(keys):
            return keys, line, records
    return None


def _records(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; a cell may run over several lines inside quotes."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    last = 0
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BadInput(f"{name} line {last + 1}: cannot be read as CSV ({exc})") from None
        yield last + 1, raw
        last = reader.line_num
