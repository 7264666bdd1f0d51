"""What the user does with the open conversation's tree: switch branches, edit, fork, delete, merge, jump.

Decisions are core/branching.py's, carried out by the shell; this module reads the editor, opens
the branches dialog and keeps the keyboard where the user was (web/branch_view.py draws).
"""

from __future__ import annotations

import asyncio

from plauder.core import branching
from plauder.core.graph import graph_layout
from plauder.core.views import Action, BranchAction, EditAction, branch_target, message_view, outline_items
from plauder.web import branch_view
from plauder.web.dom import element, now_ms, on
from plauder.web.screen import Screen
from plauder.web.shell import Shell

ACTIONS = frozenset({Action.EDIT, Action.FORK, Action.DELETE, Action.MERGE, *EditAction, *BranchAction})


class Branches:
    def __init__(self, shell: Shell, screen: Screen) -> None:
        self.shell = shell
        self.screen = screen
        branch_view.on_outline_pick(lambda message_id: asyncio.ensure_future(self.jump(message_id)))
        on(element("open-outline"), "click", lambda _e: self.open_outline())

    async def act(self, action: str, message_id: str) -> None:
        """One of ACTIONS on a message of the open conversation."""
        state = self.shell.state
        message = state.messages.get(message_id)
        if message is None:
            return
        if action == Action.EDIT:
            actions = message_view(self.screen.language, message, is_last=False, busy=False).edit_actions
            branch_view.open_editor(message_id, message.content, actions, self.screen.t)
        elif action == EditAction.CANCEL:
            branch_view.close_editor(message_id)
        elif action == EditAction.SAVE:
            await self.shell.run(branching.edit_in_place, message_id, branch_view.editor_text(message_id) or "")
        elif action == EditAction.RESEND:
            text = branch_view.editor_text(message_id) or ""
            await self.shell.run(branching.edit_and_resend, message_id, text, now_ms())
        elif action in {BranchAction.PREVIOUS, BranchAction.NEXT}:
            target = branch_target(state.messages, message_id, BranchAction(action))
            if target is not None and await self.shell.run(branching.switch, target):
                branch_view.focus_branch_button(target, action)
        elif action == Action.FORK:
            title = self.screen.t("tree.fork_title", title=state.current.title if state.current else "")
            await self.shell.run(branching.fork, message_id, title, now_ms())
        elif action == Action.DELETE:
            await self.shell.run(branching.delete, message_id, now_ms())
        elif action == Action.MERGE and await self.shell.run(branching.merge_with_next, message_id, now_ms()):
            branch_view.focus_after_merge(message_id)

    def open_outline(self) -> None:
        state = self.shell.state
        if state.current is not None and state.messages:
            items = outline_items(self.screen.language, state.messages, state.current)
            branch_view.show_outline(items, graph_layout(state.messages, state.current))

    async def jump(self, message_id: str) -> None:
        """An outline row: show the branch through that message (at its last-used leaf) and the message."""
        element("outline").close()
        await self.jump_to(message_id)

    async def jump_to(self, message_id: str) -> None:
        """Show the branch through a message (a search hit, an outline row) and scroll to it."""
        if await self.shell.run(branching.switch, message_id):
            self.screen.chat.reveal(message_id)
