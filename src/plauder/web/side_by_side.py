"""Answers side by side (core/comparing.py): columns on a wide screen, tabs on a narrow one.

One markup serves both: the sheet (app.css) shows every panel in a grid where there is room, and below it
the tab list and the selected panel only. The tabs follow the ARIA tabs pattern: one tab stop, the arrow
keys, Home and End move between them and select.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from plauder.web.dom import found

SELECTED = "selected"
KEYS = {"ArrowLeft": -1, "ArrowRight": 1}


def side_by_side_html(columns: Sequence[tuple[str, str, str]], label: str) -> str:
    """The panels for (answer id, model, article markup) in order, the first selected, with their tab list."""
    tabs, panels = [], []
    for index, (answer_id, model, article) in enumerate(columns):
        key, chosen = escape(answer_id), index == 0
        tabs.append(
            f'<button type="button" role="tab" id="tab-{key}" aria-controls="panel-{key}" '
            f'aria-selected="{str(chosen).lower()}" tabindex="{0 if chosen else -1}">{escape(model)}</button>'
        )
        panels.append(
            f'<div class="side-panel{" " + SELECTED if chosen else ""}" role="tabpanel" id="panel-{key}" '
            f'aria-labelledby="tab-{key}">{article}</div>'
        )
    return (
        f'<div class="side-by-side" style="--columns: {len(columns)}">'
        f'<div class="side-tabs" role="tablist" aria-label="{escape(label)}">{"".join(tabs)}</div>'
        f"{''.join(panels)}</div>"
    )


def select(tab: Any) -> None:
    """Show `tab`'s panel (on a narrow screen the others hide) and make it the tab list's one tab stop."""
    for other in tab.parentElement.querySelectorAll("[role=tab]"):
        chosen = other.id == tab.id
        other.setAttribute("aria-selected", str(chosen).lower())
        other.tabIndex = 0 if chosen else -1
        panel = found(tab.ownerDocument.getElementById(other.getAttribute("aria-controls")))
        if panel is not None:
            panel.classList.toggle(SELECTED, chosen)


def on_key(event: Any) -> None:
    """Arrow keys, Home and End on a tab: the next, previous, first or last tab, selected and focused."""
    tab = found(event.target.closest("[role=tab]"))
    if tab is None or event.key not in {*KEYS, "Home", "End"}:
        return
    tabs = list(tab.parentElement.querySelectorAll("[role=tab]"))
    index = next(i for i, other in enumerate(tabs) if other.id == tab.id)
    target = (
        0 if event.key == "Home" else len(tabs) - 1 if event.key == "End" else (index + KEYS[event.key]) % len(tabs)
    )
    event.preventDefault()
    select(tabs[target])
    tabs[target].focus()
