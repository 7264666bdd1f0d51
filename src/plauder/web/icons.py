"""The thread's small icons as inline SVG: drawn here on a 24x24 grid, so no icon font or file is loaded.

Each is only strokes; the sheet gives them the colour of their button's text. They are decoration: the
button around one carries its name.
"""

from __future__ import annotations

PATHS = {
    "copy": '<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M15 9V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v7a2 2 0 0 0 2 2h3"/>',
    "copied": '<path d="M5 12.5l4.5 4.5L19 7.5"/>',
    "edit": '<path d="M5 19l1-4L16 5l3 3L9 18z"/><path d="M14 7l3 3"/>',
    "fork": (
        '<circle cx="7" cy="5" r="2"/><circle cx="7" cy="19" r="2"/><circle cx="17" cy="6" r="2"/>'
        '<path d="M7 7v10"/><path d="M17 8c0 4-10 4-10 9"/>'
    ),
    "delete": '<path d="M4 7h16"/><path d="M9 7V4.5h6V7"/><path d="M6 7l1 13h10l1-13"/><path d="M10 11v5M14 11v5"/>',
    "regenerate": '<path d="M19.5 12a7.5 7.5 0 1 1-2.2-5.3"/><path d="M19.5 4v4.5H15"/>',
    "continue": '<path d="M4 12h12"/><path d="M11 6l6 6-6 6"/><path d="M20 5v14"/>',
    "previous": '<path d="M15 6l-6 6 6 6"/>',
    "next": '<path d="M9 6l6 6-6 6"/>',
    "attach": '<path d="M20 11.5l-7.8 7.8a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4L15 6.9"/>',
    "remove": '<path d="M7 7l10 10M17 7L7 17"/>',
    "merge": '<path d="M6 4v3a6 6 0 0 0 6 6 6 6 0 0 0 6-6V4"/><path d="M12 13v7"/><path d="M9 17l3 3 3-3"/>',
    "fit": '<path d="M4 4l6 6"/><path d="M10 5v5H5"/><path d="M20 20l-6-6"/><path d="M14 19v-5h5"/>',
    "raw": '<path d="M8 7l-5 5 5 5"/><path d="M16 7l5 5-5 5"/><path d="M13.5 5l-3 14"/>',
    "temporary": '<path d="M4 5h16v11H10l-5 4v-4H4z" stroke-dasharray="3 2.4"/>',
    "picture": '<rect x="3" y="5" width="18" height="14" rx="2"/><circle cx="9" cy="10" r="1.8"/><path d="M4 18l6-6 4 4 2.5-2.5L20 17"/>',
}
PATHS["retry"] = PATHS["regenerate"]


def icon(name: str) -> str:
    """The icon `name` (a key of PATHS), hidden from assistive technology."""
    return (
        f'<svg class="glyph" data-icon="{name}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        f"{PATHS[name]}</svg>"
    )
