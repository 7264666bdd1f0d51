"""The prompt library: the admin's prompts (build config) and the user's (Settings), found by name behind `/`.

A name is one word (letters, digits, `_`, `-`), so `/` and a name typed in the box ends at the first space.
Names are unique regardless of letter case; the user's prompt of a name stands over the admin's of that
name, which is how a user changes an admin prompt for themselves (deleting it brings the admin's back).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plauder.core.records import Prompt

NAME = re.compile(r"[\w-]+")
MAX_NAME_CHARS = 60
SLASH = "/"


@dataclass(frozen=True)
class Entry:
    """A prompt in the library, and whether it is the admin's (shown, not edited or deleted)."""

    prompt: Prompt
    managed: bool = False


def is_name(name: str) -> bool:
    return len(name) <= MAX_NAME_CHARS and NAME.fullmatch(name) is not None


def library(admin: Iterable[Prompt], own: Iterable[Prompt]) -> tuple[Entry, ...]:
    """Every prompt offered, sorted by name: the user's, and the admin's whose names the user did not take."""
    entries = {p.name.casefold(): Entry(p, managed=True) for p in admin}
    entries.update((p.name.casefold(), Entry(p)) for p in own)
    return tuple(entries[key] for key in sorted(entries))


def lookup(entries: Iterable[Entry], name: str) -> Entry | None:
    """The entry named `name`, in any letter case."""
    wanted = name.casefold()
    return next((e for e in entries if e.prompt.name.casefold() == wanted), None)


def matching(entries: Iterable[Entry], query: str) -> tuple[Entry, ...]:
    """The entries whose names start with `query`, in any letter case, in library order."""
    start = query.casefold()
    return tuple(e for e in entries if e.prompt.name.casefold().startswith(start))


def slash_query(box: str) -> str | None:
    """What follows `/` when the box holds `/` and at most one word; None when the menu has nothing to do."""
    if not box.startswith(SLASH):
        return None
    query = box[len(SLASH) :]
    return query if not query or NAME.fullmatch(query) else None


def prompt_from_form(prompt_id: str, name: str, text: str, own: Sequence[Prompt]) -> Prompt | str:
    """The prompt the editor's fields describe, or the message key of what is wrong with them."""
    name = name.strip().removeprefix(SLASH)
    if not name:
        return "prompts.name_missing"
    if not is_name(name):
        return "prompts.name_invalid"
    if any(p.name.casefold() == name.casefold() and p.id != prompt_id for p in own):
        return "prompts.name_taken"
    if not text.strip():
        return "prompts.text_missing"
    return Prompt(prompt_id, name, text)
