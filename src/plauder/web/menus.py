"""Menus (`<details class="menu">`: the export menu, each sidebar row's menu) close as menus do:
on Esc, with the keyboard back where the menu opens from, and on a click anywhere outside them."""

from __future__ import annotations

from typing import Any

import js

from plauder.web.dom import found, on

OPEN_MENUS = "details.menu[open]"


def opener(menu: Any) -> Any:
    """A sidebar row's own button (its menu's button is no tab stop, see sidebar_view), else the menu's button."""
    row = found(menu.closest(".sidebar-row"))
    return row.querySelector(":scope > button") if row is not None else menu.querySelector("summary")


def close_menus_on_escape_and_outside_clicks() -> None:
    def clicked(event: Any) -> None:
        inside = found(event.target.closest(OPEN_MENUS)) if hasattr(event.target, "closest") else None
        for menu in js.document.querySelectorAll(OPEN_MENUS):
            if menu != inside:
                menu.open = False

    def pressed(event: Any) -> None:
        if event.key != "Escape":
            return
        for menu in js.document.querySelectorAll(OPEN_MENUS):
            menu.open = False
            opener(menu).focus()

    on(js.document, "click", clicked)
    on(js.document, "keydown", pressed)
