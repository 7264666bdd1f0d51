"""Sample documents made on the spot, for the unit tests, the browser tests and bench/attachments.py.

Each maker writes the smallest file its format's specification allows that real readers open: a PDF from a
hand-made writer (ISO 32000: objects, a cross-reference table, a trailer), and DOCX, XLSX and PPTX as the
Office Open XML packages (ECMA-376) that Word, Excel and PowerPoint save, written with zipfile. Nothing here
needs a third-party library, so the same files can be made wherever a test runs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

# A line of prose about as long as a printed line (~80 characters); pages and paragraphs repeat it, numbered.
PROSE = "The quarterly report covers revenue, costs and the outlook for the next three months"


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def pdf(pages: Sequence[Sequence[str]], scanned: Sequence[bool] = ()) -> bytes:
    """A PDF with one page per entry of `pages`, each line set in Helvetica (a standard font: no font file
    needed); a page whose `scanned` entry is true holds a picture and no text, as a scanner makes it."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"") -> int:
        return add(b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream")

    catalog = add(b"")  # both filled in at the end, when the pages are known
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    picture = stream(bytes(range(0, 256, 4)), b"/Type /XObject /Subtype /Image /Width 8 /Height 8 "
                     b"/ColorSpace /DeviceGray /BitsPerComponent 8 ")  # fmt: skip
    kids = []
    for number, lines in enumerate(pages):
        if number < len(scanned) and scanned[number]:
            content = stream(b"q 612 0 0 792 0 0 cm /Im1 Do Q")
        else:
            text = b" T*\n".join(_pdf_string(line) + b" Tj" for line in lines)
            content = stream(b"BT /F1 11 Tf 14 TL 56 760 Td\n" + text + b"\nET")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                        % (tree, content, font, picture)))  # fmt: skip
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def prose_pages(count: int, lines: int = 45) -> list[list[str]]:
    """`count` pages of `lines` numbered lines of prose each (a full printed page, about 3,800 characters)."""
    return [[f"{page + 1}.{line + 1} {PROSE}." for line in range(lines)] for page in range(count)]


def _package(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return out.getvalue()


_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_DOC_TYPE = "application/vnd.openxmlformats-officedocument"


def _content_types(overrides: dict[str, str]) -> str:
    listed = "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in overrides.items())
    return (
        f'<Types xmlns="{_TYPES}"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{listed}</Types>'
    )


def _rels(*relations: tuple[str, str]) -> str:
    """A relationships part: (type under officeDocument's relationships, target) for each."""
    listed = "".join(
        f'<Relationship Id="rId{n}" Type="{_OFFICE}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(relations, start=1)
    )
    return f'<Relationships xmlns="{_RELS}">{listed}</Relationships>'


def _w_paragraph(text: str, style: str = "") -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def docx(
    paragraphs: Sequence[str], table: Sequence[Sequence[str]] = (), pages: int | None = None, raw: str = ""
) -> bytes:
    """A Word document: a heading, then `paragraphs` (a tab and a line break in the first one), then `table`;
    `pages` is the count Word writes into docProps/app.xml when it saves; `raw` is body XML put last (the
    `w` and `mc` prefixes are declared). Its heading style has the id a German Word gives it ("berschrift1"),
    and the name every Word gives it ("heading 1")."""
    body = [_w_paragraph("Report", "berschrift1")]
    for number, text in enumerate(paragraphs):
        if number == 0:
            body.append(
                f"<w:p><w:r><w:t>{escape(text)}</w:t><w:tab/><w:t>tabbed</w:t><w:br/><w:t>next line</w:t></w:r></w:p>"
            )
        else:
            body.append(_w_paragraph(text))
    if table:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc>{_w_paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in table
        )
        body.append(f"<w:tbl>{rows}</w:tbl>")
    body.append(raw)
    parts = {
        "[Content_Types].xml": _content_types(
            {
                "word/document.xml": f"{_DOC_TYPE}.wordprocessingml.document.main+xml",
                "docProps/app.xml": f"{_DOC_TYPE}.extended-properties+xml",
            }
        ),
        "_rels/.rels": _rels(("officeDocument", "word/document.xml"), ("extended-properties", "docProps/app.xml")),
        "word/document.xml": f'<w:document xmlns:w="{_W}" xmlns:mc="{_MC}"><w:body>{"".join(body)}</w:body></w:document>',
        "word/_rels/document.xml.rels": _rels(("styles", "styles.xml")),
        "word/styles.xml": f'<w:styles xmlns:w="{_W}"><w:style w:type="paragraph" w:styleId="berschrift1">'
        '<w:name w:val="heading 1"/></w:style></w:styles>',
    }
    if pages is not None:
        parts["docProps/app.xml"] = (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Pages>{pages}</Pages></Properties>"
        )
    return _package(parts)


def report_docx(pages: int) -> bytes:
    """A Word document of about `pages` printed pages: 10 paragraphs of 5 lines each per page."""
    paragraphs = [f"Paragraph {n + 1}. " + " ".join([PROSE + "."] * 5) for n in range(pages * 10)]
    return docx(paragraphs, pages=pages)


_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    """An Excel workbook, one sheet per entry: strings go to the shared string table as Excel writes them,
    numbers and booleans into their cells, None leaves a cell out, and a string starting with = becomes a
    formula whose cached value is 0."""
    shared: list[str] = []
    parts: dict[str, str] = {}
    entries, rels, types = [], [], {"xl/workbook.xml": f"{_DOC_TYPE}.spreadsheetml.sheet.main+xml"}
    for number, (name, rows) in enumerate(sheets.items(), start=1):
        cells_xml = []
        for row_number, row in enumerate(rows, start=1):
            cells = []
            for column, value in enumerate(row):
                ref = f"{_column(column)}{row_number}"
                if value is None:
                    continue
                if isinstance(value, bool):
                    cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, str) and value.startswith("="):
                    cells.append(f'<c r="{ref}"><f>{escape(value[1:])}</f><v>0</v></c>')
                elif isinstance(value, str):
                    shared.append(value)
                    cells.append(f'<c r="{ref}" t="s"><v>{len(shared) - 1}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            cells_xml.append(f'<row r="{row_number}">{"".join(cells)}</row>')
        parts[f"xl/worksheets/sheet{number}.xml"] = (
            f'<worksheet xmlns="{_S}"><sheetData>{"".join(cells_xml)}</sheetData></worksheet>'
        )
        types[f"xl/worksheets/sheet{number}.xml"] = f"{_DOC_TYPE}.spreadsheetml.worksheet+xml"
        entries.append(f'<sheet name="{escape(name)}" sheetId="{number}" r:id="rId{number}"/>')
        rels.append(
            f'<Relationship Id="rId{number}" Type="{_OFFICE}/worksheet" Target="worksheets/sheet{number}.xml"/>'
        )
    strings_id = len(sheets) + 1
    rels.append(f'<Relationship Id="rId{strings_id}" Type="{_OFFICE}/sharedStrings" Target="sharedStrings.xml"/>')
    types["xl/sharedStrings.xml"] = f"{_DOC_TYPE}.spreadsheetml.sharedStrings+xml"
    parts.update(
        {
            "[Content_Types].xml": _content_types(types),
            "_rels/.rels": _rels(("officeDocument", "xl/workbook.xml")),
            "xl/workbook.xml": f'<workbook xmlns="{_S}" xmlns:r="{_OFFICE}"><sheets>{"".join(entries)}</sheets></workbook>',
            "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_RELS}">{"".join(rels)}</Relationships>',
            "xl/sharedStrings.xml": f'<sst xmlns="{_S}" count="{len(shared)}">'
            + "".join(f"<si><t>{escape(text)}</t></si>" for text in shared)
            + "</sst>",
        }
    )
    return _package(parts)


def ledger_xlsx(rows: int) -> bytes:
    """One sheet of `rows` bookings under a header: date, account, text, amount (a typical export)."""
    body = [
        [f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", f"ACC-{n % 97:03d}", f"Booking {n}", n * 1.25] for n in range(rows)
    ]
    return xlsx({"Ledger": [["Date", "Account", "Text", "Amount"], *body]})


_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _placeholder(kind: str, text: str) -> str:
    """A notes page's shape standing in for its `kind` of content (the notes' body, the slide number)."""
    return (
        f'<p:sp><p:nvSpPr><p:nvPr><p:ph type="{kind}"/></p:nvPr></p:nvSpPr>'
        f"<p:txBody><a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def _a_table(rows: Sequence[Sequence[str]]) -> str:
    """A DrawingML table in its graphic frame, as PowerPoint writes one on a slide."""
    cells = "".join(
        "<a:tr>"
        + "".join(f"<a:tc><a:txBody><a:p><a:r><a:t>{escape(cell)}</a:t></a:r></a:p></a:txBody></a:tc>" for cell in row)
        + "</a:tr>"
        for row in rows
    )
    return (
        f"<p:graphicFrame><a:graphic><a:graphicData><a:tbl>{cells}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
    )


def pptx(slides: Sequence[Sequence[str]], notes: Sequence[str] = (), table: Sequence[Sequence[str]] = ()) -> bytes:
    """A PowerPoint presentation: each slide a text box per entry (its title first), listed in
    presentation.xml out of file order (slide files are numbered as made, shown as listed); a slide whose
    `notes` entry is not empty has speaker notes; the first slide ends with `table`, if given."""
    parts: dict[str, str] = {}
    types = {"ppt/presentation.xml": f"{_DOC_TYPE}.presentationml.presentation.main+xml"}
    ids, rels = [], []
    numbers = list(range(len(slides), 0, -1))  # files numbered backwards, listed in the slides' order
    for place, (number, texts) in enumerate(zip(numbers, slides, strict=True)):
        shapes = "".join(
            f"<p:sp><p:txBody><a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p></p:txBody></p:sp>" for text in texts
        ) + (_a_table(table) if place == 0 and table else "")
        parts[f"ppt/slides/slide{number}.xml"] = (
            f'<p:sld xmlns:p="{_P}" xmlns:a="{_A}"><p:cSld><p:spTree>{shapes}</p:spTree></p:cSld></p:sld>'
        )
        types[f"ppt/slides/slide{number}.xml"] = f"{_DOC_TYPE}.presentationml.slide+xml"
        if place < len(notes) and notes[place]:
            parts[f"ppt/notesSlides/notesSlide{number}.xml"] = (
                f'<p:notes xmlns:p="{_P}" xmlns:a="{_A}"><p:cSld><p:spTree>{_placeholder("sldNum", str(place + 1))}'
                f"{_placeholder('body', notes[place])}</p:spTree></p:cSld></p:notes>"
            )
            parts[f"ppt/slides/_rels/slide{number}.xml.rels"] = _rels(
                ("notesSlide", f"../notesSlides/notesSlide{number}.xml")
            )
        ids.append(f'<p:sldId id="{256 + place}" r:id="rId{number}"/>')
        rels.append(f'<Relationship Id="rId{number}" Type="{_OFFICE}/slide" Target="slides/slide{number}.xml"/>')
    parts.update(
        {
            "[Content_Types].xml": _content_types(types),
            "_rels/.rels": _rels(("officeDocument", "ppt/presentation.xml")),
            "ppt/presentation.xml": f'<p:presentation xmlns:p="{_P}" xmlns:r="{_OFFICE}"><p:sldIdLst>{"".join(ids)}'
            "</p:sldIdLst></p:presentation>",
            "ppt/_rels/presentation.xml.rels": f'<Relationships xmlns="{_RELS}">{"".join(rels)}</Relationships>',
        }
    )
    return _package(parts)
