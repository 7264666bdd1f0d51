"""Markdown that any viewer shows as text: no raw HTML, and no image that loads anything on opening.

Model answers and titles may hold HTML (`<img src=x onerror=...>`), which a viewer that renders it
runs; an image `![](https://...)` tells its host that the file was opened. Outside code, a `<` that
could open a tag, comment or autolink becomes `&lt;`, and `![` becomes `&#33;[`: a link, whose
address stays readable and loads only when clicked. Code keeps its text, since viewers show it as
written, and so must read as code in every viewer (CommonMark and GFM, with or without math):

- A fenced code block is written again with a fence of its own at the start of a line after a blank
  one, longer than any run of backticks inside, and closed even if the text left it open: no viewer
  can miss such a fence or end it early. Its language is kept if it is a plain name.
- An inline code span is kept as written while every viewer pairs its backticks alike: within one
  line and one table cell, and before any sign of something that can swallow a backtick (a
  backslash, a link's `](` or `][`, `[[`, `$` math, a bare URL). From an unpaired backtick or such
  a sign on, the rest of the paragraph is escaped like text: code in it may show `&lt;`, which is harmless.
- Display math (`$$` or `\\[` opening a line) becomes a `math` code block the same way (GitHub and
  GitLab draw those as math): viewers disagree on where display math ends, and one still in math
  when a code block starts would take the block's end for text. amsmath's `\\begin{...}` at the start
  of a line, which opens display math too, gets its backslash written as `&#92;`.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)")
_LANGUAGE = re.compile(r"[\w+#.-]+")
_BACKTICKS = re.compile(r"`+")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")  # what HTML and CommonMark read as the start of markup
_SWALLOWS = re.compile(r"\\|\]\(|\]\[|\[\[|\$|://|www\.", re.IGNORECASE)
_MATH = re.compile(r"( {0,3})(\$\$|\\\[)(.*)")  # display math, opened at the start of a line
_MATH_CLOSERS = {"$$": "$$", "\\[": "\\]"}
_ENVIRONMENT = re.compile(r"^( {0,3})\\(?=begin\{)")  # amsmath's \begin{align} opens display math too
_ENTITIES = {"$": "&#36;", "\\": "&#92;"}  # a sign that would open display math, written as text


def _text(text: str) -> str:
    return _TAG_START.sub("&lt;", text).replace("![", "&#33;[")


def _cell(cell: str, trusted: bool) -> tuple[str, bool]:
    """One table cell (or a line without `|`) made inert, and whether code spans after it can still be trusted."""
    pieces: list[str] = []
    done = 0
    while trusted and (run := _BACKTICKS.search(cell, done)):
        before = cell[done : run.start()]
        closer = next((m for m in _BACKTICKS.finditer(cell, run.end()) if len(m[0]) == len(run[0])), None)
        if _SWALLOWS.search(before) or closer is None:
            trusted = False
            break
        pieces += (_text(before), cell[run.start() : closer.end()])
        done = closer.end()
        if cell.startswith("{", done):  # Pandoc reads `code`{=html} as raw HTML
            pieces.append("&#123;")
            done += 1
    rest = cell[done:]
    return "".join(pieces) + _text(rest), trusted and not _SWALLOWS.search(rest)


def _line(line: str, trusted: bool) -> tuple[str, bool]:
    """One line outside code blocks made inert, and whether code spans after it can still be trusted."""
    cells = []
    for cell in line.split("|"):
        inert, trusted = _cell(cell, trusted)
        cells.append(inert)
    return "|".join(cells), trusted


def inert_line(text: str) -> str:
    """One line of inline Markdown (a title) made inert."""
    return _line(text, True)[0]


def _opening_fence(line: str) -> re.Match[str] | None:
    found = _FENCE.fullmatch(line)
    return None if found is None or (found[2][0] == "`" and "`" in found[3]) else found


def _fenced(language: str, body: list[str]) -> list[str]:
    """A code block no viewer can read otherwise: its fence is longer than any run of backticks in it."""
    longest = max((len(run) for run in _BACKTICKS.findall("\n".join(body))), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + language, *body, fence]


def _code(lines: list[str], index: int, opener: re.Match[str]) -> tuple[list[str], int]:
    """The fenced code block opened by `opener` on the line before `index`, and the index after it."""
    body: list[str] = []
    while index < len(lines) and not _closes(lines[index], opener[2]):
        body.append(_dedent(lines[index], len(opener[1])))
        index += 1
    if index >= len(lines) and body and not body[-1].strip():
        body.pop()  # left open: the text's last line break opened no line of code
    words = opener[3].split()
    return _fenced(words[0] if words and _LANGUAGE.fullmatch(words[0]) else "", body), index + 1


def _math(lines: list[str], index: int, opener: re.Match[str]) -> tuple[list[str], int]:
    """The display math opened on the line before `index` as a `math` code block, and the index after it.

    Text after the closing sign on its line is put back in `lines`, to be read as a line of its own;
    if it opens display math again, that is written as text (one block per line keeps this linear).
    """
    closer = _MATH_CLOSERS[opener[2]]
    body, rest = [], opener[3]
    while closer not in rest and index < len(lines):
        body.append(rest)
        rest = lines[index]
        index += 1
    inside, _, after = rest.partition(closer)
    if after.strip():
        index -= 1
        lines[index] = _not_math(after)
    return _fenced("math", [part for part in (*body, inside) if part.strip()]), index


def _not_math(line: str) -> str:
    """`line` with a sign at its start that would open display math written as an entity."""
    found = _MATH.fullmatch(line)
    return found[1] + _ENTITIES[found[2][0]] + line[len(found[1]) + 1 :] if found else line


def inert_markdown(text: str) -> str:
    """Markdown text (a message, a system prompt) made inert, its code kept as written.

    Whether code spans can be trusted runs on from line to line, and starts afresh only where every
    viewer starts a new paragraph: after a blank line or a code block.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    written: list[str] = []
    trusted = True
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if opener := _opening_fence(line):
            block, index = _code(lines, index, opener)
        elif opener := _MATH.fullmatch(line):
            block, index = _math(lines, index, opener)
        else:
            inert, trusted = _line(_ENVIRONMENT.sub(r"\1" + _ENTITIES["\\"], line), trusted)
            written.append(inert)
            trusted = trusted or not line.strip()
            continue
        if written and written[-1].strip():
            written.append("")
        written += block
        trusted = True
    return "\n".join(written)


def _closes(line: str, fence: str) -> bool:
    found = _FENCE.fullmatch(line)
    return found is not None and found[2][0] == fence[0] and len(found[2]) >= len(fence) and not found[3].strip()


def _dedent(line: str, indent: int) -> str:
    return line[min(indent, len(line) - len(line.lstrip(" "))) :]
