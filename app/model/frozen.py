"""A faster ``__init__`` for the frozen, slotted dataclasses the model is made of.

A frozen dataclass's generated ``__init__`` stores each field through
``object.__setattr__`` (it must bypass the class's own ``__setattr__``, which refuses
writes). That is a global lookup, an attribute lookup and a three-argument call per
field: for 50k tasks of 30 fields, the largest single cost of opening a file, and a
third of building a schedule's records. Each slot's own descriptor can store the value
directly, at half the cost; :func:`quick_init` builds an ``__init__`` that does that,
with the same signature, defaults and behaviour. Objects stay immutable afterwards: the
class's ``__setattr__`` still refuses every write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Give a ``@dataclass(frozen=True, slots=True)`` class a direct-to-slot ``__init__``.

    Apply above the ``@dataclass`` decorator. Refuses classes it cannot speed up without
    changing behaviour (default factories, ``__post_init__``, init-less fields).
    """
    fields = _plain_fields(cls, "quick_init")
    namespace: dict[str, Any] = {}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in fields:
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        parameter = f.name
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
            parameter = f"{f.name}=_default_{f.name}"
        (keyword if f.kw_only else positional).append(parameter)
        body.append(f"        _set_{f.name}(self, {f.name})")
    signature = ", ".join(["self", *positional, *(["*", *keyword] if keyword else [])])
    setters = ", ".join(name for name in namespace if name.startswith("_set_"))
    source = "\n".join(
        [
            f"def _make({setters}):",
            f"    def __init__({signature}) -> None:",
            *(body or ["        pass"]),
            "    return __init__",
        ]
    )
    defaults = {k: v for k, v in namespace.items() if k.startswith("_default_")}
    exec(source, defaults)
    init = defaults["_make"](*(v for k, v in namespace.items() if k.startswith("_set_")))
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls


def bulk_builder(cls: type[T]) -> Callable[..., T]:
    """``build(v1, v2, ...)``: the object ``cls(v1, v2, ...)`` makes, for loading many.

    Even :func:`quick_init` stores each field through a call of the slot descriptor's
    ``__set__``. ``build`` makes the object as a private subclass that does not refuse
    writes, whose attribute stores Python turns into direct slot writes, then moves it
    to ``cls``: the subclass adds no slots, so the layout is the same and the object is
    exactly the one ``cls`` builds, at a third of the cost. Positional values only, in
    field order (what a database row holds).
    """
    names = [f.name for f in _plain_fields(cls, "bulk_builder")]
    hooks = {"__setattr__": object.__setattr__, "__delattr__": object.__delattr__}
    loading = type(f"_Loading{cls.__name__}", (cls,), {"__slots__": (), **hooks})
    values = [f"v{i}" for i in range(len(names))]
    source = "\n".join(
        [
            f"def build({', '.join(values)}):",
            "    obj = _new(_loading)",
            *(f"    obj.{n} = {v}" for n, v in zip(names, values, strict=True)),
            "    obj.__class__ = _cls",
            "    return obj",
        ]
    )
    scope: dict[str, Any] = {"_new": object.__new__, "_loading": loading, "_cls": cls}
    exec(compile(source, f"<build {cls.__name__}>", "exec"), scope)
    return scope["build"]  # type: ignore[no-any-return]


def _plain_fields(cls: type, user: str) -> tuple[dataclasses.Field[Any], ...]:
    """The fields of a frozen, slotted dataclass whose ``__init__`` only stores them.

    Raises:
        TypeError: a class a faster constructor would not build faithfully (default
            factories, ``__post_init__``, init-less fields).
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: {user} needs a frozen dataclass with slots")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: {user} does not run __post_init__")
    fields = dataclasses.fields(cls)
    for f in fields:
        if not f.init or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: {user} needs plain init fields")
    return fields
