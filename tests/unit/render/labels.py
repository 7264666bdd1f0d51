"""The labels the render tests pass: German, so that a hard-coded English text would show."""

from __future__ import annotations

from plauder.render import RenderLabels

LABELS = RenderLabels(copy="Kopieren", remote_image="Bild von {host} öffnen")
