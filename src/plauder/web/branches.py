"""What the user does with a conversation's tree: switch branches, edit, fork, delete and undo, jump.

The rules are core/tree.py's; this module stores each result (store first, then show) and draws
it through the App and web/branch_view.py.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import js

from plauder.core import tree
from plauder.core.records import Conversation
from plauder.core.thread import by_id
from plauder.core.views import Action, BranchAction, EditAction, branch_target, message_view, outline_items
from plauder.web import branch_view
from plauder.web.dom import element, found, on

if TYPE_CHECKING:
    from plauder.web.app import App

ACTIONS = frozenset({Action.EDIT, Action.FORK, Action.DELETE, *EditAction, *BranchAction})


def now_ms() -> float:
    return float(js.Date.now())


class Branches:
    def __init__(self, app: App) -> None:
        self.app = app
        self.deleted: tree.Deleted | None = None
        self.undo_bar = branch_view.UndoBar(lambda: asyncio.ensure_future(self.undo()))
        branch_view.on_editor_keys(self.app.on_message_action)
        branch_view.on_outline_pick(lambda message_id: asyncio.ensure_future(self.jump(message_id)))
        on(element("open-outline"), "click", lambda _e: self.open_outline())

    async def act(self, action: str, message_id: str) -> None:
        """One of ACTIONS on a message of the open conversation (the App checked: nothing streams)."""
        app = self.app
        message = app.messages[message_id]
        if action == Action.EDIT:
            actions = message_view(app.language, message, is_last=False, busy=False).edit_actions
            branch_view.open_editor(message_id, message.content, actions, app.language)
        elif action == EditAction.CANCEL:
            branch_view.close_editor(message_id)
        elif action in {EditAction.SAVE, EditAction.RESEND}:
            await self.save_edit(message_id, action == EditAction.RESEND)
        elif action in {BranchAction.PREVIOUS, BranchAction.NEXT}:
            await self.switch(message_id, BranchAction(action))
        elif action == Action.FORK:
            await self.fork(message_id)
        elif action == Action.DELETE:
            await self.delete(message_id)

    async def store_and_show(self, conversation: Conversation) -> bool:
        """Store the open conversation's record as moved, then draw its thread."""
        app = self.app
        if not await app.saved(app.store.save(conversation)):
            return False
        app.current = conversation
        app.remember(conversation)
        app.draw_thread()
        return True

    async def switch(self, message_id: str, action: BranchAction) -> None:
        app = self.app
        target = branch_target(app.messages, message_id, action)
        if target is None or app.current is None:
            return
        if await self.store_and_show(tree.switch_branch(app.current, app.messages, target)):
            branch_view.focus_branch_button(target, str(action))

    async def save_edit(self, message_id: str, resend: bool) -> None:
        app = self.app
        text = branch_view.editor_text(message_id)
        if text is None or not text.strip() or app.current is None:
            return
        if not resend:  # fixed where it is: nothing is asked again
            edited = tree.edit_in_place(app.messages[message_id], text)
            if await app.saved(app.store.save(None, [edited])):
                app.messages[message_id] = edited
                app.draw_thread()
            return
        conversation, question, answer = tree.edit_and_resend(
            app.current, app.messages, message_id, text.strip(), now_ms()
        )
        if not await app.saved(app.store.save(conversation, [question, answer])):
            return
        app.show_notice(None)
        app.current = conversation
        app.messages.update({question.id: question, answer.id: answer})
        app.remember(conversation)
        await app.stream(answer, continuing=False)

    async def fork(self, message_id: str) -> None:
        app = self.app
        if app.current is None:
            return
        title = app.t("tree.fork_title", title=app.current.title)
        forked, copies = tree.fork(app.current, app.messages, message_id, now_ms(), title)
        if not await app.saved(app.store.save(forked, copies)):
            return
        app.current = forked
        app.messages = by_id(copies)
        app.remember(forked)
        app.show_notice(None)
        app.draw_all()

    async def delete(self, message_id: str) -> None:
        app = self.app
        if app.current is None:
            return
        conversation, deleted = tree.delete_subtree(app.current, app.messages, message_id, now_ms())
        gone = [message.id for message in deleted.messages]
        if not await app.saved(app.store.delete_messages(conversation, gone)):
            return
        for key in gone:
            app.messages.pop(key, None)
        app.current = conversation
        app.remember(conversation)
        app.draw_thread()
        self.deleted = deleted
        self.undo_bar.show(app.t("tree.message_deleted"))

    async def undo(self) -> None:
        """Put the last deleted sub-tree back, and the conversation as it was (wherever the user is now)."""
        app, deleted = self.app, self.deleted
        if deleted is None:
            return
        if app.streaming_id:
            app.show_notice(app.t("chat.busy"))
            return
        conversation, messages = tree.undo(deleted)
        if not await app.saved(app.store.save(conversation, messages)):
            return
        self.deleted = None
        self.undo_bar.hide()
        app.remember(conversation)
        if app.current is not None and app.current.id == conversation.id:
            app.current = conversation
            app.messages.update(by_id(messages))
            app.draw_thread()
            restored = branch_view.article_of(messages[0].id)
            button = found(restored.querySelector(".actions button")) if restored is not None else None
            if button is not None:
                button.focus()
        else:
            app.draw_sidebar()

    def open_outline(self) -> None:
        app = self.app
        if app.current is None or not app.messages:
            return
        branch_view.show_outline(outline_items(app.language, app.messages, app.current))

    async def jump(self, message_id: str) -> None:
        """An outline row: show the branch through that message (at its last-used leaf) and the message."""
        app = self.app
        element("outline").close()
        if app.current is None or message_id not in app.messages:
            return
        if app.streaming_id:
            app.show_notice(app.t("chat.busy"))
            return
        switched = tree.switch_branch(app.current, app.messages, message_id)
        if switched == app.current or await self.store_and_show(switched):
            app.chat.reveal(message_id)
