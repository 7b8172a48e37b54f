"""Collections that remember which keys they changed from the snapshot they came from.

An edit copies a collection (50,000 tasks) and changes a few entries. Finding those
entries again by comparing the two snapshots entry by entry costs time in proportion
to the whole plan, and an edit needs the answer several times: the store writes what
changed, the document tells the views, the scheduler checks what it must redo. A
``Revision`` carries its changed keys, so ``changed_keys`` costs only what changed.

A Revision holds its base weakly: undo snapshots are kept alive by the undo stack, not
by the chain of revisions, and a base that is gone makes ``changed_keys`` compare the
two collections in full, as it does for any pair of plain dicts.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from typing import Any

#: How many revisions ``changed_keys`` follows between two snapshots (a Batch of edits
#: makes one per command); further apart, it compares the collections in full.
MAX_DISTANCE = 32


class Table(dict):  # type: ignore[type-arg]
    """A snapshot's collection: a plain dict that a later Revision can point back to.

    (A plain dict cannot be referenced weakly; this subclass adds only that.)
    """

    __slots__ = ("__weakref__",)


class Revision(Table):
    """A dict made from ``base`` that records every key set or removed since.

    Reads are a plain dict's (the subclass overrides no read method); each write
    method records its keys. Like every snapshot's collection, a Revision is filled
    while a command builds it and never changed once it is part of a Portfolio.
    """

    __slots__ = ("_base", "_keys")

    def __init__(
        self,
        base: Mapping[Any, Any],
        updates: Mapping[Any, Any] | None = None,
        removed: Iterable[Any] = (),
    ) -> None:
        """A copy of ``base`` with ``updates`` set and ``removed`` left out."""
        dict.__init__(self, base)
        self._keys: set[Any] = set()
        self._base = weakref.ref(base) if isinstance(base, Table) else None
        if updates:
            self.update(updates)
        for key in removed:
            self.pop(key, None)

    def base(self) -> Mapping[Any, Any] | None:
        """The collection this one was made from, while it is still alive."""
        return self._base() if self._base is not None else None

    def touched(self) -> set[Any]:
        """Keys set or removed relative to ``base`` (some may hold the same value)."""
        return self._keys

    def __setitem__(self, key: Any, value: Any) -> None:
        dict.__setitem__(self, key, value)
        self._keys.add(key)

    def __delitem__(self, key: Any) -> None:
        dict.__delitem__(self, key)
        self._keys.add(key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        """As ``dict.update``, recording the keys."""
        other = dict(*args, **kwargs)
        dict.update(self, other)
        self._keys.update(other)

    def __ior__(self, other: Any) -> Revision:  # type: ignore[override]
        self.update(other)
        return self

    def pop(self, key: Any, *default: Any) -> Any:
        """As ``dict.pop``, recording the key."""
        self._keys.add(key)
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[Any, Any]:
        """As ``dict.popitem``, recording the key."""
        key, value = dict.popitem(self)
        self._keys.add(key)
        return key, value

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """As ``dict.setdefault``, recording the key when it is added."""
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def clear(self) -> None:
        """As ``dict.clear``, recording every key."""
        self._keys.update(self)
        dict.clear(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # Copies (pickle, copy.deepcopy) are plain dicts: they have no base to differ from.
        return (dict, (dict(self),))


_MISSING = object()


def changed_keys(old: Mapping[Any, Any], new: Mapping[Any, Any]) -> tuple[list[Any], list[Any]]:
    """(keys to upsert, keys to delete) taking ``old`` to ``new``.

    Unchanged objects are shared between snapshots, so identity tells what changed.
    When one collection is a revision (or a short chain of them) of the other, only
    the recorded keys are checked.
    """
    if old is new:
        return [], []
    if not old:  # everything is new (an import into an empty file): nothing to compare
        return list(new), []
    keys = _keys_between(old, new)
    if keys is None:
        upserts = [k for k, v in new.items() if old.get(k) is not v]
        deletes = [k for k in old if k not in new]
        return upserts, deletes
    upserts, deletes = [], []
    for key in keys:
        value = new.get(key, _MISSING)
        if value is _MISSING:
            if key in old:
                deletes.append(key)
        elif old.get(key, _MISSING) is not value:
            upserts.append(key)
    return upserts, deletes


def differing_keys(old: Mapping[Any, Any], new: Mapping[Any, Any]) -> tuple[list[Any], list[Any]]:
    """As ``changed_keys``, but a key whose new object equals the old one (rebuilt with
    the same value, as a full reschedule rebuilds every record) is not a change."""
    upserts, deletes = changed_keys(old, new)
    return [k for k in upserts if old.get(k) != new[k]], deletes


def _keys_between(old: Mapping[Any, Any], new: Mapping[Any, Any]) -> set[Any] | None:
    """Every key that may differ between two collections of one revision chain."""
    for later, earlier in ((new, old), (old, new)):
        keys: set[Any] = set()
        node: Mapping[Any, Any] | None = later
        for _ in range(MAX_DISTANCE):
            if not isinstance(node, Revision):
                break
            keys |= node.touched()
            node = node.base()
            if node is earlier:
                return keys
    return None
