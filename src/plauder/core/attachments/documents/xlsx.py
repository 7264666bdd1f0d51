"""An Excel workbook's cells (.xlsx, .xlsm) as CSV, one block per sheet, read with openpyxl (pure Python,
with et_xmlfile; kept by the openpyxl project), which knows what the standard library would have to be
taught: shared strings, which number formats make a number a date, the value a formula last gave.

Each sheet is headed `--- Sheet: <name> ---`; its rows follow as CSV (RFC 4180 quoting), empty rows and
the empty cells at a row's end left out. A formula gives the value Excel stored when it last calculated
(a file written by a program that never calculated has none: the cell is empty). Dates are ISO 8601.
"""

from __future__ import annotations

import datetime
import io
import warnings
from collections.abc import Iterable

from plauder.core.attachments.documents.found import Extracted, TextOut, Unreadable
from plauder.core.attachments.documents.ooxml import open_package


def sheet_heading(name: str) -> str:
    return f"--- Sheet: {name} ---"


def read_xlsx(data: bytes) -> Extracted:
    open_package(data).close()  # refuses an encrypted, damaged or oversized package before openpyxl reads it
    from openpyxl import load_workbook  # imported here: only a worker that reads a workbook loads it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it does not keep
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            out = TextOut()
            sheets = workbook.worksheets
            for sheet in sheets:
                out.add(sheet_heading(sheet.title), heading=True)
                for row in sheet.iter_rows(values_only=True):
                    if line := csv_line(cell_text(value) for value in row):
                        out.add(line)
                out.add("")
        finally:
            workbook.close()
    if out.empty:
        raise Unreadable("attach.empty")
    return Extracted(out.joined(), pages=len(sheets))


def cell_text(value: object) -> str:
    """A cell's value as text: whole numbers without ".0", dates and times in ISO 8601, TRUE/FALSE."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def csv_line(cells: Iterable[str]) -> str:
    """One CSV row without its empty cells at the end ("" for a row of none): a cell holding a comma, a quote
    or a line break is quoted, its quotes doubled."""
    quoted = [f'"{cell.replace(chr(34), chr(34) * 2)}"' if any(c in cell for c in ',"\n\r') else cell for cell in cells]
    while quoted and not quoted[-1]:
        quoted.pop()
    return ",".join(quoted)
