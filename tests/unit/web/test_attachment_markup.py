"""The chips of documents still being read (web/attachment_markup.py, pure): the file's name escaped, marked
busy, with nothing to open or remove yet."""

from __future__ import annotations

from functools import partial

from plauder.core.i18n import translate
from plauder.web.attachment_markup import reading_chips_html

HOSTILE = '<img src=x onerror="alert(1)">.pdf'


def test_a_document_being_read_is_named_escaped_and_busy() -> None:
    html = reading_chips_html([HOSTILE, "b.docx"], partial(translate, "de"))
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.pdf" in html
    assert html.count('<li class="chip" aria-busy="true">') == 2
    assert html.count("wird gelesen …") == 2
    assert "<button" not in html  # nothing to open or remove until it is read
    assert reading_chips_html([], partial(translate, "en")) == ""
