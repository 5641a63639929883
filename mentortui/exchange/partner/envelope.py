"""The partner file: what one workbook sends the other (an invite, or changes), as bytes.

A text file that survives an email attachment or a shared folder: ASCII only, short lines,
and line ends that a mail program may rewrite (they are read either way)::

    mentortui partner file, version 1
    relationship: 3f0c…-uuid
    kind: changes
    role: mentee
    name: "Sam"
    time: 2026-11-26T10:00:00
    state: <base64: the sender's state vector>
    base: <base64: the state vector the update is a delta against; empty = a full file>
    secret: <base64: the pairing's key; in an invite only>
    update:
     <base64 of the zlib-compressed update, 76 characters a line>
    sha256: <hex digest of every line above>
    mac: <hex HMAC-SHA256 of every line above, keyed by the pairing's secret>

The hash tells a damaged file from one made with another key; the code proves the file
comes from the one workbook holding the secret. The secret travels in the invite only, so
the invite is the one file to hand over privately; both sides can compare a short pairing
code derived from it. Everything here is pure: no store, no engine.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import uuid
import zlib

from mentortui.core.i18n import _

FORMAT_VERSION = 1
FIRST_LINE = "mentortui partner file, version {version}"
_FIRST_LINE = re.compile(r"mentortui partner file, version (\d{1,6})")
KINDS = ("invite", "changes")
ROLES = ("mentor", "mentee")
SUFFIX = ".mentortui"

# Caps: a partner file is untrusted input. A large relationship's full state compresses to a
# few hundred KB; these leave room for years more and still refuse a zip bomb early.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_UPDATE_BYTES = 32 * 1024 * 1024
MAX_NAME_CHARS = 200
_SECRET_BYTES = 32
_LINE = 76
_HEADER_KEYS = ("relationship", "kind", "role", "name", "time", "state", "base", "secret", "update")
_REQUIRED = ("relationship", "kind", "role", "name", "time", "state", "base", "update")


class PartnerFileRefused(Exception):
    """The bytes are not a partner file this workbook can read; the message is one translated line."""


@dataclasses.dataclass(frozen=True)
class Envelope:
    relationship_uid: str
    kind: str  # "invite" | "changes"
    role: str  # the sender's role, absolute (mentor / mentee)
    name: str  # the sender's name as they give it (untrusted text: clean before showing)
    time: dt.datetime
    state_vector: bytes  # what the sender's Doc held when the file was written
    base: bytes  # the state vector the update is a delta against (b"": a full state)
    update: bytes  # the engine's update, decompressed
    secret: bytes | None  # the pairing's key, in an invite only
    digest: str  # the file's sha256 (hex): which file this is


def new_secret() -> bytes:
    return secrets.token_bytes(_SECRET_BYTES)


def pairing_code(secret: bytes) -> str:
    """A short code both partners can read to each other to check they hold the same key."""
    tag = hmac.new(secret, b"mentortui pairing code", hashlib.sha256).digest()
    letters = base64.b32encode(tag[:5]).decode("ascii")  # 8 characters, no 0/1/8/9 to confuse
    return letters[:4] + "-" + letters[4:]


def seal(
    *,
    relationship_uid: str,
    kind: str,
    role: str,
    name: str,
    time: dt.datetime,
    state_vector: bytes,
    base: bytes,
    update: bytes,
    secret: bytes,
    include_secret: bool = False,
) -> bytes:
    """The file's bytes for an update, signed with ``secret`` (and carrying it if asked: the invite)."""
    assert kind in KINDS and role in ROLES
    packed = base64.b64encode(zlib.compress(update, 9)).decode("ascii")
    lines = [
        FIRST_LINE.format(version=FORMAT_VERSION),
        "relationship: " + str(uuid.UUID(relationship_uid)),
        "kind: " + kind,
        "role: " + role,
        "name: " + json.dumps(name[:MAX_NAME_CHARS], ensure_ascii=True),
        "time: " + time.replace(microsecond=0).isoformat(),
        "state: " + _b64(state_vector),
        "base:" + (" " + _b64(base) if base else ""),  # no trailing space: mail programs drop them
    ]
    if include_secret:
        lines.append("secret: " + _b64(secret))
    lines.append("update:")
    lines.extend(" " + packed[start:start + _LINE] for start in range(0, len(packed), _LINE))
    lines.append("sha256: " + _digest(lines))
    lines.append("mac: " + _mac(secret, lines))
    return ("\n".join(lines) + "\n").encode("ascii")


@dataclasses.dataclass(frozen=True)
class Opened:
    """A file whose form and hash were checked; its code is checked by ``verify`` (the key
    depends on the relationship it names) and its update is read by ``unpack``."""

    fields: dict[str, str]
    signed_lines: list[str]
    mac: str
    digest: str

    @property
    def relationship_uid(self) -> str:
        return self.fields["relationship"]

    @property
    def kind(self) -> str:
        return self.fields["kind"]

    @property
    def secret(self) -> bytes | None:
        return _unb64(self.fields["secret"]) if "secret" in self.fields else None

    def verify(self, secret: bytes) -> None:
        if not hmac.compare_digest(_mac(secret, self.signed_lines), self.mac):
            raise PartnerFileRefused(_("this file was not made by your partner’s workbook (its authentication code does not match your pairing)"))

    def unpack(self) -> Envelope:
        """The envelope, its update decompressed (at most MAX_UPDATE_BYTES)."""
        fields = self.fields
        packed = _unb64(fields["update"])
        inflater = zlib.decompressobj()
        try:
            # One byte over the cap is enough to know: a zip bomb is never inflated whole.
            update = inflater.decompress(packed, MAX_UPDATE_BYTES + 1)
        except zlib.error:
            raise PartnerFileRefused(damaged()) from None
        if len(update) > MAX_UPDATE_BYTES or inflater.unconsumed_tail:
            raise PartnerFileRefused(too_big())
        if not inflater.eof or inflater.unused_data:
            raise PartnerFileRefused(damaged())
        return Envelope(
            relationship_uid=fields["relationship"],
            kind=fields["kind"],
            role=fields["role"],
            name=fields["name"],
            time=dt.datetime.fromisoformat(fields["time"]),
            state_vector=_unb64(fields["state"]),
            base=_unb64(fields["base"]),
            update=update,
            secret=self.secret,
            digest=self.digest,
        )


def open_file(data: bytes) -> Opened:
    """Check the file's form, version, size and hash (not its code: see ``Opened.verify``)."""
    if len(data) > MAX_FILE_BYTES:
        raise PartnerFileRefused(too_big())
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        text = None
    lines = [line.rstrip() for line in text.split("\n")] if text is not None else []
    if text is None or not lines:
        # A partner file is ASCII; anything else is not one (or is damaged past reading).
        first = data[:64].split(b"\n", 1)[0].rstrip(b"\r")
        raise PartnerFileRefused(damaged() if first.startswith(b"mentortui partner file") else not_a_partner_file())
    found = _FIRST_LINE.fullmatch(lines[0])
    if found is None:
        raise PartnerFileRefused(damaged() if lines[0].startswith("mentortui partner file") else not_a_partner_file())
    version = int(found[1])
    if version > FORMAT_VERSION:
        raise PartnerFileRefused(_("this partner file was made by a newer mentortui (format version {version}); update mentortui to read it", version=version))
    if version < 1:
        raise PartnerFileRefused(damaged())
    if lines[-1] == "":
        lines.pop()
    if len(lines) < 3 or not lines[-2].startswith("sha256: ") or not lines[-1].startswith("mac: "):
        raise PartnerFileRefused(damaged())
    signed, digest, mac = lines[:-1], lines[-2].removeprefix("sha256: "), lines[-1].removeprefix("mac: ")
    if not hmac.compare_digest(_digest(lines[:-2]), digest):
        raise PartnerFileRefused(damaged())
    fields = _read_fields(lines[1:-2])
    return Opened(fields=fields, signed_lines=signed, mac=mac, digest=digest)


def _read_fields(lines: list[str]) -> dict[str, str]:
    # The hash matched, so the lines are as written: what is checked here is that the writer
    # wrote a file of this format (anyone can compute a hash).
    fields: dict[str, str] = {}
    key = None
    for line in lines:
        if line.startswith(" ") and key == "update":
            fields[key] += line[1:]
            continue
        name, sep, value = line.partition(": ")
        if not sep and line.endswith(":"):  # an empty value ("base:", "update:")
            name, value = line[:-1], ""
        elif not sep:
            raise PartnerFileRefused(damaged())
        if name not in _HEADER_KEYS or name in fields:
            raise PartnerFileRefused(damaged())
        fields[name] = value
        key = name
    if any(name not in fields for name in _REQUIRED) or fields["kind"] not in KINDS or fields["role"] not in ROLES:
        raise PartnerFileRefused(damaged())
    if (fields["kind"] == "invite") != ("secret" in fields):
        raise PartnerFileRefused(damaged())
    try:
        fields["relationship"] = str(uuid.UUID(fields["relationship"]))
        dt.datetime.fromisoformat(fields["time"])
        name = json.loads(fields["name"])
        for packed in ("update", "secret"):
            if packed in fields:
                _unb64(fields[packed])
        for vector in ("state", "base"):  # kept and compared later: they must read now
            read_state_vector(_unb64(fields[vector]))
    except (ValueError, RecursionError):
        raise PartnerFileRefused(damaged()) from None
    if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
        raise PartnerFileRefused(damaged())
    fields["name"] = name
    return fields


def covers(have: bytes, base: bytes) -> bool:
    """Whether a Doc whose state vector is ``have`` holds everything ``base`` names (so a
    delta against ``base`` can be merged). A malformed vector covers nothing / is not covered."""
    try:
        mine, wanted = read_state_vector(have), read_state_vector(base)
    except ValueError:
        return False
    return all(mine.get(client, 0) >= clock for client, clock in wanted.items())


def read_state_vector(data: bytes) -> dict[int, int]:
    """A Yjs state vector (varuint count, then varuint client / clock pairs) as a dict."""
    if not data:
        return {}
    position = 0

    def varuint() -> int:
        nonlocal position
        value = shift = 0
        while True:
            if position >= len(data) or shift > 63:
                raise ValueError("state vector")
            byte = data[position]
            position += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    count = varuint()
    if count > len(data):
        raise ValueError("state vector")
    vector = {}
    for _index in range(count):
        client = varuint()
        vector[client] = varuint()
    if position != len(data):
        raise ValueError("state vector")
    return vector


def not_a_partner_file() -> str:
    return _("not a mentortui partner file")


def damaged() -> str:
    return _("this partner file is damaged (its content does not match its hash); ask for it again")


def too_big() -> str:
    return _("this partner file is too big to be one mentortui wrote; it was not read")


def _digest(lines: list[str]) -> str:
    return hashlib.sha256(("\n".join(lines) + "\n").encode("ascii")).hexdigest()


def _mac(secret: bytes, lines: list[str]) -> str:
    return hmac.new(secret, ("\n".join(lines) + "\n").encode("ascii"), hashlib.sha256).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise PartnerFileRefused(damaged()) from None
