from __future__ import annotations

import pytest

from plauder.core.schema import VERSION, CreateIndex, CreateStore, steps_between


def test_a_new_database_gets_every_store_and_index() -> None:
    steps = steps_between(0)
    stores = {step.name for step in steps if isinstance(step, CreateStore)}
    assert stores == {"settings", "conversations", "messages", "folders", "files"}
    assert CreateIndex in {type(step) for step in steps}


def test_an_old_database_gets_only_what_it_lacks() -> None:
    assert steps_between(VERSION) == []
    assert [getattr(step, "name", None) for step in steps_between(1)] == ["folders", None, "files"]
    assert [getattr(step, "name", None) for step in steps_between(2)] == ["files"]


def test_indexes_are_created_on_stores_that_exist_by_then() -> None:
    created: set[str] = set()
    for step in steps_between(0):
        if isinstance(step, CreateStore):
            assert step.name not in created
            created.add(step.name)
        else:
            assert step.store in created


@pytest.mark.parametrize(("old", "new"), [(-1, VERSION), (VERSION + 1, VERSION + 1), (2, 1)])
def test_impossible_migrations_are_refused(old: int, new: int) -> None:
    with pytest.raises(ValueError, match="no migration"):
        steps_between(old, new)
