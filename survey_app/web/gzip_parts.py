"""gzip for a page that holds a large part kept already compressed.

A deflate stream may be made of pieces compressed apart (RFC 1951): a piece that ends with a full flush
ends on a byte boundary and later pieces do not refer back into it, and only the last block is marked
final. So a part that is the same on many pages (the blank questionnaire, about 30 KB of its 33) is
compressed once and its bytes reused; each request compresses only what surrounds it. The gzip header
and trailer (RFC 1952: CRC-32 and length of the whole text) wrap the pieces.
"""

import struct
import zlib
from dataclasses import dataclass

#: Magic, deflate, no flags, no time, no extra flags, unknown system.
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
#: An empty final block: the end of the deflate stream.
_LAST_BLOCK = b"\x03\x00"


@dataclass(frozen=True)
class Kept:
    """A part of pages, as UTF-8 and as a deflate piece."""

    raw: bytes
    packed: bytes


def _deflate(data: bytes, level: int, mem_level: int = 8) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15, mem_level)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def _stored(data: bytes) -> bytes:
    """The few kilobytes around a kept part, stored as they are. Compressing them cost 20 µs each (most of it
    zlib setting up its state) to save about 1 KB; the page is still far under the 14 KB that arrive in a
    connection's first round trip."""
    return _deflate(data, 0, mem_level=1)


def keep(text: str, level: int) -> Kept:
    raw = text.encode()
    return Kept(raw, _deflate(raw, level))


def gzip_around(data: bytes, kept: Kept) -> bytes | None:
    """`data` gzipped, with the kept part's compressed bytes reused where it occurs; None if it does not."""
    at = data.find(kept.raw[:64])  # a short needle: finding the whole part costs as much as compressing it
    if at < 0 or not data.startswith(kept.raw, at):
        return None
    before, after = data[:at], data[at + len(kept.raw):]
    crc = zlib.crc32(after, zlib.crc32(kept.raw, zlib.crc32(before)))
    trailer = struct.pack("<II", crc, len(data) & 0xFFFFFFFF)
    return b"".join((_HEADER, _stored(before), kept.packed, _stored(after), _LAST_BLOCK, trailer))
