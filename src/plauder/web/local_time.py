"""Times as the user reads them: in the browser's time zone, worded by Intl in the page's language.

Which form a message's time takes is core's rule (core/timestamps.py); this supplies the wording.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import js

from plauder.core.timestamps import Stamp, StampForm, stamp
from plauder.web.dom import js_object, local_day, now_ms

OPTIONS: dict[StampForm, dict[str, str]] = {
    StampForm.TIME: {"timeStyle": "short"},
    StampForm.DAY: {"day": "numeric", "month": "short", "hour": "numeric", "minute": "2-digit"},
    StampForm.DATE: {"dateStyle": "medium", "timeStyle": "short"},
    StampForm.FULL: {"dateStyle": "full", "timeStyle": "short"},
}


@cache
def _format(language: str, form: StampForm) -> Any:
    """One Intl formatter per language and form: making one costs far more than using it."""
    return js.Intl.DateTimeFormat.new(language, js_object(OPTIONS[form]))


def local_time(ms: float, form: StampForm) -> str:
    """`ms` in `form`, in the language of the page (boot.js keeps <html lang> to the UI's language)."""
    return str(_format(str(js.document.documentElement.lang), form).format(ms))


def written_stamp(ms: float) -> Stamp | None:
    """When a message written at `ms` was written, as the thread shows it now."""
    return stamp(ms, now_ms(), local_day, local_time)
