"""The bytes of the book: the TinyDB-layout snapshot and the checksummed journal lines.

Snapshot: ``{"_meta": {"1": {"schema": S, "seq": N}}, "<table>": {"<id>": {...}, ...}, ...}`` —
stock TinyDB opens it. Written by `dump_snapshot`, `_meta` also lists each table's line (its
length, the crc32 of its JSON, and where its last record starts), so a reader parses a table only
when it needs it, checks the rest without parsing, and finds a table's newest record alone.
Journal: one line per committed transaction,
``<crc32 of payload, 8 hex digits> <payload>\\n`` with payload ``{"seq": N, "ops": [...]}`` and
each op ``["i", table, id, doc]`` (insert) or ``["u", table, id, fields]`` (shallow update).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import msgspec
import orjson

from tradebook.book._table import SHIFT, Table
from tradebook.errors import BadInput
from tradebook.model.records import TABLE_TYPES, Shape

META = "_meta"
#: a record as the store holds it: its table's Struct, or (a record that does not fit it, or a
#: table with no Struct) the dict it was read as
Doc = Any
Tables = dict[str, dict[int, Doc]]
#: (the table's highest id, where that record's JSON starts within the table's JSON)
Tail = tuple[int, int]


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


@dataclass(slots=True)
class Snapshot:
    """A snapshot file read: parsed tables, and (read lazily) the raw JSON of the others."""

    tables: Tables
    unread: dict[str, memoryview]
    schema: int
    seq: int
    #: crc32 of each unread table's JSON (tables of an older layout have none)
    sums: dict[str, int] = field(default_factory=dict)
    #: each unread table's newest record: its id and where its JSON starts
    tails: dict[str, Tail] = field(default_factory=dict)
    #: where each unread table's pages start within its JSON (to parse it a page at a time)
    splits: dict[str, list[int]] = field(default_factory=dict)


def parse_snapshot(
    data: bytes, *, lazy: bool = False
) -> tuple[Tables, dict[str, memoryview], int, int]:
    """(parsed tables with int ids, unparsed tables, schema, seq) from snapshot bytes."""
    snap = read_snapshot(data, lazy=lazy)
    return snap.tables, snap.unread, snap.schema, snap.seq


def read_snapshot(data: bytes, *, lazy: bool = False) -> Snapshot:
    """The snapshot in `data`.

    A snapshot laid out as `dump_snapshot` writes it, with every length still right, can be
    read lazily: only its `_meta` line is parsed now and each table comes back as its raw JSON,
    for `parse_table` when first needed. Anything else (an older layout, a hand edit, a cut-off
    file) is parsed whole, here. Corrupt if the bytes are not a book.
    """
    if lazy:
        split = _split_lines(data)
        if split is not None:
            return split
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
    schema, seq, _record = _read_meta(meta)
    tables = {name: typed_table(name, _table(name, table)) for name, table in whole.items()}
    return Snapshot(tables, {}, schema, seq)


def parse_pages(name: str, data: bytes | memoryview, splits: list[int]) -> Table | None:
    """A table parsed a page at a time, at the starts `_meta` gives (None if they do not fit
    it: the whole-table parse then says what is wrong). Between pages another thread (the
    app's, drawing and reading keys) gets its turn: ten years of contacts never stop it."""
    ends = [*splits[1:], len(data)]
    pages: dict[int, dict[int, dict]] = {}
    count, previous = 0, None
    for start, end in zip(splits, ends, strict=True):
        if data[start - 1 : start] not in (b"{", b",") or data[start : start + 1] != b'"':
            return None
        try:
            docs = _decode_table(name, b"".join((b"{", data[start : end - 1], b"}")))
        except Corrupt:
            return None
        if not docs:
            return None
        keys = list(docs)
        first, last = keys[0], keys[-1]
        if (previous is not None and first <= previous) or keys != sorted(keys):
            return None
        if first >> SHIFT == last >> SHIFT and (first >> SHIFT) not in pages:
            pages[first >> SHIFT] = docs
        else:
            for doc_id, doc in docs.items():
                pages.setdefault(doc_id >> SHIFT, {})[doc_id] = doc
        previous = last
        count += len(docs)
    return Table(pages, count)


def parse_table(name: str, data: bytes | memoryview) -> dict[int, Doc]:
    """One table of a lazily read snapshot, checked as the whole-file parse checks it."""
    return _decode_table(name, data)


_DECODERS = {
    name: msgspec.json.Decoder(cast(Any, dict[int, kind]))  # type: ignore[valid-type]
    for name, kind in TABLE_TYPES.items()
}
_RECORD_DECODERS = {name: msgspec.json.Decoder(kind) for name, kind in TABLE_TYPES.items()}
_ENCODER = msgspec.json.Encoder()
encode = _ENCODER.encode


def _decode_table(name: str, data: bytes | memoryview) -> dict[int, Doc]:
    """The table's records as its Structs, decoded straight from the JSON. A table that does
    not decode strictly (a record edited by hand, a key tradebook does not know) is read as
    dicts instead and each record typed on its own: the ones that do not fit stay the dicts
    they were, for `tradebook verify` to name, and nothing of them is lost."""
    decoder = _DECODERS.get(name)
    if decoder is not None:
        try:
            return decoder.decode(data)
        except msgspec.DecodeError:
            pass  # ValidationError or broken JSON: the dict parse below says which
    try:
        table = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise Corrupt(f"table {name!r} is damaged ({exc})") from None
    return typed_table(name, _table(name, table))


def typed_table(name: str, docs: dict[int, Any]) -> dict[int, Doc]:
    """`docs` (plain dicts) with every record that fits its table's Struct converted to it."""
    if name not in TABLE_TYPES:
        return docs
    return {doc_id: typed(name, doc) for doc_id, doc in docs.items()}


def typed(name: str, doc: Doc) -> Doc:
    """A record of table `name` as its Struct, or the dict itself when it does not fit one."""
    kind = TABLE_TYPES.get(name)
    if kind is None or type(doc) is not dict:
        return doc
    try:
        return msgspec.convert(doc, kind)
    except msgspec.ValidationError:
        return doc


def typed_json(name: str, body: bytes | memoryview) -> Doc | None:
    """One record from its JSON: its table's Struct when it fits, else the dict (None if the
    JSON is not an object)."""
    decoder = _RECORD_DECODERS.get(name)
    if decoder is not None:
        try:
            return decoder.decode(body)
        except msgspec.DecodeError:
            pass
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    return doc if type(doc) is dict else None


def merged(name: str, current: Doc, fields: dict) -> Doc:
    """The record with `fields` (as read back from JSON) laid over it: a shallow update."""
    if isinstance(current, Shape):
        try:
            changed = msgspec.structs.replace(current, **fields)
        except TypeError:  # a key its Struct does not have: the record becomes a dict
            return {**msgspec.to_builtins(current), **fields}
        # the new values arrive as plain JSON: decoding the record again types and checks them
        return typed_json(name, encode(changed)) or changed
    return typed(name, {**current, **fields})


def problem(name: str, doc: dict) -> str | None:
    """Why a record of table `name` (a dict) does not fit its Struct, in the decoder's words
    (None if it does, or the table has none)."""
    kind = TABLE_TYPES.get(name)
    if kind is None:
        return None
    try:
        msgspec.convert(doc, kind)
    except msgspec.ValidationError as exc:
        return str(exc)
    return None


def _read_meta(meta: object) -> tuple[int, int, dict]:
    record = meta.get("1") if type(meta) is dict else None
    if type(record) is not dict:
        raise Corrupt("its _meta table is malformed")
    schema, seq = record.get("schema", 0), record.get("seq", 0)
    if type(schema) is not int or schema < 0 or type(seq) is not int or seq < 0:
        raise Corrupt("its _meta record holds a schema or seq that is not a whole number")
    return schema, seq, record


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


def _split_lines(data: bytes) -> Snapshot | None:
    """The snapshot, its tables unparsed, when `data` is exactly as `dump_snapshot` wrote it."""
    if not data.startswith(_HEAD):
        return None
    end = data.find(b",\n")
    if end < 0:
        end = len(data) - 1  # a book with no tables: the whole file is the _meta line
    try:
        schema, seq, record = _read_meta(orjson.loads(data[len(_HEAD) : end]))
    except (orjson.JSONDecodeError, Corrupt):
        return None
    lines = record.get("lines")
    if type(lines) is not list:
        return None
    view, at, raw = memoryview(data), end, {}
    for line in lines:
        if not (
            type(line) is list
            and len(line) == 2
            and type(line[0]) is str
            and type(line[1]) is int
            and line[0] != META
            and line[0] not in raw
        ):
            return None
        name, size = line
        prefix = orjson.dumps(name) + b":"
        start = at + 2  # past ",\n"
        if data[at:start] != b",\n" or data[start : start + len(prefix)] != prefix:
            return None
        raw[name] = view[start + len(prefix) : start + size]
        at = start + size
    if at != len(data) - 1 or data[at:] != b"}":
        return None  # cut short, or more than the lengths account for
    return Snapshot({}, raw, schema, seq, *_checks(record, raw))


def _checks(
    record: dict, raw: dict[str, memoryview]
) -> tuple[dict[str, int], dict[str, Tail], dict[str, list[int]]]:
    """The checksums, tails and page starts `_meta` gives for these tables."""
    names = list(raw)
    sums, tails, splits = record.get("sums"), record.get("tails"), record.get("splits")
    found_sums: dict[str, int] = {}
    found_tails: dict[str, Tail] = {}
    if type(sums) is list and len(sums) == len(names) and all(type(s) is int for s in sums):
        found_sums = dict(zip(names, sums, strict=True))
    if type(tails) is list and len(tails) == len(names):
        for name, tail in zip(names, tails, strict=True):
            if (
                type(tail) is list
                and len(tail) == 2
                and type(tail[0]) is int
                and type(tail[1]) is int
                and tail[1] > 0
            ):
                found_tails[name] = (tail[0], tail[1])
    found_splits: dict[str, list[int]] = {}
    if type(splits) is list and len(splits) == len(names):
        for name, starts in zip(names, splits, strict=True):
            if (
                type(starts) is list
                and starts
                and all(type(at) is int for at in starts)
                and starts == sorted(set(starts))
                and starts[0] > 0
                and starts[-1] < len(raw[name]) - 1
            ):
                found_splits[name] = starts
    return found_sums, found_tails, found_splits


@dataclass(slots=True)
class Raw:
    """A table still as the JSON it was read as (copied into a new snapshot without parsing),
    with its checksum and tail; `extra` records (all with ids above the tail's) follow it."""

    data: memoryview | bytes
    crc: int
    tail: Tail | None
    splits: list[int] | None
    extra: Table | None = None


#: (a table as JSON, its crc32, its tail, where its pages start)
TableJSON = tuple[bytes, int, Tail | None, list[int] | None]


def table_json(table: Mapping[int, Doc] | Raw) -> TableJSON:
    """The table as JSON, with what `_meta` says of it, worked out without a second dump."""
    if isinstance(table, Raw):
        return _raw_json(table)
    splits = None
    if isinstance(table, Table):
        chunks = [encode(page)[1:-1] for page in table.pages() if page]
        body = b"{" + b",".join(chunks) + b"}"
        splits, at = [], 1
        for chunk in chunks:
            splits.append(at)
            at += len(chunk) + 1
        last = table.last_id
    else:
        body = encode(dict(table))
        ids = list(table)
        last = ids[-1] if ids else None
        if last is not None and (type(last) is not int or last != max(ids)):
            last = None  # not in id order: no tail to give
    tail = _tail(body, last, table.get(last) if last is not None else None)
    return body, zlib.crc32(body), tail, splits or None


def _tail(body: bytes, last: int | None, doc: Doc | None) -> Tail | None:
    if last is None or doc is None:
        return None
    start = len(body) - 1 - len(encode(doc))
    prefix = b'"%d":' % last
    if body[start - len(prefix) : start] != prefix:
        return None
    return (last, start)


def _raw_json(raw: Raw) -> TableJSON:
    if not raw.extra:
        return bytes(raw.data), raw.crc, raw.tail, raw.splits
    more, _crc, more_tail, more_splits = table_json(raw.extra)
    data = bytes(raw.data)
    if len(data) <= 2:  # the snapshot's table was empty
        return more, zlib.crc32(more), more_tail, more_splits
    body = data[:-1] + b"," + more[1:]
    shift = len(data) - 1  # where `more`'s bytes after its "{" land, less one
    tail = None if more_tail is None else (more_tail[0], shift + more_tail[1])
    splits = None
    if raw.splits is not None and more_splits is not None and raw.tail is not None:
        if next(iter(raw.extra)) >> SHIFT == raw.tail[0] >> SHIFT:
            more_splits = more_splits[1:]  # its first records fill the snapshot's last page
        splits = [*raw.splits, *(shift + at for at in more_splits)]
    return body, zlib.crc32(body), tail, splits


def dump_snapshot(tables: Mapping[str, Mapping[int, Doc] | Raw], schema: int, seq: int) -> bytes:
    """The whole book, one table to a line. `_meta` gives each line's length, checksum and tail,
    so a reader can parse a table only when it needs it, check the others without parsing them
    and read a table's newest record alone. Still one JSON object in TinyDB's layout."""
    names = list(tables)
    lines, sums, tails, splits = [], [], [], []
    for name in names:
        body, crc, tail, starts = table_json(tables[name])
        lines.append(orjson.dumps(name) + b":" + body)
        sums.append(crc)
        tails.append(None if tail is None else list(tail))
        splits.append(starts)
    meta = {
        "1": {
            "schema": schema,
            "seq": seq,
            "lines": [[name, len(line)] for name, line in zip(names, lines, strict=True)],
            "sums": sums,
            "tails": tails,
            "splits": splits,
        }
    }
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
    """JSON bytes of a record; BadInput unless it is one of the book's Structs or a dict, made
    of str/int/bool/None/list/dict and Structs.

    Floats are refused: the book keeps money exact (integer cents, decimal strings).
    """
    if type(doc) is not dict and not isinstance(doc, Shape):
        raise BadInput(f"{what} must be a record or a dict, not {type(doc).__name__}")
    _check_value(doc, what)
    try:
        return encode(doc)
    except (msgspec.EncodeError, TypeError, OverflowError) as exc:
        raise BadInput(f"{what} cannot be stored: {exc}") from None


def _check_value(value: object, where: str) -> None:
    if value is None or isinstance(value, (str, int)):  # bool is an int; str/int enums are fine
        if isinstance(value, int) and not -(2**63) <= value < 2**64:
            raise BadInput(f"{where} cannot be stored: the number is too large")
        return
    if isinstance(value, Shape):
        for key in value.__struct_fields__:
            item = getattr(value, key)
            if item is not msgspec.UNSET:
                _check_value(item, f"{where}.{key}")
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
