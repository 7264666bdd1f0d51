"""Which reader a document gets, by its type, and the Attachment or Refusal it comes to.

The document worker (src/templates/documents-worker.js) calls `answer` for each file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from plauder.core.attachments.documents import outcome_message
from plauder.core.attachments.documents.docx import read_docx
from plauder.core.attachments.documents.found import Extracted, Unreadable
from plauder.core.attachments.documents.pdf import read_pdf
from plauder.core.attachments.documents.pptx import read_pptx
from plauder.core.attachments.documents.xlsx import read_xlsx
from plauder.core.attachments.reading import DOCX, PDF, PPTX, XLSX, Refusal
from plauder.core.records import Attachment

# Each type's reader, and the name its refusals give the format ("not a Word file").
READERS: Mapping[str, tuple[Callable[[bytes], Extracted], str]] = {
    PDF: (read_pdf, "PDF"),
    DOCX: (read_docx, "Word"),
    XLSX: (read_xlsx, "Excel"),
    PPTX: (read_pptx, "PowerPoint"),
}


def read_document(name: str, media_type: str, data: bytes) -> Attachment | Refusal:
    """The document's text as an attachment, or why it was not read; `media_type` is one of READERS."""
    reader, kind = READERS[media_type]
    try:
        found = reader(data)
    except Unreadable as why:
        return Refusal(name, why.key, {"kind": kind, **why.params})
    except ImportError:
        raise  # the reader's library is missing: the reader failed, not the file
    except Exception:  # noqa: BLE001 - a parser fed a damaged file may raise anything: the file is what failed
        return Refusal(name, "attach.corrupt", {"kind": kind})
    return Attachment(name, len(data), media_type, found.text, found.pages)


def answer(name: str, media_type: str, data: bytes | memoryview) -> str:
    """The worker's answer for one file: what `read_document` gives, as the message the page reads back."""
    return outcome_message(read_document(name, media_type, bytes(data)))
