"""The layer behind the message box (web/finding_marks.py, pure): the box's text as it is, escaped, with
each finding in a <mark>."""

from __future__ import annotations

from html import unescape

from plauder.core.privacy import detect
from plauder.web.finding_marks import marks_html


def test_each_finding_is_marked_in_the_text_as_typed() -> None:
    """Stripped of its marks and unescaped, the layer holds exactly the box's text (so it wraps alike)."""
    text = '<b>"Mail"</b> max@example.com &amp; 10.0.0.12\tend'
    html = marks_html(text, detect(text))
    assert html.count("<mark>") == 2 and "<b>" not in html
    assert "<mark>max@example.com</mark>" in html and "<mark>10.0.0.12</mark>" in html
    assert unescape(html.replace("<mark>", "").replace("</mark>", "")) == text


def test_a_last_empty_line_is_kept_and_no_findings_draw_nothing() -> None:
    """The box shows an empty line after a final line break, which a block of text would drop: a space holds it."""
    text = "max@example.com\n"
    assert marks_html(text, detect(text)) == "<mark>max@example.com</mark>\n "
    assert marks_html("nothing here", ()) == ""
