"""A mail server's reply in plain words for officers; the raw reply stays on the page for MOHA."""

import re

_ENHANCED = re.compile(r"\b[245]\.\d{1,3}\.\d{1,3}\b")
_BASIC = re.compile(r"^\s*([245]\d\d)\b")

#: Enhanced status (RFC 3463) or basic reply code → what it means for the officer.
WORDS = {
    "5.1.1": "Địa chỉ thư không tồn tại: hãy kiểm tra lại chính tả.",
    "5.1.2": "Tên miền của địa chỉ thư không tồn tại: hãy kiểm tra phần sau dấu @.",
    "5.1.10": "Địa chỉ thư không nhận thư: hãy kiểm tra lại địa chỉ.",
    "5.2.1": "Hộp thư đã bị khóa hoặc ngừng sử dụng: hãy hỏi địa chỉ mới.",
    "5.2.2": "Hộp thư người nhận đã đầy: hãy báo người nhận dọn hộp thư rồi gửi lại.",
    "4.2.2": "Hộp thư người nhận đang đầy: hệ thống sẽ tự gửi lại.",
    "5.7.1": "Máy chủ thư người nhận từ chối thư (chính sách chống thư rác): hãy liên hệ bộ phận quản trị thư.",
    "550": "Máy chủ thư người nhận từ chối: thường do địa chỉ sai hoặc không còn dùng.",
    "552": "Hộp thư người nhận đã đầy.",
    "554": "Máy chủ thư người nhận từ chối thư.",
    "421": "Máy chủ thư người nhận đang bận: hệ thống sẽ tự gửi lại.",
    "450": "Hộp thư người nhận tạm thời không nhận thư: hệ thống sẽ tự gửi lại.",
    "451": "Máy chủ thư người nhận gặp lỗi tạm thời: hệ thống sẽ tự gửi lại.",
}


def plain_reply(reply: str | None) -> str:
    """'550 5.1.1 User unknown' → 'Địa chỉ thư không tồn tại…'; '' for no reply."""
    if not reply:
        return ""
    basic = _BASIC.match(reply)
    codes = _ENHANCED.findall(reply) + ([basic.group(1)] if basic else [])
    known = next((WORDS[c] for c in codes if c in WORDS), None)
    if known:
        return known
    if basic and basic.group(1).startswith("4"):
        return "Máy chủ thư người nhận tạm thời chưa nhận: hệ thống sẽ tự gửi lại."
    if basic:
        return "Máy chủ thư người nhận từ chối thư: hãy kiểm tra lại địa chỉ."
    return "Chưa kết nối được tới máy chủ thư người nhận: hệ thống sẽ thử lại hoặc báo lỗi."
