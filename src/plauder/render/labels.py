"""The translatable texts the renderer writes into answers, passed in so that i18n stays in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderLabels:
    """Label texts in the reader's language.

    `copy`: the text of each code block's copy button.
    `remote_image`: the placeholder shown instead of a remote image; `{host}` names the image's host.
    `run`: the text of a Python block's Run button, and `run_note` the note beside it; no Run button without it.
    """

    copy: str
    remote_image: str
    run: str = ""
    run_note: str = ""

    def image_placeholder(self, host: str) -> str:
        """The placeholder text for an image on `host` (replace, not format: labels may hold other braces)."""
        return self.remote_image.replace("{host}", host)
