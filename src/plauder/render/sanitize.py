"""The last gate before the DOM: an allowlist of tags and attributes, whatever the renderer produced.

The HTML is tokenized (tags, text, comments) and written out again, keeping only allowed
elements with allowed attributes whose values pass their check. Text and attribute values are always
escaped, so nothing the browser parses can differ from what was checked: no comments, no raw-text
elements, no unquoted values. Disallowed elements that carry code or a foreign document (script, style,
svg, iframe, ...) are dropped with their content; other disallowed elements are unwrapped to their text.
Every element is closed, so fragments stay balanced when the stream appends them one after another.
Text inside a link loses its bidi controls, so that it shows in the order it is written.

No DOMPurify behind it (decided in issue 13, `bench/sanitize_browser.py`): with our allowlist it took
7-10 ms for 5 KB of rendered HTML, 14-20 ms for 23 KB and 41-49 ms for 164 KB in chromium on the 2-core
machine, as much again as the `innerHTML` it would guard, on every answer and every streamed frame's
tail, plus 29 KB of script. What it catches is a parser differential (mutation XSS), and this output
leaves none: it is written anew, every text and value escaped and quoted, no comment or raw-text
element, every element closed. Past a gap in the allowlist the page's CSP still stands (scripts only
from its own files, no inline code or handlers); the XSS corpus test runs with the CSP off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape

from plauder.render.links import strip_bidi

_SAFE_URL = re.compile(r"(?:https?://|mailto:)[^\x00-\x20\x7f-\x9f]+", re.IGNORECASE)
_CLASS_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# MathML presentation values: lengths, numbers, names, colours; no parentheses, colons or slashes (no url()).
_MATH_VALUE = re.compile(r"[A-Za-z0-9 .#%+-]*")


Check = Callable[[str], bool]


def is_safe_url(url: str) -> bool:
    """Whether a link target may become a link: http, https or mailto, with no space or control character."""
    return bool(_SAFE_URL.fullmatch(url))


def _one_of(*allowed: str) -> Check:
    return lambda value: value.lower() in allowed


def _classes(value: str) -> str | None:
    """The well-formed class names of `value`, or None when none is left."""
    tokens = [token for token in value.split() if _CLASS_TOKEN.fullmatch(token)]
    return " ".join(tokens) or None


_ANY: Check = lambda value: True  # text-only attributes: the value is escaped on output
_MATH: Check = lambda value: bool(_MATH_VALUE.fullmatch(value))
# fmt: off
_HTML_TAGS = [
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "em", "strong",
    "s", "del", "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "span", "div", "button", "input",
]
_MATH_TAGS = [
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac", "msqrt",
    "mroot", "mstyle", "mpadded", "mphantom", "menclose", "mover", "munder", "munderover", "mtable", "mtr",
    "mtd", "mmultiscripts", "mprescripts", "merror",
]
_MATH_ATTRIBUTES = [
    "accent", "accentunder", "align", "bevelled", "close", "columnalign", "columnlines", "columnspacing",
    "denomalign", "depth", "display", "displaystyle", "fence", "form", "frame", "height", "largeop",
    "linethickness", "lspace", "mathbackground", "mathcolor", "mathsize", "mathvariant", "maxsize", "minsize",
    "movablelimits", "notation", "numalign", "open", "rowalign", "rowlines", "rowspacing", "rspace",
    "scriptlevel", "separator", "separators", "stretchy", "symmetric", "voffset", "width", "linebreak",
]
# fmt: on
ATTRIBUTES: dict[str, dict[str, Check]] = {
    **{tag: {} for tag in _HTML_TAGS},
    "a": {"href": is_safe_url, "title": _ANY},
    "ol": {"start": lambda value: value.isdigit() and len(value) < 10},
    "input": {"type": _one_of("checkbox"), "checked": _ANY},
    "button": {"type": _one_of("button")},
    **{tag: dict.fromkeys(_MATH_ATTRIBUTES, _MATH) for tag in _MATH_TAGS},
}
ALLOWED_TAGS = frozenset(ATTRIBUTES)
_VOID = frozenset({"br", "hr", "input"})
# Kept neither as element nor as text: their content is code, styling or a foreign document.
# fmt: off
_DROP_WITH_CONTENT = frozenset([
    "script", "style", "svg", "iframe", "object", "template", "noscript", "textarea", "title", "xmp",
    "noembed", "noframes", "plaintext", "select", "annotation-xml", "frameset", "head",
])
# fmt: on
# Forced values: links open in a new tab without referrer or opener; checkboxes are never editable.
_FORCED: dict[str, dict[str, str | None]] = {
    "a": {"target": "_blank", "rel": "noopener noreferrer"},
    "input": {"disabled": None},
    "button": {"type": "button"},
}


# One markup token: a comment (to its end, or to the end of the input), a doctype or processing
# instruction, or a start or end tag whose attributes may hold quoted ">". Any other "<" is text.
_MARKUP = re.compile(
    r"""<(?:!--.*?(?:-->|\Z)|[!?][^>]*(?:>|\Z)|(/?)([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>)""",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def sanitize(html: str) -> str:
    """`html` reduced to the allowlist, balanced and fully escaped."""
    cleaner = _Cleaner()
    position = 0
    for markup in _MARKUP.finditer(html):
        if markup.start() > position:
            cleaner.handle_data(unescape(html[position : markup.start()]))
        position = markup.end()
        closing, name, attributes = markup.groups()
        if name is None:
            continue  # comment, doctype, processing instruction: dropped
        tag = name.lower()
        if closing:
            cleaner.handle_endtag(tag)
            continue
        cleaner.handle_starttag(tag, _parsed_attributes(attributes))
        if attributes.rstrip().endswith("/") and tag not in _VOID:
            cleaner.handle_endtag(tag)  # <mspace/>: self-closing, as in foreign (MathML) content
    if position < len(html):
        cleaner.handle_data(unescape(html[position:]))
    return cleaner.result()


def _parsed_attributes(text: str) -> list[tuple[str, str | None]]:
    """Attribute names (lower case) and values (character references resolved); None for a bare name."""
    parsed: list[tuple[str, str | None]] = []
    for match in _ATTRIBUTE.finditer(text):
        name, double, single, bare = match.groups()
        value = next((v for v in (double, single, bare) if v is not None), None)
        parsed.append((name.lower(), None if value is None else unescape(value)))
    return parsed


class _Cleaner:
    """Writes out what the allowlist keeps of a stream of tags and text."""

    def __init__(self) -> None:
        self._out: list[str] = []
        self._open: list[str] = []
        self._dropping: list[str] = []

    def result(self) -> str:
        return "".join(self._out) + "".join(f"</{tag}>" for tag in reversed(self._open))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._dropping or tag in _DROP_WITH_CONTENT:
            if tag in _DROP_WITH_CONTENT or tag == self._dropping[-1]:
                self._dropping.append(tag)
            return
        if tag not in ATTRIBUTES:
            return
        kept = _attributes(tag, attrs)
        if tag == "input" and "type" not in kept:
            return
        if tag == "a" and "href" not in kept:
            kept = {}  # no safe link: the anchor keeps only its text
        else:
            kept.update(_FORCED.get(tag, {}))
        written = "".join(f" {name}" if value is None else f' {name}="{escape(value)}"' for name, value in kept.items())
        self._out.append(f"<{tag}{written}>")
        if tag not in _VOID:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._dropping:
            if tag == self._dropping[-1]:
                self._dropping.pop()
            return
        if tag in self._open:
            while (closed := self._open.pop()) != tag:
                self._out.append(f"</{closed}>")
            self._out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self._out.append(escape(strip_bidi(data) if "a" in self._open else data, quote=False))


def _attributes(tag: str, attrs: list[tuple[str, str | None]]) -> dict[str, str | None]:
    """The allowed attributes of one element, each checked; boolean attributes keep None as value."""
    checks = ATTRIBUTES[tag]
    kept: dict[str, str | None] = {}
    for name, value in attrs:
        if name == "class" and tag in _HTML_TAGS:
            if classes := _classes(value or ""):
                kept[name] = classes
        elif name in checks and name not in kept and checks[name](value or ""):
            kept[name] = value
    return kept
