"""The page's texts: rendered in the build's language, and carried in every language.

The shell paints before Python is ready, in the language the user chose (or the browser's);
boot.js switches it by key, so every text the template shows is marked with its key and the
page carries those keys' texts in all languages. The keys are gathered while the template
renders, which is why the catalogs are emitted at the end of the page.
"""

from __future__ import annotations

from markupsafe import Markup

from plauder.core import i18n

BOOT_PREFIX = "boot."  # boot.js shows these by key, without a mark in the page


class ShellText:
    def __init__(self, language: str) -> None:
        self.language = language
        self._keys: set[str] = set()

    def text(self, key: str) -> str:
        """The plain text, for attributes (whose element names the key in data-i18n-attrs)."""
        self._keys.add(key)
        return i18n.translate(self.language, key)

    def marked(self, key: str) -> Markup:
        """The text in an element that names its key, so it can be switched to another language."""
        return Markup('<span data-i18n="{}">{}</span>').format(key, self.text(key))

    def catalogs(self) -> dict[str, dict[str, str]]:
        """Every text the page used (and boot.js's), in every language."""
        keys = sorted(self._keys)
        return {
            language: {
                **{key: i18n.translate(language, key) for key in keys},
                **i18n.catalog_for(language, BOOT_PREFIX),
            }
            for language in i18n.languages()
        }
