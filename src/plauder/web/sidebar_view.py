"""The sidebar: folders and conversations as core.folders.folder_tree lays them out; holds no rules.

Each row can be dragged onto a folder (into it) or onto anything else in the list (into the folder
that row sits in, or the top level); every row also has a menu with the same moves for keyboards.
What a user does is handed to one callback as (action, kind, id, value).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from typing import Any

import js

from plauder.core.folders import SidebarRow
from plauder.web.dom import element, found, on

COLLAPSED_KEY = "plauder.collapsed"  # per browser: which folders are closed
INDENT_REM = 0.9
TOP = ""  # the "Move to…" value of the top level

Act = Callable[[str, str, str, str], None]  # action, kind ("folder" or "conversation"), id, value


def load_collapsed() -> set[str]:
    try:
        stored = json.loads(str(js.localStorage.getItem(COLLAPSED_KEY) or "[]"))
    except (ValueError, TypeError):
        return set()
    return {str(folder_id) for folder_id in stored} if isinstance(stored, list) else set()


def save_collapsed(collapsed: Collection[str]) -> None:
    js.localStorage.setItem(COLLAPSED_KEY, json.dumps(sorted(collapsed)))


def _button(text: str, action: str = "", class_name: str = "") -> Any:
    button = js.document.createElement("button")
    button.type = "button"
    button.textContent = text
    if action:
        button.dataset.action = action
    if class_name:
        button.className = class_name
    return button


class SidebarView:
    def __init__(self, t: Callable[..., str], act: Act) -> None:
        self.t = t
        self._act = act
        self._nav = element("conversations")
        self._dragging: tuple[str, str] | None = None  # (kind, id) of the row being dragged
        on(self._nav, "click", self._clicked)
        on(self._nav, "change", self._changed)
        on(self._nav, "dragstart", self._drag_started)
        on(self._nav, "dragover", self._dragged_over)
        on(self._nav, "dragleave", lambda event: self._mark(found(event.target.closest("[data-kind]")), False))
        on(self._nav, "drop", self._dropped)
        on(self._nav, "dragend", lambda _event: self._drag_ended())

    # -- drawing -------------------------------------------------------------------------------

    def render(
        self,
        rows: Sequence[SidebarRow],
        current_id: str | None,
        parents: dict[str, str | None],
        targets: Sequence[tuple[str, str, int]],
    ) -> None:
        """Draw `rows`; `parents` maps every row's id to the folder it sits in, `targets` lists the
        folders a "Move to…" menu offers, as (id, name, depth)."""
        if not rows:
            paragraph = js.document.createElement("p")
            paragraph.className = "empty"
            paragraph.textContent = self.t("shell.no_conversations")
            self._nav.replaceChildren(paragraph)
            return
        self._nav.replaceChildren(*(self._row(row, current_id, parents.get(row.id), targets) for row in rows))

    def _row(self, row: SidebarRow, current_id: str | None, parent_id: str | None, targets: Any) -> Any:
        item = js.document.createElement("div")
        item.className = f"sidebar-row {row.kind}-row"
        item.dataset.kind = row.kind
        item.dataset.id = row.id
        item.dataset.parent = parent_id or TOP
        item.draggable = True
        item.style.paddingLeft = f"{row.depth * INDENT_REM}rem"
        if row.kind == "folder":
            toggle = _button("", "toggle", "folder-toggle")
            toggle.setAttribute("aria-expanded", "false" if row.collapsed else "true")
            marker = js.document.createElement("span")
            marker.className = "folder-marker"
            marker.setAttribute("aria-hidden", "true")
            marker.textContent = "▸" if row.collapsed else "▾"
            name = js.document.createElement("span")
            name.className = "folder-name"
            name.textContent = row.label
            toggle.append(marker, name)
            item.append(toggle, self._menu(row, targets, folder=True))
        else:
            button = _button(row.label, class_name="conversation")
            button.dataset.id = row.id
            if row.id == current_id:
                button.setAttribute("aria-current", "true")
            item.append(button, self._menu(row, targets, folder=False))
        return item

    def _menu(self, row: SidebarRow, targets: Sequence[tuple[str, str, int]], folder: bool) -> Any:
        menu = js.document.createElement("details")
        menu.className = "menu row-menu"
        summary = js.document.createElement("summary")
        summary.textContent = "⋯"
        summary.setAttribute(
            "aria-label", self.t("folders.actions" if folder else "conversation.actions", name=row.label)
        )
        items = js.document.createElement("div")
        items.className = "menu-items"
        if folder:
            items.append(
                _button(self.t("folders.rename"), "rename"),
                _button(self.t("folders.new_subfolder"), "new-subfolder"),
            )
        else:
            items.append(
                _button(self.t("conversation.rename"), "rename"),
                _button(self.t("conversation.duplicate"), "duplicate"),
            )
        label = js.document.createElement("label")
        label.textContent = self.t("folders.move_to")
        select = js.document.createElement("select")
        select.dataset.action = "move"
        choices = [(TOP, self.t("folders.top_level"), 0)] + [(i, n, d + 1) for i, n, d in targets if i != row.id]
        for value, name, depth in choices:
            option = js.document.createElement("option")
            option.value = value
            option.textContent = "\u2003" * depth + name
            select.append(option)
        select.selectedIndex = -1  # nothing chosen until the user picks
        label.append(select)
        items.append(label, _button(self.t("folders.delete" if folder else "conversation.delete"), "delete"))
        menu.append(summary, items)
        return menu

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
        if row is None or select.dataset.action != "move" or select.selectedIndex < 0:
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
