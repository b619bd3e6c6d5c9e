"""gzip with kept, already compressed parts (web/gzip_parts.py): what a browser inflates is the page."""

import gzip
import zlib

from hypothesis import given
from hypothesis import strategies as st

from survey_app.web.gzip_parts import gzip_between, piece

KEPT = "".join(f'<fieldset id="q-{i}"><legend>Câu {i}: mức độ hài lòng</legend></fieldset>\n' for i in range(400))


def _inflate_as_a_browser(stream: bytes) -> bytes:
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)  # a gzip wrapper, one stream, checked to its end
    data = inflater.decompress(stream)
    assert inflater.eof and not inflater.unused_data
    return data


def test_the_stream_inflates_to_the_texts_with_the_values_between():
    texts = [b"<h1>Phi\xe1\xba\xbfu</h1><form action='/s/", KEPT.encode(), b"</form>"]
    values = [b"tok\xc3\xa9n", b"<input name=csrf value=abc>"]
    stream = gzip_between(texts, [piece(t, 1) for t in texts], values)
    page = texts[0] + values[0] + texts[1] + values[1] + texts[2]
    assert gzip.decompress(stream) == _inflate_as_a_browser(stream) == page
    assert len(stream) < len(page) / 5, "the kept text stays compressed"


def test_empty_values_and_values_longer_than_a_stored_block():
    texts = [b"a", b"", KEPT.encode()]
    values = [b"", b"x" * 70_000]
    stream = gzip_between(texts, [piece(t, 1) for t in texts], values)
    assert _inflate_as_a_browser(stream) == b"a" + b"" + b"x" * 70_000 + KEPT.encode()


@given(st.lists(st.binary(max_size=300), min_size=1, max_size=6), st.lists(st.binary(max_size=300), max_size=6),
       st.integers(min_value=0, max_value=9))
def test_any_texts_and_values_round_trip(texts, values, level):
    values = values[:len(texts) - 1]
    stream = gzip_between(texts, [piece(t, level) for t in texts], values)
    expected = b"".join(t + (values[i] if i < len(values) else b"") for i, t in enumerate(texts))
    assert _inflate_as_a_browser(stream) == expected
