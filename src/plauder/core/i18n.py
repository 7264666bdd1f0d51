"""Every user-facing string of Plauder, in English and German.

Texts are looked up by key; a test fails when a key exists in one language only or when
the two disagree on the {placeholders} a text takes.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_LANGUAGE = "en"

MESSAGES: Mapping[str, Mapping[str, str]] = {
    "en": {
        "app.tagline": "Private chat with language models",
        "shell.new_chat": "New chat",
        "shell.conversations": "Conversations",
        "shell.no_conversations": "No conversations yet.",
        "shell.settings": "Settings",
        "shell.welcome_title": "Start a conversation",
        "shell.welcome_text": "Your conversations stay in this browser. Messages go only to the backend you configure.",
        "shell.prompt_label": "Message",
        "shell.prompt_placeholder": "Type a message. Enter sends, Shift+Enter adds a line.",
        "shell.send": "Send",
        "shell.close": "Close",
        "shell.no_backend": "No backend is configured yet, so nothing was sent. Your message is kept. Open Settings to add one.",
        "settings.title": "Settings",
        "settings.about": "About this installation",
        "settings.version": "Plauder version",
        "settings.python": "Python in the browser",
        "settings.runtime": "Runtime",
        "boot.page": "Loading the page",
        "boot.runtime": "Loading the Python runtime",
        "boot.python": "Starting Python",
        "boot.app": "Starting Plauder",
        "boot.ready": "Ready",
        "boot.failed_title": "Plauder could not start",
        "boot.fail_old_browser": "This browser is too old for Plauder: it needs WebAssembly, JavaScript modules and IndexedDB. Open Plauder in a current Chrome, Edge, Firefox or Safari.",
        "boot.fail_missing_file": "The file {url} is missing on the web server (HTTP {status}). The build folder was copied incompletely: copy the whole folder again.",
        "boot.fail_mime": "The web server sends {url} as \"{type}\", so the browser refuses to run it. It must be sent as text/javascript: for nginx, map mjs to text/javascript in a types block (see deploy/nginx.conf).",
        "boot.fail_csp": "The page's Content-Security-Policy blocks what Plauder needs ({directive}). Python runs as WebAssembly and needs 'wasm-unsafe-eval' in script-src: ask the administrator to use the policy from deploy/nginx.conf.",
        "boot.fail_timeout": "Plauder did not finish starting within {seconds} seconds. Reload the page; if that does not help, the web server or the network is too slow or blocks a file.",
        "boot.fail_generic": "Starting failed: {detail}. Reload the page; if this repeats, tell the administrator.",
        "boot.reload": "Reload",
    },
    "de": {
        "app.tagline": "Vertraulich chatten mit Sprachmodellen",
        "shell.new_chat": "Neuer Chat",
        "shell.conversations": "Unterhaltungen",
        "shell.no_conversations": "Noch keine Unterhaltungen.",
        "shell.settings": "Einstellungen",
        "shell.welcome_title": "Eine Unterhaltung beginnen",
        "shell.welcome_text": "Ihre Unterhaltungen bleiben in diesem Browser. Nachrichten gehen nur an das Backend, das Sie einrichten.",
        "shell.prompt_label": "Nachricht",
        "shell.prompt_placeholder": "Nachricht eingeben. Enter sendet, Umschalt+Enter fügt eine Zeile ein.",
        "shell.send": "Senden",
        "shell.close": "Schließen",
        "shell.no_backend": "Es ist noch kein Backend eingerichtet, deshalb wurde nichts gesendet. Ihre Nachricht bleibt erhalten. Richten Sie unter Einstellungen eines ein.",
        "settings.title": "Einstellungen",
        "settings.about": "Über diese Installation",
        "settings.version": "Plauder-Version",
        "settings.python": "Python im Browser",
        "settings.runtime": "Laufzeitumgebung",
        "boot.page": "Seite wird geladen",
        "boot.runtime": "Python-Laufzeit wird geladen",
        "boot.python": "Python wird gestartet",
        "boot.app": "Plauder wird gestartet",
        "boot.ready": "Bereit",
        "boot.failed_title": "Plauder konnte nicht starten",
        "boot.fail_old_browser": "Dieser Browser ist zu alt für Plauder: Er braucht WebAssembly, JavaScript-Module und IndexedDB. Öffnen Sie Plauder in einem aktuellen Chrome, Edge, Firefox oder Safari.",
        "boot.fail_missing_file": "Die Datei {url} fehlt auf dem Webserver (HTTP {status}). Der Build-Ordner wurde unvollständig kopiert: Kopieren Sie den ganzen Ordner erneut.",
        "boot.fail_mime": "Der Webserver liefert {url} als \"{type}\" aus, deshalb führt der Browser sie nicht aus. Nötig ist text/javascript: Bei nginx mjs in einem types-Block text/javascript zuordnen (siehe deploy/nginx.conf).",
        "boot.fail_csp": "Die Content-Security-Policy der Seite blockiert, was Plauder braucht ({directive}). Python läuft als WebAssembly und braucht 'wasm-unsafe-eval' in script-src: Bitten Sie die Administration, die Richtlinie aus deploy/nginx.conf zu verwenden.",
        "boot.fail_timeout": "Plauder ist nicht innerhalb von {seconds} Sekunden gestartet. Laden Sie die Seite neu; hilft das nicht, ist der Webserver oder das Netz zu langsam oder blockiert eine Datei.",
        "boot.fail_generic": "Der Start ist fehlgeschlagen: {detail}. Laden Sie die Seite neu; wiederholt sich das, wenden Sie sich an die Administration.",
        "boot.reload": "Neu laden",
    },
}


def languages() -> tuple[str, ...]:
    return tuple(MESSAGES)


def translate(language: str, key: str, **params: object) -> str:
    """The text for `key` in `language` (falling back to English), with {placeholders} filled."""
    catalog = MESSAGES.get(language, MESSAGES[DEFAULT_LANGUAGE])
    text = catalog[key]
    return text.format(**params) if params else text


def catalog_for(language: str, prefix: str) -> dict[str, str]:
    """All texts whose key starts with `prefix`, unformatted: for code that fills them itself."""
    catalog = MESSAGES.get(language, MESSAGES[DEFAULT_LANGUAGE])
    return {key: text for key, text in catalog.items() if key.startswith(prefix)}
