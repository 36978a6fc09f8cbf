"""The contact log is evidence: each entry carries the hash of the one before it.

Changing, removing or reordering any entry breaks the chain from that entry on, and
`verify_chain` names the first one that does not match.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import msgspec
import orjson

from tradebook.domain.view import Doc

GENESIS = "0" * 64


def entry_hash(entry: Doc) -> str:
    """sha256 of the entry's canonical JSON, without its own `hash` field."""
    body = {k: v for k, v in msgspec.to_builtins(entry).items() if k != "hash"}
    # Compact, keys sorted, UTF-8: the same bytes as json.dumps(sort_keys=True,
    # separators=(",", ":"), ensure_ascii=False), several times faster on a long log.
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def seal(entry: Doc, prev_hash: str) -> Doc:
    """The entry with `prev` and `hash` set, ready to append."""
    sealed = dict(entry, prev=prev_hash)
    sealed["hash"] = entry_hash(sealed)
    return sealed


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    count: int
    first_bad: str | None = None
    reason: str = ""
    head: str = GENESIS

    def describe(self) -> str:
        if self.ok:
            return f"OK: {self.count} contact entries, hash chain intact (head {self.head[:12]})"
        return f"{self.first_bad} does not match: {self.reason}"


def verify_chain(entries: Iterable[Doc]) -> ChainCheck:
    """Walk the log in the order it was written (by id) and check every link."""
    prev = GENESIS
    count = 0
    for entry in entries:
        count += 1
        if entry.get("prev") != prev:
            return ChainCheck(
                False,
                count,
                entry.get("ref"),
                "its link to the previous entry is broken (an entry was removed or changed)",
                prev,
            )
        if entry.get("hash") != entry_hash(entry):
            return ChainCheck(
                False,
                count,
                entry.get("ref"),
                "its content was changed after it was recorded",
                prev,
            )
        prev = entry["hash"]
    return ChainCheck(True, count, head=prev)


def verify_chains(entries: Iterable[Doc]) -> dict[str, ChainCheck]:
    """Each series' own chain (a shared book: one per device; "" is the plain series), each
    walked in the order it was written. A single-file book has the one plain chain."""
    from tradebook.domain.refs import parse_ref, series_of

    series: dict[str, list[Doc]] = {}
    for entry in entries:
        parsed = parse_ref(str(entry.get("ref", "")))
        series.setdefault(series_of(parsed[1]) if parsed else "", []).append(entry)
    return {name: verify_chain(log) for name, log in sorted(series.items())}
