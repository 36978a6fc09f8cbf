"""The bytes of the book: the TinyDB-layout snapshot and the checksummed journal lines.

Snapshot: ``{"_meta": {"1": {"schema": S, "seq": N}}, "<table>": {"<id>": {...}, ...}, ...}`` —
stock TinyDB opens it. Journal: one line per committed transaction,
``<crc32 of payload, 8 hex digits> <payload>\\n`` with payload ``{"seq": N, "ops": [...]}`` and
each op ``["i", table, id, doc]`` (insert) or ``["u", table, id, fields]`` (shallow update).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any

import orjson

from tradebook.book._table import Table
from tradebook.errors import BadInput

META = "_meta"
Tables = dict[str, dict[int, dict]]


class Corrupt(Exception):
    """What is wrong with a file of the book, in words a person can follow."""


def _kind(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true/false",
    }.get(type(value), "null")


def parse_snapshot(data: bytes, *, lazy: bool = False) -> tuple[Tables, dict[str, memoryview], int, int]:
    """(parsed tables with int ids, unparsed tables, schema, seq) from snapshot bytes.

    A snapshot laid out as `dump_snapshot` writes it, with every length still right, can be
    read lazily: only its `_meta` line is parsed now and each table comes back as its raw JSON,
    for `parse_table` when first needed. Anything else (an older layout, a hand edit, a cut-off
    file) is parsed whole, here. Corrupt if the bytes are not a book.
    """
    if lazy:
        split = _split_lines(data)
        if split is not None:
            schema, seq, raw = split
            return {}, raw, schema, seq
    if not data.strip():
        raise Corrupt("the file is empty")
    try:
        whole = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise Corrupt(f"the file is cut short or not valid JSON ({exc})") from None
    if type(whole) is not dict:
        raise Corrupt(f"the file holds {_kind(whole)}, not a book")
    meta = whole.pop(META, None)
    if meta is None:
        raise Corrupt("it has no _meta table, so it is not a tradebook book")
    schema, seq, _lines = _read_meta(meta)
    tables = {name: _table(name, table) for name, table in whole.items()}
    return tables, {}, schema, seq


def parse_table(name: str, data: bytes | memoryview) -> dict[int, dict]:
    """One table of a lazily read snapshot, checked as the whole-file parse checks it."""
    try:
        table = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise Corrupt(f"table {name!r} is damaged ({exc})") from None
    return _table(name, table)


def _read_meta(meta: object) -> tuple[int, int, object]:
    record = meta.get("1") if type(meta) is dict else None
    if type(record) is not dict:
        raise Corrupt("its _meta table is malformed")
    schema, seq = record.get("schema", 0), record.get("seq", 0)
    if type(schema) is not int or schema < 0 or type(seq) is not int or seq < 0:
        raise Corrupt("its _meta record holds a schema or seq that is not a whole number")
    return schema, seq, record.get("lines")


def _table(name: str, table: object) -> dict[int, dict]:
    if type(table) is not dict:
        raise Corrupt(f"table {name!r} is {_kind(table)}, not an object")
    try:
        docs = {int(key): doc for key, doc in table.items()}
    except ValueError:
        raise Corrupt(f"table {name!r} has a record id that is not a number") from None
    if len(docs) != len(table) or not all(type(doc) is dict for doc in docs.values()):
        raise Corrupt(f"table {name!r} holds a record that is not an object")
    return docs


_HEAD = b'{"' + META.encode() + b'":'


def _split_lines(data: bytes) -> tuple[int, int, dict[str, memoryview]] | None:
    """(schema, seq, {table: its JSON}) when `data` is exactly as `dump_snapshot` wrote it."""
    if not data.startswith(_HEAD):
        return None
    end = data.find(b",\n")
    if end < 0:
        end = len(data) - 1  # a book with no tables: the whole file is the _meta line
    try:
        schema, seq, lines = _read_meta(orjson.loads(data[len(_HEAD):end]))
    except (orjson.JSONDecodeError, Corrupt):
        return None
    if type(lines) is not list:
        return None
    view, at, raw = memoryview(data), end, {}
    for line in lines:
        if not (type(line) is list and len(line) == 2 and type(line[0]) is str
                and type(line[1]) is int and line[0] != META and line[0] not in raw):
            return None
        name, size = line
        prefix = orjson.dumps(name) + b":"
        start = at + 2  # past ",\n"
        if data[at:start] != b",\n" or data[start:start + len(prefix)] != prefix:
            return None
        raw[name] = view[start + len(prefix):start + size]
        at = start + size
    if at != len(data) - 1 or data[at:] != b"}":
        return None  # cut short, or more than the lengths account for
    return schema, seq, raw


def table_json(table: Mapping[int, dict]) -> bytes:
    if isinstance(table, Table):
        chunks = [orjson.dumps(page, option=orjson.OPT_NON_STR_KEYS) for page in table.pages() if page]
        return b"{" + b",".join(chunk[1:-1] for chunk in chunks) + b"}"
    return orjson.dumps(table, option=orjson.OPT_NON_STR_KEYS)


def dump_snapshot(tables: Mapping[str, Mapping[int, dict]], schema: int, seq: int) -> bytes:
    """The whole book, one table to a line, with each line's length in `_meta` so a reader can
    parse a table only when it needs it. Still one JSON object in TinyDB's layout."""
    lines = [orjson.dumps(name) + b":" + table_json(table) for name, table in tables.items()]
    meta = {"1": {"schema": schema, "seq": seq,
                  "lines": [[name, len(line)] for name, line in zip(tables, lines, strict=True)]}}
    return b",\n".join([_HEAD + orjson.dumps(meta), *lines]) + b"}"


# ----- journal --------------------------------------------------------------------------


def encode_op(kind: str, table: str, doc_id: int, body: bytes) -> bytes:
    return b'["%b",%b,%d,%b]' % (kind.encode(), orjson.dumps(table), doc_id, body)


def journal_line(seq: int, ops: list[bytes]) -> tuple[bytes, bytes]:
    """(payload, line) for one transaction's encoded ops."""
    payload = b'{"seq":%d,"ops":[%b]}' % (seq, b",".join(ops))
    return payload, b"%08x %b\n" % (zlib.crc32(payload), payload)


def _decode_line(line: bytes) -> tuple[int, list] | None:
    if len(line) < 10 or line[8:9] != b" ":
        return None
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return None
    payload = line[9:]
    if zlib.crc32(payload) != crc:
        return None
    try:
        entry = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return None
    if type(entry) is not dict or type(entry.get("seq")) is not int:
        return None
    ops = entry.get("ops")
    if type(ops) is not list or not all(_valid_op(op) for op in ops):
        return None
    return entry["seq"], ops


def _valid_op(op: Any) -> bool:
    return (
        type(op) is list
        and len(op) == 4
        and op[0] in ("i", "u")
        and type(op[1]) is str
        and op[1] != META
        and type(op[2]) is int
        and type(op[3]) is dict
    )


def parse_journal(data: bytes) -> tuple[list[tuple[int, list]], int, int]:
    """(entries, bytes up to the end of the last good line, number of good lines).

    The last line may be torn (no newline) or fail its checksum: that write was never
    acknowledged, so it is ignored. A bad line with anything after it is damage.
    """
    lines = data.split(b"\n")
    tail = lines.pop()  # b"" when the data ends with a newline, else a torn write
    entries: list[tuple[int, list]] = []
    end = 0
    for number, line in enumerate(lines, 1):
        entry = _decode_line(line)
        if entry is None:
            if number == len(lines) and not tail:
                break
            raise Corrupt(f"line {number} of its journal is corrupt")
        entries.append(entry)
        end += len(line) + 1
    return entries, end, len(entries)


# ----- documents ------------------------------------------------------------------------


def encode_doc(doc: object, what: str) -> bytes:
    """JSON bytes of a record; BadInput unless it is made of str/int/bool/None/list/dict.

    Floats are refused: the book keeps money exact (integer cents, decimal strings).
    """
    if type(doc) is not dict:
        raise BadInput(f"{what} must be a dict, not {type(doc).__name__}")
    _check_value(doc, what)
    try:
        return orjson.dumps(doc)
    except orjson.JSONEncodeError as exc:
        raise BadInput(f"{what} cannot be stored: {exc}") from None


def _check_value(value: object, where: str) -> None:
    if value is None or isinstance(value, (str, int)):  # bool is an int; str/int enums are fine
        return
    if isinstance(value, float):
        raise BadInput(
            f"{where} is a float; store money as integer cents and quantities as decimal strings"
        )
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise BadInput(f"{where} has a key {key!r} that is not a string")
            _check_value(item, f"{where}.{key}")
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_value(item, f"{where}[{index}]")
        return
    raise BadInput(
        f"{where} holds a {type(value).__name__}, which the book cannot store "
        "(use str, int, bool, None, list or dict)"
    )
