"""Office Open XML packages (ECMA-376, ISO/IEC 29500): the ZIP files Word, Excel and PowerPoint save.

A package is a ZIP of XML parts tied together by relationship parts (`_rels/*.rels`): the package's own
names its main part, and a part's names the parts it uses (a presentation its slides, a slide its notes).
What is here: opening a package (refusing a password-protected one, which Office saves as an encrypted
compound file, not a ZIP), following relationships, and streaming a part's XML elements with a bound on
what unpacking may cost. The readers (docx.py, pptx.py; xlsx.py only opens the package here) hold the
rest.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from plauder.core.attachments.documents.found import Unreadable

# The magic of a Compound File (MS-CFB): what an encrypted Office file is (MS-OFFCRYPTO), and an old
# .doc/.xls/.ppt too. The encrypted one holds a stream named "EncryptedPackage" (UTF-16 in the directory).
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# A package unpacked may be at most this large: a 20 MB file can hold gigabytes of repeated XML.
MAX_UNPACKED = 256 * 1024 * 1024
_CHUNK = 65536

OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def open_package(data: bytes) -> zipfile.ZipFile:
    """The package in `data`; raises Unreadable for a password-protected file, a damaged one or one too large unpacked."""
    if data.startswith(_COMPOUND_FILE):
        raise Unreadable("attach.encrypted" if _ENCRYPTED_PACKAGE in data else "attach.corrupt")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise Unreadable("attach.corrupt") from error
    if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED:
        raise Unreadable("attach.too_big_unpacked", {"limit": f"{MAX_UNPACKED // 2**20} MB"})
    return package


def _rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of `part` ("" for the package's own) by id: (type, target part's path), of targets
    the package holds (one that names a part it lacks, or another file, is left out)."""
    rels = _rels_part(part) if part else "_rels/.rels"
    if rels not in package.NameToInfo:
        return {}
    found = {}
    for element in elements(package, rels, {_RELATIONSHIPS}):
        target = element.get("Target", "")
        if element.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(part), target)
        if (path := posixpath.normpath(path)) in package.NameToInfo:
            found[element.get("Id", "")] = (element.get("Type", ""), path)
    return found


def main_part(package: zipfile.ZipFile, usual: str) -> str:
    """The package's main part (word/document.xml, ppt/presentation.xml, ...), else `usual` where it exists."""
    for kind, target in relationships(package, "").values():
        if kind == OFFICE_DOCUMENT:
            return target
    if usual in package.NameToInfo:
        return usual
    raise Unreadable("attach.corrupt")


def elements(package: zipfile.ZipFile, part: str, tags: set[str]) -> Iterator[Element]:
    """Each element of `part` whose tag is one of `tags` (as {namespace}name), once it is complete."""
    return (element for event, element in walk(package, part) if event == "end" and element.tag in tags)


def walk(package: zipfile.ZipFile, part: str) -> Iterator[tuple[str, Element]]:
    """("start", element) as each element of `part` opens (its children not read yet) and ("end", element)
    once it is complete, read and parsed a slice at a time: whatever the part's size, memory holds a slice
    and the elements not yet cleared (a reader clears what it has used)."""
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    try:
        with package.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                parser.feed(chunk)
                yield from _events(parser)
        parser.close()
        yield from _events(parser)
    except (ParseError, zipfile.BadZipFile, zlib.error, KeyError, EOFError) as error:
        raise Unreadable("attach.corrupt") from error


def _events(parser: XMLPullParser[Element]) -> Iterator[tuple[str, Element]]:
    for event in parser.read_events():  # only "start" and "end" were asked for: each gives an Element
        if len(event) == 2 and isinstance(event[1], Element):
            yield str(event[0]), event[1]
