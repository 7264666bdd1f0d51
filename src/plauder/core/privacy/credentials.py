"""Secrets: API keys and tokens of the common vendors, JWTs, private key blocks, `password=...`.

Vendor keys are known by their prefixes (OpenAI sk-, Anthropic sk-ant-, GitHub ghp_ and
github_pat_, AWS AKIA/ASIA, Slack xox?-, Google AIza); a Bearer token by the word before it. In
`key=value` and `key: value` only the value is replaced, so the model still sees what it was; a
value that is plainly code or a template (a type name, a call, `${VAR}`, `<password>`) is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from plauder.core.privacy.findings import Finding, Kind
from plauder.core.privacy.scanning import folded, word_before

_KEY_END = r"(?![\w-])"
# Each starts with a literal, so the search skips prose quickly (see `scanning`); the start of the
# word is checked apart. `_ASSIGNED` is searched in the folded text.
_API_KEY = re.compile(
    r"(?:"
    r"sk-ant-[\w-]{20,}"
    r"|sk-(?:proj-|svcacct-|admin-)?[\w-]{20,}"
    r"|gh[pousr]_[A-Za-z0-9]{30,}"
    r"|github_pat_\w{22,}"
    r"|(?:AKIA|ASIA)[A-Z0-9]{16}"
    r"|xox[abposr]-[A-Za-z0-9-]{10,}"
    r"|AIza[\w-]{35}"
    rf"){_KEY_END}"
)
_JWT = re.compile(rf"eyJ[\w-]{{5,}}\.eyJ[\w-]{{5,}}\.[\w-]{{10,}}{_KEY_END}")
_BEARER = re.compile(r"[Bb]earer[ \t]+([\w.~+/-]{16,}=*)(?![\w.~+/=-])")
# From BEGIN to END, or to the end of the key's text when the block was pasted cut off.
_PRIVATE_KEY = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[ \t]*\r?\n[A-Za-z-]+:[^\n]*)*[A-Za-z0-9+/=\s]*"
    r"(?:-----END [A-Z0-9 ]*PRIVATE KEY-----)?"
)
_ASSIGNED = re.compile(
    r"(?:password|passwort|passwd|kennwort|pwd|pass|secret|client[_-]?secret|token|api[_-]?key)"
    r"""["']?[ \t]*[:=][ \t]*(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s"',;]+))"""
)
_NAME_BEFORE = re.compile(r"\w+\Z")
_KEY = re.compile(r"[\w-]+")
# Values of `key=value` that are code, a template or an example, not a secret.
_NOT_A_SECRET = re.compile(
    r"(?i).{0,3}|str\w*|bytes|none|null|nil|true|false|optional\b.*"  # too short to be one, a type, a constant
    r"|\$\{.*\}|\$\w+|<[^<>]*>|%(?:\(\w+\))?[\w.-]*[a-z]|%\w+%|\*+|\{.*\}"  # a template or a mask: ${PASSWORD}, <password>, %s, *****
    r"|[A-Za-z_][\w.]*[(\[].*|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+"  # a call, an index, an attribute
    r"|[\W_]*"  # no letter or digit at all: `password=...`
)


def api_keys(text: str) -> Iterator[Finding]:
    for pattern, kind in ((_API_KEY, Kind.API_KEY), (_JWT, Kind.JWT), (_PRIVATE_KEY, Kind.PRIVATE_KEY)):
        for match in pattern.finditer(text):
            if not _key_char_before(text, match.start()):
                yield Finding(match.start(), match.end(), kind)
    for match in _BEARER.finditer(text):
        if not word_before(text, match.start()):
            yield Finding(match.start(1), match.end(1), Kind.TOKEN)


def passwords(text: str) -> Iterator[Finding]:
    """The values of `key=value`; the key may end a longer name in one letter case (DB_PASSWORD,
    db_password, x-api-key; not kind_PASSWORD, an i18n key). An unquoted value ends before brackets
    it did not open, as in a call's last argument; a value that only repeats its key
    (API_KEY = "API_KEY") is code."""
    for match in _ASSIGNED.finditer(folded(text)):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        start, end = match.start(group), match.end(group)
        if group == 3 and not any(opener in match.group(group) for opener in "([{"):
            end -= len(match.group(group)) - len(match.group(group).rstrip(")]}"))
        value = text[start:end]
        if (
            _key_starts(text, match.start())
            and value.strip()
            and not _NOT_A_SECRET.fullmatch(value)
            and _key_name(value) != _key_name(match.group(0).split(":")[0].split("=")[0])
        ):
            yield Finding(start, end, Kind.PASSWORD)


def _key_starts(text: str, index: int) -> bool:
    """True when a key starts a word at `index`, or ends a longer name written in one letter case."""
    if not word_before(text, index):
        return True
    before, key = _NAME_BEFORE.search(text, max(0, index - 64), index), _KEY.match(text, index)
    name = (before.group() if before else "") + (key.group() if key else "")
    return text[index - 1] == "_" and (name.isupper() or name.islower())


def _key_name(word: str) -> str:
    return word.strip("\"' \t").lower().replace("-", "_")


def _key_char_before(text: str, index: int) -> bool:
    return word_before(text, index) or index > 0 and text[index - 1] == "-"
