"""What a file is and its text: by the name's extension, decoded here so every browser agrees.

A text file is read here when it is text we can show as it is (plain text, Markdown, CSV/TSV, JSON, HTML
as its text, XML, source code) and under MAX_BYTES. A document (PDF, Word, Excel, PowerPoint; DOCUMENTS)
under MAX_DOCUMENT_BYTES is read by core/attachments/documents, in a worker. Anything else is refused with
a reason the user reads (`Refusal`), before its bytes are read where the name and size already tell.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from plauder.core.records import Attachment

# 2 MiB of text is about half a million tokens: more than any model's context today, and still read
# and drawn in well under a second. Bigger files are refused before they are read.
MAX_BYTES = 2 * 1024 * 1024
# A document's bytes are mostly pictures and fonts: 20 MiB holds a few hundred pages of a typical PDF or
# Word file, which is already more text than a model takes (the text itself is capped at MAX_BYTES).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
_OOXML = "application/vnd.openxmlformats-officedocument."
DOCX = _OOXML + "wordprocessingml.document"
XLSX = _OOXML + "spreadsheetml.sheet"
PPTX = _OOXML + "presentationml.presentation"
# The macro-enabled twins (.docm, .xlsm, .pptm) are the same packages; their macros are never run or read.
DOCUMENTS: Mapping[str, str] = {
    "pdf": PDF, "docx": DOCX, "docm": DOCX, "xlsx": XLSX, "xlsm": XLSX, "pptx": PPTX, "pptm": PPTX,
}  # fmt: skip

_TEXT = {"txt": "text/plain", "text": "text/plain", "log": "text/plain", "md": "text/markdown",
         "markdown": "text/markdown", "csv": "text/csv", "tsv": "text/tab-separated-values",
         "json": "application/json", "jsonl": "application/jsonl", "ndjson": "application/jsonl",
         "html": "text/html", "htm": "text/html", "xml": "application/xml", "svg": "image/svg+xml",
         "rst": "text/x-rst", "tex": "text/x-tex", "ini": "text/plain", "cfg": "text/plain",
         "conf": "text/plain", "toml": "application/toml", "yaml": "application/yaml",
         "yml": "application/yaml", "env": "text/plain", "properties": "text/plain", "srt": "text/plain",
         "vtt": "text/vtt", "ics": "text/calendar"}  # fmt: skip
_CODE = (
    "py pyi ipynb js mjs cjs ts tsx jsx css scss less sass java kt kts scala groovy gradle c h cc cpp cxx hpp hh "
    "cs fs vb go rs swift m mm rb php pl pm lua r jl dart ex exs erl hs ml clj sql sh bash zsh fish ps1 bat cmd "
    "vue svelte astro dockerfile makefile mk cmake proto graphql gql tf hcl nix zig v sv vhd asm s diff patch"
)
MEDIA_TYPES: Mapping[str, str] = {**dict.fromkeys(_CODE.split(), "text/x-source"), **_TEXT, **DOCUMENTS}
# Known kinds that are not read: named, so the user is not told they are unknown. The old Office formats
# and OpenDocument are saved as one of DOCUMENTS by the programs that open them.
_OTHER_DOCUMENTS = "doc odt rtf xls ods ppt odp pages numbers key"
_IMAGES = "bmp tif tiff heic heif avif svgz ico"  # pictures of kinds core/images.py does not take
_LATER = {
    **dict.fromkeys(_OTHER_DOCUMENTS.split(), "attach.other_document"),
    **dict.fromkeys(_IMAGES.split(), "attach.not_yet_image"),
}
# Of control characters, only these occur in text; a file where others are common is not text.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_MAX_CONTROL_SHARE = 0.01
HTML_SLICE = 16384  # characters of HTML parsed between two yields to the browser


@dataclass(frozen=True)
class Refusal:
    """Why a file was not attached: a message key (its text names the file) and its parameters."""

    name: str
    key: str
    params: Mapping[str, object] = field(default_factory=dict)


def _extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1].lower()
    return base.rsplit(".", 1)[-1] if "." in base.lstrip(".") else base.lstrip(".")


def media_type_of(name: str, browser_type: str = "") -> str | None:
    """The type we read the file as, by its extension; an unknown one the browser calls text is plain text."""
    known = MEDIA_TYPES.get(_extension(name))
    if known is not None:
        return known
    return "text/plain" if browser_type.startswith("text/") else None


def is_document(media_type: str | None) -> bool:
    """Whether files of this type are read by core/attachments/documents (in a worker), not as text here."""
    return media_type in DOCUMENTS.values()


def precheck(name: str, size: int, browser_type: str = "") -> Refusal | None:
    """What the name, size and browser's type already refuse, so such a file is never read."""
    media_type = media_type_of(name, browser_type)
    if media_type is None:
        return Refusal(name, _LATER.get(_extension(name), "attach.unknown_type"))
    document = is_document(media_type)
    if size > (MAX_DOCUMENT_BYTES if document else MAX_BYTES):
        return Refusal(name, "attach.too_big", {"limit": "20 MB" if document else "2 MB"})
    if size == 0:
        return Refusal(name, "attach.empty")
    return None


def decode(data: bytes) -> str | None:
    """The text of `data`: UTF-8 (with or without its BOM), UTF-16 with its BOM, else Windows-1252 (latin-1
    with the printable characters Windows puts in 0x80-0x9f: what older Western files are); None when the
    result is not text (NUL bytes, or many other control characters: a binary file)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    sample = text[:65536]
    controls = sum(1 for char in sample if char < " " and char not in _TEXT_CONTROLS)
    return None if "\0" in sample or controls > len(sample) * _MAX_CONTROL_SHARE else text


def reading(name: str, browser_type: str, data: bytes) -> Iterator[Attachment | Refusal | None]:
    """Read a text file's bytes in steps: None after each slice of work (HTML is parsed HTML_SLICE characters
    at a time), the attachment or why not last. The shell yields to the browser at each None. (A document is
    not read here: see `is_document`.)"""
    refusal = precheck(name, len(data), browser_type)
    if refusal is not None:
        yield refusal
        return
    if is_document(media_type_of(name, browser_type)):
        raise ValueError(f"{name} is a document: core/attachments/documents reads it")
    text = decode(data)
    if text is None:
        yield Refusal(name, "attach.not_text")
        return
    media_type = media_type_of(name, browser_type) or "text/plain"
    if media_type == "text/html":
        # Imported here: html.parser takes ~35 ms to import in Pyodide, on the start's path otherwise.
        from plauder.core.attachments.html_text import HtmlText

        parser = HtmlText()
        for start in range(0, len(text), HTML_SLICE):
            yield None
            parser.feed(text[start : start + HTML_SLICE])
        parser.close()
        text = parser.text()
    yield Refusal(name, "attach.empty") if not text.strip() else Attachment(name, len(data), media_type, text)


def read(name: str, browser_type: str, data: bytes) -> Attachment | Refusal:
    """`reading` in one go."""
    return next(outcome for outcome in reading(name, browser_type, data) if outcome is not None)
