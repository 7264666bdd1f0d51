"""AES-GCM sealing under a passphrase-derived key, with the browser's WebCrypto.

The derived key is not extractable: it lives in the page for one session and is never stored.
"""

from __future__ import annotations

import base64
from typing import Any

import js
from pyodide.ffi import JsException, to_js

from plauder.core.lock import CHECK_TEXT, PBKDF2_ITERATIONS, SALT_BYTES, LockRecord, Sealed
from plauder.web.dom import js_object

IV_BYTES = 12
MEDIA_TYPE_CHARS = 128  # a sealed Blob's media type ends with a newline within these


class WrongPassphrase(Exception):
    """The passphrase does not open the lock."""


def _bytes(data: bytes) -> Any:
    return to_js(data)  # a Uint8Array


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _random(size: int) -> bytes:
    return bytes(js.crypto.getRandomValues(js.Uint8Array.new(size)).to_bytes())


async def derive_key(passphrase: str, salt: bytes, iterations: int) -> Any:
    subtle = js.crypto.subtle
    base = await subtle.importKey("raw", _bytes(passphrase.encode()), "PBKDF2", False, to_js(["deriveKey"]))
    algorithm = js_object({"name": "PBKDF2", "salt": _bytes(salt), "iterations": iterations, "hash": "SHA-256"})
    target = js_object({"name": "AES-GCM", "length": 256})
    return await subtle.deriveKey(algorithm, base, target, False, to_js(["encrypt", "decrypt"]))


def _gcm(iv: bytes) -> Any:
    return js_object({"name": "AES-GCM", "iv": _bytes(iv)})


async def seal(key: Any, text: str) -> Sealed:
    iv = _random(IV_BYTES)
    data = await js.crypto.subtle.encrypt(_gcm(iv), key, _bytes(text.encode()))
    return Sealed(_b64(iv), _b64(js.Uint8Array.new(data).to_bytes()))


async def unseal(key: Any, sealed: Sealed) -> str:
    """The text, or WrongPassphrase when the key does not open it (GCM's tag does not match)."""
    try:
        data = await js.crypto.subtle.decrypt(
            _gcm(base64.b64decode(sealed.iv)), key, _bytes(base64.b64decode(sealed.data))
        )
    except JsException as error:
        raise WrongPassphrase from error
    return bytes(js.Uint8Array.new(data).to_bytes()).decode()


async def seal_blob(key: Any, blob: Any) -> tuple[str, Any]:
    """A Blob sealed: its nonce (base64) and the ciphertext as a Blob. The media type is sealed with the bytes,
    ahead of them and a newline. The bytes stay in JavaScript: WebCrypto reads and writes them off the page's
    thread, and Python never copies a picture."""
    iv = _random(IV_BYTES)
    plain = await js.Blob.new(to_js([f"{blob.type}\n", blob])).arrayBuffer()
    return _b64(iv), js.Blob.new(to_js([await js.crypto.subtle.encrypt(_gcm(iv), key, plain)]))


async def unseal_blob(key: Any, iv: str, sealed: Any) -> Any:
    """The Blob `seal_blob` sealed, with its media type, or WrongPassphrase."""
    try:
        data = await js.crypto.subtle.decrypt(_gcm(base64.b64decode(iv)), key, await sealed.arrayBuffer())
    except JsException as error:
        raise WrongPassphrase from error
    head = bytes(js.Uint8Array.new(data, 0, min(int(data.byteLength), MEDIA_TYPE_CHARS)).to_bytes())
    end = head.index(b"\n")
    return js.Blob.new(to_js([js.Uint8Array.new(data, end + 1)]), js_object({"type": head[:end].decode()}))


async def new_lock(passphrase: str) -> tuple[LockRecord, Any]:
    """A lock for `passphrase` and the session key it opens."""
    salt = _random(SALT_BYTES)
    key = await derive_key(passphrase, salt, PBKDF2_ITERATIONS)
    return LockRecord(_b64(salt), PBKDF2_ITERATIONS, await seal(key, CHECK_TEXT)), key


async def open_lock(lock: LockRecord, passphrase: str) -> Any:
    """The session key, or WrongPassphrase."""
    key = await derive_key(passphrase, base64.b64decode(lock.salt), lock.iterations)
    if await unseal(key, lock.check) != CHECK_TEXT:
        raise WrongPassphrase
    return key
