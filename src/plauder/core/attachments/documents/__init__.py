"""Documents attached to a message: PDF, Word, Excel and PowerPoint files, read to their text in a worker.

Each format has a reader of its own, a small module with one job (pdf, docx, xlsx, pptx, sharing found,
ooxml and blocks); reader.py picks one by the file's type. PDF is read with pypdf and Excel with openpyxl,
both pure Python: their wheels are pinned in browser-wheels.txt and load into the worker only when the
first file of their kind comes (LIBRARIES). Word and PowerPoint are read with the standard library
(docx.py says why).

The readers run in a Web Worker with a Python of its own (web/documents.py), never on the page: importing
pypdf alone kept Pyodide's thread busy for 615 ms, opening a 10,000-row workbook with openpyxl for 489 ms,
and what one PDF page costs depends on what the page holds. This module is what the page needs of them:
which wheels each type loads, and the worker's answer as a message (JSON text) and back. It imports no
reader and no parser.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from plauder.core.attachments.reading import PDF, XLSX, Refusal
from plauder.core.records import Attachment

# The browser wheels (distribution names, as browser-wheels.txt pins them) each type's reader imports, in
# the order they load; a type not listed needs none.
LIBRARIES: Mapping[str, tuple[str, ...]] = {
    PDF: ("pypdf",),
    XLSX: ("et-xmlfile", "openpyxl"),
}


def outcome_message(outcome: Attachment | Refusal) -> str:
    """What the worker answers: the attachment's record, or the refusal's name, key and parameters."""
    if isinstance(outcome, Attachment):
        return json.dumps({"attachment": outcome.to_record()})
    return json.dumps({"refusal": {"name": outcome.name, "key": outcome.key, "params": dict(outcome.params)}})


def outcome_of(message: str) -> Attachment | Refusal:
    """The worker's answer read back (outcome_message's inverse)."""
    answer = json.loads(message)
    if "attachment" in answer:
        return Attachment.from_record(answer["attachment"])
    refusal = answer["refusal"]
    return Refusal(str(refusal["name"]), str(refusal["key"]), dict(refusal["params"]))
