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
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Give a ``@dataclass(frozen=True, slots=True)`` class a direct-to-slot ``__init__``.

    Apply above the ``@dataclass`` decorator. Refuses classes it cannot speed up without
    changing behaviour (default factories, ``__post_init__``, init-less fields).
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: quick_init needs a frozen dataclass with slots")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: quick_init does not run __post_init__")
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    namespace: dict[str, Any] = {}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in fields:
        if not f.init or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: quick_init needs plain init fields")
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
