"""Variables in saved prompts and presets: `{{name}}` asks the user, `{{name:default}}` offers a default.

The rules, so that a prompt about templates (Jinja, Handlebars) stays usable:

- A variable is `{{`, a name, optionally `:` and a default, then `}}`, all on one line. The name starts with a
  letter or `_` and goes on with letters, digits, `_` or `-`; spaces around the name are allowed. The default is
  any text up to the first `}}` (it may hold `:`; spaces around it are dropped).
- Anything else stays text as written: `{{` without a closing `}}`, `{{}}`, `{{1st}}`, `{{two words}}`.
- `\\{{` is a written `{{`: the backslash goes and the braces stay text.
- A name used several times is asked once; its default is the first one given. Names are compared as written.
- `date`, `time` and `language` are filled in, never asked (a default given to them is ignored). The shell
  supplies their values, so this module reads no clock.
- Filling happens in one pass: a value that itself holds `{{...}}` goes in as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

BUILTINS = ("date", "time", "language")

_TOKEN = re.compile(r"\\\{\{|\{\{[ \t]*([^\W\d][\w-]*)[ \t]*(?::([^\n]*?))?\}\}")


@dataclass(frozen=True)
class Variable:
    """A variable the user is asked for, with the default the form starts from ("" when none)."""

    name: str
    default: str = ""


def variables(text: str) -> tuple[Variable, ...]:
    """The variables in `text` the user fills in, in order of first use, each once; built-ins left out."""
    found: dict[str, str | None] = {}
    for match in _TOKEN.finditer(text):
        name, default = match.group(1), match.group(2)
        if name is None or name in BUILTINS:
            continue
        if found.get(name) is None:
            found[name] = None if default is None else default.strip()
    return tuple(Variable(name, default or "") for name, default in found.items())


def fill(text: str, values: Mapping[str, str], builtins: Mapping[str, str]) -> str:
    """`text` with each variable replaced: built-ins from `builtins`, others from `values` or else their
    default (the first given for the name); escaped braces become plain `{{`."""
    defaults = {variable.name: variable.default for variable in variables(text)}

    def replaced(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "{{"
        if name in BUILTINS:
            return builtins.get(name, "")
        return values.get(name, defaults.get(name, ""))

    return _TOKEN.sub(replaced, text)
