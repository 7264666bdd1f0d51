"""Whether moving an open conversation to another backend needs a warning first, and what it says.

Every message re-sends the whole history, so a conversation moved to a backend of lower trust (internal,
then a processor under contract, then external) sends that backend everything said so far. When that
history holds findings, the user is told first what the new backend's policy will do with them: send
them as typed, replace them, or block the conversation there (core/privacy/outgoing.py applies it).
A conversation whose backend is gone has no level to compare with, and is not warned about.
"""

from __future__ import annotations

from dataclasses import dataclass

from plauder.core.admin import AdminPreset
from plauder.core.destination import destination
from plauder.core.i18n import translate
from plauder.core.privacy.note import counted, found, values_by_kind
from plauder.core.privacy.policy import action_for, trust_of
from plauder.core.privacy.redaction import Redactions
from plauder.core.privacy.trust import Action, Trust
from plauder.core.requests import chat_request_for
from plauder.core.state import ChatState

RANK = {Trust.EXTERNAL: 0, Trust.PROCESSOR: 1, Trust.INTERNAL: 2}  # higher is trusted more


@dataclass(frozen=True)
class SwitchWarning:
    host: str
    trust: Trust  # the new backend's level
    action: Action  # what its policy does with the findings
    findings: Redactions  # the distinct values the history holds, in order of appearance

    def title(self, language: str) -> str:
        return translate(language, "privacy.switch_title", host=self.host)

    def text(self, language: str) -> str:
        findings = counted(language, values_by_kind(self.findings))
        said = translate(language, f"privacy.switch_{self.trust}", host=self.host, findings=findings)
        return f"{said} {translate(language, f'privacy.switch_{self.action}')}"


def switch_warning(state: ChatState, backend_id: str, preset: AdminPreset) -> SwitchWarning | None:
    """The warning for moving the open conversation to `backend_id`; None when the move needs none."""
    conversation = state.current
    old = state.settings.backend(conversation.backend_id) if conversation else None
    new = state.settings.backend(backend_id)
    if conversation is None or old is None or new is None:
        return None
    trust = trust_of(new, preset)
    if RANK[trust] >= RANK[trust_of(old, preset)]:
        return None
    request = chat_request_for(conversation, state.visible_thread(), continuing=True)  # all it re-sends
    texts = [request.system_prompt, *(message.content for message in request.messages)]
    findings = found(texts, names=(*preset.privacy_names, *state.settings.privacy_names))
    if not findings:
        return None
    return SwitchWarning(destination(new, preset).host, trust, action_for(trust, state.settings, preset), findings)
