"""gzip for a page made of parts kept already compressed, with short values between them.

A deflate stream (RFC 1951) may be made of pieces compressed apart: a piece that ends with a full flush ends
on a byte boundary and later pieces do not refer back into it, and only the last block is marked final. So the
text of the blank questionnaire, the same on every page of its version, is compressed once; each request only
frames its few own values (a link token, a form token, the unit judged) as stored blocks between those pieces.
The gzip header and trailer (RFC 1952: CRC-32 and length of the whole text) wrap them.

Rule it imposes: a kept piece must come from `piece` (full flush, no final block), and nothing but `gzip_between`
may join pieces, since only it frames the values and ends the stream.
"""

import struct
import zlib

#: Magic, deflate, no flags, no time, no extra flags, unknown system.
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
#: An empty final block (fixed Huffman codes, end of block at once): the end of the deflate stream.
_LAST_BLOCK = b"\x03\x00"
#: A stored block holds at most this many bytes.
_STORED_MAX = 0xFFFF


def piece(data: bytes, level: int) -> bytes:
    """`data` deflated on its own, ending on a byte boundary, for `gzip_between`."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def _stored(data: bytes) -> bytes:
    """`data` as stored (uncompressed) blocks: a zero header byte (not final, type 00, byte-aligned), LEN and its
    complement (RFC 1951 §3.2.4). Framed by hand because a compressor set up for each short value cost 20 µs."""
    return b"".join(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk
                    for chunk in (data[i:i + _STORED_MAX] for i in range(0, len(data), _STORED_MAX)))


def gzip_between(texts: list[bytes], pieces: list[bytes], values: list[bytes]) -> bytes:
    """The gzip of texts[0] + values[0] + texts[1] + … + texts[-1], where pieces[i] = piece(texts[i])."""
    crc, length, body = 0, 0, [_HEADER]
    for i, (text, packed) in enumerate(zip(texts, pieces, strict=True)):
        crc, length = zlib.crc32(text, crc), length + len(text)
        body.append(packed)
        if i < len(values):
            crc, length = zlib.crc32(values[i], crc), length + len(values[i])
            body.append(_stored(values[i]))
    body += [_LAST_BLOCK, struct.pack("<II", crc, length & 0xFFFFFFFF)]
    return b"".join(body)
