"""quick_init and bulk_builder: faster ways to make frozen dataclasses, which must make
exactly what the dataclass-generated __init__ makes."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import datetime
from decimal import Decimal

import pytest

from app.model.frozen import bulk_builder, quick_init
from app.model.task import Task
from app.schedule.result import TaskDates


@dataclasses.dataclass(frozen=True, slots=True)
class Plain:
    a: int
    b: str = "x"
    c: tuple[int, ...] = ()


Quick = quick_init(
    dataclasses.make_dataclass(
        "Quick",
        [("a", int), ("b", str, dataclasses.field(default="x")), ("c", tuple, ())],
        frozen=True,
        slots=True,
    )
)


def test_positional_keyword_and_default_arguments_set_the_same_fields() -> None:
    for args, kwargs in [((1,), {}), ((1, "y"), {}), ((), {"a": 2, "c": (3,)})]:
        quick, plain = Quick(*args, **kwargs), Plain(*args, **kwargs)
        assert dataclasses.astuple(quick) == dataclasses.astuple(plain)


def test_bad_calls_fail_as_with_the_generated_init() -> None:
    with pytest.raises(TypeError):
        Quick()
    with pytest.raises(TypeError):
        Quick(1, b="y", d=3)
    with pytest.raises(TypeError):
        Quick(1, "y", (), 4)


def test_objects_stay_frozen_and_comparable() -> None:
    one = Quick(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.a = 2  # type: ignore[misc]
    assert one == Quick(1) and hash(one) == hash(Quick(1))
    assert dataclasses.replace(one, b="z").b == "z"


def test_model_classes_keep_their_signature() -> None:
    names = [f.name for f in dataclasses.fields(Task)]
    assert list(inspect.signature(Task.__init__).parameters)[1:] == names
    task = Task(1, 2, "Build", fixed_cost=Decimal("3.50"))
    assert (task.priority, task.fixed_cost, task.splits) == (500, Decimal("3.50"), ())
    moment = datetime(2026, 1, 5, 8)
    dates = TaskDates(moment, moment, moment, moment, moment, moment, 0, 0, 0, True)
    assert dates.summary is False and dates.critical is True


def test_classes_it_cannot_speed_up_faithfully_are_refused() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        items: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class WithoutSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithPostInit:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (WithFactory, WithoutSlots, WithPostInit):
        with pytest.raises(TypeError):
            quick_init(cls)
        with pytest.raises(TypeError):
            bulk_builder(cls)


@pytest.mark.parametrize("cls", [Plain, Quick, Task, TaskDates])
def test_bulk_builder_makes_what_the_class_makes(cls: type) -> None:
    fields = dataclasses.fields(cls)
    values = [f"value of {f.name}" for f in fields]  # nothing checks types: any will do
    built, called = bulk_builder(cls)(*values), cls(*values)
    assert type(built) is cls
    assert built == called and hash(built) == hash(called) and repr(built) == repr(called)
    assert [getattr(built, f.name) for f in fields] == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, fields[0].name, "changed")
    assert dataclasses.replace(built) == called
