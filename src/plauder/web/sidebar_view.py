"""The sidebar: folders, and conversations under headings by date, as core.folders.sidebar_layout lays
them out; holds no rules.

Each row can be dragged onto a folder (into it) or onto anything else in the list (into the folder
that row sits in, or the top level); every row also has a menu with the same moves for keyboards,
and a conversation's menu pins or unpins it. What a user does is handed to one callback as
(action, kind, id, value).

The list is one tab stop (a roving tabindex): Up and Down, Home and End move between the rows, and
the context-menu key or Shift+F10 opens a row's menu, whose button the mouse uses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from html import escape
from typing import Any

import js
from pyodide.ffi import create_proxy

from plauder.core.folders import SidebarLayout, SidebarRow
from plauder.core.recency import heading
from plauder.web.dom import element, found, on, with_id

COLLAPSED_KEY = "plauder.collapsed"  # per browser: which folders are closed
INDENT_REM = 0.9
TOP = ""  # the "Move to…" value of the top level
EM_SPACE = "\u2003"  # indents a folder in the "Move to…" list
# Drawn after a pinned conversation's title (its heading, or its menu's Unpin, says it to screen readers).
PIN_MARK = (
    '<svg class="pin-mark" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">'
    '<path d="M5 1h6l-1 5 3 3H8.8L8 15l-.8-6H3l3-3z" fill="currentColor"/></svg>'
)

Act = Callable[[str, str, str, str], None]  # action, kind ("folder" or "conversation"), id, value
ROW_BUTTONS = ".sidebar-row > button"  # a row's own button: its one tab stop
MOVES = {"ArrowDown": 1, "ArrowUp": -1}


def load_collapsed() -> set[str]:
    try:
        stored = json.loads(str(js.localStorage.getItem(COLLAPSED_KEY) or "[]"))
    except (ValueError, TypeError):
        return set()
    return {str(folder_id) for folder_id in stored} if isinstance(stored, list) else set()


def save_collapsed(collapsed: Collection[str]) -> None:
    js.localStorage.setItem(COLLAPSED_KEY, json.dumps(sorted(collapsed)))


def _button(text: str, action: str = "", class_name: str = "") -> str:
    action_attribute = f' data-action="{action}"' if action else ""
    class_attribute = f' class="{class_name}"' if class_name else ""
    return f'<button type="button"{class_attribute}{action_attribute}>{escape(text)}</button>'


class SidebarView:
    def __init__(self, t: Callable[..., str], act: Act, sealed: Callable[[], bool]) -> None:
        self.t = t
        self._act = act
        self._sealed = sealed  # the conversations are sealed and not yet unlocked: none can be listed
        self._nav = element("conversations")
        self._dragging: tuple[str, str] | None = None  # (kind, id) of the row being dragged
        self._targets: Sequence[tuple[str, str, int]] = ()
        self.collapsed = load_collapsed()
        on(self._nav, "click", self._clicked)
        on(self._nav, "keydown", self._on_key)
        on(self._nav, "focusin", lambda event: self._rove(found(event.target.closest(ROW_BUTTONS))))
        self._roving: str | None = None  # the id of the row that is the list's tab stop
        on(self._nav, "change", self._changed)
        on(self._nav, "dragstart", self._drag_started)
        on(self._nav, "dragover", self._dragged_over)
        on(self._nav, "dragleave", lambda event: self._mark(found(event.target.closest("[data-kind]")), False))
        on(self._nav, "drop", self._dropped)
        on(self._nav, "dragend", lambda _event: self._drag_ended())
        # "toggle" does not bubble: listen while it goes down the tree
        self._nav.addEventListener("toggle", create_proxy(self._menu_toggled), True)

    # -- drawing -------------------------------------------------------------------------------

    def render(self, layout: SidebarLayout, current_id: str | None) -> None:
        """Draw the rows; a row's menu is filled only when it opens.

        The rows go in as one piece of markup (every text escaped): a thousand conversations then
        cost one DOM call, not tens of thousands.
        """
        self._targets = layout.targets
        if not layout.rows:
            empty = self.t("shell.conversations_locked" if self._sealed() else "shell.no_conversations")
            self._nav.innerHTML = f'<p class="empty">{escape(empty)}</p>'
            return
        self._nav.innerHTML = "".join(self._row(row, current_id, layout.parents.get(row.id)) for row in layout.rows)
        for indented in self._nav.querySelectorAll(".sidebar-row[data-depth]"):
            indented.style.paddingLeft = f"{int(indented.dataset.depth) * INDENT_REM}rem"
        # The tab stop stays on the row the keyboard last was on, else the open conversation, else the first row.
        rows = [
            self._row_button(self._roving),
            self._row_button(current_id),
            found(self._nav.querySelector(ROW_BUTTONS)),
        ]
        self._rove(next((button for button in rows if button is not None), None))

    def toggle(self, folder_id: str, folder_ids: Collection[str]) -> None:
        """Open or close a folder; the choice is kept in this browser (for folders that still exist)."""
        self.collapsed ^= {folder_id}
        save_collapsed(self.collapsed & set(folder_ids))

    def expand(self, folder_id: str | None) -> None:
        """Show a folder's contents (a new sub-folder in it is then visible)."""
        if folder_id in self.collapsed:
            self.collapsed.discard(folder_id)
            save_collapsed(self.collapsed)

    def mark_current(self, current_id: str | None) -> None:
        """Move the "current" mark to another conversation without drawing the list again."""
        for marked in self._nav.querySelectorAll("button.conversation[aria-current]"):
            marked.removeAttribute("aria-current")
        button = found(self._nav.querySelector(with_id("button.conversation", current_id or "")))
        if button is not None:
            button.setAttribute("aria-current", "true")

    def focus(self, conversation_id: str) -> None:
        button = found(self._nav.querySelector(with_id("button.conversation", conversation_id)))
        if button is not None:
            button.focus()

    def _row_button(self, row_id: str | None) -> Any | None:
        return found(self._nav.querySelector(f"{with_id('.sidebar-row', row_id)} > button")) if row_id else None

    def _rove(self, button: Any | None) -> None:
        """Make `button` (a row's own button) the list's one tab stop."""
        if button is None:
            return
        for other in self._nav.querySelectorAll(f"{ROW_BUTTONS}[tabindex='0']"):
            other.tabIndex = -1
        button.tabIndex = 0
        self._roving = str(button.closest("[data-kind]").dataset.id)

    def _on_key(self, event: Any) -> None:
        """Up, Down, Home and End move between the rows; the context-menu key or Shift+F10 opens the row's menu."""
        button = found(event.target.closest(ROW_BUTTONS))
        if button is None or event.altKey or event.ctrlKey or event.metaKey:
            return  # keys inside an open menu are the menu's
        key = str(event.key)
        rows = list(self._nav.querySelectorAll(ROW_BUTTONS))
        index = next(i for i, row in enumerate(rows) if row.isSameNode(button))
        if key in MOVES:
            target = rows[max(0, min(len(rows) - 1, index + MOVES[key]))]
        elif key in {"Home", "End"}:
            target = rows[0 if key == "Home" else -1]
        elif key == "ContextMenu" or (key == "F10" and event.shiftKey):
            target = None
            menu = button.parentElement.querySelector("details.row-menu")
            menu.open = True
            self._fill(menu)
            menu.querySelector(".menu-items button, .menu-items select").focus()
        else:
            return
        event.preventDefault()
        if target is not None:
            target.focus()

    def _row(self, row: SidebarRow, current_id: str | None, parent_id: str | None) -> str:
        if row.period is not None:
            return f'<h2 class="sidebar-heading">{escape(heading(row.period, self.t))}</h2>'
        folder = row.kind == "folder"
        depth = f' data-depth="{row.depth}"' if row.depth else ""
        pinned = ' data-pinned="true"' if row.pinned else ""
        opening = (
            f'<div class="sidebar-row {row.kind}-row" data-kind="{row.kind}" data-id="{escape(row.id)}"'
            f' data-parent="{escape(parent_id or TOP)}" draggable="true"{depth}{pinned}>'
        )
        # An untitled conversation shows as "New chat", named apart from the New chat button for screen readers.
        name = row.label or ("" if folder else self.t("conversation.untitled"))
        label = self.t("folders.actions" if folder else "conversation.actions", name=name)
        menu = (
            f'<details class="menu row-menu"><summary tabindex="-1" aria-label="{escape(label)}">⋯</summary></details>'
        )
        if folder:
            marker = "▸" if row.collapsed else "▾"
            toggle = (
                f'<button type="button" class="folder-toggle" data-action="toggle" tabindex="-1"'
                f' aria-expanded="{"false" if row.collapsed else "true"}">'
                f'<span class="folder-marker" aria-hidden="true">{marker}</span>'
                f'<span class="folder-name">{escape(row.label)}</span></button>'
            )
            return f"{opening}{toggle}{menu}</div>"
        current = ' aria-current="true"' if row.id == current_id else ""
        named = "" if row.label else f' aria-label="{escape(name)}"'
        title = escape(row.label or self.t("shell.new_chat"))
        mark = PIN_MARK if row.pinned else ""
        button = (
            f'<button type="button" class="conversation" data-id="{escape(row.id)}" tabindex="-1"{current}{named}>'
            f'<span class="conversation-title">{title}</span>{mark}</button>'
        )
        return f"{opening}{button}{menu}</div>"

    def _menu_toggled(self, event: Any) -> None:
        if event.target.open and event.target.classList.contains("row-menu"):
            self._fill(event.target)

    def _fill(self, menu: Any) -> None:
        """Fill a row's menu when it opens for the first time."""
        if found(menu.querySelector(".menu-items")):
            return
        row = menu.closest("[data-kind]")
        folder = row.dataset.kind == "folder"
        if folder:
            items = [
                _button(self.t("folders.rename"), "rename"),
                _button(self.t("folders.new_subfolder"), "new-subfolder"),
            ]
        else:
            pinned = row.getAttribute("data-pinned") == "true"
            items = [
                _button(self.t("conversation.unpin" if pinned else "conversation.pin"), "unpin" if pinned else "pin"),
                _button(self.t("conversation.rename"), "rename"),
                _button(self.t("conversation.duplicate"), "duplicate"),
            ]
        items.append(self._move_to(str(row.dataset.id), str(row.dataset.parent)))
        items.append(_button(self.t("folders.delete" if folder else "conversation.delete"), "delete"))
        menu.insertAdjacentHTML("beforeend", f'<div class="menu-items">{"".join(items)}</div>')

    def _move_to(self, own_id: str, here: str) -> str:
        """The "Move to…" list: it starts on a prompt that is no choice, and where the row is now cannot be chosen."""
        choices = [(TOP, self.t("folders.top_level"), 0)] + [(i, n, d + 1) for i, n, d in self._targets if i != own_id]
        prompt = f'<option value="" disabled selected>{escape(self.t("folders.choose"))}</option>'
        options = "".join(
            f'<option value="{escape(value)}"{" disabled" if value == here else ""}>{EM_SPACE * depth}{escape(name)}</option>'
            for value, name, depth in choices
        )
        return (
            f'<label>{escape(self.t("folders.move_to"))}<select data-action="move">{prompt}{options}</select></label>'
        )

    # -- events --------------------------------------------------------------------------------

    def _row_of(self, event: Any) -> Any | None:
        return found(event.target.closest("[data-kind]"))

    def _clicked(self, event: Any) -> None:
        button = found(event.target.closest("button[data-action]"))
        row = self._row_of(event)
        if button is None or row is None:
            return
        menu = found(button.closest("details"))
        if menu is not None:
            menu.open = False
        self._act(str(button.dataset.action), str(row.dataset.kind), str(row.dataset.id), "")

    def _changed(self, event: Any) -> None:
        select = event.target
        row = self._row_of(event)
        if row is None or select.dataset.action != "move" or select.selectedIndex <= 0:  # 0: the prompt
            return
        self._act("move", str(row.dataset.kind), str(row.dataset.id), str(select.value))

    def _drag_started(self, event: Any) -> None:
        row = self._row_of(event)
        if row is None:
            return
        self._dragging = (str(row.dataset.kind), str(row.dataset.id))
        event.dataTransfer.effectAllowed = "move"
        event.dataTransfer.setData("text/plain", str(row.dataset.id))  # some browsers start no drag without data

    def _drop_folder(self, event: Any) -> str:
        """The folder a drop at `event` puts things into: the folder row itself, else the row's folder, else the top."""
        row = self._row_of(event)
        if row is None:
            return TOP
        return str(row.dataset.id) if row.dataset.kind == "folder" else str(row.dataset.parent)

    def _mark(self, row: Any | None, on_it: bool) -> None:
        if row is not None:
            row.classList.toggle("drop-target", on_it)

    def _dragged_over(self, event: Any) -> None:
        if self._dragging is None:
            return
        event.preventDefault()  # allows the drop
        event.dataTransfer.dropEffect = "move"
        self._mark(self._row_of(event), True)

    def _dropped(self, event: Any) -> None:
        if self._dragging is None:
            return
        event.preventDefault()
        kind, item_id = self._dragging
        target = self._drop_folder(event)
        self._drag_ended()
        self._act("move", kind, item_id, target)  # onto itself too: the move is refused, and says so

    def _drag_ended(self) -> None:
        self._dragging = None
        for marked in self._nav.querySelectorAll(".drop-target"):
            marked.classList.remove("drop-target")
