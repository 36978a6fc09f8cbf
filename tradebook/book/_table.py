"""One table of the book in memory: its records {id: doc} in pages of 1,024 ids.

A reader keeps what it was handed (a picture of the book) while writes go on, so a table once
handed out is never changed. A write to it makes a successor that shares every page but the one
the record lives in: saving one contact copies a page, not ten years of contact log.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from itertools import chain, islice
from typing import Any

#: a record: its table's Struct, or the dict it was read as
Doc = Any

SHIFT = 10  # 1,024 ids a page


class Table(Mapping[int, Doc]):
    """Read like a dict of {id: doc}, in id order. `put` only on a table not `shared`."""

    __slots__ = ("_pages", "_len", "_owned", "shared")

    #: iteration is in id order (BookView lists a table without sorting it)
    in_id_order = True

    def __init__(
        self,
        pages: dict[int, dict[int, Doc]] | None = None,
        length: int = 0,
        owned: set[int] | None = None,
    ) -> None:
        self._pages: dict[int, dict[int, Doc]] = {} if pages is None else pages
        self._len = length
        #: pages this table may change in place (the others are shared with another table)
        self._owned: set[int] = set(self._pages) if owned is None else owned
        #: handed to a reader: never to be changed again
        self.shared = False

    @classmethod
    def of(cls, docs: Mapping[int, Doc]) -> Table:
        """A table holding `docs`, cut into pages without looking at each record in Python."""
        if isinstance(docs, Table):
            return docs
        keys = list(docs)
        if keys != sorted(keys):
            keys.sort()
            docs = {key: docs[key] for key in keys}
        pages: dict[int, dict[int, Doc]] = {}
        items = iter(docs.items())
        at, count = 0, len(keys)
        while at < count:
            page = keys[at] >> SHIFT
            end = bisect_left(keys, (page + 1) << SHIFT, at)
            pages[page] = dict(islice(items, end - at))
            at = end
        return cls(pages, count)

    # ----- reading -------------------------------------------------------------------

    def __getitem__(self, doc_id: int) -> Doc:
        try:
            return self._pages[doc_id >> SHIFT][doc_id]
        except (KeyError, TypeError):
            raise KeyError(doc_id) from None

    def get(self, doc_id: Any, default: Any = None) -> Any:
        try:
            page = self._pages[doc_id >> SHIFT]
        except (KeyError, TypeError):
            return default
        return page.get(doc_id, default)

    def __contains__(self, doc_id: object) -> bool:
        try:
            return doc_id in self._pages[doc_id >> SHIFT]  # type: ignore[operator]
        except (KeyError, TypeError):
            return False

    def __iter__(self) -> Iterator[int]:
        return chain.from_iterable(self._pages.values())

    def __len__(self) -> int:
        return self._len

    def keys(self) -> _Keys:
        return _Keys(self)

    def values(self) -> _Values:
        return _Values(self)

    def items(self) -> _Items:
        return _Items(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return len(self) == len(other) and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Table({dict(self.items())!r})"

    def __reduce__(self):
        return (Table.of, (dict(self.items()),))

    @property
    def last_id(self) -> int | None:
        """The highest id, or None when empty."""
        for page in reversed(self._pages.values()):
            if page:
                return next(reversed(page))
        return None

    def pages(self) -> Iterator[dict[int, Doc]]:
        """The pages in id order (for writing the table out); never to be changed."""
        return iter(self._pages.values())

    # ----- writing -------------------------------------------------------------------

    def thaw(self) -> Table:
        """A writable successor: shares every page until it writes to it."""
        return Table(dict(self._pages), self._len, set())

    def put(self, doc_id: int, doc: Doc) -> None:
        """Insert or replace one record (never on a shared table)."""
        assert not self.shared, "a table handed to a reader is never changed"
        number = doc_id >> SHIFT
        page = self._pages.get(number)
        if page is None:
            page = {}
            last = next(reversed(self._pages), None)
            self._pages[number] = page
            if last is not None and number < last:  # pages stay in id order
                self._pages = dict(sorted(self._pages.items()))
        elif number not in self._owned:
            page = self._pages[number] = dict(page)
        self._owned.add(number)
        if doc_id not in page:
            self._len += 1
            if page and doc_id < next(reversed(page)):
                page[doc_id] = doc
                ordered = dict(sorted(page.items()))
                page.clear()
                page.update(ordered)
                return
        page[doc_id] = doc


class _Keys(KeysView[int]):
    __slots__ = ()
    _mapping: Table  # set by MappingView.__init__

    def __iter__(self) -> Iterator[int]:
        return iter(self._mapping)


class _Values(ValuesView[Doc]):
    __slots__ = ()
    _mapping: Table  # set by MappingView.__init__

    def __iter__(self) -> Iterator[Doc]:
        return chain.from_iterable(map(dict.values, self._mapping._pages.values()))


class _Items(ItemsView[int, Doc]):
    __slots__ = ()
    _mapping: Table  # set by MappingView.__init__

    def __iter__(self) -> Iterator[tuple[int, Doc]]:
        return chain.from_iterable(map(dict.items, self._mapping._pages.values()))
