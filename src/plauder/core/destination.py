"""Where a conversation's messages go, and whether that is outside the user's own networks.

A backend on this machine or in a private network (RFC 1918, IPv6 unique-local, link-local,
single-label and intranet-only names) keeps messages in-house; so does one the admin set up.
Anything else is marked external, so nobody sends company data out without seeing it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from plauder.core.admin import AdminPreset
from plauder.core.records import Backend

# Names that public DNS never resolves: they can only point inside a network.
PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".intranet", ".lan", ".corp", ".home.arpa", ".localdomain")


@dataclass(frozen=True)
class Destination:
    host: str  # host[:port] as the user typed it
    external: bool


def is_private_host(hostname: str) -> bool:
    name = hostname.strip("[]").rstrip(".").lower()
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return name == "localhost" or "." not in name or name.endswith(PRIVATE_SUFFIXES)
    return address.is_private or address.is_loopback or address.is_link_local


def destination(backend: Backend, preset: AdminPreset) -> Destination:
    parts = urlsplit(backend.base_url.strip())
    approved = preset.preset(backend.id) is not None
    return Destination(parts.netloc.rpartition("@")[2], not approved and not is_private_host(parts.hostname or ""))
