"""Pausing and freezing the cyclic garbage collector around big, acyclic allocations."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app.gcpause import frozen_after, paused_gc


@pytest.fixture(autouse=True)
def collector() -> Iterator[None]:
    """Each test starts with the collector running and nothing frozen, and leaves so."""
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()


def test_a_pause_restores_the_state_it_found() -> None:
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves the outer one paused
    assert gc.isenabled()
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()  # a caller that had it off keeps it off


def test_what_the_block_made_is_frozen_and_the_collector_runs_again() -> None:
    frozen_before = gc.get_freeze_count()
    with frozen_after():
        assert not gc.isenabled()
        made = [[n] for n in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(made)
    collected = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
    assert not any(id(x) in collected for x in made)  # in no generation the collector walks


def test_a_failing_block_freezes_nothing() -> None:
    with pytest.raises(ValueError), frozen_after():
        raise ValueError("refused")
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
