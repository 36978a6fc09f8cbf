"""The bytes of the book: the TinyDB-layout snapshot and the checksummed journal lines.

Snapshot: ``{"_meta": {"1": {"schema": S, "seq": N}}, "<table>": {"<id>": {...}, ...}, ...}`` —
stock TinyDB opens it. Journal: one line per committed transaction,
``<crc32 of payload, 8 hex digits> <payload>\\n`` with payload ``{"seq": N, "ops": [...]}`` and
each op ``["i", table, id, doc]`` (insert) or ``["u", table, id, fields]`` (shallow update).
"""

from __future__ import annotations

import zlib
from typing import Any

import orjson

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


def parse_snapshot(data: bytes) -> tuple[Tables, int, int]:
    """(tables with int ids, schema, seq) from snapshot bytes; Corrupt if they are not a book."""
    if not data.strip():
        raise Corrupt("the file is empty")
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise Corrupt(f"the file is cut short or not valid JSON ({exc})") from None
    if type(raw) is not dict:
        raise Corrupt(f"the file holds {_kind(raw)}, not a book")
    meta_table = raw.pop(META, None)
    if meta_table is None:
        raise Corrupt("it has no _meta table, so it is not a tradebook book")
    meta = meta_table.get("1") if type(meta_table) is dict else None
    if type(meta) is not dict:
        raise Corrupt("its _meta table is malformed")
    schema, seq = meta.get("schema", 0), meta.get("seq", 0)
    if type(schema) is not int or schema < 0 or type(seq) is not int or seq < 0:
        raise Corrupt("its _meta record holds a schema or seq that is not a whole number")
    tables: Tables = {}
    for name, table in raw.items():
        if type(table) is not dict:
            raise Corrupt(f"table {name!r} is {_kind(table)}, not an object")
        try:
            docs = {int(key): doc for key, doc in table.items()}
        except ValueError:
            raise Corrupt(f"table {name!r} has a record id that is not a number") from None
        if len(docs) != len(table) or not all(type(doc) is dict for doc in docs.values()):
            raise Corrupt(f"table {name!r} holds a record that is not an object")
        tables[name] = docs
    return tables, schema, seq


def dump_snapshot(tables: Tables, schema: int, seq: int) -> bytes:
    return orjson.dumps(
        {META: {"1": {"schema": schema, "seq": seq}}, **tables}, option=orjson.OPT_NON_STR_KEYS
    )


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


def apply_ops(tables: Tables, next_ids: dict[str, int], ops: list) -> str | None:
    """Apply one transaction's ops all together, or none of them and say why not."""
    staged: dict[tuple[str, int], dict] = {}
    for kind, name, doc_id, body in ops:
        key = (name, doc_id)
        current = staged[key] if key in staged else tables.get(name, {}).get(doc_id)
        if kind == "i":
            if current is not None:
                return f"it inserts record {doc_id} of {name!r} twice"
            staged[key] = body
        else:
            if current is None:
                return f"it updates record {doc_id} of {name!r}, which does not exist"
            staged[key] = {**current, **body}
    for (name, doc_id), doc in staged.items():
        table = tables.get(name)
        if table is None:
            table = tables[name] = {}
        table[doc_id] = doc
        if doc_id >= next_ids.get(name, 1):
            next_ids[name] = doc_id + 1
    return None


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
