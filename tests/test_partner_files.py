"""Partner files: the format on its own (envelope), then every refusal and the round trip
through the actions on two workbooks."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from mentortui.exchange.partner import envelope
from mentortui.exchange.partner.envelope import EnvelopeRefused

UID = str(uuid.UUID(int=7, version=4))
TIME = dt.datetime(2026, 11, 26, 10, 0)


def sealed(secret: bytes, *, update: bytes = b"the update" * 50, **fields) -> bytes:
    values = dict(relationship_uid=UID, kind="changes", role="mentor", name="Ana", time=TIME,
                  state_vector=b"\x01\x05\x03", base=b"", update=update, secret=secret)
    values.update(fields)
    return envelope.seal(**values)


def refusal(data: bytes, secret: bytes | None = None) -> str:
    with pytest.raises(EnvelopeRefused) as refused:
        opened = envelope.open_file(data)
        if secret is not None:
            opened.verify(secret)
        opened.unpack()
    return str(refused.value)


# ---- the format alone -------------------------------------------------------------------

def test_a_sealed_file_opens_to_what_was_sealed_and_is_plain_ascii_in_short_lines():
    secret = envelope.new_secret()
    data = sealed(secret, name="Ana «\u202e»\n[b]x[/b]", base=b"\x01\x05\x02")
    assert data.decode("ascii").startswith("mentortui partner file, version 1\n")
    assert max(len(line) for line in data.splitlines() if not line.startswith((b"sha256", b"mac", b"state", b"base"))) <= 77
    opened = envelope.open_file(data)
    opened.verify(secret)
    found = opened.unpack()
    assert (found.relationship_uid, found.kind, found.role, found.time) == (UID, "changes", "mentor", TIME)
    assert found.name == "Ana «\u202e»\n[b]x[/b]"  # untrusted text, kept as data
    assert found.update == b"the update" * 50
    assert (found.state_vector, found.base, found.secret) == (b"\x01\x05\x03", b"\x01\x05\x02", None)


def test_line_ends_rewritten_by_a_mail_program_still_read():
    secret = envelope.new_secret()
    data = sealed(secret)
    envelope.open_file(data.replace(b"\n", b"\r\n")).verify(secret)
    envelope.open_file(data.replace(b"\n", b" \n")).verify(secret)  # trailing spaces added


def test_an_invite_carries_the_secret_and_both_sides_read_the_same_pairing_code():
    secret = envelope.new_secret()
    opened = envelope.open_file(sealed(secret, kind="invite", include_secret=True))
    assert opened.secret == secret
    opened.verify(opened.secret)
    code = envelope.pairing_code(secret)
    assert len(code) == 9 and code[4] == "-" and code == envelope.pairing_code(opened.secret)
    assert code != envelope.pairing_code(envelope.new_secret())


def test_refusals_of_the_format_each_say_what_is_wrong():
    secret = envelope.new_secret()
    data = sealed(secret)
    assert refusal(b"BEGIN:VCALENDAR\n") == "not a mentortui partner file"
    assert refusal("\u00e9t\u00e9".encode()) == "not a mentortui partner file"
    assert "newer mentortui (format version 2)" in refusal(data.replace(b"version 1", b"version 2", 1))
    flipped = bytearray(data)
    flipped[data.index(b"kind: ") + 6] ^= 0x01
    assert "damaged" in refusal(bytes(flipped))
    assert "damaged" in refusal(data[: len(data) // 2])
    assert "not made by your partner" in refusal(data, envelope.new_secret())


def test_a_file_or_an_update_over_the_caps_is_refused_unread():
    secret = envelope.new_secret()
    assert "too big" in refusal(b"mentortui partner file, version 1\n" + b" " * envelope.MAX_FILE_BYTES)
    bomb = b"\0" * (envelope.MAX_UPDATE_BYTES + 1)  # compresses to ~32 KB
    data = sealed(secret, update=bomb)
    assert len(data) < envelope.MAX_FILE_BYTES // 100
    assert "too big" in refusal(data, secret)


def test_state_vectors_say_whether_a_base_is_held():
    assert envelope.read_state_vector(b"\x02\x05\x03\x81\x01\x02") == {5: 3, 129: 2}
    assert envelope.covers(b"\x01\x05\x03", b"\x01\x05\x02")
    assert not envelope.covers(b"\x01\x05\x03", b"\x01\x05\x04")
    assert not envelope.covers(b"", b"\x01\x07\x01")
    assert envelope.covers(b"", b"")
    assert not envelope.covers(b"\x01\x05\x03", b"\x05\xff")  # malformed
