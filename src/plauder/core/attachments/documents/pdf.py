"""A PDF's text, page by page, with pypdf (pure Python, kept by the pypdf project; it reads what the PDF
writes as text and nothing else: a scanned page is a picture, and OCR is not done in the browser).

Each page's text is headed by its number (`--- Page 3 ---`), so a model can say where it read something.
Refused, with the reason: a file that is not a PDF or is damaged, one that is encrypted and opens only
with a password (one encrypted with an empty password, as "protected" PDFs often are, opens as in any
viewer; pypdf decrypts RC4 itself, and AES only with a cryptography package the browser does not have),
and one whose pages hold no text at all (a scan).
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

from plauder.core.attachments.documents.found import Extracted, TextOut, Unreadable

if TYPE_CHECKING:
    from pypdf import PageObject

# A PDF starts with this within its first kilobyte (ISO 32000-2, 7.5.2; readers allow junk before it).
_HEADER = b"%PDF-"
_HEADER_WITHIN = 1024


def page_heading(number: int) -> str:
    return f"--- Page {number} ---"


def read_pdf(data: bytes) -> Extracted:
    if _HEADER not in data[:_HEADER_WITHIN]:
        raise Unreadable("attach.corrupt")
    from pypdf import PdfReader  # imported here: only a worker that reads a PDF loads it (web/documents.py)
    from pypdf.errors import DependencyError

    # pypdf logs what it repairs and warns about what it skips; the user is told the outcome, not those.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data))
        try:
            if reader.is_encrypted and not reader.decrypt(""):
                raise Unreadable("attach.encrypted")
            return _text(reader.pages)
        except (DependencyError, NotImplementedError) as error:
            if reader.is_encrypted:  # AES without a cryptography package, or a security handler pypdf lacks
                raise Unreadable("attach.encrypted") from error
            raise


def _text(pages: Sequence[PageObject]) -> Extracted:
    if len(pages) == 0:
        raise Unreadable("attach.corrupt")
    out = TextOut()
    for number, page in enumerate(pages, start=1):
        out.add(page_heading(number), heading=True)
        if text := page.extract_text().strip():
            out.add(text)
        out.add("")
    if out.empty:
        raise Unreadable("attach.no_text_layer")
    return Extracted(out.joined(), pages=len(pages))
