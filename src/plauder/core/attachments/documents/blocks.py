"""A document's paragraphs and tables as the text a model reads: paragraphs a blank line apart, tables as
Markdown rows (the first row as their header), both from Word and PowerPoint, whose XML differ only in names.

A table inside a table cell flows into that cell as text: Markdown has no nested tables.
"""

from __future__ import annotations

from collections.abc import Collection
from xml.etree.ElementTree import Element

from plauder.core.attachments.documents.found import TextOut


class Blocks:
    def __init__(self, out: TextOut, namespace: str) -> None:
        self._out = out
        # Word's tables and DrawingML's (PowerPoint's) are both tbl of tr of tc, each in its own namespace.
        self._table, self._row_tag, self._cell_tag = (namespace + name for name in ("tbl", "tr", "tc"))
        self._tables = 0  # how deep in tables the text is now
        self._cell: list[str] = []  # the paragraphs of the cell being read
        self._row: list[str] = []  # the cells of the row being read
        self._rows = 0  # rows of the outermost table so far

    def paragraph(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if self._tables:
            self._cell.append(text)
        else:
            self._out.add(text)
            self._out.add("")

    def table_part(self, event: str, tag: str) -> None:
        """Follow the tables: each one's start and end, and the end of each row and cell (other tags do nothing)."""
        if tag == self._table:
            self._tables += 1 if event == "start" else -1
            if event == "start" and self._tables == 1:
                self._rows = 0
            elif event == "end" and self._tables == 0:
                self._out.add("")
        elif event == "end" and tag == self._cell_tag and self._tables == 1:
            self._row.append(" ".join(" ".join(self._cell).split()).replace("|", "\\|"))
            self._cell = []
        elif event == "end" and tag == self._row_tag and self._tables == 1:
            self._out.add("| " + " | ".join(self._row) + " |")
            if self._rows == 0:
                self._out.add("|" + " --- |" * len(self._row))
            self._rows += 1
            self._row = []

    def heading(self, text: str) -> None:
        """A line that stands alone whatever came before (a slide's number), not counted as text found."""
        self._out.add(text, heading=True)


def inline_text(element: Element, texts: Collection[str], breaks: Collection[str], skipped: Collection[str]) -> str:
    """The text of a paragraph: each element tagged in `texts` gives its text, one in `breaks` a new line
    (a tab element gives a tab: its tag ends in "}tab"), and nothing under a tag in `skipped` counts."""
    parts: list[str] = []

    def visit(node: Element) -> None:
        for child in node:
            if child.tag in skipped:
                continue
            if child.tag in texts:
                parts.append(child.text or "")
            elif child.tag in breaks:
                parts.append("\n")
            elif child.tag.endswith("}tab"):
                parts.append("\t")
            else:
                visit(child)

    visit(element)
    return "".join(parts)
