"""Strict checks of a JSON value against the field types of a record dataclass.

The stored records' `from_record` trust their input (it is our own storage); an import file
is foreign input, so every field is checked against the dataclass's own type hints first. New
record fields are checked with no change here; a new field that holds an id is listed in ID_FIELDS.

Beyond their types: numbers must be ones the browser stores exactly (`fields.check_number`), and
ids, and references to them, sane (`ids.is_sane_id`), since they end up in the page's markup.
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from typing import Any, NewType, Union, get_args, get_origin, get_type_hints

from plauder.core.exchange.fields import check_number, invalid
from plauder.core.exchange.problem import ImportProblem
from plauder.core.ids import MAX_ID_CHARS, is_sane_id
from plauder.core.prices import amount
from plauder.core.records import Attachment, Backend, Conversation, Folder, Message, Preset, Prompt, Settings
from plauder.core.tree import ROOT

# The fields that hold ids or refer to them; in `selected_children` both the names ("" for the
# roots) and the values are message ids.
ID_FIELDS: dict[type, tuple[str, ...]] = {
    Settings: ("default_backend_id",),
    Backend: ("id",),
    Preset: ("id", "backend_id"),
    Prompt: ("id",),
    Folder: ("id", "parent_id"),
    Conversation: ("id", "backend_id", "current_leaf", "folder_id", "selected_children"),
    Message: ("id", "conversation_id", "parent_id"),
    Attachment: ("id",),  # an original's bytes are stored under it ("" is never written: no original)
}


def check_value(hint: Any, value: Any, path: str) -> None:
    """Raise `import.invalid` naming `path` unless `value` is valid JSON for the type `hint`."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = get_args(hint)
        if value is None and type(None) in options:
            return
        hint = next(option for option in options if option is not type(None))
        origin = get_origin(hint)
    if hint is Any:
        return
    if isinstance(hint, NewType):  # e.g. BackendKind: checked as the type it names
        hint = hint.__supertype__
        origin = get_origin(hint)
    if origin is tuple:
        if not isinstance(value, list):
            raise invalid(path)
        for index, item in enumerate(value):
            check_value(get_args(hint)[0], item, f"{path}[{index}]")
    elif origin in (dict, Mapping) or hint is dict:
        if not isinstance(value, dict):
            raise invalid(path)
        for item in value.values():  # (JSON names are strings; a bad one is named by the map's path)
            check_value(get_args(hint)[1] if get_args(hint) else Any, item, path)
    elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
        check_record(hint, value, path)
    elif isinstance(hint, type) and issubclass(hint, Enum):
        if value not in {member.value for member in hint}:
            raise invalid(path)
    elif hint is Decimal:  # stored as a string, so every digit survives JSON (core/prices.py)
        if not isinstance(value, str) or amount(value) is None:
            raise invalid(path)
    elif hint is float or hint is int:
        check_number(value, path)
        if hint is int and not isinstance(value, int):
            raise invalid(path)
    elif not isinstance(value, hint):
        raise invalid(path)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved field types of `cls`; resolving costs far more than checking, so once per class."""
    return get_type_hints(cls)


def check_record(cls: type, value: Any, path: str) -> None:
    """Every field of dataclass `cls` in `value` has its type; fields without a default are present."""
    if not isinstance(value, dict):
        raise invalid(path)
    hints = _hints(cls)
    for field in dataclasses.fields(cls):
        has_default = field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
        if field.name not in value:
            if has_default:
                continue
            raise invalid(f"{path}.{field.name}")
        check_value(hints[field.name], value[field.name], f"{path}.{field.name}")
    for name in ID_FIELDS.get(cls, ()):
        _check_ids(value.get(name), f"{path}.{name}")


def _check_ids(value: Any, path: str) -> None:
    """An id (a str, type-checked already), or a map of ids to ids ("" naming the roots); None passes."""
    if isinstance(value, dict):
        ids = [item for pair in value.items() for item in pair if item != ROOT]
    else:
        ids = [] if value is None else [value]
    if not all(is_sane_id(item) for item in ids):
        raise ImportProblem("import.bad_id", path=path, limit=MAX_ID_CHARS)
