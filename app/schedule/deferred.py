"""Work done on first use, so an edit can return before the dates nobody has read yet.

When an edit moves a project's finish, nearly every late date and slack of the project
moves with it: a full backward pass and thousands of new records, many times the cost
of the edit itself. ``reschedule`` then hands back a result whose mappings compute all
that the first time anything reads them (once; later reads are plain dict lookups).
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class Deferred(Generic[T]):
    """A computation run once, the first time its value is asked for."""

    __slots__ = ("_compute", "_value")

    def __init__(self, compute: Callable[[], T]) -> None:
        """``compute`` runs at the first ``value()`` call and is then dropped."""
        self._compute: Callable[[], T] | None = compute
        self._value: T | None = None

    @property
    def done(self) -> bool:
        """True once the value has been computed."""
        return self._compute is None

    def value(self) -> T:
        """The computed value (computing it now if nobody asked before)."""
        compute = self._compute
        if compute is not None:
            self._value = compute()
            self._compute = None  # also releases what the computation held on to
        return self._value  # type: ignore[return-value]


class DeferredMapping(Mapping[K, V]):
    """A read-only mapping whose contents come from ``source()`` on first access.

    Every read delegates to the dict ``source`` returns, so after the first access it
    behaves (and compares) like that dict.
    """

    __slots__ = ("_data", "_source")

    def __init__(self, source: Callable[[], Mapping[K, V]]) -> None:
        """``source`` is called at most once."""
        self._source: Callable[[], Mapping[K, V]] | None = source
        self._data: Mapping[K, V] | None = None

    def _mapping(self) -> Mapping[K, V]:
        data = self._data
        if data is None:
            data = self._data = self._source()  # type: ignore[misc]
            self._source = None
        return data

    def __getitem__(self, key: K) -> V:
        return self._mapping()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())

    def __contains__(self, key: object) -> bool:
        return key in self._mapping()

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        """As ``dict.get`` (without Mapping's try/except round trip)."""
        return self._mapping().get(key, default)

    def keys(self) -> KeysView[K]:
        """The underlying dict's keys view."""
        return self._mapping().keys()

    def items(self) -> ItemsView[K, V]:
        """The underlying dict's items view."""
        return self._mapping().items()

    def values(self) -> ValuesView[V]:
        """The underlying dict's values view."""
        return self._mapping().values()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredMapping):
            other = other._mapping()
        return self._mapping() == other

    __hash__ = None  # type: ignore[assignment]  # mutable-by-contents, like dict

    def __repr__(self) -> str:
        state = "pending" if self._data is None else repr(self._data)
        return f"{type(self).__name__}({state})"


def resolved(mapping: Mapping[K, V]) -> Mapping[K, V]:
    """The mapping a DeferredMapping stands for (computing it if need be), else itself."""
    return mapping._mapping() if isinstance(mapping, DeferredMapping) else mapping
