"""A PowerPoint presentation's text (.pptx), read with the standard library like a Word document (docx.py
says why: python-pptx needs lxml, which the browser cannot load).

The slides come in the order the presentation lists them (`p:sldIdLst` in ppt/presentation.xml, ECMA-376
Part 1, 19.2.1.34), not the order of their file names, each headed `--- Slide N ---`: its text boxes'
paragraphs (DrawingML `a:p` of runs `a:r` holding `a:t`), its tables as Markdown rows, then its speaker
notes, which often say what the slide only hints at.
"""

from __future__ import annotations

import zipfile

from plauder.core.attachments.documents.blocks import Blocks, inline_text
from plauder.core.attachments.documents.found import Extracted, TextOut, Unreadable
from plauder.core.attachments.documents.ooxml import elements, main_part, open_package, relationships, walk

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_SLIDE = _RELATIONS + "slide"
_NOTES = _RELATIONS + "notesSlide"
_TEXTS = {_A + "t"}
_BREAKS = {_A + "br"}
_SKIPPED = {_A + "pPr", _A + "rPr", _A + "endParaRPr"}
# A notes page also shows the slide's picture and its number as placeholders; only its text body is the notes.
_NOTES_BODY = 'p:nvPr/p:ph[@type="body"]'
_NAMESPACES = {"p": _P[1:-1], "a": _A[1:-1]}


def slide_heading(number: int) -> str:
    return f"--- Slide {number} ---"


def read_pptx(data: bytes) -> Extracted:
    package = open_package(data)
    presentation = main_part(package, "ppt/presentation.xml")
    slides = _slides_in_order(package, presentation)
    out = TextOut()
    blocks = Blocks(out, _A)
    for number, slide in enumerate(slides, start=1):
        blocks.heading(slide_heading(number))
        _read_shapes(package, slide, blocks)
        notes = [target for kind, target in relationships(package, slide).values() if kind == _NOTES]
        if notes:
            blocks.heading("Notes:")
            _read_shapes(package, notes[0], blocks, notes=True)
    if out.empty:
        raise Unreadable("attach.empty")
    return Extracted(out.joined(), pages=len(slides))


def _slides_in_order(package: zipfile.ZipFile, presentation: str) -> list[str]:
    related = relationships(package, presentation)
    listed = (
        related.get(element.get(_R_ID, ""), ("", "")) for element in elements(package, presentation, {_P + "sldId"})
    )
    return [target for kind, target in listed if kind == _SLIDE]


def _read_shapes(package: zipfile.ZipFile, part: str, blocks: Blocks, notes: bool = False) -> None:
    """The paragraphs and tables of a slide's shapes, or of a notes page's body placeholder."""
    for event, element in walk(package, part):
        tag = element.tag
        if event == "end" and tag == _P + "sp" and notes:
            if element.find("p:nvSpPr/" + _NOTES_BODY, _NAMESPACES) is not None:
                for paragraph in element.iter(_A + "p"):
                    blocks.paragraph(inline_text(paragraph, _TEXTS, _BREAKS, _SKIPPED))
            element.clear()
        elif notes:
            continue
        elif event == "end" and tag == _A + "p":
            blocks.paragraph(inline_text(element, _TEXTS, _BREAKS, _SKIPPED))
            element.clear()
        else:
            blocks.table_part(event, tag)
