"""gzip with a kept, already compressed part (web/gzip_parts.py): what a browser inflates is the page."""

import gzip
import zlib

from survey_app.web.gzip_parts import gzip_around, keep

KEPT = "".join(f'<fieldset id="q-{i}"><legend>Câu {i}: mức độ hài lòng</legend></fieldset>\n' for i in range(400))


def test_the_stream_inflates_to_the_whole_text():
    kept = keep(KEPT, 1)
    page = ("<h1>Phiếu khảo sát</h1><form>" + KEPT + "</form><footer>Liên hệ Sở Nội vụ</footer>").encode()
    packed = gzip_around(page, kept)
    assert gzip.decompress(packed) == page
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)  # as a browser reads it: a gzip wrapper, one stream
    assert inflater.decompress(packed) == page and inflater.eof and not inflater.unused_data
    assert kept.packed in packed and len(packed) < len(page) / 5


def test_the_kept_part_at_either_end_or_alone():
    kept = keep(KEPT, 1)
    for page in (KEPT.encode(), KEPT.encode() + b"</main>", b"<main>" + KEPT.encode()):
        assert gzip.decompress(gzip_around(page, kept)) == page


def test_a_text_without_the_kept_part_is_left_to_plain_gzip():
    kept = keep(KEPT, 1)
    assert gzip_around("<p>Trang khác</p>".encode() * 200, kept) is None
    assert gzip_around(KEPT[:-5].encode(), kept) is None  # the start alone is not the part
