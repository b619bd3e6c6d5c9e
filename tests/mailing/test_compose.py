"""Hand-built messages must parse back to exactly what was put in, and sign verifiably."""

import email
import email.policy
from datetime import UTC, datetime
from email.header import decode_header, make_header

import dkim
import pytest

from survey_app.mailing.compose import Composer, DkimKey, build_message, make_message_id

SUBJECT = (
    "Khảo sát Chỉ số cải cách hành chính năm 2025 (PAR INDEX) – "
    "thư mời tham gia trả lời phiếu điều tra xã hội học của Bộ Nội vụ"
)
FROM = "Bộ Nội vụ – Vụ Cải cách hành chính <khaosat@moha.gov.vn>"
TEXT = "Kính gửi ông Nguyễn Văn Ánh,\n\nXin mời ông trả lời phiếu khảo sát:\nhttps://khaosat.moha.gov.vn/s/abc\n" * 20
HTML = "<p>Kính gửi ông <b>Nguyễn Văn Ánh</b>,</p><p><a href='https://khaosat.moha.gov.vn/s/abc'>Trả lời</a></p>"
DATE = datetime(2025, 12, 1, 2, 30, tzinfo=UTC)


def build(**over) -> bytes:
    fields = {
        "message_id": make_message_id(123, "moha.gov.vn"), "from_header": FROM,
        "to": "Trần Thị Bích <tranthibich@hanoi.gov.vn>", "subject": SUBJECT,
        "text": TEXT, "html": HTML, "date": DATE,
    }
    return build_message(**(fields | over))


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def rfc2047(raw: bytes, name: str) -> str:
    """Decode as RFC 2047 says: whitespace between encoded-words is dropped.

    CPython's address parser keeps that whitespace (it mangles its own long display
    names the same way), so address headers are decoded with email.header here.
    """
    value = email.message_from_bytes(raw)[name]
    return str(make_header(decode_header(value)))


def test_headers_decode_to_the_original_vietnamese():
    raw = build(extra_headers={"X-PAR-Campaign": "PAR INDEX 2025 – Hà Nội"})
    msg = parse(raw)
    assert msg["Subject"] == SUBJECT
    assert rfc2047(raw, "From") == FROM
    assert msg["From"].addresses[0].addr_spec == "khaosat@moha.gov.vn"
    assert rfc2047(raw, "To") == "Trần Thị Bích <tranthibich@hanoi.gov.vn>"
    assert msg["Message-ID"] == "<123.par@moha.gov.vn>"
    assert msg["MIME-Version"] == "1.0"
    assert msg["X-PAR-Campaign"] == "PAR INDEX 2025 – Hà Nội"
    assert msg["Date"].datetime == DATE
    assert msg.defects == []


def test_both_parts_decode_and_are_alternatives():
    msg = parse(build())
    assert msg.get_content_type() == "multipart/alternative"
    assert msg.get_body(("plain",)).get_content() == TEXT
    assert msg.get_body(("html",)).get_content() == HTML
    assert all(not part.defects for part in msg.walk())


def test_text_only_message_is_a_single_part():
    msg = parse(build(html=None))
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content() == TEXT


def test_lines_are_crlf_and_short():
    raw = build()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    head, body = raw.split(b"\r\n\r\n", 1)
    assert max(len(line) for line in head.split(b"\r\n")) < 78
    assert max(len(line) for line in body.split(b"\r\n")) <= 76


def test_naive_date_is_taken_as_utc_and_shown_in_vietnam_time():
    msg = parse(build(date=datetime(2025, 12, 1, 2, 30)))
    assert msg["Date"].datetime == DATE
    assert "+0700" in str(msg["Date"])


def test_header_injection_is_refused():
    with pytest.raises(ValueError):
        build(subject="Chào\r\nBcc: everyone@example.org")


def test_message_id_is_stable_for_a_row():
    assert make_message_id(42, "moha.gov.vn") == make_message_id(42, "moha.gov.vn")
    assert make_message_id("invite-7.par2025", "moha.gov.vn") == "<invite-7.par2025@moha.gov.vn>"
    with pytest.raises(ValueError):
        make_message_id("a b", "moha.gov.vn")


def test_dkim_signature_verifies(dkim_keys):
    private, public = dkim_keys
    key = DkimKey(selector="par2025", domain="moha.gov.vn", private_key_pem=private)
    raw = Composer(FROM, dkim=key).build(
        message_id=make_message_id(9, "moha.gov.vn"), to="a@hanoi.gov.vn", subject=SUBJECT,
        text=TEXT, html=HTML, date=DATE,
    )

    def dns(name, timeout=5):
        assert name == b"par2025._domainkey.moha.gov.vn."
        return b"v=DKIM1; k=rsa; p=" + public

    assert raw.startswith(b"DKIM-Signature:")
    assert dkim.verify(raw, dnsfunc=dns)
    tampered = raw.replace(b"Subject: =?utf-8?b?", b"Subject: =?utf-8?B?", 1)
    assert not dkim.verify(tampered.replace(b"\r\n\r\n", b"\r\n\r\nX", 1), dnsfunc=dns)
